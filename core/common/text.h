#pragma once
// Small text helpers shared by the readers, the indicator formats and the rules.
#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace zeekscope {

// Makes room for `n` bytes without ever shrinking: libc++ (wasm) treats a smaller reserve() as
// a request to shrink, which would reallocate buffers reused line after line.
inline void reserve_at_least(std::string& s, size_t n) {
  if (s.capacity() < n) s.reserve(n);
}

// The sizeof(Word) bytes at `p` as a native-endian number: an unaligned load (memcpy of a
// constant size compiles to one).
template <typename Word = uint64_t>
inline Word load_word(const char* p) {
  Word w;
  std::memcpy(&w, p, sizeof w);
  return w;
}

// Byte equality a word at a time: wasm's memcmp (musl) compares byte by byte, and the hot paths
// (key maps, the TSV reader's unset and empty markers) compare several texts per record.
inline bool bytes_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  const char* p = a.data();
  const char* q = b.data();
  size_t n = a.size();
  for (; n >= 8; p += 8, q += 8, n -= 8) {
    uint64_t x = load_word(p), y = load_word(q);
    if (x != y) return false;
  }
  for (; n > 0; ++p, ++q, --n)
    if (*p != *q) return false;
  return true;
}

// a < b in std::string_view's order (bytes compared as unsigned), a word at a time: sorting
// tens of thousands of addresses and host names through wasm's bytewise memcmp is slow.
inline bool text_less(std::string_view a, std::string_view b) {
  static_assert(std::endian::native == std::endian::little);
  const char* p = a.data();
  const char* q = b.data();
  size_t n = std::min(a.size(), b.size());
  for (; n >= 8; p += 8, q += 8, n -= 8) {
    uint64_t x = load_word(p), y = load_word(q);
    if (x != y) return __builtin_bswap64(x) < __builtin_bswap64(y);  // the first byte decides
  }
  for (; n > 0; ++p, ++q, --n)
    if (*p != *q) return static_cast<unsigned char>(*p) < static_cast<unsigned char>(*q);
  return a.size() < b.size();
}

// Copies `text` to `out` and returns the end of the copy. Short texts (addresses, ports,
// uids: most of what hot paths copy) are moved in words: wasm's memcpy (musl) is a call and a
// byte loop for them.
inline char* copy_text(char* out, std::string_view text) {
  const char* p = text.data();
  size_t n = text.size();
  if (n > 32) {
    std::memcpy(out, p, n);
  } else if (n > 16) {  // two pairs of words that may overlap (uids are 18 bytes)
    uint64_t a[2], b[2];
    std::memcpy(a, p, 16);
    std::memcpy(b, p + n - 16, 16);
    std::memcpy(out, a, 16);
    std::memcpy(out + n - 16, b, 16);
  } else if (n >= 8) {  // two words that may overlap
    uint64_t a, b;
    std::memcpy(&a, p, 8);
    std::memcpy(&b, p + n - 8, 8);
    std::memcpy(out, &a, 8);
    std::memcpy(out + n - 8, &b, 8);
  } else if (n >= 4) {
    uint32_t a, b;
    std::memcpy(&a, p, 4);
    std::memcpy(&b, p + n - 4, 4);
    std::memcpy(out, &a, 4);
    std::memcpy(out + n - 4, &b, 4);
  } else {
    for (size_t i = 0; i < n; ++i) out[i] = p[i];
  }
  return out + n;
}

std::string to_lower(std::string_view s);
std::string_view trim(std::string_view s);
bool iequals(std::string_view a, std::string_view b);

// Domain names are compared lower-cased with one trailing dot removed.
std::string normalize_domain(std::string_view name);

// True when `name` equals `suffix` or ends with "." + suffix (a label boundary).
bool matches_domain(std::string_view name, std::string_view suffix);

// Calls f(suffix) for the name itself and each parent at a label boundary: a.b.c, b.c, c.
template <typename F>
void for_each_domain_suffix(std::string_view name, F&& f) {
  while (!name.empty()) {
    f(name);
    auto dot = name.find('.');
    if (dot == std::string_view::npos) break;
    name.remove_prefix(dot + 1);
  }
}

// The same suffixes shortest first (c, b.c, a.b.c), while f(suffix) returns true: lookups in a
// table holding every suffix of its entries stop at the first suffix no entry ends with.
template <typename F>
void for_each_domain_suffix_shortest_first(std::string_view name, F&& f) {
  constexpr size_t npos = std::string_view::npos;
  for (size_t end = name.size(); end > 0;) {
    size_t dot = end < 2 ? npos : name.rfind('.', end - 2);
    size_t start = dot == npos ? 0 : dot + 1;
    if (!f(name.substr(start)) || start == 0) return;
    end = start;
  }
}

// Decimal digits only. Inline and without a division per digit: it runs for several fields of
// every conn record.
inline std::optional<uint64_t> parse_uint(std::string_view s) {
  if (s.empty() || s.size() > 20) return std::nullopt;
  uint64_t v = 0;
  size_t safe = s.size() < 20 ? s.size() : 19;  // 19 digits never overflow 64 bits
  for (size_t i = 0; i < safe; ++i) {
    unsigned digit = unsigned(static_cast<unsigned char>(s[i])) - '0';
    if (digit > 9) return std::nullopt;
    v = v * 10 + digit;
  }
  if (safe == s.size()) return v;
  unsigned digit = unsigned(static_cast<unsigned char>(s[19])) - '0';
  if (digit > 9 || v > (UINT64_MAX - digit) / 10) return std::nullopt;  // overflow
  return v * 10 + digit;
}
std::optional<double> parse_double(std::string_view s);
// A Zeek time: epoch seconds ("1521911720.865716"), ISO 8601 UTC ("2018-03-24T17:15:20.6Z"),
// or integer epoch milliseconds (JSON::TS_MILLIS) when `allow_millis` and the value is large.
std::optional<double> parse_zeek_time(std::string_view s, bool allow_millis);
// A Zeek interval ("18.873916", or any number parse_double takes), in seconds.
std::optional<double> parse_interval(std::string_view s);
std::string format_iso8601(double epoch_seconds);
// The same into a buffer: its length, 0 when the time is out of range.
inline constexpr size_t kIso8601Size = 27;
size_t format_iso8601(double epoch_seconds, std::span<char, kIso8601Size> out);

// A finite number with `decimals` (0 to 9) digits after the point, rounded as printf's "%.*f"
// rounds the exact binary value, written at `out`; returns the end. `kPrintf` gives printf's
// text ("-0.000000" included); `kTrimmed` drops trailing zeros and the point, and never writes
// "-0". A number whose scaled value may lie on the other side of a rounding midpoint than the
// exact one, or is 2^53 or more, goes to snprintf; the others take an integer path many times
// faster.
inline constexpr size_t kFixedSize = 48;
enum class FixedForm { kPrintf, kTrimmed };
char* format_fixed(double n, int decimals, FixedForm form, std::span<char, kFixedSize> out);

std::vector<std::string_view> split(std::string_view s, char sep);
bool is_valid_utf8(std::string_view s);
bool looks_binary(std::string_view s);

}  // namespace zeekscope
