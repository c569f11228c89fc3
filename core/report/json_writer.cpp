#include "report/json_writer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "common/byte_scan.h"
#include "common/text.h"

namespace zeekscope {

std::string valid_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 8);
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    bool ok = len > 0 && i + len <= s.size() && is_valid_utf8(s.substr(i, len)) &&
              !(len == 2 && c < 0xc2);  // no overlong two-byte forms
    if (ok) {
      out.append(s.substr(i, len));
      i += len;
    } else {
      out += "\xEF\xBF\xBD";
      ++i;
    }
  }
  return out;
}

JsonWriter& JsonWriter::value(std::string_view s) {
  if (is_plain_json_text(s)) {
    char* p = prefix(s.size() + 2);
    *p++ = '"';
    p = copy_text(p, s);
    *p++ = '"';
    out_.Commit(p);
    return *this;
  }
  if (!is_valid_utf8(s)) {
    scratch_ = valid_utf8(s);
    s = scratch_;
  }
  // The escapes RapidJSON writes: the two-letter ones it has, \u00XX (upper-case hex digits)
  // for the other control bytes, every other byte as it is.
  static constexpr char kHex[] = "0123456789ABCDEF";
  char* p = prefix(6 * s.size() + 2);
  *p++ = '"';
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (c >= 0x20 && c != '"' && c != '\\') {
      *p++ = ch;
      continue;
    }
    *p++ = '\\';
    switch (c) {
      case '"':
      case '\\':
        *p++ = ch;
        break;
      case '\b':
        *p++ = 'b';
        break;
      case '\f':
        *p++ = 'f';
        break;
      case '\n':
        *p++ = 'n';
        break;
      case '\r':
        *p++ = 'r';
        break;
      case '\t':
        *p++ = 't';
        break;
      default:
        p = std::copy_n("u00", 3, p);
        *p++ = kHex[c >> 4];
        *p++ = kHex[c & 15];
    }
  }
  *p++ = '"';
  out_.Commit(p);
  return *this;
}

namespace {

// n with `decimals` digits after the point, trailing zeros dropped, "null" when not finite:
// written at `out` (room for kFixedSize bytes), returns the end.
char* write_fixed(char* out, double n, int decimals) {
  if (!std::isfinite(n) || std::fabs(n) > 1e15) return std::copy_n("null", 4, out);
  return format_fixed(n, decimals, FixedForm::kTrimmed,
                      std::span<char, kFixedSize>(out, kFixedSize));
}

}  // namespace

JsonWriter& JsonWriter::fixed(double n, int decimals) {
  char text[48];
  return literal(std::string_view(text, size_t(write_fixed(text, n, decimals) - text)));
}

JsonWriter& JsonWriter::fixed_row(std::span<const double> values, std::span<const int> decimals) {
  constexpr size_t kMaxValues = 8;
  char text[2 + kMaxValues * 50];
  char* p = text;
  *p++ = '[';
  for (size_t i = 0; i < values.size() && i < kMaxValues; ++i) {
    if (i) p = std::copy_n(", ", 2, p);
    p = write_fixed(p, values[i], i < decimals.size() ? decimals[i] : 0);
  }
  *p++ = ']';
  return literal(std::string_view(text, size_t(p - text)));
}

}  // namespace zeekscope
