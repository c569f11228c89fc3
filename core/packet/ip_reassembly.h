#pragma once
// Puts IPv4 and IPv6 fragments back together within bounded memory. A datagram is keyed by
// (version, source, destination, identification) like Zeek's (the protocol is not part of the
// key), the first data to arrive for a byte wins (Zeek's rule), and a datagram still incomplete
// `timeout_ns` after its first fragment is dropped. When the bytes held would pass
// `max_bytes_held`, or the datagrams pending `max_datagrams`, the oldest pending datagrams are
// dropped first. Every drop is counted.
#include <cstdint>
#include <map>
#include <span>
#include <vector>

#include "packet/captured_packet.h"
#include "packet/ip_header.h"

namespace zeekscope::packet {

struct ReassemblyLimits {
  size_t max_bytes_held = 4u << 20;      // every pending datagram's buffers together
  size_t max_datagrams = 4096;           // pending at once
  int64_t timeout_ns = 300'000'000'000;  // Zeek's frag_timeout: 5 minutes
};

struct ReassemblyStats {
  uint64_t fragments = 0;          // offered
  uint64_t datagrams = 0;          // completed
  uint64_t overlapping = 0;        // fragments that overlapped data already held
  uint64_t inconsistent = 0;       // ... with different bytes (the first kept)
  uint64_t damaged = 0;            // fragments that cannot belong to a datagram
  uint64_t dropped_timeout = 0;    // datagrams
  uint64_t dropped_memory = 0;     // datagrams dropped for the limits
  uint64_t incomplete_at_end = 0;  // datagrams still pending when the capture ended
};

class IpReassembler {
 public:
  explicit IpReassembler(const ReassemblyLimits& limits = {});
  // Adds one fragment (`ip` decoded from `datagram`, all of it captured). When it completes a
  // datagram, writes the whole datagram (a header without fragmentation, then the payload) to
  // `out` and returns true.
  bool add(const IpHeader& ip, std::span<const uint8_t> datagram, int64_t time_ns, uint64_t offset,
           std::vector<uint8_t>& out, ProblemList& problems);
  // Drops datagrams whose first fragment is older than the timeout at `now_ns`.
  void expire(int64_t now_ns);
  // The end of the capture: whatever is pending is counted as incomplete and freed.
  void finish();
  size_t bytes_held() const { return bytes_held_; }
  size_t pending() const { return pending_.size(); }
  const ReassemblyStats& stats() const { return stats_; }

 private:
  struct Key {
    uint8_t version;
    IpAddress src, dst;
    uint32_t id;
    friend bool operator<(const Key& a, const Key& b) {
      if (a.version != b.version) return a.version < b.version;
      if (a.id != b.id) return a.id < b.id;
      if (!(a.src == b.src)) return a.src < b.src;
      return a.dst < b.dst;
    }
  };
  struct Pending {
    uint64_t order = 0;  // arrival of its first fragment
    int64_t first_time = 0;
    std::vector<uint8_t> header;  // the offset-0 fragment's header (IPv6: unfragmentable part)
    uint32_t next_header_at = 0;  // IPv6: the byte to set to `protocol`
    uint8_t protocol = 0;
    std::vector<uint8_t> data;  // the fragmentable part, grown as fragments arrive
    std::vector<std::pair<uint32_t, uint32_t>> have;  // held ranges, sorted and merged
    int64_t total = -1;                               // payload length, once the last fragment came
    size_t held() const { return header.size() + data.size(); }
  };
  using Map = std::map<Key, Pending>;
  void drop(Map::iterator it);
  bool complete(const Pending& p) const;
  void build(const Key& key, const Pending& p, std::vector<uint8_t>& out) const;

  ReassemblyLimits limits_;
  ReassemblyStats stats_;
  Map pending_;
  std::map<uint64_t, Key> by_age_;  // arrival order, oldest first
  uint64_t next_order_ = 0;
  size_t bytes_held_ = 0;
};

}  // namespace zeekscope::packet
