#include "flow/protocol_observer.h"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "flow/http_session.h"
#include "flow/tcp_stream_prefix.h"
#include "protocol/dns_message.h"
#include "protocol/dns_tcp_framing.h"
#include "protocol/service_signature.h"
#include "protocol/tls_certificate.h"
#include "x509/hostname_match.h"

namespace zeekscope::flow {
namespace {

constexpr uint8_t kTcp = 6, kUdp = 17;

bool is_multicast(const IpAddress& ip) {
  const auto& b = ip.bytes();
  return ip.is_v4() ? (b[12] & 0xF0) == 0xE0 : b[0] == 0xFF;
}

std::optional<std::string> unless_empty(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return s;
}

}  // namespace

// One direction, named by its sender (roles may flip after it was first seen).
struct ProtocolObserver::Direction {
  IpAddress addr;
  uint16_t port = 0;
  TcpStreamPrefix stream;
  std::vector<uint8_t> prefix;  // the first bytes (TCP: in order; UDP: the first datagram)
  uint64_t delivered = 0;       // TCP bytes handed on in order
  bool udp_seen = false;
  protocol::TlsStatus tls = protocol::TlsStatus::kNeedMore;
  size_t tls_parsed = 0;  // prefix length at the last parse
  size_t hello_end = 0;   // where an SSLv2-format ClientHello ended (TLS records may follow)
  // The Certificate message, searched for in the same prefix once the hello is done.
  protocol::TlsStatus certificate = protocol::TlsStatus::kNeedMore;
  size_t certificate_parsed = 0;
  size_t certificate_wait = 0;  // prefix length that completes a long record, 0 for none
  std::vector<uint8_t> certificate_message;
  int64_t certificate_us = 0;
  std::unique_ptr<protocol::DnsTcpStream> dns_tcp;
  bool gap_counted = false;

  explicit Direction(size_t max_out_of_order) : stream(max_out_of_order) {}
  bool prefix_whole() const { return delivered == prefix.size(); }
};

struct ProtocolObserver::State {
  Connection* connection = nullptr;  // valid while the connection lives
  bool tcp = false;
  bool partial = false;         // TCP whose first packet had no SYN: no content analysis
  bool no_analysis = false;     // over the budget
  std::string service;          // decided early (over the budget)
  std::vector<Direction> dirs;  // [0] the first sender, [1] the other
  std::optional<protocol::TlsClientHello> client;
  std::optional<protocol::TlsServerHello> server;
  std::optional<int64_t> ssl_ts;  // the first hello's time
  bool ssl_written = false;
  enum class Http : uint8_t { kUndecided, kOn, kOff } http = Http::kUndecided;
  std::unique_ptr<HttpSession> http_session;
  size_t accounted = 0;
  int64_t last_us = 0;  // the latest packet's time
};

ProtocolObserver::ProtocolObserver(ProtocolRecordSink& sink, ProtocolConfig config,
                                   ProtocolLimits limits)
    : sink_(sink), config_(std::move(config)), limits_(limits), dns_(dns_adapter_, limits_.dns) {}

ProtocolObserver::~ProtocolObserver() = default;

int ProtocolObserver::orig_dir(const State& s) const {
  const Connection& c = *s.connection;
  return s.dirs[0].addr == c.orig_h() && s.dirs[0].port == c.orig_p() ? 0 : 1;
}

ProtocolObserver::State& ProtocolObserver::state_for(Connection& c, const FlowPacket& p) {
  auto& slot = states_[c.id()];
  if (!slot) {
    slot = std::make_unique<State>();
    ++stats_.connections;
    slot->tcp = c.protocol() == kTcp;
    for (int i = 0; i < 2; ++i) slot->dirs.emplace_back(limits_.max_out_of_order);
    slot->dirs[0].addr = p.view.src;
    slot->dirs[0].port = p.view.src_port;
    slot->dirs[1].addr = p.view.dst;
    slot->dirs[1].port = p.view.dst_port;
    if (slot->tcp && !(p.view.tcp_flags & packet::tcp_flag::kSyn)) {
      // Both SYN and SYN-ACK missed: Zeek analyses no content of such a connection.
      slot->partial = true;
      ++stats_.partial_connections;
    }
  }
  slot->connection = &c;
  return *slot;
}

void ProtocolObserver::on_packet(Connection& connection, const FlowPacket& packet) {
  if (connection.protocol() != kTcp && connection.protocol() != kUdp) return;
  State& s = state_for(connection, packet);
  if (s.partial || s.no_analysis) return;
  s.last_us = packet.view.micros();
  int dir = packet.view.src == s.dirs[0].addr && packet.view.src_port == s.dirs[0].port ? 0 : 1;
  if (s.tcp)
    on_tcp(s, dir, packet);
  else
    on_udp(s, dir, packet);
  account(s);
}

void ProtocolObserver::on_udp(State& s, int dir, const FlowPacket& p) {
  Direction& d = s.dirs[dir];
  int64_t t = p.view.micros();
  if (!d.udp_seen) {
    d.udp_seen = true;
    size_t n = std::min(p.payload.size(), limits_.max_udp_first);
    d.prefix.assign(p.payload.begin(), p.payload.begin() + ptrdiff_t(n));
  }
  if (config_.dns_udp_ports.count(s.connection->resp_p())) dns_message(s, p.payload, t);
}

void ProtocolObserver::dns_message(State& s, std::span<const uint8_t> bytes, int64_t t_us) {
  protocol::DnsMessage m = protocol::parse_dns_message(bytes);
  dns_.on_message(s.connection->id(), t_us * 1000, m, is_multicast(s.connection->resp_h()));
}

void ProtocolObserver::on_tcp(State& s, int dir, const FlowPacket& p) {
  using namespace packet::tcp_flag;
  const packet::PacketView& v = p.view;
  int64_t t = v.micros();
  Direction& d = s.dirs[dir];
  Direction& peer = s.dirs[1 - dir];
  d.stream.segment(p.seq, v.tcp_flags & kSyn, v.tcp_flags & kFin, p.payload, v.payload_length,
                   [&](std::span<const uint8_t> bytes) { on_bytes(s, dir, bytes, t); });
  run_tls(s, dir, t, false);  // once per packet, whatever it delivered
  run_certificate(s, dir, t, false);
  if (ssl_complete(s)) write_ssl(s);
  // Shrink the prefixes once the TLS parsers are done with them (a ServerHello can end the
  // client's certificate search too); stop when no one needs more.
  for (int x = 0; x < 2; ++x)
    if (s.dirs[x].prefix.size() > prefix_cap(s, x)) {
      s.dirs[x].prefix.resize(prefix_cap(s, x));
      s.dirs[x].prefix.shrink_to_fit();
    }
  if (d.stream.open() && !wants_bytes(s, dir)) d.stream.stop();
  if (v.tcp_flags & kAck) peer.stream.peer_ack(v.ack);
  for (Direction* x : {&d, &peer})
    if (x->stream.state() == TcpStreamPrefix::State::kGap && !x->gap_counted) {
      x->gap_counted = true;
      ++stats_.stream_gaps;
    }
}

size_t ProtocolObserver::prefix_cap(const State& s, int dir) const {
  size_t cap = limits_.service_prefix;
  if (s.dirs[dir].tls == protocol::TlsStatus::kNeedMore || certificate_pending(s.dirs[dir]))
    cap = std::max(cap, limits_.tls.max_prefix);
  return cap;
}

bool ProtocolObserver::wants_bytes(const State& s, int dir) const {
  const Direction& d = s.dirs[dir];
  if (d.prefix.size() < prefix_cap(s, dir) && d.prefix_whole()) return true;
  if (d.dns_tcp) return true;
  if (s.http == State::Http::kUndecided) return true;
  if (s.http == State::Http::kOn && s.http_session) {
    bool requests = dir == orig_dir(s);
    return requests ? s.http_session->reading_requests() : s.http_session->reading_replies();
  }
  return false;
}

void ProtocolObserver::on_bytes(State& s, int dir, std::span<const uint8_t> bytes, int64_t t_us) {
  Direction& d = s.dirs[dir];
  bool whole = d.prefix_whole();
  d.delivered += bytes.size();
  size_t cap = prefix_cap(s, dir);
  if (whole && d.prefix.size() < cap) {
    size_t n = std::min(bytes.size(), cap - d.prefix.size());
    d.prefix.insert(d.prefix.end(), bytes.begin(), bytes.begin() + ptrdiff_t(n));
  }

  bool orig = dir == orig_dir(s);
  if (config_.dns_tcp_ports.count(s.connection->resp_p())) {
    if (!d.dns_tcp) d.dns_tcp = std::make_unique<protocol::DnsTcpStream>();
    d.dns_tcp->feed(bytes, [&](std::span<const uint8_t> m) { dns_message(s, m, t_us); });
  }

  auto emit = [&](HttpRecord& r) {
    r.conn = record_connection(s, r.conn.ts_us);
    ++stats_.http_records;
    sink_.on_http(r);
  };
  if (s.http == State::Http::kOn) {
    if (orig)
      s.http_session->requests(bytes, t_us, emit);
    else
      s.http_session->replies(bytes, t_us, emit);
  } else if (s.http == State::Http::kUndecided) {
    decide_http(s, t_us);
  }
}

void ProtocolObserver::run_tls(State& s, int dir, int64_t t_us, bool last) {
  Direction& d = s.dirs[dir];
  if (d.tls != protocol::TlsStatus::kNeedMore || d.prefix.size() == d.tls_parsed) return;
  // Each parse reads the prefix from its start: parse again only once it grew by an eighth
  // (at least 64 bytes), so tiny segments cannot make the work quadratic.
  bool full = d.prefix.size() >= prefix_cap(s, dir) || !d.prefix_whole();
  if (!last && !full && d.prefix.size() < d.tls_parsed + std::max<size_t>(64, d.tls_parsed / 8))
    return;
  d.tls_parsed = d.prefix.size();
  if (dir == orig_dir(s)) {
    auto r = protocol::parse_tls_client(d.prefix, limits_.tls);
    d.tls = r.status;
    if (r.status == protocol::TlsStatus::kDone) {
      s.client = std::move(r.hello);
      if (s.client->sslv2) d.hello_end = r.consumed;
      ++stats_.tls_client_hellos;
    }
  } else {
    auto r = protocol::parse_tls_server(d.prefix, limits_.tls);
    d.tls = r.status;
    if (r.status == protocol::TlsStatus::kDone) {
      s.server = std::move(r.hello);
      ++stats_.tls_server_hellos;
      // SSLv2 sends no Certificate message; TLS 1.3 encrypts it.
      if (s.server->sslv2 || s.server->version() >= 0x0304)
        for (Direction& x : s.dirs) x.certificate = protocol::TlsStatus::kNotTls;
    }
  }
  if (d.tls == protocol::TlsStatus::kNeedMore && !d.prefix_whole())
    d.tls = protocol::TlsStatus::kTooLong;
  if (d.tls == protocol::TlsStatus::kDone && !s.ssl_ts) s.ssl_ts = t_us;
}

bool ProtocolObserver::certificate_pending(const Direction& d) {
  return d.tls == protocol::TlsStatus::kDone && d.certificate == protocol::TlsStatus::kNeedMore;
}

void ProtocolObserver::run_certificate(State& s, int dir, int64_t t_us, bool last) {
  Direction& d = s.dirs[dir];
  if (!certificate_pending(d) || (d.prefix.size() == d.certificate_parsed && !last)) return;
  // As for the hellos: parse again once the prefix grew by an eighth, or completes the record
  // the last parse ended in when that record is itself an eighth of what was parsed (so the
  // prefix parsed grows geometrically either way and the work stays linear).
  bool full = d.prefix.size() >= limits_.tls.max_prefix || !d.prefix_whole();
  size_t step = std::max<size_t>(64, d.certificate_parsed / 8);
  bool record_done = d.certificate_wait && d.prefix.size() >= d.certificate_wait;
  if (!last && !full && !record_done && d.prefix.size() < d.certificate_parsed + step) return;
  d.certificate_parsed = d.prefix.size();
  protocol::TlsCertificateSearch r =
      protocol::find_tls_certificate_message(d.prefix, d.hello_end, limits_.tls);
  d.certificate = r.status;
  size_t eighth = std::max<size_t>(64, d.certificate_parsed / 8);
  d.certificate_wait = r.partial_record_length >= eighth ? r.partial_record_end : 0;
  if (r.status == protocol::TlsStatus::kDone) {
    d.certificate_message = std::move(r.message);
    d.certificate_us = t_us;
  } else if (r.status == protocol::TlsStatus::kNeedMore && full) {
    d.certificate = protocol::TlsStatus::kTooLong;
  }
  if (d.certificate == protocol::TlsStatus::kTooLong || d.certificate == protocol::TlsStatus::kBad)
    ++stats_.certificate_searches_failed;
}

// Both hellos, and each side's certificates (or the certainty that none come).
bool ProtocolObserver::ssl_complete(const State& s) const {
  return s.client && s.server && !certificate_pending(s.dirs[0]) && !certificate_pending(s.dirs[1]);
}

void ProtocolObserver::decide_http(State& s, int64_t t_us) {
  int o = orig_dir(s);
  const Direction& req = s.dirs[o];
  const Direction& rep = s.dirs[1 - o];
  if (!req.prefix_whole() || !rep.prefix_whole()) {
    s.http = State::Http::kOff;
    return;
  }
  bool on = config_.http_ports.count(s.connection->resp_p()) > 0 ||
            protocol::looks_like_http_request(req.prefix, false) ||
            protocol::looks_like_http_reply(rep.prefix);
  if (!on) {
    // Give up once both directions are long enough to have shown a first line.
    auto decisive = [](const std::vector<uint8_t>& b) {
      return b.size() >= 64 || std::find(b.begin(), b.end(), '\n') != b.end();
    };
    if (decisive(req.prefix) && decisive(rep.prefix)) s.http = State::Http::kOff;
    return;
  }
  s.http = State::Http::kOn;
  s.http_session = std::make_unique<HttpSession>(limits_.http);
  auto emit = [&](HttpRecord& r) {
    r.conn = record_connection(s, r.conn.ts_us);
    ++stats_.http_records;
    sink_.on_http(r);
  };
  s.http_session->requests(req.prefix, t_us, emit);
  s.http_session->replies(rep.prefix, t_us, emit);
}

void ProtocolObserver::account(State& s) {
  size_t held = 0;
  for (const Direction& d : s.dirs) {
    held += d.prefix.size() + d.stream.held() + d.certificate_message.size();
    if (d.dns_tcp) held += d.dns_tcp->held();
  }
  stats_.buffered_bytes = stats_.buffered_bytes - s.accounted + held;
  s.accounted = held;
  stats_.buffered_peak = std::max(stats_.buffered_peak, stats_.buffered_bytes);
  if (stats_.buffered_bytes > limits_.max_buffered_total) over_budget(s);
}

void ProtocolObserver::over_budget(State& s) {
  ++stats_.over_budget;
  s.service = decide_service(s);  // from what was seen so far
  s.no_analysis = true;
  for (Direction& d : s.dirs) {
    d.stream.stop();
    d.prefix = {};
    d.dns_tcp.reset();
  }
  stats_.buffered_bytes -= s.accounted;
  s.accounted = 0;
}

std::string ProtocolObserver::decide_service(const State& s) const {
  if (s.partial) return {};
  int o = orig_dir(s);
  protocol::FirstPayloads p;
  p.transport = s.tcp ? protocol::Transport::kTcp : protocol::Transport::kUdp;
  p.orig_port = s.connection->orig_p();
  p.resp_port = s.connection->resp_p();
  auto first = [&](const Direction& d) {
    std::span<const uint8_t> b(d.prefix);
    return s.tcp ? b.first(std::min(b.size(), limits_.service_prefix)) : b;
  };
  p.orig = first(s.dirs[o]);
  p.resp = first(s.dirs[1 - o]);
  return protocol::service_field(p);
}

RecordConnection ProtocolObserver::record_connection(const State& s, int64_t ts_us) const {
  const Connection& c = *s.connection;
  RecordConnection r;
  r.ts_us = ts_us;
  r.uid = c.uid();
  r.orig_h = c.orig_h();
  r.resp_h = c.resp_h();
  r.orig_p = c.orig_p();
  r.resp_p = c.resp_p();
  r.proto = s.tcp ? "tcp" : "udp";
  return r;
}

void ProtocolObserver::write_ssl(State& s) {
  if (s.ssl_written || (!s.client && !s.server)) return;
  s.ssl_written = true;
  protocol::TlsSummary t =
      protocol::summarize_tls(s.client ? &*s.client : nullptr, s.server ? &*s.server : nullptr);
  SslRecord r;
  r.conn = record_connection(s, s.ssl_ts.value_or(s.connection->ts_us()));
  r.version = unless_empty(t.version);
  r.cipher = unless_empty(t.cipher);
  r.curve = unless_empty(t.curve);
  r.server_name = unless_empty(t.server_name);
  r.next_protocol = unless_empty(t.next_protocol);
  r.resumed = t.resumed;
  // Certificates: the server's chain [0] and the client's [1], x509 records first.
  int o = orig_dir(s);
  std::optional<x509::Certificate> leaf;
  std::vector<std::string> fps[2];
  bool any = false;
  for (int side = 0; side < 2; ++side) {
    Direction& d = s.dirs[side == 0 ? 1 - o : o];
    if (d.certificate_message.empty()) continue;
    any |= certificates(d, side == 1, fps[side], side == 0 ? &leaf : nullptr);
    d.certificate_message = {};  // read: not held for the rest of the connection
  }
  account(s);
  // As Zeek: both lists once either side listed a certificate (an empty Certificate message, a
  // client's answer when it has none, lists nothing).
  if (any) {
    r.cert_chain_fps = std::move(fps[0]);
    r.client_cert_chain_fps = std::move(fps[1]);
  }
  if (leaf && r.server_name) r.sni_matches_cert = x509::matches_host(*leaf, *r.server_name);
  ++stats_.ssl_records;
  sink_.on_ssl(r);
}

bool ProtocolObserver::certificates(const Direction& d, bool client,
                                    std::vector<std::string>& fingerprints,
                                    std::optional<x509::Certificate>* leaf) {
  protocol::TlsCertificateList list =
      protocol::parse_tls_certificate_message(d.certificate_message);
  if (!list.ok()) {
    ++stats_.certificate_messages_bad;
    return false;
  }
  for (size_t i = 0; i < list.certificates.size(); ++i) {
    x509::CertificateParse p = x509::parse_certificate(list.certificates[i]);
    fingerprints.push_back(p.certificate.sha256);
    // One that does not parse keeps its fingerprint in the chain, so that an indicator naming
    // its bytes still matches (Zeek lists only those it parsed), and gives no x509 record: its
    // names and dates are unknown.
    if (!p.ok()) {
      ++stats_.certificates_unparsed;
      continue;
    }
    ++stats_.certificates;
    if (!p.certificate.unread_extension.empty()) ++stats_.certificate_extensions_unread;
    if (leaf && i == 0) *leaf = p.certificate;
    // Once per capture for each (fingerprint, host_cert, client_cert); past the cap on
    // remembered ones, written again rather than forgotten.
    std::string key = p.certificate.sha256 + (i == 0 ? 'h' : 'c') + (client ? 'c' : 's');
    if (x509_written_.count(key)) continue;
    if (x509_written_.size() < kMaxRememberedCertificates) x509_written_.insert(std::move(key));
    X509Record x;
    x.ts_us = d.certificate_us;
    x.certificate = std::move(p.certificate);
    x.host_cert = i == 0;
    x.client_cert = client;
    ++stats_.x509_records;
    sink_.on_x509(x);
  }
  return !list.certificates.empty();
}

void ProtocolObserver::write_dns(const protocol::DnsTransaction& t) {
  auto it = states_.find(t.connection);
  if (it == states_.end()) return;
  DnsRecord r;
  r.conn = record_connection(*it->second, t.ts_ns / 1000);
  r.trans_id = t.trans_id;
  if (t.rtt_ns) r.rtt_us = *t.rtt_ns / 1000;
  r.query = t.query;
  r.qclass = t.qclass;
  r.qtype = t.qtype;
  r.rcode = t.rcode;
  r.opcode = t.opcode;
  r.AA = t.AA;
  r.TC = t.TC;
  r.RD = t.RD;
  r.RA = t.RA;
  r.Z = t.Z;
  r.answers = t.answers;
  r.ttls = t.ttls;
  r.rejected = t.rejected;
  ++stats_.dns_records;
  sink_.on_dns(r);
}

void ProtocolObserver::on_end(Connection& connection) {
  auto it = states_.find(connection.id());
  if (it == states_.end()) return;
  State& s = *it->second;
  s.connection = &connection;
  if (s.http_session) {
    s.http_session->finish([&](HttpRecord& r) {
      r.conn = record_connection(s, r.conn.ts_us);
      ++stats_.http_records;
      sink_.on_http(r);
    });
  }
  if (!s.partial && !s.no_analysis && s.tcp)
    for (int dir = 0; dir < 2; ++dir) {
      run_tls(s, dir, s.last_us, true);
      run_certificate(s, dir, s.last_us, true);
    }
  write_ssl(s);
  dns_.finish_connection(connection.id());
  std::string service = s.no_analysis ? s.service : decide_service(s);
  if (!service.empty()) {
    connection.set_service(std::move(service));
    ++stats_.services_set;
  }
  for (const Direction& d : s.dirs) stats_.retransmitted_bytes += d.stream.retransmitted();
  stats_.buffered_bytes -= s.accounted;
  states_.erase(it);
}

void ProtocolObserver::finish() { dns_.finish(); }

}  // namespace zeekscope::flow
