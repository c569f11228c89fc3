// The connection table on hand-built packets (raw IP through the decoder): each conn_state,
// history letters and their repetition rules, originator flips, sequence wrap-around, UDP and
// ICMP byte rules, timers on packet time, the checksum policy, the limits and uids.
#include "flow/flow_table.h"

#include <gtest/gtest.h>

#include <set>

#include "packet/packet_decoder.h"
#include "packet_builders.h"

namespace zeekscope::flow {
namespace {

namespace pk = test::pkt;
using namespace packet::tcp_flag;

constexpr uint8_t S = kSyn, A = kAck, F = kFin, R = kRst;
const char* const kClient = "10.0.0.1";
const char* const kServer = "10.0.0.2";

struct Harness : ConnRecordSink {
  std::vector<ConnRecord> records;
  FlowTable table;
  packet::PacketDecoder decoder{table};
  explicit Harness(FlowConfig config = {}, FlowLimits limits = {})
      : table(*this, std::move(config), limits) {}
  void on_conn(const ConnRecord& r) override { records.push_back(r); }

  void raw(double seconds, const pk::Bytes& ip) {
    packet::CapturedPacket p;
    p.time_ns = int64_t(seconds * 1e9 + 0.5);
    p.link_type = packet::link_type::kRaw;
    p.data = {reinterpret_cast<const uint8_t*>(ip.data()), ip.size()};
    p.wire_length = uint32_t(ip.size());
    decoder.on_packet(p);
  }
  // A TCP segment from `from` (client or server) with `len` bytes of payload.
  void tcp(double t, bool from_client, uint32_t seq, uint32_t ack, uint8_t flags, size_t len = 0,
           uint16_t cport = 40000, uint16_t sport = 80, bool bad_checksum = false,
           uint16_t window = 1024) {
    pk::V4 h;
    h.protocol = 6;
    h.src = from_client ? kClient : kServer;
    h.dst = from_client ? kServer : kClient;
    pk::Bytes seg = pk::tcp(from_client ? cport : sport, from_client ? sport : cport, seq, ack,
                            flags, pk::Bytes(len, 'x'));
    seg[14] = char(window >> 8);
    seg[15] = char(window);
    pk::Bytes ip = pk::with_checksum(pk::ipv4(h, seg));
    if (bad_checksum) ip[20 + 16] ^= 1;
    raw(t, ip);
  }
  void udp(double t, const char* src, uint16_t sp, const char* dst, uint16_t dp,
           const pk::Bytes& payload, bool bad_checksum = false) {
    pk::V4 h;
    h.src = src;
    h.dst = dst;
    pk::Bytes ip = pk::with_checksum(pk::ipv4(h, pk::udp(sp, dp, payload)));
    if (bad_checksum) ip[20 + 6] ^= 1;
    raw(t, ip);
  }
  void icmp(double t, const char* src, const char* dst, uint8_t type, uint8_t code, size_t len) {
    pk::V4 h;
    h.src = src;
    h.dst = dst;
    h.protocol = 1;
    pk::Bytes body = pk::Bytes(1, char(type)) + pk::Bytes(1, char(code)) + pk::Bytes(6, '\0') +
                     pk::Bytes(len, 'p');
    raw(t, pk::with_checksum(pk::ipv4(h, body)));
  }
  const ConnRecord& only() {
    table.finish();
    EXPECT_EQ(records.size(), 1u);
    if (records.empty()) records.emplace_back();
    return records[0];
  }
};

// A full handshake, data both ways, and a close by the client.
void normal_connection(Harness& h, double t0 = 1.0, uint32_t c = 1000, uint32_t s = 5000) {
  h.tcp(t0, true, c, 0, S);
  h.tcp(t0 + 0.1, false, s, c + 1, S | A);
  h.tcp(t0 + 0.2, true, c + 1, s + 1, A);
  h.tcp(t0 + 0.3, true, c + 1, s + 1, A, 100);
  h.tcp(t0 + 0.4, false, s + 1, c + 101, A, 300);
  h.tcp(t0 + 0.5, true, c + 101, s + 301, F | A);
  h.tcp(t0 + 0.6, false, s + 301, c + 102, F | A);
  h.tcp(t0 + 0.7, true, c + 102, s + 302, A);  // not part of the duration
}

TEST(FlowTable, NormalConnectionIsSF) {
  Harness h;
  normal_connection(h);
  const ConnRecord& r = h.only();
  EXPECT_EQ(r.proto, "tcp");
  EXPECT_EQ(r.orig_h.to_string(), kClient);
  EXPECT_EQ(r.orig_p, 40000);
  EXPECT_EQ(r.resp_p, 80);
  EXPECT_EQ(r.conn_state, "SF");
  EXPECT_EQ(r.history, "ShADdFf");  // the server's first ACK carries data
  EXPECT_EQ(r.ts_us, 1'000'000);
  EXPECT_TRUE(r.has_duration);
  EXPECT_EQ(r.duration_us, 600'000);
  EXPECT_EQ(r.orig_bytes, 100u);
  EXPECT_EQ(r.resp_bytes, 300u);
  EXPECT_EQ(r.orig_pkts, 5u);
  EXPECT_EQ(r.resp_pkts, 3u);
  EXPECT_EQ(r.orig_ip_bytes, 5u * 40 + 100);
  EXPECT_EQ(r.resp_ip_bytes, 3u * 40 + 300);
  EXPECT_EQ(r.missed_bytes, 0u);
  EXPECT_EQ(r.service, "");
  EXPECT_EQ(h.table.stats().removed_close, 0u);  // still waiting for tcp_close_delay
}

TEST(FlowTable, CloseDelayEndsTheRecordAndALatePacketStartsAnother) {
  Harness h;
  normal_connection(h);
  h.tcp(1.6 + 5.1, true, 1102, 5302, A);  // past last_time + tcp_close_delay
  h.table.finish();
  ASSERT_EQ(h.records.size(), 2u);
  EXPECT_EQ(h.records[0].conn_state, "SF");
  EXPECT_EQ(h.records[1].conn_state, "OTH");
  EXPECT_EQ(h.records[1].history, "A");
  EXPECT_EQ(h.table.stats().removed_close, 1u);
}

TEST(FlowTable, EachConnState) {
  struct Case {
    const char* name;
    std::vector<std::tuple<bool, uint32_t, uint32_t, uint8_t, size_t>> packets;
    const char* state;
    const char* history;
  };
  const std::vector<Case> cases = {
      {"S0", {{true, 100, 0, S, 0}}, "S0", "S"},
      {"REJ", {{true, 100, 0, S, 0}, {false, 0, 101, R | A, 0}}, "REJ", "Sr"},
      {"S1",
       {{true, 100, 0, S, 0}, {false, 500, 101, S | A, 0}, {true, 101, 501, A, 0}},
       "S1",
       "ShA"},
      {"RSTO",
       {{true, 100, 0, S, 0},
        {false, 500, 101, S | A, 0},
        {true, 101, 501, A, 0},
        {true, 101, 501, R, 0}},
       "RSTO",
       "ShAR"},
      {"RSTR",
       {{true, 100, 0, S, 0},
        {false, 500, 101, S | A, 0},
        {true, 101, 501, A, 0},
        {false, 501, 101, R, 0}},
       "RSTR",
       "ShAr"},
      {"RSTOS0", {{true, 100, 0, S, 0}, {true, 101, 0, R, 0}}, "RSTOS0", "SR"},
      {"RSTRH", {{false, 500, 101, S | A, 0}, {false, 501, 101, R, 0}}, "RSTRH", "^hr"},
      {"SH", {{true, 100, 0, S, 0}, {true, 101, 0, F, 0}}, "SH", "SF"},
      {"SHR", {{false, 500, 101, A, 10}, {false, 511, 101, F | A, 0}}, "SHR", "^df"},
      {"S2",
       {{true, 100, 0, S, 0},
        {false, 500, 101, S | A, 0},
        {true, 101, 501, A, 0},
        {true, 101, 501, F | A, 0}},
       "S2",
       "ShAF"},
      {"S3",
       {{true, 100, 0, S, 0},
        {false, 500, 101, S | A, 0},
        {true, 101, 501, A, 0},
        {false, 501, 101, F | A, 0}},
       "S3",
       "ShAf"},
      {"OTH", {{true, 100, 50, A, 0}}, "OTH", "A"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Harness h;
    double t = 1.0;
    for (const auto& [client, seq, ack, flags, len] : c.packets)
      h.tcp(t += 0.01, client, seq, ack, flags, len);
    const ConnRecord& r = h.only();
    EXPECT_EQ(r.conn_state, c.state);
    EXPECT_EQ(r.history, c.history);
  }
}

TEST(FlowTable, SynAckFirstFromAServerPortFlipsAtOnce) {
  Harness h;  // port 80 is a likely server port: its SYN-ACK makes the client the originator
  h.tcp(1.0, false, 5000, 1001, S | A);
  h.tcp(1.1, true, 1001, 5001, A);
  h.tcp(1.2, true, 1001, 5001, A, 10);
  const ConnRecord& r = h.only();
  EXPECT_EQ(r.orig_h.to_string(), kClient);
  EXPECT_EQ(r.history, "^hAD");
}

TEST(FlowTable, SynAckThenAckFlipsToCaretH) {
  Harness h;  // neither port is a server port: the SYN-ACK's sender is first taken as originator
  h.tcp(1.0, false, 5000, 1001, S | A, 0, 40000, 40001);
  h.tcp(1.1, true, 1001, 5001, A, 0, 40000, 40001);
  h.tcp(1.2, true, 1001, 5001, A, 10, 40000, 40001);
  const ConnRecord& r = h.only();
  EXPECT_EQ(r.orig_h.to_string(), kClient);
  EXPECT_EQ(r.history, "^hAD");
  EXPECT_EQ(r.orig_pkts, 2u);
  EXPECT_EQ(r.resp_pkts, 1u);
  EXPECT_EQ(h.table.stats().flipped, 1u);
}

TEST(FlowTable, MidstreamFromAServerPortFlips) {
  Harness h;
  h.tcp(1.0, false, 5000, 1001, A, 20);
  h.tcp(1.1, true, 1001, 5020, A);
  const ConnRecord& r = h.only();
  EXPECT_EQ(r.orig_h.to_string(), kClient);
  EXPECT_EQ(r.history, "^dA");
  EXPECT_EQ(r.conn_state, "OTH");
  EXPECT_EQ(r.resp_bytes, 20u);
}

TEST(FlowTable, SequenceNumbersWrap) {
  Harness h;
  uint32_t c = 0xFFFFFF00u;
  h.tcp(1.0, true, c, 0, S);
  h.tcp(1.1, false, 7, c + 1, S | A);
  h.tcp(1.2, true, c + 1, 8, A, 0x200);
  h.tcp(1.3, true, c + 1 + 0x200, 8, A, 0x200);  // crosses 2^32
  h.tcp(1.4, false, 8, c + 1 + 0x400, A);
  const ConnRecord& r = h.only();
  EXPECT_EQ(r.orig_bytes, 0x400u);
  EXPECT_EQ(r.resp_bytes, 0u);
  EXPECT_EQ(r.conn_state, "S1");
}

TEST(FlowTable, RetransmissionsAddTLogarithmically) {
  Harness h;
  h.tcp(1.0, true, 100, 0, S);
  h.tcp(1.1, false, 500, 101, S | A);
  h.tcp(1.2, true, 101, 501, A, 10);
  for (int i = 0; i < 10; ++i) h.tcp(1.3 + i * 0.01, true, 101, 501, A, 10);
  const ConnRecord& r = h.only();
  EXPECT_EQ(r.history, "ShDTT");  // the 1st and the 10th retransmission
  EXPECT_EQ(r.orig_bytes, 10u);
  EXPECT_EQ(r.orig_pkts, 12u);
}

TEST(FlowTable, AckedDataNeverSeenIsMissed) {
  Harness h;
  h.tcp(1.0, true, 100, 0, S);
  h.tcp(1.1, false, 500, 101, S | A);
  h.tcp(1.2, true, 101, 501, A);
  h.tcp(1.3, false, 501, 101, A, 100);
  // 200 bytes from the server were not captured; the client acknowledges them.
  h.tcp(1.4, true, 101, 801, A);
  const ConnRecord& r = h.only();
  EXPECT_EQ(r.missed_bytes, 200u);
  EXPECT_EQ(r.resp_bytes, 300u);
  EXPECT_EQ(r.history, "ShAdg");
}

TEST(FlowTable, ZeroWindowAddsW) {
  Harness h;
  h.tcp(1.0, true, 100, 0, S);
  h.tcp(1.1, false, 500, 101, S | A);
  h.tcp(1.2, true, 101, 501, A, 0, 40000, 80, false, 0);
  EXPECT_EQ(h.only().history, "ShAW");
}

TEST(FlowTable, UnansweredSynRetransmittedPastAttemptDelayStartsANewRecord) {
  Harness h;
  h.tcp(1.0, true, 100, 0, S);
  h.tcp(4.0, true, 100, 0, S);  // within 5 s: the same record
  h.tcp(7.0, true, 100, 0, S);  // the attempt timer ended the first at 6.0
  h.table.finish();
  ASSERT_EQ(h.records.size(), 2u);
  EXPECT_EQ(h.records[0].conn_state, "S0");
  EXPECT_EQ(h.records[0].orig_pkts, 2u);
  EXPECT_EQ(h.records[0].history, "S");
  EXPECT_EQ(h.records[1].ts_us, 7'000'000);
  EXPECT_EQ(h.table.stats().removed_attempt, 1u);
}

TEST(FlowTable, SynWithANewIsnReusesTheTuple) {
  Harness h;
  h.tcp(1.0, true, 100, 0, S);
  h.tcp(2.0, true, 900, 0, S);
  h.table.finish();
  ASSERT_EQ(h.records.size(), 2u);
  EXPECT_EQ(h.table.stats().reused, 1u);
}

TEST(FlowTable, BadTransportChecksumOnlyMarksHistory) {
  {
    Harness h;
    h.tcp(1.0, true, 100, 0, S, 0, 40000, 80, true);
    const ConnRecord& r = h.only();
    EXPECT_EQ(r.history, "C");
    EXPECT_EQ(r.conn_state, "OTH");
    EXPECT_EQ(r.orig_pkts, 0u);
    EXPECT_EQ(h.table.stats().transport_checksum_bad, 1u);
  }
  {
    FlowConfig config;
    config.ignore_checksums = true;  // Zeek's -C
    Harness h(config);
    h.tcp(1.0, true, 100, 0, S, 0, 40000, 80, true);
    const ConnRecord& r = h.only();
    EXPECT_EQ(r.history, "S");
    EXPECT_EQ(r.orig_pkts, 1u);
  }
  {
    Harness h;
    h.udp(1.0, kClient, 4000, kServer, 4001, "abc", true);
    h.udp(1.1, kClient, 4000, kServer, 4001, "abc");
    const ConnRecord& r = h.only();
    EXPECT_EQ(r.history, "CD");
    EXPECT_EQ(r.orig_pkts, 1u);
    EXPECT_EQ(r.duration_us, 100'000);  // from the first packet, bad or not
  }
}

TEST(FlowTable, BadIpChecksumDropsThePacket) {
  Harness h;
  pk::V4 v4;
  v4.bad_checksum = true;
  h.raw(1.0, pk::with_checksum(pk::ipv4(v4, pk::udp(1, 2, "x"))));
  h.table.finish();
  EXPECT_TRUE(h.records.empty());
  EXPECT_EQ(h.table.stats().ip_checksum_dropped, 1u);
  FlowConfig config;
  config.ignore_checksums = true;
  Harness ignoring(config);
  ignoring.raw(1.0, pk::with_checksum(pk::ipv4(v4, pk::udp(1, 2, "x"))));
  ignoring.table.finish();
  EXPECT_EQ(ignoring.records.size(), 1u);
}

TEST(FlowTable, UdpStatesBytesAndTheServerPortFlip) {
  Harness h;
  h.udp(1.0, kServer, 53, kClient, 33000, pk::Bytes(40, 'r'));  // a response first
  h.udp(1.5, kClient, 33000, kServer, 53, pk::Bytes(20, 'q'));
  const ConnRecord& r = h.only();
  EXPECT_EQ(r.orig_h.to_string(), kClient);
  EXPECT_EQ(r.resp_p, 53);
  EXPECT_EQ(r.history, "^dD");
  EXPECT_EQ(r.conn_state, "SF");
  EXPECT_EQ(r.orig_bytes, 20u);
  EXPECT_EQ(r.resp_bytes, 40u);
  EXPECT_EQ(r.orig_ip_bytes, 20u + 8 + 20);

  Harness one;
  one.udp(1.0, kClient, 4000, kServer, 4001, "abc");
  const ConnRecord& s = one.only();
  EXPECT_EQ(s.conn_state, "S0");
  EXPECT_FALSE(s.has_duration);  // a single packet: no duration, no bytes
}

TEST(FlowTable, DnsResponseFromTheOriginatorFlips) {
  Harness h;
  pk::Bytes response = pk::Bytes("\x12\x34\x81\x80", 4) + pk::Bytes(8, '\0');
  h.udp(1.0, kClient, 53, kServer, 53, response);  // both server ports: no port flip
  const ConnRecord& r = h.only();
  EXPECT_EQ(r.orig_h.to_string(), kServer);
  EXPECT_EQ(r.history, "D^");
}

TEST(FlowTable, BroadcastSuppressesTheFlip) {
  Harness h;
  h.udp(1.0, kServer, 67, "255.255.255.255", 68, "offer");
  const ConnRecord& r = h.only();
  EXPECT_EQ(r.orig_h.to_string(), kServer);
  EXPECT_EQ(r.history, "D");
}

TEST(FlowTable, DnsSessionTimeoutAndUdpInactivity) {
  Harness h;
  pk::Bytes query(12, '\0');
  h.udp(1.0, kClient, 33000, kServer, 53, query);
  h.udp(9.0, kClient, 33000, kServer, 53, query);  // the check due at 11 has not run yet
  // The check due at 11 runs at this packet's time: idle 12.5 s, so a new record begins.
  h.udp(21.5, kClient, 33000, kServer, 53, query);
  h.udp(30.0, kClient, 4000, kServer, 4001, "a");
  h.udp(89.0, kClient, 4000, kServer, 4001, "b");   // 59 s idle: the same flow
  h.udp(150.0, kClient, 4000, kServer, 4001, "c");  // 61 s idle: a new flow
  h.table.finish();
  ASSERT_EQ(h.records.size(), 4u);  // the second DNS flow ended at 89 (its check at 31.5)
  EXPECT_EQ(h.records[0].orig_pkts, 2u);
  EXPECT_EQ(h.table.stats().removed_dns, 2u);
  EXPECT_EQ(h.table.stats().removed_inactivity, 1u);
}

TEST(FlowTable, IcmpEchoIsOneConnectionWithCounterpartPorts) {
  Harness h;
  for (int i = 0; i < 3; ++i) {
    h.icmp(1.0 + i, kClient, kServer, 8, 0, 56);
    h.icmp(1.1 + i, kServer, kClient, 0, 0, 56);
  }
  h.icmp(5.0, kServer, kClient, 3, 1, 28);  // unreachable: its own one-way record
  h.table.finish();
  ASSERT_EQ(h.records.size(), 2u);
  const ConnRecord& echo = h.records[0];
  EXPECT_EQ(echo.proto, "icmp");
  EXPECT_EQ(echo.orig_p, 8);
  EXPECT_EQ(echo.resp_p, 0);
  EXPECT_EQ(echo.orig_pkts, 3u);
  EXPECT_EQ(echo.resp_pkts, 3u);
  EXPECT_EQ(echo.orig_bytes, 3u * 56);
  EXPECT_EQ(echo.conn_state, "OTH");
  EXPECT_EQ(echo.history, "");
  EXPECT_EQ(h.records[1].orig_p, 3);
  EXPECT_EQ(h.records[1].resp_p, 1);
}

TEST(FlowTable, MaxConnectionsEvictsTheLeastRecentlyActive) {
  FlowLimits limits;
  limits.max_connections = 2;
  Harness h({}, limits);
  h.udp(1.0, kClient, 1, kServer, 1001, "a");
  h.udp(2.0, kClient, 2, kServer, 1002, "b");
  h.udp(3.0, kClient, 1, kServer, 1001, "a");  // flow 1 active again
  h.udp(4.0, kClient, 3, kServer, 1003, "c");  // evicts flow 2
  EXPECT_EQ(h.table.size(), 2u);
  ASSERT_EQ(h.records.size(), 1u);
  EXPECT_EQ(h.records[0].orig_p, 2);
  EXPECT_EQ(h.table.stats().evicted, 1u);
  h.table.finish();
  EXPECT_EQ(h.records.size(), 3u);
}

TEST(FlowTable, HistoryIsBounded) {
  FlowLimits limits;
  limits.max_history = 4;
  Harness h({}, limits);
  h.tcp(1.0, true, 1000, 0, S);
  // Each RST with a new sequence number adds a letter.
  for (uint32_t i = 1; i < 10; ++i) h.tcp(1.0 + i * 0.1, true, 1000 + i * 10, 0, R);
  const ConnRecord& r = h.only();
  EXPECT_EQ(r.history.size(), 4u);
  EXPECT_GT(h.table.stats().history_truncated, 0u);
}

TEST(FlowTable, SynAfterItsSynAckFlipsAndEstablishes) {
  Harness h;  // neither port a server port; the SYN-ACK was captured before its SYN
  h.tcp(1.0, false, 5000, 1001, S | A, 0, 40000, 40001);
  h.tcp(1.0, true, 1000, 0, S, 0, 40000, 40001);
  h.tcp(1.1, true, 1001, 5001, A, 0, 40000, 40001);
  const ConnRecord& r = h.only();
  EXPECT_EQ(r.orig_h.to_string(), kClient);
  EXPECT_EQ(r.conn_state, "S1");
  EXPECT_EQ(r.history, "Hs^A");
}

TEST(FlowTable, ResetsAfterACloseFollowZeeksBaselines) {
  {
    Harness h;  // both closed, then a RST: still SF
    normal_connection(h);
    h.tcp(1.8, false, 5302, 0, R);
    const ConnRecord& r = h.only();
    EXPECT_EQ(r.conn_state, "SF");
    EXPECT_EQ(r.history, "ShADdFfr");
  }
  {
    Harness h;  // the client closes and resets, the server answers with its FIN: SF
    h.tcp(1.0, true, 100, 0, S);
    h.tcp(1.1, false, 500, 101, S | A);
    h.tcp(1.2, true, 101, 501, A);
    h.tcp(1.3, true, 101, 501, F | A);
    h.tcp(1.4, true, 102, 0, R);
    h.tcp(1.5, false, 501, 102, F | A);
    const ConnRecord& r = h.only();
    EXPECT_EQ(r.conn_state, "SF");
    EXPECT_EQ(r.history, "ShAFRf");
  }
  {
    Harness h;  // the client closes and resets, the server stays: RSTO
    h.tcp(1.0, true, 100, 0, S);
    h.tcp(1.1, false, 500, 101, S | A);
    h.tcp(1.2, true, 101, 501, A);
    h.tcp(1.3, true, 101, 501, F | A);
    h.tcp(1.4, true, 102, 0, R);
    EXPECT_EQ(h.only().conn_state, "RSTO");
  }
}

TEST(FlowTable, OtherProtocolsAreUnknownTransport) {
  Harness h;
  pk::V4 v4;
  v4.protocol = 132;  // SCTP
  h.raw(1.0, pk::ipv4(v4, pk::Bytes(28, 's')));
  h.raw(1.5, pk::ipv4(v4, pk::Bytes(28, 's')));
  const ConnRecord& r = h.only();
  EXPECT_EQ(r.proto, "unknown_transport");
  EXPECT_EQ(r.ip_proto, 132);
  EXPECT_EQ(r.orig_pkts, 2u);
  EXPECT_EQ(r.orig_ip_bytes, 96u);
  EXPECT_EQ(r.orig_bytes, 0u);
  EXPECT_EQ(r.conn_state, "OTH");

  FlowConfig config;
  config.log_unknown_transport = false;
  Harness quiet(config);
  quiet.raw(1.0, pk::ipv4(v4, pk::Bytes(28, 's')));
  quiet.table.finish();
  EXPECT_TRUE(quiet.records.empty());
  EXPECT_EQ(quiet.table.stats().unknown_transport_ignored, 1u);
}

TEST(FlowTable, SnappedPayloadIsMissedWhenAcknowledged) {
  Harness h;
  h.tcp(1.0, true, 100, 0, S);
  h.tcp(1.1, false, 500, 101, S | A);
  h.tcp(1.2, true, 101, 501, A);
  // 1000 bytes on the wire, 100 captured.
  pk::V4 v4;
  v4.protocol = 6;
  v4.src = kServer;
  v4.dst = kClient;
  pk::Bytes ip = pk::ipv4(v4, pk::tcp(80, 40000, 501, 101, A, pk::Bytes(1000, 'x')));
  packet::CapturedPacket p;
  p.time_ns = 1'300'000'000;
  p.link_type = packet::link_type::kRaw;
  p.data = {reinterpret_cast<const uint8_t*>(ip.data()), 140};
  p.wire_length = uint32_t(ip.size());
  h.decoder.on_packet(p);
  h.tcp(1.4, true, 101, 1501, A);
  const ConnRecord& r = h.only();
  EXPECT_EQ(r.resp_bytes, 1000u);
  EXPECT_EQ(r.missed_bytes, 1000u);
  EXPECT_EQ(r.resp_ip_bytes, 40u + 1040);
}

struct Skipper : FlowObserver {
  void on_packet(Connection& c, const FlowPacket& p) override {
    if (!p.payload.empty()) c.skip_further_processing();
  }
};

TEST(FlowTable, SkippingLeavesTheRecordAsItWas) {
  Harness h;
  Skipper skipper;
  h.table.set_observer(&skipper);
  normal_connection(h);  // the first data packet (the 4th) asks to skip the rest
  const ConnRecord& r = h.only();
  EXPECT_EQ(r.history, "ShAD");
  EXPECT_EQ(r.conn_state, "S1");
  EXPECT_EQ(r.orig_pkts, 3u);
  EXPECT_EQ(r.resp_pkts, 1u);
  EXPECT_EQ(h.table.stats().skipped, 4u);
}

TEST(FlowTable, UidsAreDeterministic) {
  auto run = [](uint64_t seed) {
    FlowConfig config;
    config.uid_seed = seed;
    Harness h(config);
    normal_connection(h);
    h.udp(2.0, kClient, 1, kServer, 2, "x");
    h.udp(2.0, kClient, 1, kServer, 3, "x");
    h.table.finish();
    std::vector<std::string> uids;
    for (const auto& r : h.records) uids.push_back(r.uid);
    return uids;
  };
  auto a = run(0), b = run(0), c = run(7);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  std::set<std::string> distinct(a.begin(), a.end());
  EXPECT_EQ(distinct.size(), a.size());
  for (const auto& uid : a) {
    EXPECT_EQ(uid.size(), 18u);
    EXPECT_EQ(uid[0], 'C');
    for (char ch : uid) EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(ch))) << uid;
  }
}

struct Watcher : FlowObserver {
  int packets = 0, ends = 0;
  std::string directions;
  void on_packet(Connection& c, const FlowPacket& p) override {
    ++packets;
    directions += p.from_orig ? 'o' : 'r';
    if (!p.payload.empty()) c.set_service("test");
  }
  void on_end(Connection&) override { ++ends; }
};

TEST(FlowTable, ObserverSeesPacketsAndSetsTheService) {
  Harness h;
  Watcher w;
  h.table.set_observer(&w);
  normal_connection(h);
  const ConnRecord& r = h.only();
  EXPECT_EQ(w.packets, 8);
  EXPECT_EQ(w.directions, "oroororo");
  EXPECT_EQ(w.ends, 1);
  EXPECT_EQ(r.service, "test");
}

}  // namespace
}  // namespace zeekscope::flow
