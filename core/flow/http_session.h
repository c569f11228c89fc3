#pragma once
// HTTP on one connection: a parser per direction fed the in-order bytes as they come, and
// requests paired with replies into http.log transactions as Zeek's base scripts pair them
// (spec section 8): the n-th request and the n-th final reply share trans_depth n; a reply
// with no request pending opens a transaction of its own; a 1xx reply keeps its transaction
// open. ts is the time of the piece a message's first byte came in. A transaction is written when
// its final reply's body is complete, the rest when the connection ends.
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <utility>

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
  // When the recent pieces of a direction arrived, by their first byte's stream offset: a
  // message's ts is the time of the piece its first byte came in (Zeek's network time at the
  // request or status line).
  struct ChunkTimes {
    static constexpr size_t kKept = 64;
    std::deque<std::pair<uint64_t, int64_t>> starts;
    void add(uint64_t offset, int64_t t_us);
    int64_t at(uint64_t offset) const;
  };
  void take_requests();
  void take_replies();
  Transaction& open(uint32_t depth, int64_t t_us);
  void write_done(const Emit& emit);
  void write(Transaction& t, const Emit& emit);

  protocol::HttpParser requests_, replies_;
  ChunkTimes request_times_, reply_times_;
  size_t requests_taken_ = 0, replies_taken_ = 0;
  uint32_t current_request_ = 0, current_response_ = 0;
  std::map<uint32_t, Transaction> pending_;  // by trans_depth
};

}  // namespace zeekscope::flow
