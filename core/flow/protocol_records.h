#pragma once
// What the protocol layer gives for a capture: dns.log, ssl.log and http.log records as plain
// values, each with its connection's uid and tuple. Names of numbers (qtype_name, rcode_name,
// ...) are looked up when a record is written (protocol/dns_constants.h).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/ip_address.h"
#include "x509/certificate.h"

namespace zeekscope::flow {

// The connection a record belongs to (conn.log's uid and id, proto).
struct RecordConnection {
  int64_t ts_us = 0;  // the record's own ts (µs, as PacketView::micros)
  std::string uid;
  IpAddress orig_h, resp_h;
  uint16_t orig_p = 0, resp_p = 0;
  std::string proto;  // "tcp" or "udp"
};

struct DnsRecord {
  RecordConnection conn;
  uint16_t trans_id = 0;
  std::optional<int64_t> rtt_us;
  std::optional<std::string> query;
  std::optional<uint16_t> qclass, qtype, rcode;
  uint8_t opcode = 0;
  bool AA = false, TC = false, RD = false, RA = false;
  uint8_t Z = 0;
  std::vector<std::string> answers;  // unset in the log when empty
  std::vector<uint32_t> ttls;        // seconds
  bool rejected = false;
};

struct SslRecord {
  RecordConnection conn;
  std::optional<std::string> version, cipher, curve, server_name, next_protocol;
  bool resumed = false;
  // SHA-256 fingerprints of the certificates each side sent, in order (TLS 1.2 and older). As
  // Zeek: both are set once either side listed one, both unset when neither did.
  std::optional<std::vector<std::string>> cert_chain_fps, client_cert_chain_fps;
  std::optional<bool> sni_matches_cert;  // set when there is an SNI and a server certificate
  // Not derived (left unset): established, ssl_history, last_alert.
};

// One certificate seen in a TLS Certificate message (x509.log). Written once per capture for
// each (fingerprint, host_cert, client_cert) (Zeek: once a day).
struct X509Record {
  int64_t ts_us = 0;              // when its Certificate message was complete
  x509::Certificate certificate;  // sha256 is x509.log's fingerprint
  bool host_cert = false;         // the first of its chain
  bool client_cert = false;       // sent by the TLS client
};

struct HttpRecord {
  RecordConnection conn;
  uint32_t trans_depth = 0;
  std::optional<std::string> method, host, uri, referrer, version, user_agent, origin;
  uint64_t request_body_len = 0, response_body_len = 0;  // de-chunked, not decompressed
  std::optional<int> status_code;
  std::optional<std::string> status_msg;
};

class ProtocolRecordSink {
 public:
  virtual ~ProtocolRecordSink() = default;
  virtual void on_dns(const DnsRecord& record) = 0;
  virtual void on_ssl(const SslRecord& record) = 0;
  virtual void on_http(const HttpRecord& record) = 0;
  virtual void on_x509(const X509Record& record) = 0;
};

}  // namespace zeekscope::flow
