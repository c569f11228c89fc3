#pragma once
// One direction of a TCP connection put back in sequence order for the protocol parsers, only
// as far as they need it: in-order bytes are handed on at once and never kept; segments that
// arrive ahead of the next expected byte are held, at most `max_out_of_order` bytes of them;
// bytes already handed on (retransmissions) are dropped. A hole that can no longer be filled
// (the peer acknowledged bytes never seen, a segment captured short, or the hold limit
// reached) ends the direction, as Zeek's content gap ends its analyzers' input.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <vector>

namespace zeekscope::flow {

class TcpStreamPrefix {
 public:
  using Deliver = std::function<void(std::span<const uint8_t>)>;
  enum class State : uint8_t { kOpen, kGap, kStopped };

  explicit TcpStreamPrefix(size_t max_out_of_order = 64 * 1024) : max_held_(max_out_of_order) {}

  // One segment of this direction: its sequence number, SYN and FIN flags, the captured
  // payload and the payload length by the headers (more when the segment was snapped).
  // In-order bytes it completes go to `deliver`, in order.
  void segment(uint32_t seq, bool syn, bool fin, std::span<const uint8_t> payload,
               uint32_t payload_length, const Deliver& deliver);
  // The peer acknowledged up to `ack`: bytes acknowledged but never seen are a gap.
  void peer_ack(uint32_t ack);
  // The consumer needs no more bytes: what is held is released, later segments ignored.
  void stop();

  State state() const { return state_; }
  bool open() const { return state_ == State::kOpen; }
  uint64_t delivered() const { return next_; }               // bytes handed on
  size_t held() const { return held_bytes_; }                // bytes held out of order
  uint64_t retransmitted() const { return retransmitted_; }  // bytes dropped as seen before

 private:
  int64_t offset_of(uint32_t seq) const;
  void gap();

  size_t max_held_;
  State state_ = State::kOpen;
  bool have_base_ = false;
  uint32_t base_ = 0;  // sequence number of the stream's first byte
  uint64_t next_ = 0;  // offset of the next byte to hand on
  std::optional<uint64_t> fin_at_;
  std::map<uint64_t, std::vector<uint8_t>> held_;  // by offset
  size_t held_bytes_ = 0;
  uint64_t retransmitted_ = 0;
};

}  // namespace zeekscope::flow
