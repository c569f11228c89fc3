#pragma once
// One decoded IP packet as the flow layer will read it: when and where it was captured, its
// addresses and transport, the TCP fields connection tracking needs, and its payload. A
// reassembled datagram is one view, at the time of its completing fragment (as in Zeek).
#include <cstdint>
#include <span>

#include "common/ip_address.h"
#include "packet/ip_header.h"

namespace zeekscope::packet {

namespace tcp_flag {
inline constexpr uint8_t kFin = 0x01, kSyn = 0x02, kRst = 0x04, kPsh = 0x08, kAck = 0x10,
                         kUrg = 0x20, kEce = 0x40, kCwr = 0x80;
}

struct PacketView {
  // From the capture file.
  int64_t time_ns = 0;
  bool has_time = true;
  uint32_t interface = 0;
  uint64_t offset = 0;  // of the packet (the completing fragment's) in the file
  uint32_t wire_length = 0;
  // The Android app PCAPdroid attributes the packet to (a pcapng comment or the frame's
  // trailer); the decoder's app_names() has its names.
  bool has_app = false;
  int32_t app_uid = 0;
  // From the link layer.
  uint16_t vlan = 0, inner_vlan = 0;
  // From the IP header.
  uint8_t ip_version = 0;
  IpAddress src, dst;
  uint8_t protocol = 0;
  uint8_t ttl = 0;
  uint32_t ip_length = 0;   // the header's length field (Zeek's ip_bytes sums these)
  bool ip_snapped = false;  // the datagram was not captured whole (snap length)
  bool length_from_capture = false;
  bool ip_checksum_ok = true;
  bool reassembled = false;
  // From the transport header (TCP, UDP, ICMP, ICMPv6); others leave these 0.
  bool transport_truncated = false;  // its header was not captured whole: ports etc. unset
  // The TCP, UDP, ICMP or ICMPv6 checksum, when the segment was captured whole (Zeek ignores a
  // packet whose checksum fails, unless checksums are ignored). An IPv4 UDP checksum of 0
  // means none was sent: unchecked.
  enum class Checksum : uint8_t { kUnchecked, kGood, kBad };
  Checksum transport_checksum = Checksum::kUnchecked;
  uint16_t src_port = 0, dst_port = 0;
  uint8_t tcp_flags = 0;
  uint32_t seq = 0, ack = 0;
  uint16_t window = 0;
  uint8_t icmp_type = 0, icmp_code = 0;
  // The transport's payload: its length by the headers (TCP: IP payload minus TCP header; UDP:
  // its length field minus 8; ICMP: IP payload minus 8; others: the IP payload) and the bytes
  // of it that were captured (fewer when snapped).
  uint32_t payload_length = 0;
  std::span<const uint8_t> payload;

  int64_t micros() const { return time_ns / 1000 - (time_ns % 1000 < 0 ? 1 : 0); }
  bool is_tcp() const { return protocol == ip_protocol::kTcp; }
  bool is_udp() const { return protocol == ip_protocol::kUdp; }
  bool is_icmp() const { return protocol == ip_protocol::kIcmp || protocol == ip_protocol::kIcmp6; }
};

// Fills the view's IP and transport fields from a decoded (non-fragment) header.
void fill_view(const IpHeader& ip, PacketView& view);

}  // namespace zeekscope::packet
