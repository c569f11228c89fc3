#include "file_source.h"

#include <zlib.h>

#include <cstdio>
#include <memory>
#include <stdexcept>
#include <vector>

namespace zeekscope::cli {
namespace {
constexpr size_t kChunk = 1 << 20;
constexpr uint64_t kGzipGuardFloor = 64u << 20;  // smaller outputs are never a bomb worth stopping

// The same words as the Node and browser readers'.
std::string gzip_ratio_message(uint64_t ratio) {
  return "decompressed data is over " + std::to_string(ratio) +
         " times its compressed size (max_gzip_ratio), as in a gzip bomb: the rest of the file "
         "was not read";
}

struct FileCloser {
  void operator()(FILE* f) const { std::fclose(f); }
};
}  // namespace

ReadOutcome read_file_chunks(const std::string& path,
                             const std::function<void(std::string_view)>& sink,
                             uint64_t max_gzip_ratio,
                             const std::function<void(std::string_view)>& raw) {
  std::unique_ptr<FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
  if (!file) return {"cannot open the file"};
  std::vector<char> in(kChunk), out(kChunk);
  auto read_more = [&] {
    size_t got = std::fread(in.data(), 1, in.size(), file.get());
    if (raw && got) raw(std::string_view(in.data(), got));
    return got;
  };
  size_t n = read_more();
  bool gzip = n >= 2 && static_cast<unsigned char>(in[0]) == 0x1f &&
              static_cast<unsigned char>(in[1]) == 0x8b;
  if (!gzip) {
    while (n > 0) {
      sink(std::string_view(in.data(), n));
      n = read_more();
    }
    return {std::ferror(file.get()) ? "read error" : ""};
  }
  z_stream z{};
  if (inflateInit2(&z, 15 + 32) != Z_OK) return {"cannot start gzip decompression"};
  std::string error;
  bool over_ratio = false;
  uint64_t compressed = n, inflated = 0;
  bool member_open = false;  // inside a gzip member that has not reached its end
  while (n > 0 && error.empty()) {
    z.next_in = reinterpret_cast<Bytef*>(in.data());
    z.avail_in = unsigned(n);
    while (z.avail_in > 0) {
      z.next_out = reinterpret_cast<Bytef*>(out.data());
      z.avail_out = unsigned(out.size());
      int rc = inflate(&z, Z_NO_FLUSH);
      size_t produced = out.size() - z.avail_out;
      if (produced) sink(std::string_view(out.data(), produced));
      inflated += produced;
      if (max_gzip_ratio && inflated > kGzipGuardFloor && inflated / max_gzip_ratio > compressed) {
        error = gzip_ratio_message(max_gzip_ratio);
        over_ratio = true;
        member_open = false;
        break;
      }
      if (rc == Z_STREAM_END) {
        member_open = false;
        // Another gzip member may follow (files joined with cat).
        if (inflateReset(&z) != Z_OK) error = "gzip error";
        if (!error.empty()) break;
        continue;
      }
      if (rc == Z_BUF_ERROR && z.avail_in == 0) break;
      if (rc != Z_OK) {
        // The same words as the Node reader's, so both CLIs report the file alike.
        error = std::string("corrupt gzip data (") + (z.msg ? z.msg : "inflate error") + ")";
        break;
      }
      member_open = true;
    }
    n = error.empty() ? read_more() : 0;
    compressed += n;
  }
  if (error.empty() && std::ferror(file.get())) error = "read error";
  if (error.empty() && member_open) error = "truncated gzip data: the file ends inside a member";
  inflateEnd(&z);
  return {error, over_ratio};
}

std::string read_whole_file(const std::string& path) {
  std::string data;
  std::string error = read_file_chunks(path, [&](std::string_view c) { data.append(c); }).error;
  if (!error.empty()) throw std::runtime_error(path + ": " + error);
  return data;
}

}  // namespace zeekscope::cli
