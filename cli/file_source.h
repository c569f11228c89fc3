#pragma once
// Reads a file in chunks for the native CLI, inflating gzip (including multi-member streams)
// when the file starts with the gzip magic bytes.
#include <functional>
#include <string>
#include <string_view>

namespace zeekscope::cli {

// Calls `sink` with each chunk. Returns "" on success, or the reason reading stopped early
// (what was read before that has been delivered).
std::string read_file_chunks(const std::string& path,
                             const std::function<void(std::string_view)>& sink);
// The whole file, decompressed if gzip; throws std::runtime_error naming the file.
std::string read_whole_file(const std::string& path);

}  // namespace zeekscope::cli
