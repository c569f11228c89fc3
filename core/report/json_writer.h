#pragma once
// A thin layer over RapidJSON's PrettyWriter for the report: strings from logs are made valid
// UTF-8 first (invalid bytes become U+FFFD), so the report is always valid JSON. Writing
// straight to text avoids building a document of tens of thousands of destinations.
#include <rapidjson/prettywriter.h>

#include <concepts>
#include <cstdint>
#include <type_traits>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace zeekscope {

// RapidJSON output straight into a std::string: the report is built once, never copied.
struct StringOutput {
  using Ch = char;
  std::string text;
  void Put(char c) { text.push_back(c); }
  void Flush() {}
};

class JsonWriter {
 public:
  JsonWriter() : writer_(out_) { writer_.SetIndent(' ', 2); }

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
    if constexpr (std::is_signed_v<T>) writer_.Int64(int64_t(n));
    else writer_.Uint64(uint64_t(n));
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
  // The finished document (the writer is empty afterwards).
  std::string take() {
    out_.text.push_back('\n');
    return std::move(out_.text);
  }

 private:
  StringOutput out_;
  rapidjson::PrettyWriter<StringOutput> writer_;
  std::string scratch_;
};

// `s` with every byte that is not part of valid UTF-8 replaced by U+FFFD.
std::string valid_utf8(std::string_view s);

}  // namespace zeekscope
