#include "x509/der.h"

#include <array>

namespace zeekscope::x509 {
namespace {

// One element at the start of `data`; the reason when it is malformed.
std::string_view read_element(std::span<const uint8_t> data, DerElement& out) {
  if (data.empty()) return "no element left";
  uint8_t tag = data[0];
  if ((tag & 0x1f) == 0x1f) return "multi-byte tag";
  if (data.size() < 2) return "truncated length";
  size_t header = 2;
  size_t length = data[1];
  if (length == 0x80) return "indefinite length";
  if (length > 0x80) {
    size_t bytes = length & 0x7f;
    if (bytes > 4) return "length of more than 4 bytes";
    if (data.size() < 2 + bytes) return "truncated length";
    if (data[2] == 0) return "length not minimal";
    length = 0;
    for (size_t i = 0; i < bytes; ++i) length = (length << 8) | data[2 + i];
    if (length < 0x80) return "length not minimal";
    header += bytes;
  }
  if (length > data.size() - header) return "element longer than its parent";
  out.tag = tag;
  out.value = data.subspan(header, length);
  out.whole = data.first(header + length);
  return {};
}

// Universal types that DER allows in one form only.
std::string_view check_form(uint8_t tag) {
  if ((tag & 0xc0) != 0) return {};  // context, application and private tags: either form
  uint8_t number = tag & 0x1f;
  bool constructed = tag & der_tag::kConstructed;
  if (number == 0) return "tag 0 of the universal class";
  if ((number == 16 || number == 17) && !constructed) return "primitive SEQUENCE or SET";
  if (number != 16 && number != 17 && number != 8 && number != 11 && constructed)
    return "constructed form of a primitive type";
  return {};
}

bool digits(std::span<const uint8_t> v, size_t at, size_t n, int& out) {
  if (at + n > v.size()) return false;
  out = 0;
  for (size_t i = 0; i < n; ++i) {
    uint8_t c = v[at + i];
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  return true;
}

// Days from 1970-01-01 to the given civil date (proleptic Gregorian).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  unsigned yoe = unsigned(y - era * 400);
  unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + int64_t(doe) - 719468;
}

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

}  // namespace

bool DerReader::next(DerElement& out) {
  error_ = read_element(rest_, out);
  if (!error_.empty()) return false;
  rest_ = rest_.subspan(out.whole.size());
  return true;
}

bool DerReader::next(uint8_t tag, DerElement& out) {
  if (!next(out)) return false;
  if (out.tag == tag) return true;
  error_ = "unexpected tag";
  return false;
}

bool DerReader::next_if(uint8_t tag, DerElement& out) {
  error_ = {};
  if (rest_.empty() || rest_[0] != tag) return false;
  return next(out);
}

std::string_view der_check(std::span<const uint8_t> data, size_t max_depth) {
  // The unread rest of each open constructed element, outermost first.
  std::array<std::span<const uint8_t>, kMaxDerDepth + 1> open;
  if (max_depth > kMaxDerDepth) max_depth = kMaxDerDepth;
  DerElement top;
  if (auto e = read_element(data, top); !e.empty()) return e;
  if (top.whole.size() != data.size()) return "trailing bytes after the element";
  if (auto e = check_form(top.tag); !e.empty()) return e;
  if (!top.constructed()) return {};
  size_t depth = 1;
  open[0] = top.value;
  while (depth > 0) {
    auto& rest = open[depth - 1];
    if (rest.empty()) {
      --depth;
      continue;
    }
    DerElement child;
    if (auto e = read_element(rest, child); !e.empty()) return e;
    if (auto e = check_form(child.tag); !e.empty()) return e;
    rest = rest.subspan(child.whole.size());
    if (child.constructed()) {
      if (depth >= max_depth) return "nested too deep";
      open[depth++] = child.value;
    }
  }
  return {};
}

std::optional<bool> der_boolean(std::span<const uint8_t> value) {
  if (value.size() != 1) return std::nullopt;
  if (value[0] == 0x00) return false;
  if (value[0] == 0xff) return true;
  return std::nullopt;
}

bool der_integer_minimal(std::span<const uint8_t> value) {
  if (value.empty()) return false;
  if (value.size() == 1) return true;
  if (value[0] == 0x00 && !(value[1] & 0x80)) return false;
  if (value[0] == 0xff && (value[1] & 0x80)) return false;
  return true;
}

std::optional<uint64_t> der_small_unsigned(std::span<const uint8_t> value) {
  if (!der_integer_minimal(value) || (value[0] & 0x80)) return std::nullopt;
  if (value[0] == 0) value = value.subspan(1);
  if (value.size() > 8) return std::nullopt;
  uint64_t n = 0;
  for (uint8_t b : value) n = (n << 8) | b;
  return n;
}

std::optional<std::string> der_oid_text(std::span<const uint8_t> value) {
  if (value.empty() || value.back() & 0x80) return std::nullopt;
  std::string out;
  uint64_t arc = 0;
  bool first = true;
  bool arc_start = true;
  for (uint8_t b : value) {
    if (arc_start && b == 0x80) return std::nullopt;  // a padded arc
    if (arc > (UINT64_MAX >> 7)) return std::nullopt;
    arc = (arc << 7) | (b & 0x7f);
    arc_start = !(b & 0x80);
    if (b & 0x80) continue;
    if (first) {
      uint64_t top = arc < 40 ? 0 : arc < 80 ? 1 : 2;
      out += char('0' + top);
      arc -= 40 * top;
      first = false;
    }
    out += '.';
    out += std::to_string(arc);
    arc = 0;
  }
  return out;
}

std::optional<int64_t> der_time(uint8_t tag, std::span<const uint8_t> v) {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  size_t at = 0;
  if (tag == der_tag::kUtcTime) {
    if (!digits(v, 0, 2, year)) return std::nullopt;
    year += year < 50 ? 2000 : 1900;
    at = 2;
  } else if (tag == der_tag::kGeneralizedTime) {
    if (!digits(v, 0, 4, year)) return std::nullopt;
    at = 4;
  } else {
    return std::nullopt;
  }
  if (!digits(v, at, 2, month) || !digits(v, at + 2, 2, day) || !digits(v, at + 4, 2, hour) ||
      !digits(v, at + 6, 2, minute))
    return std::nullopt;
  at += 8;
  if (at < v.size() && v[at] >= '0' && v[at] <= '9') {
    if (!digits(v, at, 2, second)) return std::nullopt;
    at += 2;
  } else if (tag == der_tag::kGeneralizedTime) {
    return std::nullopt;
  }
  if (tag == der_tag::kGeneralizedTime && at < v.size() && (v[at] == '.' || v[at] == ',')) {
    ++at;  // fractions of a second: dropped
    size_t start = at;
    while (at < v.size() && v[at] >= '0' && v[at] <= '9') ++at;
    if (at == start) return std::nullopt;
  }
  static constexpr int kMonthDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 60)
    return std::nullopt;
  if (day > kMonthDays[month - 1] + (month == 2 && leap(year))) return std::nullopt;
  int64_t offset = 0;
  if (at < v.size() && v[at] == 'Z') {
    ++at;
  } else if (at < v.size() && (v[at] == '+' || v[at] == '-')) {
    int oh = 0, om = 0;
    if (!digits(v, at + 1, 2, oh) || !digits(v, at + 3, 2, om) || oh > 23 || om > 59)
      return std::nullopt;
    offset = (v[at] == '+' ? 1 : -1) * (oh * 3600 + om * 60);
    at += 5;
  } else {
    return std::nullopt;
  }
  if (at != v.size()) return std::nullopt;
  return days_from_civil(year, unsigned(month), unsigned(day)) * 86400 + hour * 3600 + minute * 60 +
         second - offset;
}

}  // namespace zeekscope::x509
