// From captured packets to packet views: every link type the decoder reads, IPv4 with options,
// IPv6 extension headers, the transport fields, and fragment reassembly within its limits.
#include <gtest/gtest.h>

#include "packet/ip_reassembly.h"
#include "packet/link_layer.h"
#include "packet/packet_decoder.h"
#include "packet_builders.h"

namespace zeekscope::packet {
namespace {

using namespace zeekscope::test::pkt;

struct Decode {
  Views out;
  PacketDecoder decoder;
  explicit Decode(const ReassemblyLimits& limits = {}) : decoder(out, limits) {}
  void packet(uint32_t link, const Bytes& frame, int64_t time_ns = 0, uint32_t wire = 0) {
    CapturedPacket p;
    p.link_type = link;
    p.time_ns = time_ns;
    p.data = std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(frame.data()), frame.size());
    p.wire_length = wire ? wire : uint32_t(frame.size());
    decoder.on_packet(p);
  }
};

std::string text(const IpAddress& ip) { return ip.to_string(); }

const Bytes kUdp4 = ipv4({}, udp(5353, 53, "query"));
const Bytes kTcp6 = ipv6("2001:db8::1", "2001:db8::2", 6, tcp(40000, 443, 1000, 0, 0x02, ""));

TEST(PacketDecode, EveryLinkTypeReachesTheSameDatagram) {
  Bytes sll1 = Bytes(14, '\0') + be16(0x0800) + kUdp4;
  Bytes sll2 = be16(0x0800) + Bytes(18, '\0') + kUdp4;
  struct Case {
    uint32_t link;
    Bytes frame;
  } cases[] = {
      {1, ethernet(0x0800, kUdp4)},
      {1, ethernet(0x0800, kUdp4, {10})},                            // 802.1Q
      {1, ethernet(0x0800, kUdp4, {10, 20}, 0x88A8)},                // QinQ
      {1, ethernet(0x0800, kUdp4, {10, 20}, 0x9100)},                // QinQ, old tag type
      {1, ethernet(0x8847, be32(0x00010140) + kUdp4)},               // MPLS, one label
      {1, ethernet(0x8864, Bytes(6, '\0') + be16(0x0021) + kUdp4)},  // PPPoE session
      {1,
       ethernet(uint16_t(8 + kUdp4.size()), Bytes("\xAA\xAA\x03\0\0\0", 6) + be16(0x0800) + kUdp4)},
      {101, kUdp4},
      {228, kUdp4},
      {113, sll1},
      {276, sll2},
      {0, Writer{false}.u32(2).out + kUdp4},   // NULL, little-endian writer
      {0, Writer{true}.u32(2).out + kUdp4},    // NULL, big-endian writer
      {108, Writer{true}.u32(2).out + kUdp4},  // LOOP
      {9, "\xFF\x03" + be16(0x0021) + kUdp4},  // PPP with HDLC framing
      // NFLOG: a prefix TLV (type 10, padded), then the packet TLV (type 9).
      {239, Bytes("\x02\x00\x00\x00\x07\x00\x0a\x00"
                  "abc\x00",
                  12) +
                Writer(false).u16(uint16_t(4 + kUdp4.size())).u16(9).out + kUdp4},
  };
  for (const auto& c : cases) {
    Decode run;
    run.packet(c.link, c.frame, 42);
    ASSERT_EQ(run.out.views.size(), 1u) << "link " << c.link;
    const PacketView& v = run.out.views[0].view;
    EXPECT_EQ(v.ip_version, 4);
    EXPECT_EQ(text(v.src), "10.0.0.1");
    EXPECT_EQ(text(v.dst), "10.0.0.2");
    EXPECT_TRUE(v.is_udp());
    EXPECT_EQ(v.src_port, 5353);
    EXPECT_EQ(v.dst_port, 53);
    EXPECT_EQ(v.payload_length, 5u);
    EXPECT_EQ(run.out.views[0].payload, "query");
    EXPECT_EQ(v.time_ns, 42);
    EXPECT_EQ(v.ip_length, kUdp4.size());
  }
}

TEST(PacketDecode, VlanTagsAreKept) {
  Decode run;
  run.packet(1, ethernet(0x0800, kUdp4, {10, 20}, 0x88A8));
  ASSERT_EQ(run.out.views.size(), 1u);
  EXPECT_EQ(run.out.views[0].view.vlan, 10);
  EXPECT_EQ(run.out.views[0].view.inner_vlan, 20);
}

TEST(PacketDecode, Ipv6OverEveryIpv6LinkType) {
  for (auto [link, frame] :
       std::vector<std::pair<uint32_t, Bytes>>{{1, ethernet(0x86DD, kTcp6)},
                                               {101, kTcp6},
                                               {229, kTcp6},
                                               {113, Bytes(14, '\0') + be16(0x86DD) + kTcp6},
                                               {276, be16(0x86DD) + Bytes(18, '\0') + kTcp6},
                                               {0, Writer{false}.u32(30).out + kTcp6},  // macOS
                                               {0, Writer{false}.u32(28).out + kTcp6},  // FreeBSD
                                               {108, Writer{true}.u32(24).out + kTcp6}}) {
    Decode run;
    run.packet(link, frame);
    ASSERT_EQ(run.out.views.size(), 1u) << link;
    const PacketView& v = run.out.views[0].view;
    EXPECT_EQ(v.ip_version, 6);
    EXPECT_EQ(text(v.src), "2001:db8::1");
    EXPECT_TRUE(v.is_tcp());
    EXPECT_EQ(v.dst_port, 443);
    EXPECT_EQ(v.tcp_flags, tcp_flag::kSyn);
    EXPECT_EQ(v.seq, 1000u);
  }
}

TEST(PacketDecode, WhatIsNotIpIsCountedNotDecoded) {
  Decode run;
  run.packet(1, ethernet(0x0806, Bytes(28, '\0')));  // ARP
  run.packet(1, ethernet(0x88CC, Bytes(20, '\0')));  // LLDP
  run.packet(1, Bytes(10, '\0'));                    // shorter than an Ethernet header
  run.packet(105, Bytes(30, '\0'));                  // 802.11: not read
  run.packet(228, kTcp6);                            // an IPv6 datagram on the IPv4 link type
  run.packet(101, Bytes(1, '\x50'));                 // IP version 5
  EXPECT_TRUE(run.out.views.empty());
  const DecoderStats& s = run.decoder.stats();
  EXPECT_EQ(s.packets, 6u);
  EXPECT_EQ(s.not_ip, 2u);
  EXPECT_EQ(s.truncated, 1u);
  EXPECT_EQ(s.unsupported_link, 1u);
  EXPECT_EQ(s.unsupported_link_types.at(105), 1u);
  EXPECT_EQ(s.bad_ip, 2u);
}

TEST(PacketDecode, Ipv4OptionsAndTcpFields) {
  V4 h;
  h.protocol = 6;
  h.options = Bytes("\x94\x04\0\0", 4);  // router alert
  Bytes segment = tcp(443, 51000, 0xFFFFFFF0, 77, tcp_flag::kAck | tcp_flag::kPsh, "hello",
                      Bytes("\x01\x01\x01\x01", 4));
  Decode run;
  run.packet(101, ipv4(h, segment));
  ASSERT_EQ(run.out.views.size(), 1u);
  const PacketView& v = run.out.views[0].view;
  EXPECT_EQ(v.src_port, 443);
  EXPECT_EQ(v.seq, 0xFFFFFFF0u);
  EXPECT_EQ(v.ack, 77u);
  EXPECT_EQ(v.tcp_flags, tcp_flag::kAck | tcp_flag::kPsh);
  EXPECT_EQ(v.window, 1024);
  EXPECT_EQ(v.payload_length, 5u);
  EXPECT_EQ(run.out.views[0].payload, "hello");
  EXPECT_TRUE(v.ip_checksum_ok);
  EXPECT_EQ(v.ip_length, 24u + 24 + 5);
}

TEST(PacketDecode, Ipv4ChecksumEthernetPaddingAndOffload) {
  Decode run;
  V4 bad;
  bad.bad_checksum = true;
  run.packet(101, ipv4(bad, udp(1, 2, "")));
  // Ethernet pads short frames: the IP length decides, not the frame's.
  run.packet(1, ethernet(0x0800, kUdp4 + Bytes(20, '\0')));
  V4 offload;
  offload.total = 0;
  offload.protocol = 6;
  Bytes tso = ipv4(offload, tcp(1, 2, 1, 1, tcp_flag::kAck, "data"));
  tso[2] = tso[3] = tso[10] = tso[11] = 0;
  uint16_t sum = checksum(tso.substr(0, 20));
  tso[10] = char(sum >> 8);
  tso[11] = char(sum);
  run.packet(101, tso);
  ASSERT_EQ(run.out.views.size(), 3u);
  EXPECT_FALSE(run.out.views[0].view.ip_checksum_ok);
  EXPECT_EQ(run.out.views[1].payload, "query");
  EXPECT_EQ(run.out.views[1].view.ip_length, kUdp4.size());
  EXPECT_TRUE(run.out.views[2].view.length_from_capture);
  EXPECT_EQ(run.out.views[2].payload, "data");
  EXPECT_EQ(run.decoder.stats().ip_checksum_bad, 1u);
  EXPECT_EQ(run.decoder.stats().length_from_capture, 1u);
}

TEST(PacketDecode, SnappedAndWireShortPackets) {
  Bytes packet = ipv4({}, udp(1, 2, Bytes(100, 'p')));
  Decode run;
  // Captured 60 of 128 bytes: decoded, flagged, payload cut to what was captured.
  run.packet(101, packet.substr(0, 60), 0, uint32_t(packet.size()));
  ASSERT_EQ(run.out.views.size(), 1u);
  EXPECT_TRUE(run.out.views[0].view.ip_snapped);
  EXPECT_EQ(run.out.views[0].view.payload_length, 100u);
  EXPECT_EQ(run.out.views[0].payload.size(), 32u);
  // A wire length shorter than the IP length (Zeek's truncated_IP_len): dropped.
  V4 longer;
  longer.total = 200;
  run.packet(101, ipv4(longer, udp(1, 2, "x")));
  EXPECT_EQ(run.out.views.size(), 1u);
  EXPECT_EQ(run.decoder.stats().truncated, 1u);
  // A TCP header not captured whole: the view is there, its transport fields are not.
  V4 t;
  t.protocol = 6;
  Bytes seg = ipv4(t, tcp(1, 2, 3, 4, 0x10, "abc"));
  run.packet(101, seg.substr(0, 30), 0, uint32_t(seg.size()));
  ASSERT_EQ(run.out.views.size(), 2u);
  EXPECT_TRUE(run.out.views[1].view.transport_truncated);
}

TEST(PacketDecode, Ipv6ExtensionHeaders) {
  Bytes hop = Bytes(5, '\0');                                       // hop-by-hop, padding options
  Bytes dest = Bytes(1, '\0') + "\xC9\x10" + addr("2001:db8::99");  // Home Address
  // Type 0, one segment left, one address.
  Bytes routing = Bytes("\x00\x00\x01", 3) + Bytes(4, '\0') + addr("2001:db8::77");
  Bytes packet = ipv6("2001:db8::1", "2001:db8::2", 17, udp(1000, 53, "dns"),
                      {{0, hop}, {43, routing}, {60, dest}});
  Decode run;
  run.packet(101, packet);
  ASSERT_EQ(run.out.views.size(), 1u);
  const PacketView& v = run.out.views[0].view;
  EXPECT_EQ(v.protocol, 17);
  EXPECT_EQ(v.dst_port, 53);
  EXPECT_EQ(run.out.views[0].payload, "dns");
  EXPECT_EQ(text(v.dst), "2001:db8::77");  // the routing header's final address
  EXPECT_EQ(text(v.src), "2001:db8::99");  // the Home Address option
  // ESP: no transport to read, the view says protocol 50.
  Decode esp;
  esp.packet(101, ipv6("2001:db8::1", "2001:db8::2", 50, Bytes(16, 'e')));
  ASSERT_EQ(esp.out.views.size(), 1u);
  EXPECT_EQ(esp.out.views[0].view.protocol, 50);
  EXPECT_EQ(esp.out.views[0].view.src_port, 0);
}

// An IPv4 datagram cut into fragments of `size` bytes of payload.
std::vector<Bytes> fragments4(const Bytes& payload, size_t size, uint16_t id,
                              uint8_t protocol = 17) {
  std::vector<Bytes> out;
  for (size_t at = 0; at < payload.size(); at += size) {
    V4 h;
    h.id = id;
    h.protocol = protocol;
    h.offset = uint16_t(at);
    h.more = at + size < payload.size();
    out.push_back(ipv4(h, payload.substr(at, size)));
  }
  return out;
}

std::vector<Bytes> fragments6(const Bytes& payload, size_t size, uint32_t id) {
  std::vector<Bytes> out;
  for (size_t at = 0; at < payload.size(); at += size) {
    out.push_back(
        ipv6("2001:db8::1", "2001:db8::2", 17, payload.substr(at, size),
             {{60, Bytes(5, '\0')}, {44, frag6(uint16_t(at), at + size < payload.size(), id)}}));
  }
  return out;
}

TEST(PacketDecode, Ipv4FragmentsInAnyOrder) {
  Bytes datagram = udp(4000, 53, Bytes(300, 'd'));
  auto frags = fragments4(datagram, 96, 7);
  ASSERT_EQ(frags.size(), 4u);
  for (auto order : std::vector<std::vector<int>>{{0, 1, 2, 3}, {3, 2, 1, 0}, {2, 0, 3, 1}}) {
    Decode run;
    int64_t t = 1000;
    for (int i : order) run.packet(101, frags[i], t++);
    ASSERT_EQ(run.out.views.size(), 1u);
    const PacketView& v = run.out.views[0].view;
    EXPECT_TRUE(v.reassembled);
    EXPECT_EQ(v.time_ns, 1003);  // the completing fragment's time
    EXPECT_EQ(v.dst_port, 53);
    EXPECT_EQ(v.payload_length, 300u);
    EXPECT_EQ(run.out.views[0].payload, Bytes(300, 'd'));
    EXPECT_EQ(v.ip_length, 20u + datagram.size());
    EXPECT_TRUE(v.ip_checksum_ok);
    EXPECT_EQ(run.decoder.reassembly().datagrams, 1u);
  }
}

TEST(PacketDecode, Ipv6FragmentsWithUnfragmentableHeaders) {
  Bytes datagram = udp(4000, 53, Bytes(200, 'x'));
  auto frags = fragments6(datagram, 64, 0xABCDEF);
  Decode run;
  for (auto it = frags.rbegin(); it != frags.rend(); ++it) run.packet(1, ethernet(0x86DD, *it));
  ASSERT_EQ(run.out.views.size(), 1u);
  const PacketView& v = run.out.views[0].view;
  EXPECT_TRUE(v.reassembled);
  EXPECT_EQ(v.protocol, 17);
  EXPECT_EQ(v.dst_port, 53);
  EXPECT_EQ(run.out.views[0].payload, Bytes(200, 'x'));
  EXPECT_EQ(v.ip_length, 40u + 8 + datagram.size());
}

TEST(PacketDecode, OverlappingFragmentsFirstDataWins) {
  Bytes first = ipv4(frag4(9, true, 0), Bytes(16, 'a'));
  Bytes overlap = ipv4(frag4(9, true, 8), Bytes(16, 'b'));
  Bytes last = ipv4(frag4(9, false, 24), Bytes(8, 'c'));
  Decode run;
  run.packet(101, first);
  run.packet(101, overlap);
  run.packet(101, last);
  ASSERT_EQ(run.out.views.size(), 1u);
  // Not a UDP header any more, but the bytes tell which fragment won.
  EXPECT_EQ(run.decoder.reassembly().overlapping, 1u);
  EXPECT_EQ(run.decoder.reassembly().inconsistent, 1u);
  EXPECT_EQ(run.out.views[0].view.payload_length, 32u - 8);
}

TEST(PacketDecode, FragmentTimeoutAndMemoryLimits) {
  auto frags = fragments4(udp(1, 2, Bytes(300, 'z')), 96, 1);
  {
    // The last fragment comes after the timeout: the datagram was dropped.
    Decode run({.timeout_ns = 1000});
    run.packet(101, frags[0], 0);
    run.packet(101, frags[1], 10);
    run.packet(101, frags[2], 20);
    run.packet(101, frags[3], 5000);
    EXPECT_TRUE(run.out.views.empty());
    EXPECT_EQ(run.decoder.reassembly().dropped_timeout, 1u);
    run.decoder.finish();
    EXPECT_EQ(run.decoder.reassembly().incomplete_at_end, 1u);
  }
  {
    // Room for one datagram: the older gives way to the newer.
    auto other = fragments4(udp(1, 2, Bytes(300, 'y')), 96, 2);
    Decode run({.max_bytes_held = 400});
    for (size_t i = 0; i < 3; ++i) run.packet(101, frags[i]);
    for (size_t i = 0; i < 4; ++i) run.packet(101, other[i]);
    run.packet(101, frags[3]);
    EXPECT_EQ(run.out.views.size(), 1u);
    EXPECT_EQ(run.decoder.reassembly().dropped_memory, 1u);
    EXPECT_EQ(run.out.views[0].payload, Bytes(300, 'y'));
  }
  {
    // Many datagrams that never complete: never more than the limit held.
    IpReassembler r({.max_bytes_held = 10000, .max_datagrams = 50});
    ProblemList problems;
    std::vector<uint8_t> out;
    for (uint16_t id = 0; id < 1000; ++id) {
      Bytes f = fragments4(udp(1, 2, Bytes(300, 'q')), 96, id)[0];
      auto span = std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(f.data()), f.size());
      IpHeader h = decode_ip(span, f.size());
      EXPECT_FALSE(r.add(h, span, id, 0, out, problems));
      EXPECT_LE(r.pending(), 50u);
      EXPECT_LE(r.bytes_held(), 10000u);
    }
  }
}

TEST(PacketDecode, DamagedFragmentsAreCounted) {
  Decode run;
  run.packet(101, ipv4(frag4(3, true, 0), Bytes(10, 'x')));       // not a multiple of 8
  run.packet(101, ipv4(frag4(4, false, 65528), Bytes(16, 'x')));  // past 65535
  run.packet(101, ipv4(frag4(5, false, 8), Bytes(8, 'x')));
  run.packet(101, ipv4(frag4(5, false, 16), Bytes(8, 'x')));  // a second, different end
  EXPECT_TRUE(run.out.views.empty());
  EXPECT_EQ(run.decoder.reassembly().damaged, 3u);
  EXPECT_EQ(run.decoder.stats().problems.count, 3u);
}

TEST(PacketDecode, SnappedFragmentsFollowZeek) {
  auto frags = fragments4(udp(1, 53, Bytes(300, 'z')), 96, 1);
  Decode run;
  run.packet(101, frags[0].substr(0, 40), 0, uint32_t(frags[0].size()));  // first: read alone
  run.packet(101, frags[1].substr(0, 40), 0, uint32_t(frags[1].size()));  // later: dropped
  ASSERT_EQ(run.out.views.size(), 1u);
  EXPECT_EQ(run.out.views[0].view.dst_port, 53);
  EXPECT_FALSE(run.out.views[0].view.reassembled);
  EXPECT_EQ(run.decoder.stats().fragments_snapped, 2u);
}

}  // namespace
}  // namespace zeekscope::packet

namespace zeekscope::packet {
namespace {

TEST(PacketDecode, TimeGoingBackwardsExpiresNothing) {
  auto frags = fragments4(udp(1, 2, Bytes(300, 'z')), 96, 1);
  Decode run({.timeout_ns = 1000});
  run.packet(101, frags[0], 5000);
  run.packet(101, frags[1], 10);
  run.packet(101, frags[2], INT64_MIN);
  run.packet(101, frags[3], 5500);
  ASSERT_EQ(run.out.views.size(), 1u);
  EXPECT_EQ(run.decoder.reassembly().dropped_timeout, 0u);
}

}  // namespace
}  // namespace zeekscope::packet

namespace zeekscope::packet {
namespace {

TEST(PacketDecode, TransportChecksums) {
  using C = PacketView::Checksum;
  V4 t;
  t.protocol = 6;
  V4 icmp;
  icmp.protocol = 1;
  Bytes tcp4 = with_checksum(ipv4(t, tcp(1, 2, 3, 4, tcp_flag::kAck, "payload")));
  Bytes udp4 = with_checksum(ipv4({}, udp(1, 53, "odd")));  // an odd length
  Bytes icmp4 = with_checksum(ipv4(icmp, Bytes("\x08\x00\0\0\0\x01\0\x01ping", 12)));
  Bytes udp6 = with_checksum(ipv6("2001:db8::1", "2001:db8::2", 17, udp(1, 53, "q")));
  Bytes icmp6 = with_checksum(ipv6("fe80::1", "ff02::1", 58, Bytes("\x80\0\0\0\0\1\0\1", 8)));
  Bytes corrupt = tcp4;
  corrupt.back() ^= 1;
  Bytes none = ipv4({}, udp(1, 53, "x"));  // IPv4 UDP checksum 0: none sent
  Decode run;
  for (const Bytes& b : {tcp4, udp4, icmp4, udp6, icmp6, corrupt, none}) run.packet(101, b);
  run.packet(101, tcp4.substr(0, 45), 0, uint32_t(tcp4.size()));  // snapped: cannot check
  ASSERT_EQ(run.out.views.size(), 8u);
  std::vector<C> got;
  for (const auto& v : run.out.views) got.push_back(v.view.transport_checksum);
  EXPECT_EQ(got, (std::vector<C>{C::kGood, C::kGood, C::kGood, C::kGood, C::kGood, C::kBad,
                                 C::kUnchecked, C::kUnchecked}));
  EXPECT_EQ(run.decoder.stats().transport_checksum_bad, 1u);
}

// Every payload length up to 80 bytes and a full segment (the sum runs eight bytes at a time,
// then by words, then the odd byte): right checksums are good, any one flipped byte is bad.
TEST(PacketDecode, TransportChecksumsOfEveryLength) {
  using C = PacketView::Checksum;
  V4 t;
  t.protocol = 6;
  std::vector<size_t> lengths(81);
  for (size_t n = 0; n <= 80; ++n) lengths[n] = n;
  lengths.push_back(1388);
  for (size_t n : lengths) {
    std::string payload;
    for (size_t i = 0; i < n; ++i) payload += char((i * 131 + n * 7) & 0xFF);
    Bytes good = with_checksum(ipv4(t, tcp(40000, 443, 7, 9, tcp_flag::kAck, payload)));
    Decode run;
    run.packet(101, good);
    std::vector<size_t> flips{24};  // the sequence number's first byte
    for (size_t at = good.size() - n; at < good.size(); at += 1 + n / 16) flips.push_back(at);
    for (size_t at : flips) {
      Bytes bad = good;
      bad[at] ^= 0x10;
      run.packet(101, bad);
    }
    ASSERT_GE(run.out.views.size(), 2u);
    EXPECT_EQ(run.out.views[0].view.transport_checksum, C::kGood) << n;
    for (size_t i = 1; i < run.out.views.size(); ++i)
      EXPECT_EQ(run.out.views[i].view.transport_checksum, C::kBad) << n << " " << i;
  }
}

}  // namespace
}  // namespace zeekscope::packet
