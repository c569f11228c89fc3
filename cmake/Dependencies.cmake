# Header-only libraries come from Debian's packages. Their headers are exposed through a folder
# that holds only links to them: adding /usr/include itself would shadow Emscripten's sysroot.
set(ZS_DEPS_INCLUDE "${CMAKE_BINARY_DIR}/deps-include")
file(MAKE_DIRECTORY "${ZS_DEPS_INCLUDE}")
foreach(lib nlohmann rapidjson)
  if(NOT EXISTS "/usr/include/${lib}")
    message(FATAL_ERROR "/usr/include/${lib} is missing: run scripts/install-deps")
  endif()
  if(NOT EXISTS "${ZS_DEPS_INCLUDE}/${lib}")
    file(CREATE_LINK "/usr/include/${lib}" "${ZS_DEPS_INCLUDE}/${lib}" SYMBOLIC)
  endif()
endforeach()

set(ZS_PUBLIC_SUFFIX_LIST "/usr/share/publicsuffix/public_suffix_list.dat"
    CACHE FILEPATH "Public Suffix List compiled into the core")
if(NOT EXISTS "${ZS_PUBLIC_SUFFIX_LIST}")
  message(FATAL_ERROR "${ZS_PUBLIC_SUFFIX_LIST} is missing: run scripts/install-deps")
endif()

set(ZS_WARNINGS -Wall -Wextra -Werror -Wno-unknown-warning-option)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  set(ZS_WARNINGS -Wall -Wextra -Werror)
endif()

if(EMSCRIPTEN)
  # The core reports bad configuration and feeds with exceptions: keep them catchable.
  # Link-time optimisation lets the reader's calls across files (time parsing, the record's
  # hand-over) be inlined: about 4% on conn.log in wasm.
  add_compile_options(-fwasm-exceptions -msimd128 -flto)
  add_link_options(-fwasm-exceptions -flto)
endif()
