#pragma once
// A thin layer over RapidJSON's PrettyWriter for the report: strings from logs are made valid
// UTF-8 first (invalid bytes become U+FFFD), so the report is always valid JSON. Writing
// straight to text avoids building a document of tens of thousands of destinations.
#include <rapidjson/prettywriter.h>

#include <algorithm>
#include <concepts>
#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace zeekscope {

// Where the report's text goes: pieces of about a MiB, in order.
using TextSink = std::function<void(std::string_view)>;

// RapidJSON output into a buffer, handed to a sink whenever it passes a MiB when there is one: a
// report of tens of thousands of destinations then never sits whole in (wasm) memory. The buffer
// keeps its own fill mark so that RapidJSON's reserved writes are plain stores (std::string's
// push_back is an out-of-line call per byte in wasm's libc++).
struct ChunkedOutput {
  static constexpr size_t kChunk = 1u << 20;
  using Ch = char;
  std::string buffer;  // bytes [0, used) are the text
  size_t used = 0;
  TextSink sink;
  void Reserve(size_t count) {
    // Geometric growth, and never a shrink request (older libc++ honours those).
    if (buffer.size() - used < count) buffer.resize(std::max(buffer.size() * 2, used + count));
  }
  void PutUnsafe(char c) { buffer[used++] = c; }
  void Put(char c) {
    Reserve(1);
    PutUnsafe(c);
    if (sink && used >= kChunk) Flush();
  }
  void Flush() {
    if (!sink || used == 0) return;
    sink(std::string_view(buffer.data(), used));
    used = 0;
  }
};

}  // namespace zeekscope

// RapidJSON writes strings through PutReserve/PutUnsafe and indentation through PutN; by default
// these fall back to one Put per byte. For the report's stream they append in bulk.
namespace rapidjson {
template <>
inline void PutReserve(zeekscope::ChunkedOutput& out, size_t count) {
  out.Reserve(count);
}
template <>
inline void PutUnsafe(zeekscope::ChunkedOutput& out, char c) {
  out.PutUnsafe(c);
}
template <>
inline void PutN(zeekscope::ChunkedOutput& out, char c, size_t n) {
  out.Reserve(n);
  std::fill_n(out.buffer.data() + out.used, n, c);
  out.used += n;
}
}  // namespace rapidjson

namespace zeekscope {

// RapidJSON's pretty writer with one addition: a string that needs no escaping (printable ASCII
// without quote or backslash: nearly every name, address and key in a report) is copied in one
// piece instead of byte by byte through the escape table. The output is the same.
class ReportWriter : public rapidjson::PrettyWriter<ChunkedOutput> {
 public:
  using PrettyWriter::PrettyWriter;
  void PlainString(std::string_view s) {
    PrettyPrefix(rapidjson::kStringType);
    ChunkedOutput& out = *os_;
    out.Reserve(s.size() + 2);
    out.PutUnsafe('"');
    std::copy(s.begin(), s.end(), out.buffer.data() + out.used);
    out.used += s.size();
    out.PutUnsafe('"');
    EndValue(true);
  }
};

// True when `s` is written as it is between quotes.
inline bool is_plain_json_text(std::string_view s) {
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') return false;
  }
  return true;
}

class JsonWriter {
 public:
  explicit JsonWriter(TextSink sink = {}) : writer_(out_) {
    writer_.SetIndent(' ', 2);
    out_.sink = std::move(sink);
    if (out_.sink) out_.Reserve(ChunkedOutput::kChunk + 64);
  }

  // Keys and string values are written alike (RapidJSON's pretty writer places both).
  JsonWriter& key(std::string_view k) { return value(k); }
  JsonWriter& value(std::string_view s);
  JsonWriter& value(const char* s) { return value(std::string_view(s)); }
  JsonWriter& value(const std::string& s) { return value(std::string_view(s)); }
  JsonWriter& value(bool b) {
    writer_.Bool(b);
    return *this;
  }
  template <std::integral T>
  JsonWriter& value(T n) {
    if constexpr (std::is_signed_v<T>)
      writer_.Int64(int64_t(n));
    else
      writer_.Uint64(uint64_t(n));
    return *this;
  }
  JsonWriter& null() {
    writer_.Null();
    return *this;
  }
  template <typename T>
  JsonWriter& value(const std::vector<T>& list) {
    begin_array();
    for (const auto& v : list) value(v);
    return end_array();
  }
  template <typename T>
  JsonWriter& value(const std::set<T>& list) {
    begin_array();
    for (const auto& v : list) value(v);
    return end_array();
  }
  template <typename T>
  JsonWriter& field(std::string_view k, const T& v) {
    key(k);
    return value(v);
  }
  JsonWriter& begin_object() {
    writer_.StartObject();
    return *this;
  }
  JsonWriter& end_object() {
    writer_.EndObject();
    return *this;
  }
  JsonWriter& begin_array() {
    writer_.StartArray();
    return *this;
  }
  JsonWriter& end_array() {
    writer_.EndArray();
    return *this;
  }
  // The finished document, or "" when it went to the sink (the writer is empty afterwards).
  std::string take() {
    out_.Put('\n');
    out_.Flush();
    out_.buffer.resize(out_.used);
    return std::move(out_.buffer);
  }

 private:
  ChunkedOutput out_;
  ReportWriter writer_;
  std::string scratch_;
};

// `s` with every byte that is not part of valid UTF-8 replaced by U+FFFD.
std::string valid_utf8(std::string_view s);

}  // namespace zeekscope
