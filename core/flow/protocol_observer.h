#pragma once
// The protocol layer over the connection table: a FlowObserver that puts each TCP direction
// back in order only as far as the parsers need it (TcpStreamPrefix), keeps the first bytes
// of each direction for the service decision, and runs the DNS, TLS and HTTP parsers
// (core/protocol) on what arrives, handing dns, ssl, x509 and http records to a
// ProtocolRecordSink.
// Memory is bounded per direction and over all connections (ProtocolLimits); a connection
// that would pass the total budget is no longer analysed, and counted.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "flow/flow_table.h"
#include "flow/protocol_records.h"
#include "protocol/dns_transactions.h"
#include "protocol/http_message.h"
#include "protocol/tls_hello.h"

namespace zeekscope::flow {

struct ProtocolLimits {
  size_t max_out_of_order = 64 * 1024;  // bytes held ahead of a hole, per direction
  size_t service_prefix = 1024;         // first bytes kept per direction (Zeek's dpd_buffer_size)
  size_t max_udp_first = 64 * 1024;     // of each direction's first UDP datagram
  // Over all connections: prefixes, out-of-order segments, partial DNS messages.
  size_t max_buffered_total = 64u << 20;
  protocol::TlsLimits tls;
  protocol::HttpLimits http;
  protocol::DnsPairingLimits dns;
};

struct ProtocolConfig {
  std::set<uint16_t> dns_udp_ports = default_dns_ports();  // 53, 137, 5353, 5355
  std::set<uint16_t> dns_tcp_ports = {53};
  std::set<uint16_t> http_ports = {80, 81, 631, 1080, 3128, 8000, 8080, 8888};
};

struct ProtocolStats {
  uint64_t connections = 0;          // TCP and UDP connections watched
  uint64_t partial_connections = 0;  // TCP, first packet without SYN: content not analysed
  uint64_t over_budget = 0;          // connections no longer analysed for the total budget
  uint64_t stream_gaps = 0;          // TCP directions ended by a content gap
  uint64_t retransmitted_bytes = 0;  // payload bytes seen before, dropped
  uint64_t services_set = 0;
  uint64_t tls_client_hellos = 0, tls_server_hellos = 0;
  uint64_t dns_records = 0, ssl_records = 0, http_records = 0, x509_records = 0;
  uint64_t certificates = 0;           // parsed from Certificate messages
  uint64_t certificates_unparsed = 0;  // in a chain, but not a certificate parse_certificate reads
  uint64_t certificate_extensions_unread = 0;  // certificates with a malformed SAN or constraints
  uint64_t certificate_messages_bad = 0;       // Certificate messages whose lists are malformed
  uint64_t certificate_searches_failed = 0;    // past TlsLimits::max_prefix, or bad records
  size_t buffered_bytes = 0, buffered_peak = 0;
};

class ProtocolObserver final : public FlowObserver {
 public:
  explicit ProtocolObserver(ProtocolRecordSink& sink, ProtocolConfig config = {},
                            ProtocolLimits limits = {});
  ~ProtocolObserver() override;

  void on_packet(Connection& connection, const FlowPacket& packet) override;
  void on_end(Connection& connection) override;
  // The end of the capture (after FlowTable::finish, nothing should be pending).
  void finish();

  const ProtocolStats& stats() const { return stats_; }
  const protocol::DnsPairingStats& dns_stats() const { return dns_.stats(); }

 private:
  struct State;
  struct Direction;
  class DnsAdapter : public protocol::DnsTransactionSink {
   public:
    explicit DnsAdapter(ProtocolObserver& owner) : owner_(owner) {}
    void on_dns(const protocol::DnsTransaction& t) override { owner_.write_dns(t); }

   private:
    ProtocolObserver& owner_;
  };

  State& state_for(Connection& c, const FlowPacket& p);
  void on_udp(State& s, int dir, const FlowPacket& p);
  void on_tcp(State& s, int dir, const FlowPacket& p);
  void on_bytes(State& s, int dir, std::span<const uint8_t> bytes, int64_t t_us);
  void run_tls(State& s, int dir, int64_t t_us, bool last);
  void run_certificate(State& s, int dir, int64_t t_us, bool last);
  static bool certificate_pending(const Direction& d);
  bool ssl_complete(const State& s) const;
  // Reads a direction's Certificate message: true when it listed at least one certificate.
  bool certificates(const Direction& d, bool client, std::vector<std::string>& fingerprints,
                    std::optional<x509::Certificate>* leaf);
  void decide_http(State& s, int64_t t_us);
  void dns_message(State& s, std::span<const uint8_t> bytes, int64_t t_us);
  bool wants_bytes(const State& s, int dir) const;
  size_t prefix_cap(const State& s, int dir) const;
  void account(State& s);
  void over_budget(State& s);
  std::string decide_service(const State& s) const;
  void write_ssl(State& s);
  void write_dns(const protocol::DnsTransaction& t);
  RecordConnection record_connection(const State& s, int64_t ts_us) const;
  int orig_dir(const State& s) const;

  ProtocolRecordSink& sink_;
  ProtocolConfig config_;
  ProtocolLimits limits_;
  ProtocolStats stats_;
  DnsAdapter dns_adapter_{*this};
  protocol::DnsTransactions dns_;
  std::unordered_map<uint64_t, std::unique_ptr<State>> states_;  // by Connection::id()
  static constexpr size_t kMaxRememberedCertificates = 100000;
  std::unordered_set<std::string> x509_written_;  // fingerprint + host/CA + client/server
};

}  // namespace zeekscope::flow
