#include "common/ip_address.h"

#include <charconv>
#include <cstdio>
#include <cstring>

namespace zeekscope {
namespace {

constexpr std::array<uint8_t, 12> kV4MappedPrefix = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

bool parse_v4(std::string_view text, uint8_t out[4]) {
  int part = 0;
  size_t pos = 0;
  while (part < 4) {
    size_t start = pos;
    unsigned value = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9' && pos - start < 3) {
      value = value * 10 + unsigned(text[pos] - '0');
      ++pos;
    }
    if (pos == start || value > 255) return false;
    out[part++] = uint8_t(value);
    if (part < 4) {
      if (pos >= text.size() || text[pos] != '.') return false;
      ++pos;
    }
  }
  return pos == text.size();
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool parse_v6(std::string_view text, uint8_t out[16]) {
  uint16_t head[8], tail[8];
  int n_head = 0, n_tail = 0;
  bool gap = false;
  size_t pos = 0;
  if (text.size() >= 2 && text[0] == ':' && text[1] == ':') {
    gap = true;
    pos = 2;
  } else if (!text.empty() && text[0] == ':') {
    return false;
  }
  while (pos < text.size()) {
    // An embedded IPv4 tail (::ffff:1.2.3.4).
    size_t next_colon = text.find(':', pos);
    std::string_view group = text.substr(
        pos, next_colon == std::string_view::npos ? std::string_view::npos : next_colon - pos);
    if (group.find('.') != std::string_view::npos) {
      if (next_colon != std::string_view::npos) return false;
      uint8_t v4[4];
      if (!parse_v4(group, v4)) return false;
      uint16_t* dst = gap ? tail : head;
      int& n = gap ? n_tail : n_head;
      if (n + 2 > 8) return false;
      dst[n++] = uint16_t(v4[0] << 8 | v4[1]);
      dst[n++] = uint16_t(v4[2] << 8 | v4[3]);
      pos = text.size();
      break;
    }
    if (group.empty() || group.size() > 4) return false;
    unsigned value = 0;
    for (char c : group) {
      int h = hex_value(c);
      if (h < 0) return false;
      value = value << 4 | unsigned(h);
    }
    uint16_t* dst = gap ? tail : head;
    int& n = gap ? n_tail : n_head;
    if (n >= 8) return false;
    dst[n++] = uint16_t(value);
    pos += group.size();
    if (pos == text.size()) break;
    // pos is at ':'
    if (pos + 1 < text.size() && text[pos + 1] == ':') {
      if (gap) return false;
      gap = true;
      pos += 2;
    } else {
      ++pos;
      if (pos == text.size()) return false;  // trailing single colon
    }
  }
  int total = n_head + n_tail;
  if (gap ? total > 7 : total != 8) return false;
  uint16_t words[8] = {};
  for (int i = 0; i < n_head; ++i) words[i] = head[i];
  for (int i = 0; i < n_tail; ++i) words[8 - n_tail + i] = tail[i];
  for (int i = 0; i < 8; ++i) {
    out[2 * i] = uint8_t(words[i] >> 8);
    out[2 * i + 1] = uint8_t(words[i] & 0xff);
  }
  return true;
}

}  // namespace

IpAddress IpAddress::from_v4(const uint8_t* bytes) {
  IpAddress ip;
  std::memcpy(ip.bytes_.data(), kV4MappedPrefix.data(), kV4MappedPrefix.size());
  std::memcpy(ip.bytes_.data() + 12, bytes, 4);
  return ip;
}

IpAddress IpAddress::from_v6(const uint8_t* bytes) {
  IpAddress ip;
  std::memcpy(ip.bytes_.data(), bytes, 16);
  return ip;
}

std::optional<IpAddress> IpAddress::parse(std::string_view text) {
  // Zone indexes (fe80::1%eth0) name an interface, not an address: drop them.
  if (auto pct = text.find('%'); pct != std::string_view::npos) text = text.substr(0, pct);
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']')
    text = text.substr(1, text.size() - 2);
  IpAddress ip;
  if (text.find(':') == std::string_view::npos) {
    uint8_t v4[4];
    if (!parse_v4(text, v4)) return std::nullopt;
    std::memcpy(ip.bytes_.data(), kV4MappedPrefix.data(), 12);
    std::memcpy(ip.bytes_.data() + 12, v4, 4);
    return ip;
  }
  if (!parse_v6(text, ip.bytes_.data())) return std::nullopt;
  return ip;
}

bool IpAddress::is_v4() const {
  return std::memcmp(bytes_.data(), kV4MappedPrefix.data(), 12) == 0;
}

IpAddress IpAddress::masked(int prefix) const {
  IpAddress out = *this;
  int bits = is_v4() ? prefix + 96 : prefix;
  for (int i = 0; i < 16; ++i) {
    int keep = bits - i * 8;
    if (keep >= 8) continue;
    out.bytes_[i] = keep <= 0 ? 0 : uint8_t(out.bytes_[i] & (0xff << (8 - keep)));
  }
  return out;
}

std::string IpAddress::to_string() const {
  char buf[16];
  if (is_v4()) {  // written digit by digit: this runs for every record of a capture
    std::string out;
    out.reserve(15);
    for (size_t i = 12; i < 16; ++i) {
      unsigned v = bytes_[i];
      if (i > 12) out += '.';
      if (v >= 100) out += char('0' + v / 100);
      if (v >= 10) out += char('0' + v / 10 % 10);
      out += char('0' + v % 10);
    }
    return out;
  }
  uint16_t words[8];
  for (int i = 0; i < 8; ++i) words[i] = uint16_t(bytes_[2 * i] << 8 | bytes_[2 * i + 1]);
  // RFC 5952: compress the longest run (length >= 2) of zero words, the first on ties.
  int best = -1, best_len = 0;
  for (int i = 0; i < 8;) {
    if (words[i] != 0) {
      ++i;
      continue;
    }
    int j = i;
    while (j < 8 && words[j] == 0) ++j;
    if (j - i > best_len && j - i >= 2) {
      best = i;
      best_len = j - i;
    }
    i = j;
  }
  std::string out;
  for (int i = 0; i < 8; ++i) {
    if (i == best) {
      out += "::";
      i += best_len - 1;
      continue;
    }
    if (!out.empty() && out.back() != ':') out += ':';
    out.append(buf, size_t(std::to_chars(buf, buf + sizeof buf, words[i], 16).ptr - buf));
  }
  return out;
}

std::optional<IpNetwork> IpNetwork::parse(std::string_view text) {
  auto slash = text.find('/');
  auto ip = IpAddress::parse(text.substr(0, slash));
  if (!ip) return std::nullopt;
  int width = ip->is_v4() ? 32 : 128;
  int prefix = width;
  if (slash != std::string_view::npos) {
    auto digits = text.substr(slash + 1);
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
    if (ec != std::errc() || end != digits.data() + digits.size() || prefix < 0 || prefix > width ||
        digits.empty())
      return std::nullopt;
  }
  return IpNetwork{ip->masked(prefix), prefix};
}

bool IpNetwork::contains(const IpAddress& ip) const {
  return ip.is_v4() == base.is_v4() && ip.masked(prefix) == base;
}

std::string IpNetwork::to_string() const { return base.to_string() + "/" + std::to_string(prefix); }

size_t IpAddressHash::operator()(const IpAddress& ip) const {
  uint64_t a, b;
  std::memcpy(&a, ip.bytes().data(), 8);
  std::memcpy(&b, ip.bytes().data() + 8, 8);
  return std::hash<uint64_t>()(a * 0x9e3779b97f4a7c15ULL ^ b);
}

}  // namespace zeekscope
