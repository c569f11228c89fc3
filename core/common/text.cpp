#include "common/text.h"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace zeekscope {

std::string to_lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() &&
         (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n'))
    s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = char(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = char(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

std::string normalize_domain(std::string_view name) {
  name = trim(name);
  if (!name.empty() && name.back() == '.') name.remove_suffix(1);
  return to_lower(name);
}

bool matches_domain(std::string_view name, std::string_view suffix) {
  if (suffix.empty() || name.size() < suffix.size()) return false;
  if (name.size() == suffix.size()) return name == suffix;
  return name.ends_with(suffix) && name[name.size() - suffix.size() - 1] == '.';
}

std::optional<double> parse_double(std::string_view s) {
  if (s.empty() || s.size() > 64) return std::nullopt;
  char buf[65];
  std::copy(s.begin(), s.end(), buf);
  buf[s.size()] = 0;
  char* end = nullptr;
  double v = std::strtod(buf, &end);
  if (end != buf + s.size()) return std::nullopt;
  return v;
}

namespace {
// Days since 1970-01-01 for a civil date (proleptic Gregorian), after H. Hinnant's algorithm.
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = unsigned(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + int64_t(doe) - 719468;
}

std::optional<double> parse_iso8601(std::string_view s) {
  // YYYY-MM-DDTHH:MM:SS[.frac][Z]
  if (s.size() < 19 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') ||
      s[13] != ':' || s[16] != ':')
    return std::nullopt;
  auto num = [&](size_t pos, size_t len) -> std::optional<int> {
    int v = 0;
    auto [end, ec] = std::from_chars(s.data() + pos, s.data() + pos + len, v);
    if (ec != std::errc() || end != s.data() + pos + len) return std::nullopt;
    return v;
  };
  auto y = num(0, 4), mo = num(5, 2), d = num(8, 2), h = num(11, 2), mi = num(14, 2),
       se = num(17, 2);
  if (!y || !mo || !d || !h || !mi || !se || *mo < 1 || *mo > 12 || *d < 1 || *d > 31)
    return std::nullopt;
  double frac = 0;
  size_t pos = 19;
  if (pos < s.size() && s[pos] == '.') {
    size_t start = pos;
    ++pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
    auto f = parse_double(std::string("0") + std::string(s.substr(start, pos - start)));
    if (!f) return std::nullopt;
    frac = *f;
  }
  if (pos < s.size() && s[pos] == 'Z') ++pos;
  if (pos != s.size()) return std::nullopt;
  int64_t days = days_from_civil(*y, unsigned(*mo), unsigned(*d));
  return double(days * 86400 + *h * 3600 + *mi * 60 + *se) + frac;
}
}  // namespace

namespace {
// The value of the 8 ASCII digits in `v` (loaded little-endian: the first digit is the low
// byte), or nullopt when one is not a digit. A few word operations, no branch per digit.
std::optional<uint64_t> eight_digits(uint64_t v) {
  // Each byte is '0'..'9' when its high nibble is 3 and adding 6 does not carry out of its low one.
  if ((v & 0xF0F0F0F0F0F0F0F0ULL) != 0x3030303030303030ULL ||
      ((v + 0x0606060606060606ULL) & 0xF0F0F0F0F0F0F0F0ULL) != 0x3030303030303030ULL)
    return std::nullopt;
  v -= 0x3030303030303030ULL;
  v = v * 10 + (v >> 8);  // each byte pair's value, in the low byte of the pair
  return (((v & 0x000000FF000000FFULL) * (100 + (1000000ULL << 32))) +
          (((v >> 16) & 0x000000FF000000FFULL) * (1 + (10000ULL << 32)))) >>
         32;
}

}  // namespace

std::optional<double> parse_zeek_time(std::string_view s, bool allow_millis) {
  if (s.empty()) return std::nullopt;
  // Zeek's own form, "1521911720.865716" (10 + 6 digits), a word at a time; the same value as
  // the digit loop below gives.
  if (std::endian::native == std::endian::little && s.size() == 17 && s[10] == '.') {
    auto head = eight_digits(load_word(s.data()));
    // "d.dddddd" with its first two bytes made "00": the six digits of the fraction.
    auto frac = eight_digits((load_word(s.data() + 9) & ~0xFFFFULL) | 0x3030ULL);
    char d8 = s[8], d9 = s[9];
    if (head && frac && d8 >= '0' && d8 <= '9' && d9 >= '0' && d9 <= '9') {
      uint64_t whole = *head * 100 + uint64_t(d8 - '0') * 10 + uint64_t(d9 - '0');
      return double(whole) + double(*frac) / double(1000000);
    }
  }
  if (s.size() <= 18 && s[0] != '-') {
    uint64_t whole = 0, frac = 0, scale = 1;
    size_t i = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') whole = whole * 10 + uint64_t(s[i++] - '0');
    if (i > 0 && i <= 11 && i + 1 < s.size() && s[i] == '.') {
      size_t digits = 0;
      for (++i; i < s.size() && s[i] >= '0' && s[i] <= '9' && digits < 6; ++i, ++digits) {
        frac = frac * 10 + uint64_t(s[i] - '0');
        scale *= 10;
      }
      if (i == s.size() && digits > 0) return double(whole) + double(frac) / double(scale);
    }
  }
  if (s.size() >= 19 && s[4] == '-') return parse_iso8601(s);
  auto v = parse_double(s);
  if (!v || !std::isfinite(*v)) return std::nullopt;
  // Epoch seconds stay below 1e11 until the year 5138; millisecond values are above it.
  if (allow_millis && s.find('.') == std::string_view::npos && std::fabs(*v) >= 1e11)
    return *v / 1000.0;
  return v;
}

std::optional<double> parse_interval(std::string_view s) {
  // Zeek writes intervals as "18.873916": digits, a point, up to six digits. strtod costs
  // about a microsecond in wasm, on every conn record.
  uint64_t whole = 0, frac = 0, scale = 1;
  size_t i = 0;
  while (i < s.size() && i < 12 && s[i] >= '0' && s[i] <= '9')
    whole = whole * 10 + uint64_t(s[i++] - '0');
  if (i > 0 && i == s.size()) return double(whole);
  if (i > 0 && i < 12 && i + 1 < s.size() && s[i] == '.') {
    size_t digits = 0;
    for (++i; i < s.size() && s[i] >= '0' && s[i] <= '9' && digits < 9; ++i, ++digits) {
      frac = frac * 10 + uint64_t(s[i] - '0');
      scale *= 10;
    }
    if (i == s.size()) return double(whole) + double(frac) / double(scale);
  }
  return parse_double(s);
}

size_t format_iso8601(double epoch_seconds, std::span<char, kIso8601Size> out) {
  // Years 1 to 9999 only; beyond that a "time" is garbage (e.g. a wrapped TS_MILLIS value).
  if (!std::isfinite(epoch_seconds) || epoch_seconds < -62135596800.0 ||
      epoch_seconds >= 253402300800.0)
    return 0;
  double whole = std::floor(epoch_seconds);
  int64_t micros = std::llround((epoch_seconds - whole) * 1e6);
  int64_t secs = int64_t(whole);
  if (micros >= 1000000) {
    secs += 1;
    micros -= 1000000;
  }
  if (secs >= 253402300800) return 0;  // rounded up into year 10000
  // Civil date from days since 1970-01-01 (H. Hinnant's algorithm), without time_t limits.
  int64_t days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
  int64_t rem = secs - days * 86400;
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const unsigned doe = unsigned(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  const int64_t y = int64_t(yoe) + era * 400 + (m <= 2);
  // Fixed widths (YYYY-MM-DDTHH:MM:SS.ffffffZ), written digit by digit: the report writes two
  // per destination, and snprintf was a visible part of its time.
  char* p = out.data();
  auto digits = [&p](uint64_t v, int width) {
    for (int i = width - 1; i >= 0; --i, v /= 10) p[i] = char('0' + v % 10);
    p += width;
  };
  digits(uint64_t(y), 4);
  *p++ = '-';
  digits(m, 2);
  *p++ = '-';
  digits(d, 2);
  *p++ = 'T';
  digits(uint64_t(rem / 3600), 2);
  *p++ = ':';
  digits(uint64_t(rem / 60 % 60), 2);
  *p++ = ':';
  digits(uint64_t(rem % 60), 2);
  *p++ = '.';
  digits(uint64_t(micros), 6);
  *p++ = 'Z';
  return size_t(p - out.data());
}

char* format_fixed(double n, int decimals, FixedForm form, std::span<char, kFixedSize> buf) {
  decimals = std::clamp(decimals, 0, 9);
  char* out = buf.data();
  static constexpr int64_t kPow10[] = {1,      10,      100,      1000,      10000,
                                       100000, 1000000, 10000000, 100000000, 1000000000};
  // The product is one rounding from the exact n * 10^decimals: at most half an ulp away. When
  // it lies further than that from a rounding midpoint, both round to the same integer.
  double scaled = n * double(kPow10[decimals]);
  double rounded = std::nearbyint(scaled);
  double magnitude_scaled = std::fabs(scaled);
  double half_ulp = (std::nextafter(magnitude_scaled, INFINITY) - magnitude_scaled) / 2;
  if (magnitude_scaled < 0x1p53 && std::fabs(std::fabs(scaled - rounded) - 0.5) > half_ulp) {
    bool negative = form == FixedForm::kPrintf ? std::signbit(n) : rounded < 0;
    if (negative) *out++ = '-';
    uint64_t magnitude = uint64_t(std::fabs(rounded));
    uint64_t whole = magnitude / uint64_t(kPow10[decimals]);
    uint64_t fraction = magnitude % uint64_t(kPow10[decimals]);
    out = std::to_chars(out, out + 20, whole).ptr;
    int digits = decimals;
    if (form == FixedForm::kTrimmed) {
      if (fraction == 0) return out;
      while (fraction % 10 == 0) fraction /= 10, --digits;
    }
    if (digits == 0) return out;
    *out++ = '.';
    char* end = out + digits;
    for (char* q = end; q != out; fraction /= 10) *--q = char('0' + fraction % 10);
    return end;
  }
  int length = std::snprintf(out, kFixedSize, "%.*f", decimals, n);
  char* end = out + std::clamp(length, 0, int(kFixedSize) - 1);
  if (form == FixedForm::kTrimmed) {
    if (std::find(out, end, '.') != end) {
      while (end[-1] == '0') --end;
      if (end[-1] == '.') --end;
    }
    if (end - out == 2 && out[0] == '-' && out[1] == '0') {
      out[0] = '0';
      end = out + 1;
    }
  }
  return end;
}

std::string format_iso8601(double epoch_seconds) {
  char buf[kIso8601Size];
  return std::string(buf, format_iso8601(epoch_seconds, buf));
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    auto pos = s.find(sep, start);
    if (pos == std::string_view::npos) {
      out.push_back(s.substr(start));
      return out;
    }
    out.push_back(s.substr(start, pos - start));
    start = pos + 1;
  }
}

bool is_valid_utf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (len == 0 || i + size_t(len) > s.size()) return false;
    for (int k = 1; k < len; ++k)
      if ((static_cast<unsigned char>(s[i + size_t(k)]) >> 6) != 2) return false;
    i += size_t(len);
  }
  return true;
}

bool looks_binary(std::string_view s) {
  size_t control = 0;
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (c == 0) return true;
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') ++control;
  }
  return control * 10 > s.size();
}

}  // namespace zeekscope
