// The protocol layer over the connection table on hand-built packets (raw IP through the
// decoder): TCP directions in order (out-of-order, retransmitted, gaps, bounds), TLS hellos
// split over segments, pipelined HTTP, DNS over UDP and TCP, the service decision, the budget.
#include "flow/protocol_observer.h"

#include <gtest/gtest.h>

#include <set>

#include "common/sha1.h"
#include "common/sha256.h"
#include "der_builders.h"
#include "dns_builders.h"
#include "flow/capture_pipeline.h"
#include "flow/tcp_stream_prefix.h"
#include "packet/packet_decoder.h"
#include "packet_builders.h"
#include "tls_builders.h"
#include "x509/hostname_match.h"

namespace zeekscope::flow {
namespace {

namespace pk = test::pkt;
namespace tb = test::tls;
using namespace packet::tcp_flag;

constexpr uint8_t S = kSyn, A = kAck, P = kPsh;
const char* const kClient = "10.0.0.1";
const char* const kServer = "10.0.0.2";
constexpr uint32_t kCisn = 1000, kSisn = 5000;

std::string text(const tb::Bytes& b) { return std::string(b.begin(), b.end()); }

struct Harness : ConnRecordSink, ProtocolRecordSink {
  std::vector<ConnRecord> conns;
  std::vector<DnsRecord> dns;
  std::vector<SslRecord> ssl;
  std::vector<HttpRecord> http;
  std::vector<X509Record> x509;
  ProtocolObserver observer;
  FlowTable table;
  packet::PacketDecoder decoder{table};
  uint16_t cport = 40000, sport = 80;

  explicit Harness(ProtocolLimits limits = {}, FlowConfig config = {})
      : observer(*this, {}, limits), table(*this, std::move(config)) {
    table.set_observer(&observer);
  }
  void on_conn(const ConnRecord& r) override { conns.push_back(r); }
  void on_dns(const DnsRecord& r) override { dns.push_back(r); }
  void on_ssl(const SslRecord& r) override { ssl.push_back(r); }
  void on_http(const HttpRecord& r) override { http.push_back(r); }
  void on_x509(const X509Record& r) override { x509.push_back(r); }

  void raw(double seconds, const pk::Bytes& ip) {
    packet::CapturedPacket p;
    p.time_ns = int64_t(seconds * 1e9 + 0.5);
    p.link_type = packet::link_type::kRaw;
    p.data = {reinterpret_cast<const uint8_t*>(ip.data()), ip.size()};
    p.wire_length = uint32_t(ip.size());
    decoder.on_packet(p);
  }
  // Sequence numbers relative to each side's ISN (1 is the first data byte).
  void tcp(double t, bool from_client, uint32_t rel_seq, uint32_t rel_ack, uint8_t flags,
           const std::string& payload = "") {
    pk::V4 h;
    h.protocol = 6;
    h.src = from_client ? kClient : kServer;
    h.dst = from_client ? kServer : kClient;
    uint32_t seq = (from_client ? kCisn : kSisn) + rel_seq;
    uint32_t ack = (flags & A) ? (from_client ? kSisn : kCisn) + rel_ack : 0;
    raw(t, pk::with_checksum(
               pk::ipv4(h, pk::tcp(from_client ? cport : sport, from_client ? sport : cport, seq,
                                   ack, flags, payload))));
  }
  void handshake(double t) {
    tcp(t, true, 0, 0, S);
    tcp(t + 0.01, false, 0, 1, S | A);
    tcp(t + 0.02, true, 1, 1, A);
  }
  void udp(double t, const char* src, uint16_t sp, const char* dst, uint16_t dp,
           const pk::Bytes& payload) {
    pk::V4 h;
    h.src = src;
    h.dst = dst;
    raw(t, pk::with_checksum(pk::ipv4(h, pk::udp(sp, dp, payload))));
  }
  void finish() {
    table.finish();
    observer.finish();
  }
};

// --- TcpStreamPrefix ---

std::string collect(TcpStreamPrefix& s, uint32_t seq, const std::string& data, bool syn = false,
                    uint32_t wire = UINT32_MAX) {
  std::string out;
  auto bytes = std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(data.data()), data.size());
  s.segment(seq, syn, false, bytes, wire == UINT32_MAX ? uint32_t(data.size()) : wire,
            [&](std::span<const uint8_t> b) { out.append(b.begin(), b.end()); });
  return out;
}

TEST(TcpStreamPrefix, OutOfOrderAndRetransmittedSegments) {
  TcpStreamPrefix s;
  EXPECT_EQ(collect(s, 99, "", true), "");
  EXPECT_EQ(collect(s, 100, "abc"), "abc");
  EXPECT_EQ(collect(s, 106, "ghi"), "");  // held
  EXPECT_EQ(s.held(), 3u);
  EXPECT_EQ(collect(s, 100, "abc"), "");  // retransmitted
  EXPECT_EQ(collect(s, 101, "bcdef"),
            "def"
            "ghi");
  EXPECT_EQ(s.held(), 0u);
  EXPECT_EQ(s.delivered(), 9u);
  EXPECT_EQ(s.retransmitted(), 3u + 2u);
  EXPECT_TRUE(s.open());
}

TEST(TcpStreamPrefix, SequenceWrap) {
  TcpStreamPrefix s;
  collect(s, 0xFFFFFFFD, "", true);  // first byte at 0xFFFFFFFE
  EXPECT_EQ(collect(s, 0xFFFFFFFE, "ab"), "ab");
  EXPECT_EQ(collect(s, 0, "cd"), "cd");
  EXPECT_EQ(s.delivered(), 4u);
}

TEST(TcpStreamPrefix, AcknowledgedHoleIsAGap) {
  TcpStreamPrefix s;
  collect(s, 0, "", true);
  collect(s, 1, "ab");
  s.peer_ack(3);  // everything seen
  EXPECT_TRUE(s.open());
  collect(s, 6, "fg");  // 3..5 missing
  s.peer_ack(8);
  EXPECT_EQ(s.state(), TcpStreamPrefix::State::kGap);
  EXPECT_EQ(s.held(), 0u);
  EXPECT_EQ(collect(s, 3, "cde"), "");  // too late
}

TEST(TcpStreamPrefix, FinAcknowledgementIsNoGap) {
  TcpStreamPrefix s;
  collect(s, 0, "", true);
  std::string d = "ab";
  s.segment(1, false, true, {reinterpret_cast<const uint8_t*>(d.data()), 2}, 2,
            [](std::span<const uint8_t>) {});
  s.peer_ack(4);  // the two bytes and the FIN
  EXPECT_TRUE(s.open());
}

TEST(TcpStreamPrefix, HoldLimitAndSnappedSegmentsAreGaps) {
  TcpStreamPrefix s(4);
  collect(s, 0, "", true);
  collect(s, 10, "abc");
  EXPECT_TRUE(s.open());
  collect(s, 20, "de");  // 5 bytes held > 4
  EXPECT_EQ(s.state(), TcpStreamPrefix::State::kGap);

  TcpStreamPrefix t;
  collect(t, 0, "", true);
  EXPECT_EQ(collect(t, 1, "abc", false, 10), "abc");  // 7 bytes not captured
  EXPECT_EQ(t.state(), TcpStreamPrefix::State::kGap);
}

TEST(TcpStreamPrefix, EmptySegmentsAheadHoldNothing) {
  TcpStreamPrefix s;
  collect(s, 0, "", true);
  for (uint32_t seq = 10; seq < 10000; seq += 7) collect(s, seq, "");
  EXPECT_EQ(s.held(), 0u);
  EXPECT_EQ(collect(s, 1, "ab"), "ab");
  EXPECT_TRUE(s.open());
}

TEST(TcpStreamPrefix, StartsAtTheFirstDataWithoutSyn) {
  TcpStreamPrefix s;
  EXPECT_EQ(collect(s, 500, "xy"), "xy");
  EXPECT_EQ(collect(s, 502, "z"), "z");
}

// --- HTTP ---

TEST(ProtocolObserver, PipelinedHttpPairsInOrder) {
  Harness h;
  h.handshake(1);
  std::string reqs =
      "GET /a%20b HTTP/1.1\r\nHost: example.com:8080\r\nUser-Agent: ua\r\n\r\n"
      "HEAD /c HTTP/1.1\r\nHost: example.com\r\n\r\n";
  h.tcp(1.1, true, 1, 1, A | P, reqs);
  std::string r1 = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello";
  std::string r2 = "HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\n";
  h.tcp(1.2, false, 1, 1 + uint32_t(reqs.size()), A | P, r1.substr(0, 20));
  h.tcp(1.3, false, 21, 1 + uint32_t(reqs.size()), A | P, r1.substr(20) + r2);
  h.finish();
  ASSERT_EQ(h.http.size(), 2u);
  EXPECT_EQ(h.http[0].trans_depth, 1u);
  EXPECT_EQ(h.http[0].method, "GET");
  EXPECT_EQ(h.http[0].uri, "/a b");
  EXPECT_EQ(h.http[0].host, "example.com:8080");
  EXPECT_EQ(h.http[0].user_agent, "ua");
  EXPECT_EQ(h.http[0].status_code, 200);
  EXPECT_EQ(h.http[0].response_body_len, 5u);
  EXPECT_EQ(h.http[0].conn.ts_us, 1'100'000);
  EXPECT_EQ(h.http[1].trans_depth, 2u);
  EXPECT_EQ(h.http[1].method, "HEAD");
  EXPECT_EQ(h.http[1].status_code, 404);
  EXPECT_EQ(h.http[1].status_msg, "Not Found");
  EXPECT_EQ(h.http[1].response_body_len, 0u);  // a reply to HEAD has no body
  ASSERT_EQ(h.conns.size(), 1u);
  EXPECT_EQ(h.conns[0].service, "http");
  EXPECT_EQ(h.http[0].conn.uid, h.conns[0].uid);
  EXPECT_EQ(h.http[0].conn.orig_h.to_string(), kClient);
  EXPECT_EQ(h.http[0].conn.resp_p, 80);
  EXPECT_EQ(h.http[0].conn.proto, "tcp");
}

TEST(ProtocolObserver, HttpRepliesBeforeRequestsKeepTheirOwnDepth) {
  Harness h;
  h.handshake(1);
  std::string req = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";
  std::string ok = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
  uint32_t n = uint32_t(req.size()), m = uint32_t(ok.size());
  h.tcp(1.1, true, 1, 1, A | P, req);
  h.tcp(1.2, false, 1, 1 + n, A | P, ok + ok + ok);  // two replies nobody asked for
  h.tcp(1.3, true, 1 + n, 1 + 3 * m, A | P, req);
  h.tcp(1.4, false, 1 + 3 * m, 1 + 2 * n, A | P, ok);
  h.finish();
  ASSERT_EQ(h.http.size(), 4u);
  std::vector<uint32_t> depths;
  for (const auto& r : h.http) depths.push_back(r.trans_depth);
  EXPECT_EQ(depths, (std::vector<uint32_t>{1, 2, 3, 4}));
  EXPECT_EQ(h.http[1].method, std::nullopt);
  EXPECT_EQ(h.http[1].conn.ts_us, 1'200'000);
  EXPECT_EQ(h.http[3].method, "GET");  // the second request pairs with the fourth reply
  EXPECT_EQ(h.http[3].conn.ts_us, 1'300'000);
}

TEST(ProtocolObserver, HttpInformationalReplyKeepsTheTransactionOpen) {
  Harness h;
  h.handshake(1);
  std::string req = "POST /u HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nhi";
  uint32_t n = uint32_t(req.size());
  h.tcp(1.1, true, 1, 1, A | P, req);
  std::string replies =
      "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n";
  h.tcp(1.2, false, 1, 1 + n, A | P, replies);
  h.finish();
  ASSERT_EQ(h.http.size(), 1u);
  EXPECT_EQ(h.http[0].trans_depth, 1u);
  EXPECT_EQ(h.http[0].status_code, 201);
  EXPECT_EQ(h.http[0].request_body_len, 2u);
}

TEST(ProtocolObserver, HttpTsIsWhenTheMessageStarted) {
  Harness h;
  h.handshake(1);
  std::string req = "GET /long HTTP/1.1\r\nHost: a\r\nUser-Agent: b\r\n\r\n";
  h.tcp(1.1, true, 1, 1, A | P, req.substr(0, 25));
  h.tcp(1.2, true, 26, 1, A | P, req.substr(25));
  h.finish();
  ASSERT_EQ(h.http.size(), 1u);
  EXPECT_EQ(h.http[0].conn.ts_us, 1'100'000);
  EXPECT_EQ(h.http[0].user_agent, "b");
}

TEST(ProtocolObserver, HttpOnAnyPortBySignature) {
  Harness h;
  h.sport = 5555;
  h.handshake(1);
  std::string req = "POST /x HTTP/1.0\r\nContent-Length: 3\r\n\r\nabc";
  h.tcp(1.1, true, 1, 1, A | P, req);
  h.tcp(1.2, false, 1, 1 + uint32_t(req.size()), A | P, "HTTP/1.0 204 No Content\r\n\r\n");
  h.finish();
  ASSERT_EQ(h.http.size(), 1u);
  EXPECT_EQ(h.http[0].request_body_len, 3u);
  EXPECT_EQ(h.http[0].status_code, 204);
  EXPECT_EQ(h.conns[0].service, "http");
}

TEST(ProtocolObserver, NoHttpOnOtherPortsWithoutSignature) {
  Harness h;
  h.sport = 5555;
  h.handshake(1);
  h.tcp(1.1, true, 1, 1, A | P, "HELLO there, this is not http\r\n");
  h.tcp(1.2, false, 1, 32, A | P, "OK fine\r\n");
  h.finish();
  EXPECT_TRUE(h.http.empty());
  EXPECT_EQ(h.conns[0].service, "");
}

TEST(ProtocolObserver, OutOfOrderAndRetransmittedHttp) {
  Harness h;
  h.handshake(1);
  std::string req = "GET /one HTTP/1.1\r\nHost: a\r\n\r\n";
  h.tcp(1.1, true, 11, 1, A | P, req.substr(10));  // ahead of a hole
  h.tcp(1.2, true, 1, 1, A | P, req.substr(0, 10));
  h.tcp(1.3, true, 1, 1, A | P, req.substr(0, 10));  // retransmitted
  h.tcp(1.4, false, 1, 1 + uint32_t(req.size()), A | P,
        "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
  h.finish();
  ASSERT_EQ(h.http.size(), 1u);
  EXPECT_EQ(h.http[0].uri, "/one");
  EXPECT_EQ(h.http[0].host, "a");
  EXPECT_EQ(h.observer.stats().retransmitted_bytes, 10u);
}

TEST(ProtocolObserver, GapStopsTheDirection) {
  Harness h;
  h.handshake(1);
  std::string one = "GET /1 HTTP/1.1\r\nHost: a\r\n\r\n";
  std::string two = "GET /2 HTTP/1.1\r\nHost: a\r\n\r\n";
  std::string three = "GET /3 HTTP/1.1\r\nHost: a\r\n\r\n";
  uint32_t n = uint32_t(one.size());
  h.tcp(1.1, true, 1, 1, A | P, one);
  // `two` never captured; `three` arrives, and the server acknowledges all three.
  h.tcp(1.2, true, 1 + 2 * n, 1, A | P, three);
  h.tcp(1.3, false, 1, 1 + 3 * n, A);
  h.tcp(1.4, true, 1 + n, 1, A | P, two);  // too late: after the gap
  h.finish();
  ASSERT_EQ(h.http.size(), 1u);
  EXPECT_EQ(h.http[0].uri, "/1");
  EXPECT_FALSE(h.http[0].status_code);
  EXPECT_EQ(h.observer.stats().stream_gaps, 1u);
}

TEST(ProtocolObserver, NoContentWhenSynAndSynAckWereMissed) {
  Harness h;
  h.tcp(1, true, 1, 1, A | P, "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
  h.tcp(1.1, false, 1, 30, A | P, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
  h.finish();
  EXPECT_TRUE(h.http.empty());
  EXPECT_EQ(h.conns[0].service, "");
  EXPECT_EQ(h.observer.stats().partial_connections, 1u);
}

TEST(ProtocolObserver, SynAckFirstStillAnalysed) {
  Harness h;
  h.tcp(1, false, 0, 1, S | A);
  h.tcp(1.01, true, 1, 1, A);
  std::string req = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";
  h.tcp(1.1, true, 1, 1, A | P, req);
  h.tcp(1.2, false, 1, 1 + uint32_t(req.size()), A | P,
        "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
  h.finish();
  ASSERT_EQ(h.http.size(), 1u);
  EXPECT_EQ(h.http[0].conn.orig_h.to_string(), kClient);
  EXPECT_EQ(h.conns[0].service, "http");
}

// --- TLS ---

tb::Bytes client_hello_records(size_t per_record) {
  tb::Bytes ext = tb::sni({"example.org"});
  tb::append(ext, tb::alpn({"h2", "http/1.1"}));
  return tb::records(tb::message(1, tb::client_hello_body(0x0303, {0xC02F, 0x1301}, ext)),
                     per_record);
}

TEST(ProtocolObserver, TlsHelloSplitOverSegments) {
  Harness h;
  h.sport = 8443;  // not an SSL port: the signature decides
  h.handshake(1);
  std::string ch = text(client_hello_records(40));
  size_t third = ch.size() / 3;
  h.tcp(1.1, true, 1 + uint32_t(2 * third), 1, A | P, ch.substr(2 * third));
  h.tcp(1.2, true, 1, 1, A | P, ch.substr(0, third));
  h.tcp(1.3, true, 1 + uint32_t(third), 1, A | P, ch.substr(third, third));
  tb::Bytes sext = tb::alpn({"h2"});
  std::string sh = text(tb::records(tb::message(2, tb::server_hello_body(0x0303, 0xC02F, sext)),
                                    16384, 22, 0x0303)) +
                   text(tb::records(tb::message(14, {}), 16384, 22, 0x0303));
  h.tcp(1.4, false, 1, 1 + uint32_t(ch.size()), A | P, sh);
  h.tcp(1.5, true, 1 + uint32_t(ch.size()), 1 + uint32_t(sh.size()), A | P,
        std::string("\x17\x03\x03\x00\x01x", 6));
  h.finish();
  ASSERT_EQ(h.ssl.size(), 1u);
  EXPECT_EQ(h.ssl[0].server_name, "example.org");
  EXPECT_EQ(h.ssl[0].version, "TLSv12");
  EXPECT_EQ(h.ssl[0].cipher, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
  EXPECT_EQ(h.ssl[0].next_protocol, "h2");
  EXPECT_EQ(h.ssl[0].conn.ts_us, 1'300'000);  // when the ClientHello was complete
  EXPECT_EQ(h.conns[0].service, "ssl");
  EXPECT_EQ(h.observer.stats().tls_client_hellos, 1u);
}

TEST(ProtocolObserver, TlsHelloInOneByteSegments) {
  Harness h;
  h.sport = 443;
  h.handshake(1);
  std::string ch = text(client_hello_records(16384));
  for (size_t i = 0; i < ch.size(); ++i)
    h.tcp(1.1 + double(i) / 1e4, true, 1 + uint32_t(i), 1, A | P, ch.substr(i, 1));
  h.finish();
  ASSERT_EQ(h.ssl.size(), 1u);
  EXPECT_EQ(h.ssl[0].server_name, "example.org");
  EXPECT_EQ(h.conns[0].service, "ssl");
}

TEST(ProtocolObserver, ClientHelloAloneIsWrittenAtTheEnd) {
  Harness h;
  h.sport = 443;
  h.handshake(1);
  std::string ch = text(client_hello_records(16384));
  h.tcp(1.1, true, 1, 1, A | P, ch);
  EXPECT_TRUE(h.ssl.empty());
  h.finish();
  ASSERT_EQ(h.ssl.size(), 1u);
  EXPECT_FALSE(h.ssl[0].version);
  EXPECT_EQ(h.ssl[0].server_name, "example.org");
}

// --- Certificates (TLS 1.2 and older) ---

tb::Bytes leaf_certificate(const std::string& cn) {
  test::CertificateParts p;
  p.subject = test::name({{"2.5.4.3", 0x13, cn}});
  return test::certificate(p);
}
tb::Bytes ca_certificate() {
  test::CertificateParts p;
  p.subject = p.issuer;  // "Test CA", self-issued
  return test::certificate(p);
}
// A Certificate handshake message (type 11) carrying `chain`.
tb::Bytes certificate_message(const std::vector<tb::Bytes>& chain) {
  tb::Bytes list;
  for (const auto& der : chain) {
    tb::put24(list, der.size());
    tb::append(list, der);
  }
  tb::Bytes body;
  tb::put24(body, list.size());
  tb::append(body, list);
  return tb::message(11, body);
}

struct TlsFlights {
  std::string client_hello, server, client_second;
};

// A TLS 1.2 handshake without ECDHE (so the ServerHello alone gives the record's fields), the
// server's flight in records of 300 bytes; `certificate_request` makes the server ask for the
// client's certificate, which the client then sends.
TlsFlights tls12_flights(const std::vector<tb::Bytes>& server_chain,
                         const std::vector<tb::Bytes>& client_chain = {}) {
  TlsFlights f;
  f.client_hello = text(client_hello_records(16384));
  tb::Bytes flight = tb::message(2, tb::server_hello_body(0x0303, 0x009C, {}));
  tb::append(flight, certificate_message(server_chain));
  if (!client_chain.empty())
    tb::append(flight, tb::message(13, {0x01, 0x01, 0x00, 0x00, 0x00, 0x00}));
  tb::append(flight, tb::message(14, {}));
  f.server = text(tb::records(flight, 300, 22, 0x0303));
  tb::Bytes second;
  if (!client_chain.empty()) tb::append(second, certificate_message(client_chain));
  tb::append(second, tb::message(16, {0x00, 0x02, 0xAA, 0xBB}));
  f.client_second =
      text(tb::records(second, 16384, 22, 0x0303)) + text(tb::records({0x01}, 16384, 20, 0x0303));
  return f;
}

// The flights over one connection, the server's in 100-byte segments.
void run_tls(Harness& h, double t, const TlsFlights& f) {
  h.handshake(t);
  uint32_t c = 1, s = 1;
  h.tcp(t + 0.1, true, c, s, A | P, f.client_hello);
  c += uint32_t(f.client_hello.size());
  for (size_t at = 0; at < f.server.size(); at += 100) {
    std::string part = f.server.substr(at, 100);
    h.tcp(t + 0.2 + double(at) / 1e6, false, s, c, A | P, part);
    s += uint32_t(part.size());
  }
  h.tcp(t + 0.3, true, c, s, A | P, f.client_second);
  c += uint32_t(f.client_second.size());
  h.tcp(t + 0.4, true, c, s, A | kFin);
  h.tcp(t + 0.41, false, s, c + 1, A | kFin);
}

TEST(ProtocolObserver, ServerCertificatesAcrossRecordsAndSegments) {
  Harness h;
  h.sport = 443;
  tb::Bytes leaf = leaf_certificate("example.org"), ca = ca_certificate();
  TlsFlights f = tls12_flights({leaf, ca});
  run_tls(h, 1, f);
  h.cport = 40001;  // the same server again: its certificates are logged once
  run_tls(h, 2, f);
  h.finish();
  ASSERT_EQ(h.ssl.size(), 2u);
  for (const SslRecord& r : h.ssl) {
    ASSERT_TRUE(r.cert_chain_fps);
    EXPECT_EQ(*r.cert_chain_fps, (std::vector<std::string>{sha256_hex(leaf), sha256_hex(ca)}));
    ASSERT_TRUE(r.client_cert_chain_fps);  // set, and empty, as Zeek writes it
    EXPECT_TRUE(r.client_cert_chain_fps->empty());
    EXPECT_EQ(r.sni_matches_cert, true);  // CN=example.org, no subjectAltName
    EXPECT_EQ(r.version, "TLSv12");
  }
  ASSERT_EQ(h.x509.size(), 2u);
  EXPECT_TRUE(h.x509[0].host_cert);
  EXPECT_FALSE(h.x509[0].client_cert);
  EXPECT_EQ(h.x509[0].certificate.subject, "CN=example.org");
  EXPECT_EQ(h.x509[0].certificate.issuer, "CN=Test CA");
  EXPECT_EQ(h.x509[0].certificate.sha1, sha1_hex(leaf));
  EXPECT_EQ(h.x509[0].certificate.sha256, sha256_hex(leaf));
  EXPECT_FALSE(h.x509[0].certificate.self_signed);
  EXPECT_FALSE(h.x509[1].host_cert);
  EXPECT_TRUE(h.x509[1].certificate.self_signed);
  // When the Certificate message was complete: the server's last segment before the client's.
  EXPECT_GT(h.x509[0].ts_us, 1'200'000);
  EXPECT_LT(h.x509[0].ts_us, 1'300'000);
  EXPECT_EQ(h.observer.stats().certificates, 4u);
  EXPECT_EQ(h.observer.stats().x509_records, 2u);
}

TEST(ProtocolObserver, ClientCertificatesWhenTheServerAsks) {
  Harness h;
  h.sport = 443;
  tb::Bytes leaf = leaf_certificate("other.example"), client = leaf_certificate("phone");
  run_tls(h, 1, tls12_flights({leaf}, {client}));
  h.finish();
  ASSERT_EQ(h.ssl.size(), 1u);
  EXPECT_EQ(*h.ssl[0].cert_chain_fps, std::vector<std::string>{sha256_hex(leaf)});
  EXPECT_EQ(*h.ssl[0].client_cert_chain_fps, std::vector<std::string>{sha256_hex(client)});
  EXPECT_EQ(h.ssl[0].sni_matches_cert, false);  // example.org asked, other.example answered
  ASSERT_EQ(h.x509.size(), 2u);
  EXPECT_TRUE(h.x509[1].client_cert);
  EXPECT_TRUE(h.x509[1].host_cert);
  EXPECT_EQ(h.x509[1].certificate.subject, "CN=phone");
}

TEST(ProtocolObserver, Tls13AndResumedSessionsHaveNoCertificates) {
  Harness h;
  h.sport = 443;
  // TLS 1.2 resumed: the ServerHello, then ChangeCipherSpec; no Certificate message.
  TlsFlights resumed;
  resumed.client_hello = text(client_hello_records(16384));
  resumed.server = text(tb::records(tb::message(2, tb::server_hello_body(0x0303, 0x009C, {})),
                                    16384, 22, 0x0303)) +
                   text(tb::records({0x01}, 16384, 20, 0x0303));
  resumed.client_second = text(tb::records({0x01}, 16384, 20, 0x0303));
  run_tls(h, 0.5, resumed);
  h.cport = 40001;
  TlsFlights f;
  f.client_hello = text(client_hello_records(16384));
  // TLS 1.3: the ServerHello, then encrypted records (the certificate among them).
  f.server = text(tb::records(
                 tb::message(2, tb::server_hello_body(0x0303, 0x1301, tb::server_version(0x0304))),
                 16384, 22, 0x0303)) +
             text(tb::records(certificate_message({leaf_certificate("x")}), 16384, 23, 0x0303));
  f.client_second = text(tb::records({0x01}, 16384, 20, 0x0303));
  run_tls(h, 1, f);
  h.finish();
  ASSERT_EQ(h.ssl.size(), 2u);
  std::set<std::string> versions;
  for (const SslRecord& r : h.ssl) {
    versions.insert(r.version.value_or("-"));
    EXPECT_FALSE(r.cert_chain_fps);
    EXPECT_FALSE(r.client_cert_chain_fps);
    EXPECT_FALSE(r.sni_matches_cert);
  }
  EXPECT_EQ(versions, (std::set<std::string>{"TLSv12", "TLSv13"}));
  EXPECT_TRUE(h.x509.empty());
  EXPECT_EQ(h.observer.stats().buffered_bytes, 0u);
}

TEST(ProtocolObserver, AnEmptyCertificateListGivesNoChain) {
  Harness h;
  h.sport = 443;
  run_tls(h, 1, tls12_flights({}));  // the server's Certificate message lists nothing
  h.finish();
  ASSERT_EQ(h.ssl.size(), 1u);
  EXPECT_FALSE(h.ssl[0].cert_chain_fps);
  EXPECT_FALSE(h.ssl[0].client_cert_chain_fps);
  EXPECT_TRUE(h.x509.empty());
}

TEST(ProtocolObserver, ACertificateMessageCutByTheCaptureGivesNoChain) {
  Harness h;
  h.sport = 443;
  TlsFlights f = tls12_flights({leaf_certificate("example.org")});
  f.server.resize(f.server.size() / 2);
  f.client_second.clear();
  run_tls(h, 1, f);
  h.finish();
  ASSERT_EQ(h.ssl.size(), 1u);  // the hellos are still logged
  EXPECT_EQ(h.ssl[0].cipher, "TLS_RSA_WITH_AES_128_GCM_SHA256");
  EXPECT_FALSE(h.ssl[0].cert_chain_fps);
  EXPECT_TRUE(h.x509.empty());
}

// Zeek's own cases for x509_check_hostname (host, certificate name, match).
TEST(HostnameMatch, AsZeekMatchesServerNames) {
  struct Case {
    std::string host, name;
    bool match;
  };
  const Case cases[] = {
      {"hi", "www.zeek.org", false},
      {"ww.zeek.org", "www.zeek.org", false},
      {"www.zeek.org", "www.zeek.org", true},
      {"www.zeek.org", "*", false},
      {"www.zeek.org", "zeek.org", false},
      {"www.zeek.org", "*.zeek.org", true},
      {"www.zeek.org", "a*.zeek.org", false},
      {"www.zeek.org", "ww*.zeek.org", true},
      {"www.zeek.org", "wa*.zeek.org", false},
      {"www.zeek.org", "ww*.leek.com", false},
      {"www.zeek.org", "*.*.com", false},
      {std::string("www.zeek.org\0testing", 20), "*.zeek.org", false},
      {"zeek.org", "zeek.org", true},
      {"zeek.org", "*.org", false},
      {"a.b.zeek.org", "*.b.zeek.org", true},
      {"a.b.zeek.org", "*.zeek.org", false},
      {"a.b.zeek.org", "*.a.zeek.org", false},
      {"WWW.zeek.org", "www.zeek.org", false},
  };
  for (const Case& c : cases)
    EXPECT_EQ(x509::name_matches_host(c.name, c.host), c.match) << c.host << " " << c.name;
}

// --- DNS ---

pk::Bytes dns_query(uint16_t id, const std::string& name) {
  return test::dns::Message(id, 0x0100, 1, 0).question(name, 1).b;
}
pk::Bytes dns_reply(uint16_t id, const std::string& name) {
  return test::dns::Message(id, 0x8180, 1, 1)
      .question(name, 1)
      .rr(name, 1, 300, pk::Bytes("\x01\x02\x03\x04", 4))
      .b;
}

TEST(ProtocolObserver, DnsOverUdp) {
  Harness h;
  h.udp(1, kClient, 33333, kServer, 53, dns_query(7, "example.com"));
  h.udp(1.25, kServer, 53, kClient, 33333, dns_reply(7, "example.com"));
  ASSERT_EQ(h.dns.size(), 1u);  // written at the pairing
  h.finish();
  ASSERT_EQ(h.dns.size(), 1u);
  const DnsRecord& r = h.dns[0];
  EXPECT_EQ(r.conn.ts_us, 1'000'000);
  EXPECT_EQ(r.rtt_us, 250'000);
  EXPECT_EQ(r.query, "example.com");
  EXPECT_EQ(r.qtype, 1);
  EXPECT_EQ(r.rcode, 0);
  ASSERT_EQ(r.answers.size(), 1u);
  EXPECT_EQ(r.answers[0], "1.2.3.4");
  EXPECT_EQ(r.conn.proto, "udp");
  EXPECT_EQ(r.conn.orig_p, 33333);
  EXPECT_EQ(r.conn.uid, h.conns.at(0).uid);
  EXPECT_EQ(h.conns[0].service, "dns");
}

TEST(ProtocolObserver, DnsQueryAloneAtConnectionEnd) {
  Harness h;
  h.udp(1, kClient, 33333, kServer, 53, dns_query(9, "lonely.example"));
  EXPECT_TRUE(h.dns.empty());
  h.finish();
  ASSERT_EQ(h.dns.size(), 1u);
  EXPECT_FALSE(h.dns[0].rcode);
  EXPECT_FALSE(h.dns[0].rtt_us);
}

TEST(ProtocolObserver, MulticastDnsIsOneRecordPerMessage) {
  Harness h;
  h.udp(1, kClient, 5353, "224.0.0.251", 5353, dns_query(0, "printer.local"));
  EXPECT_EQ(h.dns.size(), 1u);
  h.udp(1.1, kClient, 5353, "224.0.0.251", 5353, dns_query(0, "printer.local"));
  EXPECT_EQ(h.dns.size(), 2u);
  h.finish();
  EXPECT_EQ(h.dns.size(), 2u);
}

TEST(ProtocolObserver, NoDnsOnOtherUdpPorts) {
  Harness h;
  h.udp(1, kClient, 33333, kServer, 9999, dns_query(7, "example.com"));
  h.udp(1.1, kServer, 9999, kClient, 33333, dns_reply(7, "example.com"));
  h.finish();
  EXPECT_TRUE(h.dns.empty());
  EXPECT_EQ(h.conns.at(0).service, "");
}

TEST(ProtocolObserver, DnsOverTcpFramedAcrossSegments) {
  Harness h;
  h.sport = 53;
  h.handshake(1);
  pk::Bytes q1 = dns_query(1, "a.example"), q2 = dns_query(2, "b.example");
  std::string framed = pk::be16(uint16_t(q1.size())) + q1 + pk::be16(uint16_t(q2.size())) + q2;
  h.tcp(1.1, true, 1, 1, A | P, framed.substr(0, 5));
  h.tcp(1.2, true, 6, 1, A | P, framed.substr(5));
  pk::Bytes r1 = dns_reply(1, "a.example"), r2 = dns_reply(2, "b.example");
  std::string replies = pk::be16(uint16_t(r2.size())) + r2 + pk::be16(uint16_t(r1.size())) + r1;
  h.tcp(1.3, false, 1, 1 + uint32_t(framed.size()), A | P, replies);
  h.finish();
  ASSERT_EQ(h.dns.size(), 2u);
  EXPECT_EQ(h.dns[0].trans_id, 2);
  EXPECT_EQ(h.dns[0].query, "b.example");
  EXPECT_EQ(h.dns[1].trans_id, 1);
  EXPECT_EQ(h.dns[0].conn.proto, "tcp");
  EXPECT_EQ(h.conns[0].service, "dns");
}

// --- bounds ---

TEST(ProtocolObserver, OverTheBudgetAConnectionIsNoLongerAnalysed) {
  ProtocolLimits limits;
  limits.max_buffered_total = 100;
  Harness h(limits);
  h.handshake(1);
  std::string req = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";
  h.tcp(1.1, true, 1, 1, A | P, req);  // within the budget
  h.tcp(1.2, false, 1, 1 + uint32_t(req.size()), A | P,
        "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n" + std::string(100, 'x'));
  h.finish();
  EXPECT_EQ(h.observer.stats().over_budget, 1u);
  EXPECT_EQ(h.observer.stats().buffered_bytes, 0u);
  EXPECT_EQ(h.conns[0].service, "http");  // decided from what was seen
}

TEST(ProtocolObserver, OutOfOrderBoundEndsTheDirection) {
  ProtocolLimits limits;
  limits.max_out_of_order = 16;
  Harness h(limits);
  h.handshake(1);
  h.tcp(1.1, true, 100, 1, A | P, std::string(20, 'x'));
  h.finish();
  EXPECT_EQ(h.observer.stats().stream_gaps, 1u);
}

TEST(ProtocolObserver, BuffersReleasedAtTheEnd) {
  Harness h;
  h.sport = 443;
  h.handshake(1);
  h.tcp(1.1, true, 1, 1, A | P, std::string("\x16\x03\x01\x40\x00", 5) + std::string(100, 'a'));
  EXPECT_GT(h.observer.stats().buffered_bytes, 100u);
  h.finish();
  EXPECT_EQ(h.observer.stats().buffered_bytes, 0u);
  EXPECT_GT(h.observer.stats().buffered_peak, 100u);
}

// --- the pipeline ---

struct PipelineSinks : ConnRecordSink, ProtocolRecordSink {
  std::vector<ConnRecord> conns;
  std::vector<HttpRecord> http;
  void on_conn(const ConnRecord& r) override { conns.push_back(r); }
  void on_dns(const DnsRecord&) override {}
  void on_ssl(const SslRecord&) override {}
  void on_http(const HttpRecord& r) override { http.push_back(r); }
  void on_x509(const X509Record&) override {}
};

TEST(CapturePipeline, PcapBytesToRecordsInAnyChunks) {
  std::vector<pk::PcapRecord> recs;
  auto seg = [&](uint32_t sec, bool c, uint32_t seq, uint32_t ack, uint8_t fl, std::string pl) {
    pk::V4 hd;
    hd.protocol = 6;
    hd.src = c ? kClient : kServer;
    hd.dst = c ? kServer : kClient;
    recs.push_back({sec, 0,
                    pk::with_checksum(
                        pk::ipv4(hd, pk::tcp(c ? 40000 : 80, c ? 80 : 40000, seq, ack, fl, pl)))});
  };
  std::string req = "GET /p HTTP/1.1\r\nHost: h\r\n\r\n";
  seg(1, true, 10, 0, S, "");
  seg(1, false, 50, 11, S | A, "");
  seg(1, true, 11, 51, A | P, req);
  seg(2, false, 51, 11 + uint32_t(req.size()), A | P,
      "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
  pk::Bytes file = pk::pcap_file(false, false, 101, recs);
  for (size_t chunk : {size_t(1), size_t(7), file.size()}) {
    PipelineSinks sinks;
    CapturePipeline pipeline(sinks, sinks);
    for (size_t at = 0; at < file.size(); at += chunk)
      pipeline.feed(std::string_view(file).substr(at, chunk));
    pipeline.finish();
    ASSERT_EQ(sinks.conns.size(), 1u);
    EXPECT_EQ(sinks.conns[0].service, "http");
    ASSERT_EQ(sinks.http.size(), 1u);
    EXPECT_EQ(sinks.http[0].uri, "/p");
    CapturePipelineStats st = pipeline.stats();
    EXPECT_EQ(st.capture.packets, 4u);
    EXPECT_EQ(st.decoder.views, 4u);
    EXPECT_EQ(st.flows.records, 1u);
    EXPECT_EQ(st.protocols.http_records, 1u);
  }
}

}  // namespace
}  // namespace zeekscope::flow
