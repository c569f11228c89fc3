#pragma once
// One side of a TCP connection as Zeek tracks it (TCP_Endpoint): its state, its sequence space
// (64-bit offsets from the initial sequence number, so wrap-around is counted), the highest
// sequence number its peer acknowledged, and the data ranges seen, so that bytes acknowledged
// but never captured count as a content gap.
#include <cstddef>
#include <cstdint>
#include <map>

namespace zeekscope::flow {

enum class TcpState : uint8_t {
  kInactive,
  kSynSent,
  kSynAckSent,
  kPartial,  // its first packet had no SYN
  kEstablished,
  kClosed,  // FIN seen
  kReset,   // RST seen
};

// Zeek's "logarithmic" history letters: added at the 1st, 10th, 100th ... occurrence.
struct ScaledCounter {
  uint64_t count = 0, threshold = 1;
  bool step() {
    if (++count != threshold) return false;
    threshold = threshold < UINT64_MAX / 10 ? threshold * 10 : UINT64_MAX;
    return true;
  }
};

struct TcpEndpoint {
  TcpState state = TcpState::kInactive, prev_state = TcpState::kInactive;
  bool did_close = false;
  // Sequence space: the ISN, and the last sequence number sent and acknowledged by the peer,
  // each as the 32-bit value last seen and as a 64-bit offset from the ISN.
  uint32_t start = 0, last = 0, ack = 0;
  int64_t last_offset = 0, ack_offset = 0;
  uint32_t ack_sent = 0;  // the acknowledgement in this side's last ACK
  uint32_t fin_count = 0;
  int64_t fin_end = 0;  // offset one past the FIN
  int64_t hist_last_syn = 0, hist_last_fin = 0, hist_last_rst = 0;
  ScaledCounter retransmits, zero_windows, bad_checksums, gaps;
  // Content below `delivered` is accounted for (seen, or counted missing); `ranges` holds data
  // seen beyond it (offset -> end).
  int64_t delivered = 1;
  std::map<int64_t, int64_t> ranges;

  bool inactive() const { return state == TcpState::kInactive || state == TcpState::kPartial; }
  void set_state(TcpState s) {
    if (s == state) return;
    prev_state = state;
    state = s;
  }
  // Starts the sequence space at `isn` with `next` the first sequence number after the packet.
  void init_sequence(uint32_t isn, uint32_t next);
  // The offset of a sequence number, taken as the nearer one to the last sequence number.
  int64_t offset_of(uint32_t seq) const { return last_offset + int32_t(seq - last); }
  void advance_last(uint32_t seq);  // only forward
  void set_last(uint32_t seq);      // Zeek's >2 GB SYN ... FIN case: taken as forward of the ISN
  void advance_ack(uint32_t seq);   // only forward
  // Zeek's Size(): the bytes sent, by the larger of last sequence number and acknowledgement,
  // less one for the SYN and one for a FIN.
  uint64_t size(const TcpEndpoint& peer) const;
  // Data seen at [offset, offset + length).
  void add_data(int64_t offset, int64_t length, size_t max_ranges, uint64_t& dropped_ranges);
  // The peer acknowledged up to `offset`: returns the bytes below it never seen.
  uint64_t acknowledged(int64_t offset);
};

}  // namespace zeekscope::flow
