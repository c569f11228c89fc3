#include "log/flat_json.h"

#include "common/byte_scan.h"
#include "common/text.h"

namespace zeekscope {
namespace {

class FlatScanner {
 public:
  FlatScanner(std::string_view line, std::vector<JsonEntry>& entries,
              std::vector<std::string_view>& items, std::string& arena)
      : begin_(line.data()),
        p_(line.data()),
        end_(line.data() + line.size()),
        entries_(entries),
        items_(items),
        arena_(arena) {}

  bool object() {
    if (!take('{')) return false;
    if (take('}')) return rest_is_blank();
    while (true) {
      std::string_view key;
      if (!string(key) || !take(':') || !value(key)) return false;
      if (take('}')) return rest_is_blank();
      if (!take(',')) return false;
    }
  }

 private:
  // JSON's white space between tokens (a line holds no newline). Zeek writes none; other tools
  // put a space after ':' and ','.
  void blanks() {
    while (p_ < end_ && (*p_ == ' ' || *p_ == '\t' || *p_ == '\r')) ++p_;
  }

  bool take(char c) {
    blanks();
    if (p_ == end_ || *p_ != c) return false;
    ++p_;
    return true;
  }

  // After the object, only what LogReader lets through after RapidJSON's object: blanks.
  bool rest_is_blank() const {
    for (const char* q = p_; q < end_; ++q)
      if (*q != ' ' && *q != '\t' && *q != '\r') return false;
    return true;
  }

  // A string: its plain run is a view into the line; from its first escape on it is decoded
  // into the arena. Control bytes are refused; other bytes are kept as they are, as RapidJSON
  // does without encoding validation.
  bool string(std::string_view& out) {
    if (!take('"')) return false;
    const char* start = p_;
    const char* q = find_string_stop(begin_, p_, end_);
    if (q < end_ && *q == '\\') return escaped_string(start, q, out);
    if (q == end_ || *q != '"') return false;
    out = std::string_view(start, size_t(q - start));
    p_ = q + 1;
    return true;
  }

  // The rest of a string from its first escape, decoded into the arena (reserved for the whole
  // line, so earlier views stay valid). \u escapes are left to RapidJSON. Out of line: rare,
  // and string() stays small enough to be inlined where it is called.
  [[gnu::noinline]] bool escaped_string(const char* start, const char* q, std::string_view& out) {
    size_t at = arena_.size();
    arena_.append(start, size_t(q - start));
    while (q < end_) {
      char c = *q++;
      if (c == '"') {
        out = std::string_view(arena_).substr(at);
        p_ = q;
        return true;
      }
      if (static_cast<unsigned char>(c) < 0x20) return false;
      if (c != '\\') {
        arena_.push_back(c);
        continue;
      }
      if (q == end_) return false;
      switch (*q++) {
        case '"':
          arena_.push_back('"');
          break;
        case '\\':
          arena_.push_back('\\');
          break;
        case '/':
          arena_.push_back('/');
          break;
        case 'b':
          arena_.push_back('\b');
          break;
        case 'f':
          arena_.push_back('\f');
          break;
        case 'n':
          arena_.push_back('\n');
          break;
        case 'r':
          arena_.push_back('\r');
          break;
        case 't':
          arena_.push_back('\t');
          break;
        default:
          return false;
      }
    }
    return false;
  }

  static bool digit(char c) { return c >= '0' && c <= '9'; }

  // JSON's number grammar, kept as text (RapidJSON's raw numbers). Long numbers and exponents
  // of three digits are left to RapidJSON, which refuses some of them as too big.
  bool number(std::string_view& out) {
    const char* start = p_;
    const char* q = p_;
    if (q < end_ && *q == '-') ++q;
    if (q == end_ || !digit(*q)) return false;
    if (*q == '0') {
      ++q;
    } else {
      while (q < end_ && digit(*q)) ++q;
    }
    if (q < end_ && *q == '.') {
      ++q;
      if (q == end_ || !digit(*q)) return false;
      while (q < end_ && digit(*q)) ++q;
    }
    if (q < end_ && (*q == 'e' || *q == 'E')) {
      ++q;
      if (q < end_ && (*q == '+' || *q == '-')) ++q;
      const char* exponent = q;
      while (q < end_ && digit(*q)) ++q;
      if (q == exponent || q - exponent > 2) return false;
    }
    if (q - start > 40) return false;
    out = std::string_view(start, size_t(q - start));
    p_ = q;
    return true;
  }

  bool word(std::string_view w) {
    if (size_t(end_ - p_) < w.size() || !bytes_equal(std::string_view(p_, w.size()), w))
      return false;
    p_ += w.size();
    return true;
  }

  // A scalar value: its text (views into the line, "T"/"F" for booleans), or unset for null.
  bool scalar(std::string_view& out, bool& set) {
    set = true;
    blanks();
    if (p_ == end_) return false;
    switch (*p_) {
      case '"':
        return string(out);
      case 't':
        out = "T";
        return word("true");
      case 'f':
        out = "F";
        return word("false");
      case 'n':
        set = false;
        return word("null");
      default:
        return number(out);
    }
  }

  bool value(std::string_view key) {
    blanks();
    if (p_ < end_ && *p_ == '[') return array(key);
    std::string_view text;
    bool set;
    if (!scalar(text, set)) return false;
    if (!set) {
      entries_.push_back({key, false, 0, 0});
      return true;
    }
    entries_.push_back({key, true, uint32_t(items_.size()), 1});
    items_.push_back(text);
    return true;
  }

  // An array of scalars (nulls in it are dropped, as the RapidJSON path drops them).
  bool array(std::string_view key) {
    ++p_;
    entries_.push_back({key, true, uint32_t(items_.size()), 0});
    if (take(']')) return true;
    while (true) {
      std::string_view text;
      bool set;
      if (!scalar(text, set)) return false;
      if (set) {
        items_.push_back(text);
        ++entries_.back().count;
      }
      if (take(']')) return true;
      if (!take(',')) return false;
    }
  }

  const char* begin_;  // the line's first byte
  const char* p_;
  const char* end_;
  std::vector<JsonEntry>& entries_;
  std::vector<std::string_view>& items_;
  std::string& arena_;
};

}  // namespace

bool scan_flat_json(std::string_view line, std::vector<JsonEntry>& entries,
                    std::vector<std::string_view>& items, std::string& arena) {
  entries.clear();
  items.clear();
  arena.clear();
  reserve_at_least(arena, line.size());  // decoding never lengthens a string
  return FlatScanner(line, entries, items, arena).object();
}

}  // namespace zeekscope
