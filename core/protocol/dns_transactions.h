#pragma once
// Pairs DNS queries and replies into dns.log records as Zeek's base/protocols/dns/main.zeek does
// (spec section 6), per connection: the caller names each connection with an opaque number
// and says whether its responder address is multicast. A reply pairs with the oldest pending
// query of its transaction id on the connection, and a query with the oldest pending reply; a
// record is written once it has both. Messages to a multicast responder (Zeek 9.0+) make one
// record each. What is left pending is written, unmatched, when the connection ends
// (finish_connection) or the capture ends (finish). Only QUERY, NOTIFY and UPDATE messages
// count. Time never goes backwards (Zeek's network_time).
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "protocol/dns_message.h"

namespace zeekscope::protocol {

// One dns.log record, minus what the connection gives (uid, id, proto).
struct DnsTransaction {
  uint64_t connection = 0;
  int64_t ts_ns = 0;
  uint16_t trans_id = 0;
  std::optional<int64_t> rtt_ns;
  std::optional<std::string> query;
  std::optional<uint16_t> qclass, qtype;  // from a query only
  std::optional<uint16_t> rcode;          // from a reply only
  uint8_t opcode = 0;
  bool AA = false, TC = false, RD = false, RA = false;
  uint8_t Z = 0;
  std::vector<std::string> answers;  // unset in the log when empty
  std::vector<uint32_t> ttls;        // seconds, one per answer
  bool rejected = false;
  bool saw_query = false, saw_reply = false;
};

class DnsTransactionSink {
 public:
  virtual ~DnsTransactionSink() = default;
  virtual void on_dns(const DnsTransaction& record) = 0;
};

struct DnsPairingLimits {
  size_t max_pending_per_id = 50;     // Zeek's DNS::max_pending_msgs
  size_t max_pending_ids = 50;        // Zeek's DNS::max_pending_query_ids
  size_t max_pending_total = 100000;  // over all connections; past it a message is written alone
};

struct DnsPairingStats {
  uint64_t messages = 0;      // offered
  uint64_t not_dns = 0;       // no header
  uint64_t other_opcode = 0;  // not QUERY, NOTIFY or UPDATE: ignored, as Zeek does
  uint64_t with_error = 0;    // parsed partly (what was parsed is used)
  uint64_t errors[size_t(DnsError::kCount)] = {};
  uint64_t records = 0;            // written
  uint64_t paired = 0;             // records with both a query and a reply
  uint64_t flushed_for_limit = 0;  // written unmatched because a per-connection limit was passed
  uint64_t over_total_limit = 0;   // written alone because max_pending_total was reached
};

class DnsTransactions {
 public:
  explicit DnsTransactions(DnsTransactionSink& sink, const DnsPairingLimits& limits = {});
  // One parsed message of `connection` seen at `time_ns`.
  void on_message(uint64_t connection, int64_t time_ns, const DnsMessage& message,
                  bool responder_multicast = false);
  // The connection ended: its pending queries, then its pending replies, are written.
  void finish_connection(uint64_t connection);
  // Every connection ends, in the order of their keys.
  void finish();
  size_t pending() const { return pending_total_; }
  const DnsPairingStats& stats() const { return stats_; }

 private:
  using Queue = std::deque<DnsTransaction>;
  using ById = std::map<uint16_t, Queue>;
  struct Connection {
    std::optional<DnsTransaction> first_query;  // Zeek's pending_query fast path
    ById queries, replies;
  };
  DnsTransaction take(ById& table, uint16_t id);
  void enqueue(ById& table, DnsTransaction t);
  void write(const DnsTransaction& t);
  void write_all(ById& table);
  void apply(DnsTransaction& t, int64_t now, const DnsMessage& m);

  DnsTransactionSink& sink_;
  DnsPairingLimits limits_;
  DnsPairingStats stats_;
  std::map<uint64_t, Connection> connections_;
  size_t pending_total_ = 0;
  int64_t now_ns_ = INT64_MIN;
};

}  // namespace zeekscope::protocol
