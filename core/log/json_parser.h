#pragma once
// Zeek's JSON writer format: one object per line, flattened keys ("id.orig_h"), arrays for sets
// and vectors, unset fields absent or null, times as epoch, ISO 8601 or milliseconds, `_path`
// in json-streaming-logs. Non-native spacing, nested objects and Bro 2.6's bare nan/inf are
// accepted. See ZEEK-LOGS.md section 2.
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "log/flat_json.h"
#include "log/record.h"
#include "log/schema.h"

namespace zeekscope {

class JsonParser {
 public:
  // Parses one line into `out`. `file_kind` is the kind seen earlier in this file (updated here);
  // `hint` is the kind suggested by the file name. On failure returns false and sets `error`.
  bool parse(std::string_view line, LogKind& file_kind, LogKind hint, Record& out,
             std::string& error);
  // An object with more fields (keys, nested ones included) is refused.
  void set_max_fields(size_t n) { max_fields_ = n; }
  // Whether the last refusal was for the field limit.
  bool over_field_limit() const { return over_field_limit_; }
  // Field names of the last parsed line, for schema-era detection.
  template <typename F>
  void for_each_key(F&& f) const {
    for (const auto& e : entries_) f(e.key);
  }

  using Entry = JsonEntry;

  // Lines in Zeek's own compact form go through scan_flat_json, the rest through RapidJSON;
  // tests turn the fast path off to compare the two.
  void use_fast_path(bool on) { fast_path_ = on; }

 private:
  bool parse_buffer(std::string& error);

  std::string buffer_;  // the line, parsed in place
  std::string arena_;   // numbers RapidJSON hands over as copies
  std::deque<std::string> nested_keys_;
  std::vector<Entry> entries_;
  std::vector<std::string_view> items_;
  LogKind cache_kind_ = LogKind::kUnknown;
  std::vector<std::pair<std::string, std::optional<Field>>> key_cache_;
  size_t max_fields_ = 1024;
  bool over_field_limit_ = false;
  bool fast_path_ = true;
};

}  // namespace zeekscope
