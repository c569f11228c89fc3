#pragma once
// DNS over TCP (RFC 1035 section 4.2.2, RFC 7766): each message is preceded by its length in two
// bytes, big-endian. `cut_dns_tcp_messages` cuts whole messages from the start of a contiguous
// stream; `DnsTcpStream` does the same over chunks of one direction, holding at most one
// unfinished message (2 + 65535 bytes).
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

namespace zeekscope::protocol {

struct DnsTcpCut {
  std::vector<std::span<const uint8_t>> messages;  // views into the stream
  size_t consumed = 0;     // bytes of the stream the messages (and their prefixes) take
  bool need_more = false;  // bytes after them start a message not yet whole
};

// At most `max_messages` are cut; the rest stays unconsumed (need_more false).
DnsTcpCut cut_dns_tcp_messages(std::span<const uint8_t> stream, size_t max_messages = 1024);

class DnsTcpStream {
 public:
  using OnMessage = std::function<void(std::span<const uint8_t>)>;
  // Calls `on_message` for each message the chunk completes, in order.
  void feed(std::span<const uint8_t> chunk, const OnMessage& on_message);
  // Forgets a partial message (after a gap in the stream, or at its end).
  void reset() { held_.clear(); }
  size_t held() const { return held_.size(); }

 private:
  std::vector<uint8_t> held_;  // the start of an unfinished message, its length prefix included
};

}  // namespace zeekscope::protocol
