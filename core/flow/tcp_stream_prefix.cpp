#include "flow/tcp_stream_prefix.h"

namespace zeekscope::flow {

int64_t TcpStreamPrefix::offset_of(uint32_t seq) const {
  // Sequence numbers wrap: the offset is the nearest one to the next expected byte.
  return int64_t(next_) + int32_t(seq - uint32_t(base_ + next_));
}

void TcpStreamPrefix::segment(uint32_t seq, bool syn, bool fin, std::span<const uint8_t> payload,
                              uint32_t payload_length, const Deliver& deliver) {
  if (state_ != State::kOpen) return;
  uint32_t data_seq = syn ? seq + 1 : seq;
  if (!have_base_) {
    if (!syn && payload_length == 0) return;  // nothing places the stream's start yet
    base_ = data_seq;
    have_base_ = true;
  }
  if (payload.size() > payload_length) payload = payload.first(payload_length);
  int64_t at = offset_of(data_seq);
  int64_t end = at + int64_t(payload.size());
  int64_t next = int64_t(next_);
  if (fin && at + int64_t(payload_length) >= 0) fin_at_ = uint64_t(at + payload_length);
  bool snapped = payload.size() < payload_length;
  if (payload.empty() || end <= next) {
    retransmitted_ += payload.size();
    if (snapped && at + int64_t(payload_length) > next) gap();  // the missing part is new
    return;
  }
  if (at > next) {
    if (snapped || held_bytes_ + payload.size() > max_held_) return gap();
    auto& slot = held_[uint64_t(at)];
    if (slot.size() < payload.size()) {
      held_bytes_ += payload.size() - slot.size();
      slot.assign(payload.begin(), payload.end());
    }
    return;
  }
  retransmitted_ += uint64_t(next - at);
  next_ = uint64_t(end);
  deliver(payload.subspan(size_t(next - at)));
  if (snapped) return gap();
  while (state_ == State::kOpen && !held_.empty() && held_.begin()->first <= next_) {
    auto node = held_.extract(held_.begin());
    held_bytes_ -= node.mapped().size();
    uint64_t from = node.key(), to = from + node.mapped().size();
    if (to <= next_) {
      retransmitted_ += node.mapped().size();
      continue;
    }
    std::span<const uint8_t> rest(node.mapped());
    rest = rest.subspan(size_t(next_ - from));
    next_ = to;
    deliver(rest);
  }
}

void TcpStreamPrefix::peer_ack(uint32_t ack) {
  if (state_ != State::kOpen || !have_base_) return;
  int64_t acked = offset_of(ack);
  if (acked <= int64_t(next_)) return;
  if (fin_at_ && *fin_at_ == next_ && acked == int64_t(next_) + 1) return;  // the FIN's ack
  gap();
}

void TcpStreamPrefix::gap() {
  stop();
  state_ = State::kGap;
}

void TcpStreamPrefix::stop() {
  state_ = State::kStopped;
  held_.clear();
  held_bytes_ = 0;
}

}  // namespace zeekscope::flow
