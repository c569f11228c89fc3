#pragma once
// Shared by the libFuzzer targets: split the fuzzer's bytes into parts, and feed a log in
// chunks whose sizes come from the input too (boundaries may fall anywhere).
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "log/line_splitter.h"

namespace zeekscope::fuzz {

inline std::vector<std::string_view> parts(const uint8_t* data, size_t size, size_t max_parts) {
  // Parts are separated by the 4-byte marker "\x00ZS\x00" (the dictionary knows it).
  std::string_view all(reinterpret_cast<const char*>(data), size);
  std::vector<std::string_view> out;
  while (out.size() + 1 < max_parts) {
    size_t at = all.find(std::string_view("\0ZS\0", 4));
    if (at == std::string_view::npos) break;
    out.push_back(all.substr(0, at));
    all.remove_prefix(at + 4);
  }
  out.push_back(all);
  return out;
}

template <typename Feed>
void in_chunks(std::string_view bytes, Feed&& feed) {
  // The first byte picks the chunk size (1 to 256); the rest is the content.
  if (bytes.empty()) return feed(bytes);
  size_t chunk = size_t(static_cast<unsigned char>(bytes[0])) + 1;
  bytes.remove_prefix(1);
  for (size_t i = 0; i < bytes.size(); i += chunk) feed(bytes.substr(i, chunk));
}

// Cuts the fuzzer's bytes into lines with the reader's own splitter, fed in input-chosen chunks
// with a small line limit (so the over-long path is met too), and calls `on_line(line)`.
template <typename OnLine>
void for_each_line(std::string_view bytes, OnLine&& on_line) {
  struct Lines : LineSplitter::Handler {
    OnLine& f;
    explicit Lines(OnLine& f) : f(f) {}
    void on_line(std::string_view line, uint64_t) override { f(line); }
    void on_overlong_line(uint64_t, uint64_t) override {}
  } handler(on_line);
  LineSplitter splitter(handler, 4096);
  in_chunks(bytes, [&](std::string_view c) { splitter.feed(c); });
  splitter.finish();
}

}  // namespace zeekscope::fuzz
