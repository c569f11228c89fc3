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

// RapidJSON output into a std::string, handed to a sink whenever it passes a MiB when there is
// one: a report of tens of thousands of destinations then never sits whole in (wasm) memory.
struct ChunkedOutput {
  static constexpr size_t kChunk = 1u << 20;
  using Ch = char;
  std::string text;
  TextSink sink;
  void Put(char c) {
    text.push_back(c);
    if (sink && text.size() >= kChunk) Flush();
  }
  void Flush() {
    if (!sink || text.empty()) return;
    sink(text);
    text.clear();
  }
};

}  // namespace zeekscope

// RapidJSON writes strings through PutReserve/PutUnsafe and indentation through PutN; by default
// these fall back to one Put per byte. For the report's stream they append in bulk.
namespace rapidjson {
template <>
inline void PutReserve(zeekscope::ChunkedOutput& out, size_t count) {
  // Geometric growth, and never a shrink request (older libc++ honours those).
  std::string& t = out.text;
  if (t.capacity() - t.size() < count) t.reserve(std::max(t.capacity() * 2, t.size() + count));
}
template <>
inline void PutUnsafe(zeekscope::ChunkedOutput& out, char c) {
  out.text.push_back(c);
}
template <>
inline void PutN(zeekscope::ChunkedOutput& out, char c, size_t n) {
  out.text.append(n, c);
}
}  // namespace rapidjson

namespace zeekscope {

class JsonWriter {
 public:
  explicit JsonWriter(TextSink sink = {}) : writer_(out_) {
    writer_.SetIndent(' ', 2);
    out_.sink = std::move(sink);
    if (out_.sink) out_.text.reserve(ChunkedOutput::kChunk + 64);
  }

  JsonWriter& key(std::string_view k) {
    writer_.Key(k.data(), rapidjson::SizeType(k.size()));
    return *this;
  }
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
    out_.text.push_back('\n');
    out_.Flush();
    return std::move(out_.text);
  }

 private:
  ChunkedOutput out_;
  rapidjson::PrettyWriter<ChunkedOutput> writer_;
  std::string scratch_;
};

// `s` with every byte that is not part of valid UTF-8 replaced by U+FFFD.
std::string valid_utf8(std::string_view s);

}  // namespace zeekscope
