#pragma once
// One IP datagram's header: IPv4 (with options) or IPv6 (with its extension header chain),
// decoded far enough to know the addresses, the transport protocol, the lengths the headers
// claim and, for a fragment, where it belongs. No flow state: fragments are put together by
// ip_reassembly.h.
#include <cstdint>
#include <span>
#include <string_view>

#include "common/ip_address.h"

namespace zeekscope::packet {

namespace ip_protocol {
inline constexpr uint8_t kIcmp = 1;
inline constexpr uint8_t kTcp = 6;
inline constexpr uint8_t kUdp = 17;
inline constexpr uint8_t kIpv6Fragment = 44;
inline constexpr uint8_t kEsp = 50;
inline constexpr uint8_t kIcmp6 = 58;
inline constexpr uint8_t kNoNextHeader = 59;
}  // namespace ip_protocol

struct IpHeader {
  enum class Result {
    kOk,
    kTruncated,  // the captured bytes, or the wire length, end before the header says
    kBad,        // not a readable IP header (version, header length, lengths)
  };
  Result result = Result::kBad;
  std::string_view reason;  // when not kOk
  uint8_t version = 0;
  IpAddress src, dst;      // IPv6: dst is the routing header's final address, src a Home Address
  uint8_t protocol = 0;    // the transport's, after any IPv6 extension headers
  uint8_t ttl = 0;         // or the IPv6 hop limit
  uint32_t ip_length = 0;  // by the header: IPv4 total length, IPv6 payload length + 40
  uint32_t header_length = 0;        // IPv4 header with options; IPv6 with its extension headers
  std::span<const uint8_t> payload;  // captured bytes after the header, within ip_length
  bool snapped = false;              // fewer bytes captured than ip_length
  bool length_from_capture = false;  // IPv4 total length 0 (segmentation offload): captured
  bool checksum_ok = true;           // IPv4 header checksum (always true for IPv6)
  // A fragment (not an atomic IPv6 fragment, which is a whole datagram).
  bool fragment = false;
  bool more_fragments = false;
  uint32_t fragment_id = 0;
  uint32_t fragment_offset = 0;  // in bytes
  // IPv6: the byte (offset in the datagram) whose next-header value named the fragment header;
  // the unfragmentable part is the header_length bytes before the fragment header's 8.
  uint32_t next_header_at = 0;
};

// `bytes` starts at the IP header and holds what was captured; `wire_length` is how much of the
// datagram was on the wire (the packet's wire length minus the link header). `version` is the
// link layer's word (0: the first nibble decides).
IpHeader decode_ip(std::span<const uint8_t> bytes, uint64_t wire_length, uint8_t version = 0);

}  // namespace zeekscope::packet
