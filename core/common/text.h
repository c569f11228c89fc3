#pragma once
// Small text helpers shared by the readers, the indicator formats and the rules.
#include <cstdint>
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

std::optional<uint64_t> parse_uint(std::string_view s);
std::optional<double> parse_double(std::string_view s);
// A Zeek time: epoch seconds ("1521911720.865716"), ISO 8601 UTC ("2018-03-24T17:15:20.6Z"),
// or integer epoch milliseconds (JSON::TS_MILLIS) when `allow_millis` and the value is large.
std::optional<double> parse_zeek_time(std::string_view s, bool allow_millis);
std::string format_iso8601(double epoch_seconds);
// The same into a buffer: its length, 0 when the time is out of range.
inline constexpr size_t kIso8601Size = 27;
size_t format_iso8601(double epoch_seconds, std::span<char, kIso8601Size> out);

std::vector<std::string_view> split(std::string_view s, char sep);
bool is_valid_utf8(std::string_view s);
bool looks_binary(std::string_view s);

}  // namespace zeekscope
