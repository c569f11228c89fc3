#pragma once
// From a captured frame to the IP datagram it carries, per link type: Ethernet (with 802.1Q,
// 802.1ad and QinQ tags, VN-Tag, MPLS, PPPoE sessions and LLC/SNAP), raw IP, Linux cooked
// capture v1 and v2, BSD and OpenBSD loopback, PPP and Linux NFLOG. What is not IP (ARP,
// LLDP, ...) is a result, not an error.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace zeekscope::packet {

struct LinkFrame {
  enum class Result {
    kIp,           // `ip` holds the datagram
    kNotIp,        // a well-formed frame carrying something else (reason names it)
    kTruncated,    // the captured bytes end inside a link header
    kUnsupported,  // a link type this decoder does not read
  };
  Result result = Result::kUnsupported;
  std::span<const uint8_t> ip;  // from the IP header to the end of the captured bytes
  size_t ip_offset = 0;         // of `ip` in the frame (the wire length minus it bounds IP)
  uint8_t ip_version = 0;       // 4 or 6 when the link layer says which; 0: the IP header tells
  uint16_t vlan = 0;            // outermost VLAN id, 0 when untagged
  uint16_t inner_vlan = 0;      // the second tag of QinQ
  std::string_view reason;      // for kNotIp, kTruncated, kUnsupported
};

LinkFrame decode_link(uint32_t link_type, std::span<const uint8_t> frame);

// A link type as the report names it: "Ethernet (1)", "raw IPv4 (228)", ..., "link type 147"
// for one this decoder does not read.
std::string link_type_name(uint32_t link_type);

}  // namespace zeekscope::packet
