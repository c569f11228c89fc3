#pragma once
// HTTP on one connection: a parser per direction fed the in-order bytes as they come, and
// requests paired with replies into http.log transactions as Zeek's base scripts pair them
// (spec section 8): the n-th request and the n-th final reply share trans_depth n; a reply
// with no request pending opens a transaction of its own; a 1xx reply keeps its transaction
// open. A transaction is written when its final reply's body is complete, the rest when the
// connection ends.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>

#include "flow/protocol_records.h"
#include "protocol/http_message.h"

namespace zeekscope::flow {

class HttpSession {
 public:
  // A finished transaction (its conn has only ts_us set; the caller fills the rest).
  using Emit = std::function<void(HttpRecord&)>;

  explicit HttpSession(const protocol::HttpLimits& limits = {})
      : requests_(protocol::HttpParser::Side::kRequests, limits),
        replies_(protocol::HttpParser::Side::kResponses, limits) {}

  // The next in-order bytes of the originator's (requests) or responder's (replies) direction,
  // seen at `t_us`.
  void requests(std::span<const uint8_t> bytes, int64_t t_us, const Emit& emit);
  void replies(std::span<const uint8_t> bytes, int64_t t_us, const Emit& emit);
  // The connection ended: pending transactions are written in trans_depth order.
  void finish(const Emit& emit);

  // Whether the direction's parser still reads (false once it found no HTTP, hit a limit or
  // went opaque: its bytes are then not needed).
  bool reading_requests() const { return reading(requests_); }
  bool reading_replies() const { return reading(replies_); }

 private:
  struct Transaction {
    HttpRecord record;
    std::optional<size_t> request, reply;  // message indexes
  };
  static bool reading(const protocol::HttpParser& p) {
    return p.status() == protocol::HttpParser::Status::kReading;
  }
  void take_requests(int64_t t_us);
  void take_replies(int64_t t_us);
  Transaction& open(uint32_t depth, int64_t t_us);
  void write_done(const Emit& emit);
  void write(Transaction& t, const Emit& emit);

  protocol::HttpParser requests_, replies_;
  size_t requests_taken_ = 0, replies_taken_ = 0;
  uint32_t current_request_ = 0, current_response_ = 0;
  std::map<uint32_t, Transaction> pending_;  // by trans_depth
};

}  // namespace zeekscope::flow
