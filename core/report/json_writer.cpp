#include "report/json_writer.h"

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
    writer_.PlainString(s);
    return *this;
  }
  if (!is_valid_utf8(s)) {
    scratch_ = valid_utf8(s);
    s = scratch_;
  }
  writer_.String(s.data(), rapidjson::SizeType(s.size()));
  return *this;
}

}  // namespace zeekscope
