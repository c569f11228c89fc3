#pragma once
// What the connection table is told: Zeek's timers (defaults from init-bare.zeek, in
// microseconds of packet time), the checksum policy, the ports that decide the originator,
// and the limits that bound its memory; and what it counts.
#include <cstddef>
#include <cstdint>
#include <set>

namespace zeekscope::flow {

// A port with its transport, as Zeek's `port` type: (protocol << 16) | port.
constexpr uint32_t port_key(uint8_t protocol, uint16_t port) {
  return (uint32_t(protocol) << 16) | port;
}

// Zeek's likely_server_ports as the base scripts register them (DHCP registers 67 only, DNS
// 53, 137, 5353 and 5355, ...); a capture read with bare scripts may have fewer.
std::set<uint32_t> default_likely_server_ports();
// The UDP ports the DNS analyzer attaches to (its session timeout and the QR flip).
std::set<uint16_t> default_dns_ports();

struct FlowConfig {
  // false: as Zeek by default (a bad IPv4 header checksum drops the packet, a bad TCP or UDP
  // checksum adds C to history and the packet is otherwise ignored); true: Zeek's -C.
  bool ignore_checksums = false;
  bool log_unknown_transport = true;  // Zeek 7.1+: other IP protocols as unknown_transport
  uint64_t uid_seed = 0;              // mixed into every uid (e.g. a hash of the file)
  int64_t tcp_attempt_delay_us = 5'000'000;
  int64_t tcp_close_delay_us = 5'000'000;
  int64_t tcp_inactivity_us = 300'000'000;
  int64_t udp_inactivity_us = 60'000'000;
  int64_t icmp_inactivity_us = 60'000'000;
  int64_t unknown_inactivity_us = 60'000'000;
  int64_t dns_session_timeout_us = 10'000'000;
  std::set<uint32_t> likely_server_ports = default_likely_server_ports();
  std::set<uint16_t> dns_ports = default_dns_ports();
};

struct FlowLimits {
  size_t max_connections = 100'000;  // held at once; the least recently active goes first
  size_t max_history = 256;          // letters per connection
  size_t max_gap_ranges = 32;        // out-of-order TCP ranges remembered per direction
};

struct FlowStats {
  uint64_t packets = 0;                    // views offered
  uint64_t packets_used = 0;               // given to a connection and counted
  uint64_t ip_checksum_dropped = 0;        // bad IPv4 header checksum (not with ignore_checksums)
  uint64_t ip_length_zero_dropped = 0;     // IPv4 total length 0 (not with ignore_checksums)
  uint64_t transport_truncated = 0;        // transport header not captured whole
  uint64_t transport_checksum_bad = 0;     // counted in history only
  uint64_t skipped = 0;                    // on connections a protocol layer asked to skip
  uint64_t unknown_transport_ignored = 0;  // with log_unknown_transport off
  uint64_t connections = 0;                // created
  uint64_t records = 0;                    // handed to the sink
  uint64_t reused = 0;                     // a SYN ended the earlier connection on its tuple
  uint64_t flipped = 0;                    // role flips
  uint64_t removed_attempt = 0, removed_close = 0, removed_inactivity = 0,
           removed_dns = 0;  // by timer
  uint64_t evicted = 0;      // over max_connections
  uint64_t flushed_at_end = 0;
  uint64_t history_truncated = 0;   // letters not added over max_history
  uint64_t gap_ranges_dropped = 0;  // over max_gap_ranges (their bytes count as missed)
};

}  // namespace zeekscope::flow
