#pragma once
// An IPv4 or IPv6 address compared as an address, not as text: IPv4 is kept as an IPv4-mapped
// IPv6 value so both families share one 16-byte representation.
#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace zeekscope {

class IpAddress {
 public:
  IpAddress() = default;
  static std::optional<IpAddress> parse(std::string_view text);
  // From the 4 or 16 bytes of a packet header, in network byte order.
  static IpAddress from_v4(const uint8_t* bytes);
  static IpAddress from_v6(const uint8_t* bytes);

  bool is_v4() const;
  const std::array<uint8_t, 16>& bytes() const { return bytes_; }
  // The address with all bits after `prefix` cleared; prefix counts in the family's own width.
  IpAddress masked(int prefix) const;
  std::string to_string() const;

  friend bool operator==(const IpAddress& a, const IpAddress& b) { return a.bytes_ == b.bytes_; }
  friend bool operator<(const IpAddress& a, const IpAddress& b) { return a.bytes_ < b.bytes_; }

 private:
  std::array<uint8_t, 16> bytes_{};
};

// A CIDR network; a bare address is a /32 or /128.
struct IpNetwork {
  IpAddress base;  // already masked
  int prefix = 0;  // in the family's own width (0-32 for IPv4, 0-128 for IPv6)

  static std::optional<IpNetwork> parse(std::string_view text);
  bool contains(const IpAddress& ip) const;
  std::string to_string() const;
};

struct IpAddressHash {
  size_t operator()(const IpAddress& ip) const;
};

}  // namespace zeekscope
