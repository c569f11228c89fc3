#pragma once
// The key a connection is found by: both addresses, both ports and the IP protocol, without
// the VLAN (Zeek's default five-tuple), the same for either direction. ICMP and ICMPv6 use
// Zeek's "ports": the sender's type, and the counterpart type for request/reply pairs (echo,
// router, timestamp, ...) or else the code.
#include <cstddef>
#include <cstdint>

#include "common/ip_address.h"
#include "packet/packet_view.h"

namespace zeekscope::flow {

// One direction of a packet: source and destination with their ports.
struct Endpoints {
  IpAddress src, dst;
  uint16_t src_port = 0, dst_port = 0;
  uint8_t protocol = 0;
};

struct FlowKey {
  IpAddress a, b;  // a <= b (with ports breaking a tie)
  uint16_t a_port = 0, b_port = 0;
  uint8_t protocol = 0;
  friend bool operator==(const FlowKey&, const FlowKey&) = default;
};

struct FlowKeyHash {
  size_t operator()(const FlowKey& key) const;
};

// The ICMP "responder port" for a type: its counterpart, or the code for one-way types.
uint16_t icmp4_counterpart(uint8_t type, uint8_t code);
uint16_t icmp6_counterpart(uint8_t type, uint8_t code);

// The packet's endpoints as the flow layer keys them (ports 0 for other transports).
Endpoints endpoints_of(const packet::PacketView& view);
FlowKey key_of(const Endpoints& e);

}  // namespace zeekscope::flow
