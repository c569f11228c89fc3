#include "flow/http_session.h"

#include <algorithm>
#include <string>

namespace zeekscope::flow {
namespace {

std::optional<std::string> unless_empty(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return s;
}

bool informational(const std::optional<int>& code) { return code && *code >= 100 && *code < 200; }

}  // namespace

void HttpSession::ChunkTimes::add(uint64_t offset, int64_t t_us) {
  if (!starts.empty() && starts.back().first == offset) {  // nothing was fed since
    starts.back().second = t_us;
    return;
  }
  if (starts.size() == kKept) starts.pop_front();
  starts.emplace_back(offset, t_us);
}

int64_t HttpSession::ChunkTimes::at(uint64_t offset) const {
  int64_t t = starts.empty() ? 0 : starts.front().second;
  for (const auto& [start, time] : starts) {
    if (start > offset) break;
    t = time;
  }
  return t;
}

HttpSession::Transaction& HttpSession::open(uint32_t depth, int64_t t_us) {
  auto [it, created] = pending_.try_emplace(depth);
  if (created) {
    it->second.record.conn.ts_us = t_us;
    it->second.record.trans_depth = depth;
  }
  return it->second;
}

void HttpSession::requests(std::span<const uint8_t> bytes, int64_t t_us, const Emit& emit) {
  if (!reading(requests_)) return;
  request_times_.add(requests_.bytes_seen(), t_us);
  requests_.feed(bytes);
  take_requests();
  write_done(emit);
}

void HttpSession::replies(std::span<const uint8_t> bytes, int64_t t_us, const Emit& emit) {
  if (!reading(replies_)) return;
  reply_times_.add(replies_.bytes_seen(), t_us);
  replies_.feed(bytes);
  take_replies();
  write_done(emit);
}

void HttpSession::take_requests() {
  const auto& messages = requests_.messages();
  for (; requests_taken_ < messages.size(); ++requests_taken_) {
    const protocol::HttpMessage& m = messages[requests_taken_];
    // Replies that came first took their own trans_depth: a request goes after them (Zeek's
    // numbering in btest http-desynched).
    current_request_ = std::max(current_request_, current_response_) + 1;
    Transaction& t = open(current_request_, request_times_.at(m.offset));
    t.request = requests_taken_;
    HttpRecord& r = t.record;
    r.method = m.method;
    r.uri = protocol::unescape_http_uri(m.uri);
    r.host = unless_empty(m.host);
    r.user_agent = unless_empty(m.user_agent);
    r.referrer = unless_empty(m.referrer);
    r.origin = unless_empty(m.origin);
    replies_.expect_reply_to(m.method, m.version);
  }
}

void HttpSession::take_replies() {
  const auto& messages = replies_.messages();
  for (; replies_taken_ < messages.size(); ++replies_taken_) {
    const protocol::HttpMessage& m = messages[replies_taken_];
    // A new transaction unless the current one is waiting for the final reply after a 1xx.
    auto current = pending_.find(current_response_);
    if (current == pending_.end() ||
        (current->second.record.status_code && !informational(current->second.record.status_code)))
      ++current_response_;
    Transaction& t = open(current_response_, reply_times_.at(m.offset));
    t.reply = replies_taken_;
    HttpRecord& r = t.record;
    r.status_code = m.status_code;
    // Zeek's text for a status line without a reason (and for HTTP/0.9, which has none).
    r.status_msg = m.reason.empty() ? std::string("<empty>") : m.reason;
    m.status_code == 0 ? std::optional<std::string>("<empty>") : unless_empty(m.reason);
    r.version = unless_empty(m.version);
  }
}

void HttpSession::write_done(const Emit& emit) {
  const auto& replies = replies_.messages();
  for (auto it = pending_.begin(); it != pending_.end();) {
    Transaction& t = it->second;
    bool done = t.reply && !informational(t.record.status_code) &&
                (replies[*t.reply].body_complete || *t.reply + 1 < replies.size());
    if (!done) {
      ++it;
      continue;
    }
    write(t, emit);
    it = pending_.erase(it);
  }
}

void HttpSession::write(Transaction& t, const Emit& emit) {
  if (t.request) t.record.request_body_len = requests_.messages()[*t.request].body_length;
  if (t.reply) t.record.response_body_len = replies_.messages()[*t.reply].body_length;
  emit(t.record);
}

void HttpSession::finish(const Emit& emit) {
  for (auto& [depth, t] : pending_) write(t, emit);
  pending_.clear();
}

}  // namespace zeekscope::flow
