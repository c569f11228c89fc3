#include "log/json_parser.h"

#include <rapidjson/error/en.h>
#include <rapidjson/reader.h>

#include "common/byte_scan.h"
#include "common/text.h"

namespace zeekscope {
namespace {

constexpr unsigned kParseFlags = rapidjson::kParseInsituFlag |
                                 rapidjson::kParseNumbersAsStringsFlag |
                                 rapidjson::kParseStopWhenDoneFlag;

// SAX handler that flattens one object into (key, items) entries without building a DOM.
class FlatteningHandler
    : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, FlatteningHandler> {
 public:
  FlatteningHandler(std::vector<JsonParser::Entry>& entries, std::vector<std::string_view>& items,
                    std::string& arena, std::deque<std::string>& nested_keys)
      : entries_(entries), items_(items), arena_(arena), nested_keys_(nested_keys) {}

  bool Null() {
    if (in_array_) return true;
    if (depth_ >= 1 && skip_depth_ == 0) entries_.push_back({key_, false, 0, 0});
    return true;
  }
  bool Bool(bool b) { return scalar(b ? "T" : "F"); }
  bool RawNumber(const char* s, rapidjson::SizeType len, bool copy) {
    std::string_view v(s, len);
    if (copy) {
      size_t start = arena_.size();
      arena_.append(v);
      v = std::string_view(arena_).substr(start);
    }
    return scalar(v);
  }
  bool String(const char* s, rapidjson::SizeType len, bool copy) {
    std::string_view v(s, len);
    if (copy) {
      nested_keys_.emplace_back(v);
      v = nested_keys_.back();
    }
    return scalar(v);
  }
  bool Key(const char* s, rapidjson::SizeType len, bool copy) {
    std::string_view k(s, len);
    if (copy || !prefix_.empty()) {
      nested_keys_.emplace_back(prefix_ + std::string(k));
      k = nested_keys_.back();
    }
    key_ = k;
    return true;
  }
  bool StartObject() {
    ++depth_;
    if (in_array_ || skip_depth_ > 0) {
      ++skip_depth_;
      return true;
    }
    if (depth_ > 1) {
      prefix_stack_.push_back(prefix_.size());
      prefix_ = std::string(key_) + ".";
    }
    return true;
  }
  bool EndObject(rapidjson::SizeType) {
    --depth_;
    if (skip_depth_ > 0) {
      --skip_depth_;
      return true;
    }
    if (depth_ >= 1 && !prefix_stack_.empty()) {
      prefix_.resize(prefix_stack_.back());
      prefix_stack_.pop_back();
    }
    return true;
  }
  bool StartArray() {
    if (depth_ == 0) return false;  // a line must be an object
    if (in_array_ || skip_depth_ > 0) {
      ++skip_depth_;  // nested arrays do not occur in Zeek logs
      return true;
    }
    in_array_ = true;
    entries_.push_back({key_, true, uint32_t(items_.size()), 0});
    return true;
  }
  bool EndArray(rapidjson::SizeType) {
    if (skip_depth_ > 0) {
      --skip_depth_;
      return true;
    }
    in_array_ = false;
    return true;
  }

 private:
  bool scalar(std::string_view v) {
    if (depth_ == 0) return false;
    if (skip_depth_ > 0) return true;
    if (in_array_) {
      items_.push_back(v);
      ++entries_.back().count;
      return true;
    }
    entries_.push_back({key_, true, uint32_t(items_.size()), 1});
    items_.push_back(v);
    return true;
  }

  std::vector<JsonParser::Entry>& entries_;
  std::vector<std::string_view>& items_;
  std::string& arena_;
  std::deque<std::string>& nested_keys_;
  std::string_view key_;
  std::string prefix_;
  std::vector<size_t> prefix_stack_;
  int depth_ = 0;
  int skip_depth_ = 0;
  bool in_array_ = false;
};

// Bro 2.6 wrote NaN and infinities as bare nan / inf / -inf, which is not JSON. Rewrites such
// tokens outside strings as null; returns false when there were none.
bool replace_bare_nan_inf(std::string& s) {
  std::string out;
  out.reserve(s.size() + 16);
  bool in_string = false, changed = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (in_string) {
      out.push_back(c);
      if (c == '\\' && i + 1 < s.size())
        out.push_back(s[++i]);
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"') {
      in_string = true;
      out.push_back(c);
      continue;
    }
    size_t j = i + (c == '-' || c == '+' ? 1 : 0);
    auto word = [&](std::string_view w) {
      return s.size() >= j + w.size() && iequals(std::string_view(s).substr(j, w.size()), w);
    };
    size_t len = word("infinity") ? 8 : (word("nan") || word("inf")) ? 3 : 0;
    if (len > 0) {
      out += "null";
      i = j + len - 1;
      changed = true;
      continue;
    }
    out.push_back(c);
  }
  if (changed) s.swap(out);
  return changed;
}

}  // namespace

bool JsonParser::parse_buffer(std::string& error) {
  entries_.clear();
  items_.clear();
  nested_keys_.clear();
  arena_.clear();
  reserve_at_least(arena_, buffer_.size() + 1);  // copies are never longer than the line
  FlatteningHandler handler(entries_, items_, arena_, nested_keys_);
  rapidjson::Reader reader;
  rapidjson::InsituStringStream stream(buffer_.data());
  auto result = reader.Parse<kParseFlags>(stream, handler);
  if (result.IsError()) {
    error = std::string("invalid JSON at column ") + std::to_string(result.Offset() + 1) + ": " +
            rapidjson::GetParseError_En(result.Code());
    return false;
  }
  // Only white space may follow the object.
  for (const char* p = buffer_.data() + stream.Tell(); *p; ++p) {
    if (*p != ' ' && *p != '\t' && *p != '\r') {
      error = "invalid JSON: text after the object at column " +
              std::to_string(size_t(p - buffer_.data()) + 1);
      return false;
    }
  }
  return true;
}

bool JsonParser::parse(std::string_view line, LogKind& file_kind, LogKind hint, Record& out,
                       std::string& error) {
  over_field_limit_ = false;
  if (find_byte(line.data(), line.data() + line.size(), '\0') != line.data() + line.size()) {
    error = "invalid JSON: NUL byte in the line";
    return false;
  }
  // Zeek's own compact lines take the fast path (views into the line, which outlives the
  // record's hand-over); the others go through RapidJSON, on a copy it parses in place.
  if (!fast_path_ || !scan_flat_json(line, entries_, items_, arena_)) {
    buffer_.assign(line);
    if (!parse_buffer(error)) {
      buffer_.assign(line);
      std::string ignored;
      if (!replace_bare_nan_inf(buffer_) || !parse_buffer(ignored)) return false;
      error.clear();
    }
  }
  over_field_limit_ = entries_.size() > max_fields_;
  if (over_field_limit_) {
    error = "JSON object of " + std::to_string(entries_.size()) + " fields is over the limit of " +
            std::to_string(max_fields_) + " (max_fields)";
    return false;
  }
  LogKind kind = LogKind::kUnknown;
  for (const auto& e : entries_)
    if (e.key == "_path" && e.count == 1) kind = kind_from_path(items_[e.first]);
  if (kind == LogKind::kUnknown) kind = file_kind;
  if (kind == LogKind::kUnknown) {
    FieldSetDetector detector;
    for (const auto& e : entries_) detector.add(e.key);
    kind = detector.kind();
    if (kind == LogKind::kUnknown) kind = hint;
    if (kind == LogKind::kUnknown) kind = LogKind::kOther;
  }
  if (file_kind == LogKind::kUnknown) file_kind = kind;
  out.reset(kind);
  // Zeek writes the keys of a log in the same order on every line: remember the last line's
  // keys and their fields, so that most lines need no lookup at all.
  if (kind != cache_kind_) {
    key_cache_.clear();
    cache_kind_ = kind;
  }
  for (size_t i = 0; i < entries_.size(); ++i) {
    const auto& e = entries_[i];
    std::optional<Field> f;
    if (i < key_cache_.size() && bytes_equal(key_cache_[i].first, e.key)) {
      f = key_cache_[i].second;
    } else {
      f = field_for(kind, e.key);
      if (i >= key_cache_.size()) key_cache_.resize(i + 1);
      key_cache_[i] = {std::string(e.key), f};
    }
    if (!e.set || !f) continue;
    if (e.count == 1) {
      out.set(*f, items_[e.first]);
      continue;
    }
    out.begin(*f);
    for (uint32_t i = 0; i < e.count; ++i) out.add(*f, items_[e.first + i]);
  }
  return true;
}

}  // namespace zeekscope
