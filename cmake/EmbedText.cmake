# zs_embed_text(<out.cpp> <input> <symbol>): compiles a text file into the core as a
# std::string_view named zeekscope::embedded::<symbol>, so the core needs no file I/O.
function(zs_embed_text out input symbol)
  add_custom_command(
    OUTPUT "${out}"
    COMMAND "${CMAKE_COMMAND}" -DINPUT=${input} -DOUTPUT=${out} -DSYMBOL=${symbol}
            -P "${PROJECT_SOURCE_DIR}/cmake/embed_text_script.cmake"
    DEPENDS "${input}" "${PROJECT_SOURCE_DIR}/cmake/embed_text_script.cmake"
    COMMENT "Embedding ${input}")
endfunction()
