#pragma once
// Reads a file in chunks for the native CLI, inflating gzip (including multi-member streams)
// when the file starts with the gzip magic bytes.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace zeekscope::cli {

struct ReadOutcome {
  std::string
      error;  // "" on success, or why reading stopped early (what came before was delivered)
  bool over_gzip_ratio = false;  // it stopped at the decompression ratio guard
};

// Calls `sink` with each chunk. A gzip file whose output passes 64 MiB and `max_gzip_ratio`
// times the compressed bytes read is stopped there (0: no guard). `raw`, if given, gets the
// file's bytes as they are on disk (before any decompression).
ReadOutcome read_file_chunks(const std::string& path,
                             const std::function<void(std::string_view)>& sink,
                             uint64_t max_gzip_ratio = 0,
                             const std::function<void(std::string_view)>& raw = {});
// The whole file, decompressed if gzip; throws std::runtime_error naming the file.
std::string read_whole_file(const std::string& path);

}  // namespace zeekscope::cli
