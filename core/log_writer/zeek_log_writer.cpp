#include "log_writer/zeek_log_writer.h"

#include <rapidjson/internal/dtoa.h>

#include <cmath>
#include <cstdio>
#include <ctime>
#include <stdexcept>

#include "common/text.h"

namespace zeekscope::log_writer {

namespace {

bool is_scalar_text(ValueType t) {
  return t == ValueType::kString || t == ValueType::kAddr || t == ValueType::kEnum;
}
bool is_text_list(ValueType t) {
  return t == ValueType::kStringSet || t == ValueType::kEnumSet || t == ValueType::kStringVector ||
         t == ValueType::kAddrVector;
}

// The length of the well-formed UTF-8 sequence of two to four bytes at s[i], or 0.
size_t utf8_sequence(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  size_t len = (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  if (len == 0 || i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k)
    if ((static_cast<unsigned char>(s[i + k]) >> 6) != 2) return 0;
  return len;
}

void append_hex_escape(std::string& out, unsigned char c) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += "\\x";
  out += kHex[c >> 4];
  out += kHex[c & 15];
}

void append_fixed6(std::string& out, double v) {
  char buf[kFixedSize];
  out.append(buf, format_fixed(v, 6, FixedForm::kPrintf, buf));
}

// RapidJSON's shortest round-trip form (".0" kept on whole numbers), which Zeek's JSON writer
// uses; null when not finite.
void append_json_double(std::string& out, double v) {
  if (!std::isfinite(v)) {
    out += "null";
    return;
  }
  char buf[32];
  char* end = rapidjson::internal::dtoa(v, buf);
  out.append(buf, size_t(end - buf));
}

}  // namespace

std::string header_timestamp(double seconds) {
  if (!std::isfinite(seconds)) seconds = 0;
  std::time_t t = static_cast<std::time_t>(std::floor(seconds));
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%d-%H-%M-%S", &tm);
  return std::string(buf, n);
}

ZeekLogWriter::ZeekLogWriter(const LogSchema& schema, LogFormat format, std::string& out,
                             double open_time)
    : schema_(schema), format_(format), out_(out) {
  if (format_ != LogFormat::kTsv) return;
  out_ += "#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\t";
  out_ += schema_.path;
  out_ += "\n#open\t";
  out_ += header_timestamp(open_time);
  out_ += "\n#fields";
  for (const Column& c : schema_.columns) (out_ += '\t') += c.name;
  out_ += "\n#types";
  for (const Column& c : schema_.columns) (out_ += '\t') += type_name(c.type);
  out_ += '\n';
}

void ZeekLogWriter::close(double close_time) {
  if (in_row_) throw std::logic_error("ZeekLogWriter: close() inside a row");
  if (format_ != LogFormat::kTsv) return;
  out_ += "#close\t";
  out_ += header_timestamp(close_time);
  out_ += '\n';
}

void ZeekLogWriter::begin_row() {
  if (in_row_) throw std::logic_error("ZeekLogWriter: begin_row() inside a row");
  in_row_ = true;
  column_ = 0;
  if (format_ == LogFormat::kJson) out_ += '{';
}

void ZeekLogWriter::end_row() {
  if (!in_row_ || column_ != schema_.columns.size())
    throw std::logic_error("ZeekLogWriter: a row ends before its last column");
  in_row_ = false;
  ++rows_;
  out_ += format_ == LogFormat::kJson ? "}\n" : "\n";
}

// The column the next value fills, checked against what the caller writes; in JSON the key is
// written here (so an unset column writes nothing at all).
const Column& ZeekLogWriter::next(bool (*accepts)(ValueType)) {
  if (!in_row_ || column_ >= schema_.columns.size())
    throw std::logic_error("ZeekLogWriter: a value outside a row or past its last column");
  const Column& c = schema_.columns[column_];
  if (accepts && !accepts(c.type))
    throw std::logic_error("ZeekLogWriter: a value of the wrong type for " + std::string(c.name));
  separate();
  ++column_;
  if (accepts && format_ == LogFormat::kJson) {
    out_ += '"';
    out_ += c.name;
    out_ += "\":";
  }
  return c;
}

void ZeekLogWriter::separate() {
  if (format_ == LogFormat::kTsv) {
    if (column_ > 0) out_ += '\t';
    return;
  }
  // JSON: a comma before every written member but the row's first.
  if (out_.back() != '{') out_ += ',';
}

void ZeekLogWriter::unset() {
  if (!in_row_ || column_ >= schema_.columns.size())
    throw std::logic_error("ZeekLogWriter: a value outside a row or past its last column");
  if (format_ == LogFormat::kTsv) {
    separate();
    out_ += '-';
  }
  ++column_;
}

void ZeekLogWriter::time(double seconds) {
  next([](ValueType t) { return t == ValueType::kTime; });
  format_ == LogFormat::kTsv ? append_fixed6(out_, seconds) : append_json_double(out_, seconds);
}

void ZeekLogWriter::interval(double seconds) {
  next([](ValueType t) { return t == ValueType::kInterval; });
  format_ == LogFormat::kTsv ? append_fixed6(out_, seconds) : append_json_double(out_, seconds);
}

void ZeekLogWriter::count(uint64_t n) {
  next([](ValueType t) { return t == ValueType::kCount; });
  out_ += std::to_string(n);
}

void ZeekLogWriter::integer(int64_t n) {
  next([](ValueType t) { return t == ValueType::kInt; });
  out_ += std::to_string(n);
}

void ZeekLogWriter::port(uint16_t n) {
  next([](ValueType t) { return t == ValueType::kPort; });
  out_ += std::to_string(n);
}

void ZeekLogWriter::flag(bool b) {
  next([](ValueType t) { return t == ValueType::kBool; });
  if (format_ == LogFormat::kTsv)
    out_ += b ? 'T' : 'F';
  else
    out_ += b ? "true" : "false";
}

void ZeekLogWriter::text(std::string_view s) {
  next(is_scalar_text);
  if (format_ == LogFormat::kJson) return json_string(s);
  // A data line never starts with the meta prefix: its first byte is escaped.
  if (column_ == 1 && !s.empty() && s[0] == '#') {
    out_ += "\\x23";
    s.remove_prefix(1);
    if (s.empty()) return;
  }
  tsv_string(s, false);
}

void ZeekLogWriter::texts(std::span<const std::string_view> items) {
  next(is_text_list);
  if (format_ == LogFormat::kJson) {
    out_ += '[';
    for (size_t i = 0; i < items.size(); ++i) {
      if (i) out_ += ',';
      json_string(items[i]);
    }
    out_ += ']';
    return;
  }
  if (items.empty()) {
    out_ += "(empty)";
    return;
  }
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out_ += ',';
    tsv_string(items[i], true);
  }
}

void ZeekLogWriter::intervals(std::span<const double> seconds) {
  next([](ValueType t) { return t == ValueType::kIntervalVector; });
  if (format_ == LogFormat::kJson) {
    out_ += '[';
    for (size_t i = 0; i < seconds.size(); ++i) {
      if (i) out_ += ',';
      append_json_double(out_, seconds[i]);
    }
    out_ += ']';
    return;
  }
  if (seconds.empty()) {
    out_ += "(empty)";
    return;
  }
  for (size_t i = 0; i < seconds.size(); ++i) {
    if (i) out_ += ',';
    append_fixed6(out_, seconds[i]);
  }
}

// Zeek's TSV escaping: the separator (and the set separator inside a set), backslashes, control
// and other non-printable bytes, and bytes that are not well-formed UTF-8 become \xHH (a
// backslash \\); a whole value equal to the empty or unset marker has its first byte escaped.
void ZeekLogWriter::tsv_string(std::string_view s, bool in_set) {
  if (s.empty()) {
    out_ += "(empty)";
    return;
  }
  if (s == "-") {
    out_ += "\\x2d";
    return;
  }
  if (s == "(empty)") {
    out_ += "\\x28empty)";
    return;
  }
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      size_t len = utf8_sequence(s, i);
      if (len) {
        out_.append(s.substr(i, len));
        i += len;
      } else {
        append_hex_escape(out_, c);
        ++i;
      }
      continue;
    }
    if (c == '\\')
      out_ += "\\\\";
    else if (c < 0x20 || c == 0x7f || (in_set && c == ','))
      append_hex_escape(out_, c);
    else
      out_ += char(c);
    ++i;
  }
}

// Zeek's JSON strings: the usual escapes for quote, backslash and the common control
// characters; other control bytes and bytes that are not well-formed UTF-8 as the text \xHH.
void ZeekLogWriter::json_string(std::string_view s) {
  out_ += '"';
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      size_t len = utf8_sequence(s, i);
      if (len) {
        out_.append(s.substr(i, len));
        i += len;
      } else {
        out_ += '\\';
        append_hex_escape(out_, c);
        ++i;
      }
      continue;
    }
    switch (c) {
      case '"':
        out_ += "\\\"";
        break;
      case '\\':
        out_ += "\\\\";
        break;
      case '\n':
        out_ += "\\n";
        break;
      case '\t':
        out_ += "\\t";
        break;
      case '\r':
        out_ += "\\r";
        break;
      case '\b':
        out_ += "\\b";
        break;
      case '\f':
        out_ += "\\f";
        break;
      default:
        if (c < 0x20 || c == 0x7f) {
          out_ += '\\';
          append_hex_escape(out_, c);
        } else {
          out_ += char(c);
        }
    }
    ++i;
  }
  out_ += '"';
}

}  // namespace zeekscope::log_writer
