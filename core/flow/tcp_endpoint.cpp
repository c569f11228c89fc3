#include "flow/tcp_endpoint.h"

#include <algorithm>

namespace zeekscope::flow {

void TcpEndpoint::init_sequence(uint32_t isn, uint32_t next) {
  start = isn;
  ack = isn;
  ack_offset = 0;
  last = next;
  last_offset = int64_t(uint32_t(next - isn));
  delivered = 1;
  ranges.clear();
}

void TcpEndpoint::advance_last(uint32_t seq) {
  int32_t delta = int32_t(seq - last);
  if (delta > 0) last_offset += delta;
  last = seq;
}

void TcpEndpoint::set_last(uint32_t seq) {
  last = seq;
  last_offset = int64_t(uint32_t(seq - start));
}

void TcpEndpoint::advance_ack(uint32_t seq) {
  int32_t delta = int32_t(seq - ack);
  if (delta <= 0) return;
  ack_offset += delta;
  ack = seq;
}

uint64_t TcpEndpoint::size(const TcpEndpoint& peer) const {
  if (state == TcpState::kInactive) return 0;
  // A SYN answered by nothing but its own RST: Zeek reports no data.
  if (prev_state == TcpState::kSynSent && state == TcpState::kReset &&
      peer.state == TcpState::kInactive)
    return 0;
  int64_t top = std::max(last_offset, ack_offset);
  uint64_t n = top > 0 ? uint64_t(top) : 0;
  if (n != 0) --n;  // the SYN
  if (fin_count > 0 && n != 0) --n;
  return n;
}

void TcpEndpoint::add_data(int64_t offset, int64_t length, size_t max_ranges,
                           uint64_t& dropped_ranges) {
  int64_t end = offset + length;
  if (length <= 0 || end <= delivered) return;
  if (offset <= delivered) {
    delivered = end;
  } else {
    auto [it, fresh] = ranges.emplace(offset, end);
    if (!fresh) it->second = std::max(it->second, end);
    if (ranges.size() > max_ranges) {
      ranges.erase(std::prev(ranges.end()));  // the farthest; its bytes become a gap
      ++dropped_ranges;
    }
  }
  while (!ranges.empty() && ranges.begin()->first <= delivered) {
    delivered = std::max(delivered, ranges.begin()->second);
    ranges.erase(ranges.begin());
  }
}

uint64_t TcpEndpoint::acknowledged(int64_t offset) {
  if (fin_count > 0 && offset >= fin_end) offset = fin_end - 1;  // the FIN is not content
  if (offset <= delivered) return 0;
  uint64_t missing = 0;
  while (delivered < offset) {
    if (!ranges.empty() && ranges.begin()->first <= delivered) {
      delivered = std::max(delivered, ranges.begin()->second);
      ranges.erase(ranges.begin());
      continue;
    }
    int64_t next = ranges.empty() ? offset : std::min(offset, ranges.begin()->first);
    missing += uint64_t(next - delivered);
    delivered = next;
  }
  while (!ranges.empty() && ranges.begin()->first <= delivered) {
    delivered = std::max(delivered, ranges.begin()->second);
    ranges.erase(ranges.begin());
  }
  return missing;
}

}  // namespace zeekscope::flow
