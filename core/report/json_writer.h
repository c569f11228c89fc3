#pragma once
// The report's JSON text, written as it is built: strings from logs are made valid UTF-8 first
// (invalid bytes become U+FFFD), so the report is always valid JSON. The layout is RapidJSON's
// PrettyWriter's with an indent of two spaces (the format reports have always had); each value
// reserves its room once and is written with plain stores, where the generic writer went
// through a call per byte (a cost in wasm for a report of tens of MB).
#include <algorithm>
#include <charconv>
#include <concepts>
#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace zeekscope {

// Where the report's text goes: pieces of about a MiB, in order.
using TextSink = std::function<void(std::string_view)>;

// Output into a buffer, handed to a sink whenever it passes a MiB when there is one: a report
// of tens of thousands of destinations then never sits whole in (wasm) memory.
struct ChunkedOutput {
  static constexpr size_t kChunk = 1u << 20;
  std::string buffer;  // bytes [0, used) are the text
  size_t used = 0;
  TextSink sink;
  // Room for `count` more bytes; returns where they go. Geometric growth, never a shrink.
  char* Reserve(size_t count) {
    if (buffer.size() - used < count) buffer.resize(std::max(buffer.size() * 2, used + count));
    return buffer.data() + used;
  }
  void Commit(const char* end) {
    used = size_t(end - buffer.data());
    if (sink && used >= kChunk) Flush();
  }
  void Flush() {
    if (!sink || used == 0) return;
    sink(std::string_view(buffer.data(), used));
    used = 0;
  }
};

class JsonWriter {
 public:
  explicit JsonWriter(TextSink sink = {}) {
    out_.sink = std::move(sink);
    if (out_.sink) out_.Reserve(ChunkedOutput::kChunk + 64);
  }

  // Keys and string values are written alike (the layout places both).
  JsonWriter& key(std::string_view k) { return value(k); }
  JsonWriter& value(std::string_view s);
  JsonWriter& value(const char* s) { return value(std::string_view(s)); }
  JsonWriter& value(const std::string& s) { return value(std::string_view(s)); }
  JsonWriter& value(bool b) { return literal(b ? "true" : "false"); }
  template <std::integral T>
  JsonWriter& value(T n) {
    char* p = prefix(20);
    p = std::to_chars(p, p + 20, n).ptr;
    out_.Commit(p);
    return *this;
  }
  JsonWriter& null() { return literal("null"); }
  // A number with `decimals` digits after the point (trailing zeros dropped); null when not
  // finite.
  JsonWriter& fixed(double n, int decimals);
  // A short array of such numbers on one line (a timeline point), each with its decimals.
  JsonWriter& fixed_row(std::span<const double> values, std::span<const int> decimals);
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
  JsonWriter& begin_object() { return open('{', true); }
  JsonWriter& end_object() { return close('}'); }
  JsonWriter& begin_array() { return open('[', false); }
  JsonWriter& end_array() { return close(']'); }
  // The finished document, or "" when it went to the sink (the writer is empty afterwards).
  std::string take() {
    char* p = out_.Reserve(1);
    *p++ = '\n';
    out_.Commit(p);
    out_.Flush();
    out_.buffer.resize(out_.used);
    return std::move(out_.buffer);
  }

 private:
  struct Level {
    bool object;
    uint64_t count;  // keys and values written in it
  };
  // Writes what comes before a value (",", newline and indent, or ": " after a key) and
  // returns where the value goes, with room for `size` bytes.
  char* prefix(size_t size) {
    size_t indent = 2 * levels_.size();
    char* p = out_.Reserve(size + indent + 2);
    if (levels_.empty()) return p;
    Level& level = levels_.back();
    if (level.object && level.count % 2 == 1) {
      *p++ = ':';
      *p++ = ' ';
    } else {
      if (level.count > 0) *p++ = ',';
      *p++ = '\n';
      p = std::fill_n(p, indent, ' ');
    }
    ++level.count;
    return p;
  }
  JsonWriter& literal(std::string_view text) {
    out_.Commit(std::copy(text.begin(), text.end(), prefix(text.size())));
    return *this;
  }
  JsonWriter& open(char bracket, bool object) {
    char* p = prefix(1);
    *p++ = bracket;
    out_.Commit(p);
    levels_.push_back({object, 0});
    return *this;
  }
  JsonWriter& close(char bracket) {
    bool empty = levels_.back().count == 0;
    levels_.pop_back();
    size_t indent = 2 * levels_.size();
    char* p = out_.Reserve(indent + 2);
    if (!empty) {
      *p++ = '\n';
      p = std::fill_n(p, indent, ' ');
    }
    *p++ = bracket;
    out_.Commit(p);
    return *this;
  }

  ChunkedOutput out_;
  std::vector<Level> levels_;
  std::string scratch_;
};

// `s` with every byte that is not part of valid UTF-8 replaced by U+FFFD.
std::string valid_utf8(std::string_view s);

}  // namespace zeekscope
