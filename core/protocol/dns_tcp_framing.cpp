#include "protocol/dns_tcp_framing.h"

#include <algorithm>

#include "packet/byte_order.h"

namespace zeekscope::protocol {

DnsTcpCut cut_dns_tcp_messages(std::span<const uint8_t> stream, size_t max_messages) {
  DnsTcpCut cut;
  size_t at = 0;
  while (cut.messages.size() < max_messages) {
    if (stream.size() - at < 2) {
      cut.need_more = at < stream.size();
      break;
    }
    size_t length = packet::load_be16(stream.data() + at);
    if (stream.size() - at - 2 < length) {
      cut.need_more = true;
      break;
    }
    cut.messages.push_back(stream.subspan(at + 2, length));
    at += 2 + length;
  }
  cut.consumed = at;
  return cut;
}

void DnsTcpStream::feed(std::span<const uint8_t> chunk, const OnMessage& on_message) {
  while (!chunk.empty()) {
    if (held_.empty()) {
      // Whole messages straight from the chunk; only a tail is copied.
      DnsTcpCut cut = cut_dns_tcp_messages(chunk, SIZE_MAX);
      for (auto message : cut.messages) on_message(message);
      held_.assign(chunk.begin() + ptrdiff_t(cut.consumed), chunk.end());
      return;
    }
    // Complete the held message: first its length prefix, then its body.
    size_t want = held_.size() < 2 ? 2 - held_.size() : 0;
    if (want == 0) want = 2 + size_t(packet::load_be16(held_.data())) - held_.size();
    size_t take = std::min(want, chunk.size());
    held_.insert(held_.end(), chunk.begin(), chunk.begin() + ptrdiff_t(take));
    chunk = chunk.subspan(take);
    if (held_.size() >= 2 && held_.size() == 2 + size_t(packet::load_be16(held_.data()))) {
      on_message(std::span<const uint8_t>(held_).subspan(2));
      held_.clear();
    }
  }
}

}  // namespace zeekscope::protocol
