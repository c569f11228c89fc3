// PCAPdroid's app attribution at the packet layer: the trailer of its pcap frames (read,
// checked by CRC, kept out of the IP payload), the "u-<uid>" comment of its pcapng packets and
// its uid map custom block, each damaged in the ways a file can be.
#include <gtest/gtest.h>

#include "packet/capture_file_reader.h"
#include "packet/packet_decoder.h"
#include "packet/pcapdroid_trailer.h"
#include "pcapdroid_builders.h"

namespace zeekscope::packet {
namespace {

using namespace zeekscope::test::pkt;
using Result = PcapdroidTrailer::Result;

std::span<const uint8_t> span_of(const Bytes& b) {
  return {reinterpret_cast<const uint8_t*>(b.data()), b.size()};
}

Bytes from_hex(std::string_view hex) {
  Bytes out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2)
    out.push_back(char(std::stoi(Bytes(hex.substr(i, 2)), nullptr, 16)));
  return out;
}

// An IPv4 UDP packet (40000 -> 53, "hey") in a PCAPdroid frame: 3 bytes of padding, uid 10234,
// label "Example Sync", its CRC computed by Python's zlib.crc32, not by the code under test.
const Bytes kLiteralFrame = from_hex(
    "00000000000000000000000008004500001f00010000401166cb0a0000010a00"
    "00029c400035000b000068657900000001072021000027fa4578616d706c6520"
    "53796e6300000000000000005a26d70f");

TEST(PcapdroidTrailer, ReadsAFrameWrittenElsewhere) {
  ASSERT_EQ(kLiteralFrame.size(), 80u);
  PcapdroidTrailer t = read_pcapdroid_trailer(span_of(kLiteralFrame));
  ASSERT_EQ(t.result, Result::kOk);
  EXPECT_EQ(t.uid, 10234);
  EXPECT_EQ(t.label, "Example Sync");
  // The label points into the frame.
  EXPECT_EQ(static_cast<const void*>(t.label.data()), kLiteralFrame.data() + 56);
  // The builder the other tests use writes the same bytes.
  Bytes ip = kLiteralFrame.substr(14, 31);
  EXPECT_EQ(pcapdroid_frame(ip, 10234, "Example Sync"), kLiteralFrame);
}

TEST(PcapdroidTrailer, AnyChangedBitFailsTheCrcOrRemovesTheMagic) {
  for (size_t at = 0; at < kLiteralFrame.size(); ++at) {
    for (int bit : {0, 7}) {
      Bytes frame = kLiteralFrame;
      frame[at] = char(frame[at] ^ (1 << bit));
      PcapdroidTrailer t = read_pcapdroid_trailer(span_of(frame));
      bool in_magic = at >= 48 && at < 52;
      EXPECT_EQ(t.result, in_magic ? Result::kNone : Result::kBad) << at;
      if (!in_magic) {
        EXPECT_NE(t.reason.find("CRC"), std::string_view::npos);
      }
    }
  }
}

TEST(PcapdroidTrailer, NoMagicNoTrailer) {
  Bytes plain = ethernet(0x0800, ipv4({}, udp(1, 2, Bytes(40, 'x'))));
  EXPECT_EQ(read_pcapdroid_trailer(span_of(plain)).result, Result::kNone);
  EXPECT_EQ(read_pcapdroid_trailer({}).result, Result::kNone);
  // Shorter than a trailer: the magic cannot be there.
  Bytes tiny = be32(0x01072021) + Bytes(27, '\0');
  EXPECT_EQ(read_pcapdroid_trailer(span_of(tiny)).result, Result::kNone);
  // The magic one byte off its place is not a trailer.
  Bytes shifted = kLiteralFrame + "x";
  EXPECT_EQ(read_pcapdroid_trailer(span_of(shifted)).result, Result::kNone);
  // A snapped PCAPdroid frame: its end is IP bytes, no trailer.
  Bytes snapped = kLiteralFrame.substr(0, 60);
  EXPECT_EQ(read_pcapdroid_trailer(span_of(snapped)).result, Result::kNone);
}

TEST(PcapdroidTrailer, FrameTooShortForEthernetAndTrailer) {
  for (size_t size : {32, 33, 40, 45}) {
    Bytes frame = Bytes(size - 32, '\0');
    frame += pcapdroid_trailer_for(frame, 5, "x");  // even with a right CRC
    PcapdroidTrailer t = read_pcapdroid_trailer(span_of(frame));
    EXPECT_EQ(t.result, Result::kBad) << size;
    EXPECT_NE(t.reason.find("too short"), std::string_view::npos) << size;
  }
  // 46 bytes: an empty Ethernet payload and a trailer is the smallest readable frame.
  Bytes frame = Bytes(14, '\0');
  frame += pcapdroid_trailer_for(frame, 5, "x");
  EXPECT_EQ(read_pcapdroid_trailer(span_of(frame)).result, Result::kOk);
}

TEST(PcapdroidTrailer, UidsAsSigned32Bits) {
  Bytes ip = ipv4({}, udp(1, 2, "abc"));
  for (int32_t uid : {-1, 0, 1000, 9999, 10234, INT32_MAX, INT32_MIN}) {
    Bytes frame = pcapdroid_frame(ip, uid, "");
    PcapdroidTrailer t = read_pcapdroid_trailer(span_of(frame));
    ASSERT_EQ(t.result, Result::kOk) << uid;
    EXPECT_EQ(t.uid, uid);
    EXPECT_EQ(t.label, "");
  }
  // -1 is written FF FF FF FF.
  Bytes frame = pcapdroid_frame(ip, -1, "");
  EXPECT_EQ(frame.substr(frame.size() - 28, 4), "\xFF\xFF\xFF\xFF");
}

TEST(PcapdroidTrailer, LabelsAreBytesUpToTheFirstNul) {
  Bytes ip = ipv4({}, udp(1, 2, "abc"));
  Bytes frame = pcapdroid_frame(ip, 1, "nineteen-bytes-long");
  EXPECT_EQ(read_pcapdroid_trailer(span_of(frame)).label, "nineteen-bytes-long");
  // A longer name is cut at 19 bytes by the writer; a UTF-8 character may be split: the bytes
  // are kept as they are (the report layer makes text of them).
  Bytes utf8 = "Caf\xC3\xA9 R\xC3\xA9seaux \xC3\xA9t\xC3\xA9";  // "Café Réseaux été", 20 bytes
  ASSERT_EQ(utf8.size(), 20u);
  frame = pcapdroid_frame(ip, 2, utf8);
  PcapdroidTrailer t = read_pcapdroid_trailer(span_of(frame));
  ASSERT_EQ(t.result, Result::kOk);
  EXPECT_EQ(t.label, utf8.substr(0, 19));
  EXPECT_EQ(uint8_t(t.label.back()), 0xC3);  // the first byte of a two-byte character
  // Bytes after the first NUL are not the label.
  Bytes eth = Bytes(12, '\0') + be16(0x0800) + ip;
  eth += Bytes((4 - eth.size() % 4) % 4, '\0');
  Bytes odd = Bytes("short") + Bytes(1, '\0') + "garbage-after" + Bytes(1, '\0');
  ASSERT_EQ(odd.size(), 20u);
  frame = eth + pcapdroid_trailer_raw(eth, 3, odd);
  EXPECT_EQ(read_pcapdroid_trailer(span_of(frame)).label, "short");
  // No NUL at all (not what PCAPdroid writes): all 20 bytes, never more.
  Bytes full = "twenty-bytes-label!!";
  frame = eth + pcapdroid_trailer_raw(eth, 4, full);
  EXPECT_EQ(read_pcapdroid_trailer(span_of(frame)).label, full);
}

// --- the decoder ---

struct Decode {
  Views out;
  PacketDecoder decoder{out};
  void packet(uint32_t link, const Bytes& frame, uint64_t offset = 0, uint32_t wire = 0,
              bool has_app = false, int32_t uid = 0) {
    CapturedPacket p;
    p.link_type = link;
    p.data = span_of(frame);
    p.wire_length = wire ? wire : uint32_t(frame.size());
    p.offset = offset;
    p.has_app = has_app;
    p.app_uid = uid;
    decoder.on_packet(p);
  }
};

// Every field of a view the flow layer reads, but its app.
std::string fields(const Views::Kept& k) {
  const PacketView& v = k.view;
  return std::to_string(v.time_ns) + " " + v.src.to_string() + " " + v.dst.to_string() + " " +
         std::to_string(v.protocol) + " " + std::to_string(v.ip_version) + " " +
         std::to_string(v.ip_length) + " " + std::to_string(v.ip_snapped) +
         std::to_string(v.length_from_capture) + std::to_string(v.ip_checksum_ok) +
         std::to_string(v.reassembled) + std::to_string(v.transport_truncated) + " " +
         std::to_string(int(v.transport_checksum)) + " " + std::to_string(v.src_port) + " " +
         std::to_string(v.dst_port) + " " + std::to_string(v.tcp_flags) + " " +
         std::to_string(v.seq) + " " + std::to_string(v.ack) + " " + std::to_string(v.window) +
         " " + std::to_string(v.payload_length) + " [" + k.payload + "]";
}

// Packets of every padding (payloads of 0 to 3 extra bytes), IPv4 and IPv6, TCP and UDP.
std::vector<Bytes> sample_packets() {
  std::vector<Bytes> out;
  for (size_t extra = 0; extra < 4; ++extra) {
    Bytes data = Bytes("payload") + Bytes(extra, '!');
    out.push_back(with_checksum(ipv4({}, udp(40000, 53, data))));
    V4 t;
    t.protocol = 6;
    out.push_back(with_checksum(ipv4(t, tcp(40001, 443, 100, 200, tcp_flag::kAck, data))));
    out.push_back(with_checksum(ipv6("2001:db8::1", "2001:db8::2", 17, udp(5000, 443, data))));
    out.push_back(
        with_checksum(ipv6("2001:db8::1", "2001:db8::2", 6, tcp(5001, 80, 7, 8, 0x18, data))));
  }
  return out;
}

TEST(PcapdroidDecode, TrailerGivesTheViewItsAppAndNoBytes) {
  Decode with, without;
  auto packets = sample_packets();
  for (size_t i = 0; i < packets.size(); ++i) {
    with.packet(
        1, pcapdroid_frame(packets[i], int32_t(10000 + i % 3), "App " + std::to_string(i % 3)));
    without.packet(101, raw_frame(packets[i]));
  }
  ASSERT_EQ(with.out.views.size(), packets.size());
  ASSERT_EQ(without.out.views.size(), packets.size());
  for (size_t i = 0; i < packets.size(); ++i) {
    const auto& v = with.out.views[i];
    EXPECT_EQ(fields(v), fields(without.out.views[i])) << i;
    EXPECT_TRUE(v.view.has_app) << i;
    EXPECT_EQ(v.view.app_uid, int32_t(10000 + i % 3)) << i;
    EXPECT_EQ(v.view.transport_checksum, PacketView::Checksum::kGood) << i;
    EXPECT_FALSE(without.out.views[i].view.has_app);
  }
  const DecoderStats& s = with.decoder.stats();
  EXPECT_EQ(s.app_trailers, packets.size());
  EXPECT_EQ(s.app_trailers_bad, 0u);
  EXPECT_EQ(s.problems.count, 0u);
  EXPECT_EQ(s.transport_checksum_bad, 0u);
  ASSERT_EQ(with.decoder.app_names().size(), 3u);
  EXPECT_EQ(with.decoder.app_names().at(10001).label, "App 1");
  EXPECT_EQ(with.decoder.app_names().at(10001).package, "");
  EXPECT_EQ(without.decoder.stats().app_trailers, 0u);
  EXPECT_TRUE(without.decoder.app_names().empty());
}

TEST(PcapdroidDecode, SnappedTrailerFrameKeepsTheTrailerOutOfThePayload) {
  // PCAPdroid cuts the IP packet to its snap length and still appends the padding and the
  // trailer: the wire length counts the whole packet. Cuts of 58 to 61 bytes: every padding.
  Bytes ip = with_checksum(ipv4({}, udp(1, 2, Bytes(100, 'p'))));
  for (size_t cut = 58; cut < 62; ++cut) {
    Bytes frame = pcapdroid_frame(ip.substr(0, cut), 7, "cut");
    Decode run;
    run.packet(1, frame, 0, uint32_t(frame.size() + ip.size() - cut));
    ASSERT_EQ(run.out.views.size(), 1u) << cut;
    EXPECT_TRUE(run.out.views[0].view.has_app);
    EXPECT_TRUE(run.out.views[0].view.ip_snapped);
    EXPECT_EQ(run.out.views[0].view.payload_length, 100u);
    EXPECT_EQ(run.out.views[0].payload, Bytes(cut - 28, 'p')) << cut;
  }
}

TEST(PcapdroidDecode, BadTrailerIsCountedAndThePacketStillDecoded) {
  Bytes ip = with_checksum(ipv4({}, udp(1, 2, "data")));
  Bytes frame = pcapdroid_frame(ip, 10234, "App");
  frame[frame.size() - 1] ^= 0x40;  // the CRC
  Decode run;
  run.packet(1, frame, 4242);
  ASSERT_EQ(run.out.views.size(), 1u);
  EXPECT_FALSE(run.out.views[0].view.has_app);
  EXPECT_EQ(run.out.views[0].payload, "data");
  const DecoderStats& s = run.decoder.stats();
  EXPECT_EQ(s.app_trailers, 0u);
  EXPECT_EQ(s.app_trailers_bad, 1u);
  ASSERT_EQ(s.problems.first.size(), 1u);
  EXPECT_EQ(s.problems.first[0].offset, 4242u);
  EXPECT_NE(s.problems.first[0].reason.find("CRC that does not match"), std::string::npos);
  EXPECT_TRUE(run.decoder.app_names().empty());
  // The magic in a frame too short for a trailer: counted, and the frame decoded as Ethernet.
  Bytes short_frame = Bytes(8, '\0') + be32(0x01072021) + be16(0x0806) + Bytes(26, '\0');
  run.packet(1, short_frame, 5000);
  EXPECT_EQ(run.decoder.stats().app_trailers_bad, 2u);
  EXPECT_EQ(run.decoder.stats().not_ip, 1u);
  EXPECT_NE(run.decoder.stats().problems.first[1].reason.find("too short"), std::string::npos);
}

TEST(PcapdroidDecode, OnlyEthernetFramesHaveTrailers) {
  Bytes ip = with_checksum(ipv4({}, udp(1, 2, "data")));
  Bytes frame = pcapdroid_frame(ip, 10234, "App");
  Bytes as_raw = frame.substr(14);  // the same bytes after the IP packet, on raw IP
  Decode run;
  run.packet(101, as_raw);
  run.packet(113, Bytes(14, '\0') + be16(0x0800) + as_raw);  // Linux cooked capture
  ASSERT_EQ(run.out.views.size(), 2u);
  EXPECT_FALSE(run.out.views[0].view.has_app);
  EXPECT_FALSE(run.out.views[1].view.has_app);
  EXPECT_EQ(run.decoder.stats().app_trailers + run.decoder.stats().app_trailers_bad, 0u);
}

TEST(PcapdroidDecode, FragmentsLeaveTheirTrailersOut) {
  Bytes payload = udp(7, 8, Bytes(30, 'f'));  // 38 bytes: fragments of 16, 16 and 6
  Decode run;
  for (uint16_t off : {16, 0, 32}) {
    Bytes part = payload.substr(off, off == 32 ? 6 : 16);
    run.packet(1, pcapdroid_frame(ipv4(frag4(9, off != 32, off), part), 10500, "Frag"));
  }
  ASSERT_EQ(run.out.views.size(), 1u);
  EXPECT_TRUE(run.out.views[0].view.reassembled);
  EXPECT_TRUE(run.out.views[0].view.has_app);
  EXPECT_EQ(run.out.views[0].view.app_uid, 10500);
  EXPECT_EQ(run.out.views[0].payload, Bytes(30, 'f'));
  EXPECT_EQ(run.decoder.stats().app_trailers, 3u);
}

TEST(PcapdroidDecode, PcapngAppIsCopiedToTheView) {
  Decode run;
  Bytes ip = with_checksum(ipv4({}, udp(1, 2, "x")));
  run.packet(101, ip, 0, 0, true, -1);
  run.packet(101, ip, 0, 0, false, 77);
  ASSERT_EQ(run.out.views.size(), 2u);
  EXPECT_TRUE(run.out.views[0].view.has_app);
  EXPECT_EQ(run.out.views[0].view.app_uid, -1);
  EXPECT_FALSE(run.out.views[1].view.has_app);
}

TEST(PcapdroidDecode, UidMapNamesWinOverTrailerLabels) {
  Decode run;
  Bytes ip = with_checksum(ipv4({}, udp(1, 2, "x")));
  // A trailer names 10100 first; a map block then replaces it.
  run.packet(1, pcapdroid_frame(ip, 10100, "Cut Label Of Ninet"));
  run.decoder.on_app_name(10100, "com.example.full", "Cut Label Of Nineteen Bytes");
  run.packet(1, pcapdroid_frame(ip, 10100, "Cut Label Of Ninet"));
  // A map block names 10200 first: trailers do not rename it.
  run.decoder.on_app_name(10200, "com.example.other", "Other");
  run.packet(1, pcapdroid_frame(ip, 10200, "Something Else"));
  // An empty trailer label is filled by a later one; a later different label does not replace
  // the first.
  run.packet(1, pcapdroid_frame(ip, 10300, ""));
  run.packet(1, pcapdroid_frame(ip, 10300, "Named Later"));
  run.packet(1, pcapdroid_frame(ip, 10300, "Renamed"));
  // Interleaved uids (the one-uid shortcut must not mix them up).
  run.packet(1, pcapdroid_frame(ip, -1, ""));
  run.packet(1, pcapdroid_frame(ip, 10400, "Four"));
  run.packet(1, pcapdroid_frame(ip, -1, ""));
  run.decoder.on_app_name(10400, "", "???");
  run.packet(1, pcapdroid_frame(ip, 10400, "Four"));
  const AppNames& names = run.decoder.app_names();
  ASSERT_EQ(names.size(), 5u);
  EXPECT_EQ(names.at(10100).package, "com.example.full");
  EXPECT_EQ(names.at(10100).label, "Cut Label Of Nineteen Bytes");
  EXPECT_EQ(names.at(10200).label, "Other");
  EXPECT_EQ(names.at(10300).label, "Named Later");
  EXPECT_EQ(names.at(-1).label, "");
  EXPECT_EQ(names.at(10400).label, "???");
  EXPECT_EQ(run.decoder.stats().app_trailers, 10u);
}

// --- pcapng ---

struct Events : PacketSink {
  std::vector<std::string> events;  // "packet <uid or ->", "name <uid> <package>|<label>"
  void on_packet(const CapturedPacket& p) override {
    events.push_back("packet " + (p.has_app ? std::to_string(p.app_uid) : std::string("-")));
  }
  void on_app_name(int32_t uid, std::string_view package, std::string_view label) override {
    events.push_back("name " + std::to_string(uid) + " " + std::string(package) + "|" +
                     std::string(label));
  }
};

// Reads `file` whole and in chunks of several sizes; every reading must give the same events.
std::pair<std::vector<std::string>, CaptureFileStats> read(const Bytes& file) {
  Events whole;
  CaptureFileReader reader(whole);
  reader.feed(file);
  reader.finish();
  for (size_t chunk : {1, 3, 7, 16, 61}) {
    Events pieces;
    CaptureFileReader r(pieces);
    for (size_t i = 0; i < file.size(); i += chunk) r.feed(std::string_view(file).substr(i, chunk));
    r.finish();
    EXPECT_EQ(pieces.events, whole.events) << chunk;
    EXPECT_EQ(r.stats().problems.count, reader.stats().problems.count) << chunk;
  }
  return {whole.events, reader.stats()};
}

TEST(PcapdroidPcapng, UidCommentsExactly) {
  for (bool big : {false, true}) {
    Bytes file = shb(big) + idb(big, 101);
    Bytes ip = ipv4({}, udp(1, 2, "x"));
    for (const char* text : {"u-10234", "u--1", "u-0", "u-2147483647", "u--2147483648"})
      file += epb(big, 0, 1, ip, 0, uid_comment(big, text));
    for (Bytes text : {"u-", "u--", "u-x", "u-12a", "u-2147483648", "u--2147483649", "u-+1", "U-1",
                       "u-1 ", " u-1", "u-00000000001", "hello", ""})
      file += epb(big, 0, 1, ip, 0, uid_comment(big, text));
    file += epb(big, 0, 1, ip, 0, uid_comment(big, Bytes("u-1") + Bytes(1, '\0')));
    // Several options: epb_flags, another comment, then PCAPdroid's.
    file += epb(big, 0, 1, ip, 0,
                option(big, 2, Writer{big}.u32(2).out) + option(big, 1, "note") +
                    option(big, 1, "u-555") + end_of_options(big));
    file += epb(big, 0, 1, ip);  // no options
    auto [events, stats] = read(file);
    std::vector<std::string> want = {"packet 10234", "packet -1", "packet 0", "packet 2147483647",
                                     "packet -2147483648"};
    for (int i = 0; i < 14; ++i) want.push_back("packet -");
    want.push_back("packet 555");
    want.push_back("packet -");
    EXPECT_EQ(events, want) << big;
    EXPECT_EQ(stats.app_comments, 6u);
    EXPECT_EQ(stats.problems.count, 0u);
    EXPECT_EQ(stats.damaged, 0u);
  }
}

TEST(PcapdroidPcapng, OptionPastItsBlockIsAProblemNotACrash) {
  Bytes ip = ipv4({}, udp(1, 2, "x"));
  // An option whose length runs past the block.
  Bytes bad = Writer{false}.u16(1).u16(200).out + "u-12";
  Bytes file = shb(false) + idb(false, 101) + epb(false, 0, 1, ip, 0, bad) +
               epb(false, 0, 1, ip, 0, uid_comment(false, "u-3"));
  auto [events, stats] = read(file);
  EXPECT_EQ(events, (std::vector<std::string>{"packet -", "packet 3"}));
  EXPECT_EQ(stats.problems.count, 1u);
  EXPECT_NE(stats.problems.first[0].reason.find("runs past"), std::string::npos);
  EXPECT_EQ(stats.problems.first[0].offset, shb(false).size() + idb(false, 101).size());
}

TEST(PcapdroidPcapng, UidMapBlocksInBothByteOrders) {
  for (bool big : {false, true}) {
    Bytes ip = ipv4({}, udp(1, 2, "x"));
    Bytes file = shb(big) + idb(big, 101);
    file += uid_map(big, {10234, "com.example.sync", "Example Sync"});
    file += epb(big, 0, 1, ip, 0, uid_comment(big, "u-10234"));
    // The map block of a uid may come after its first packet.
    file += epb(big, 0, 2, ip, 0, uid_comment(big, "u-1000"));
    UidMap system{1000, "android", "Android"};
    system.type = 0x40000BAD;  // the do-not-copy custom block type
    file += uid_map(big, system);
    file += uid_map(big, {-1, "", "???"});
    file += uid_map(big, {10300, Bytes(63, 'p'), Bytes(63, 'l')});
    file += uid_map(big, {10400, "com.example.bytes", "\xC3\xA9t\xC3"});  // kept as bytes
    auto [events, stats] = read(file);
    EXPECT_EQ(events,
              (std::vector<std::string>{"name 10234 com.example.sync|Example Sync", "packet 10234",
                                        "packet 1000", "name 1000 android|Android", "name -1 |???",
                                        "name 10300 " + Bytes(63, 'p') + "|" + Bytes(63, 'l'),
                                        "name 10400 com.example.bytes|\xC3\xA9t\xC3"}))
        << big;
    EXPECT_EQ(stats.app_blocks, 5u);
    EXPECT_EQ(stats.app_comments, 2u);
    EXPECT_EQ(stats.blocks_skipped, 0u);
    EXPECT_EQ(stats.damaged, 0u);
    EXPECT_EQ(stats.problems.count, 0u);
    EXPECT_EQ(stats.big_endian, big);
  }
}

TEST(PcapdroidPcapng, OtherCustomBlocksAreSkipped) {
  UidMap other{5, "pkg", "label"};
  other.pen = 32473;  // the documentation PEN
  Bytes file = shb(false) + idb(false, 101) + uid_map(false, other);
  auto [events, stats] = read(file);
  EXPECT_TRUE(events.empty());
  EXPECT_EQ(stats.blocks_skipped, 1u);
  EXPECT_EQ(stats.app_blocks, 0u);
  EXPECT_EQ(stats.damaged, 0u);
}

TEST(PcapdroidPcapng, DamagedUidMapBlocksAreCountedAndReadingGoesOn) {
  bool big = false;
  Bytes ip = ipv4({}, udp(1, 2, "x"));
  Bytes good = uid_map_body(big, {10234, "com.example.sync", "Example Sync"});
  UidMap v2{1, "a", "b"};
  v2.version = 2;
  UidMap t2{1, "a", "b"};
  t2.kind = 2;
  struct Case {
    Bytes body;
    const char* reason;
  };
  Bytes longer = good;
  longer[13] = char(12 + 3);  // a label 3 bytes longer than the block (after its padding) holds
  std::vector<Case> cases = {
      {Bytes(), "too short for its enterprise number"},
      {good.substr(0, 12), "too short for its uid map"},
      {good.substr(0, 14), "run past the block"},  // names missing
      {longer, "run past the block"},
      {uid_map_body(big, v2), "version 2, type 1"},
      {uid_map_body(big, t2), "version 1, type 2"},
  };
  for (const auto& c : cases) {
    Bytes head = shb(big) + idb(big, 101);
    Bytes file = head + block(big, 0xBAD, c.body) + uid_map(big, {7, "p", "l"}) +
                 epb(big, 0, 1, ip, 0, uid_comment(big, "u-7"));
    auto [events, stats] = read(file);
    EXPECT_EQ(events, (std::vector<std::string>{"name 7 p|l", "packet 7"})) << c.reason;
    EXPECT_EQ(stats.damaged, 1u) << c.reason;
    EXPECT_EQ(stats.app_blocks, 1u) << c.reason;
    ASSERT_EQ(stats.problems.first.size(), 1u) << c.reason;
    EXPECT_EQ(stats.problems.first[0].offset, head.size());
    EXPECT_NE(stats.problems.first[0].reason.find(c.reason), std::string::npos)
        << stats.problems.first[0].reason;
  }
  // Padding bytes after the names are allowed (the block is padded to 4).
  Bytes padded = good + Bytes(3, '\0');
  auto [events, stats] = read(shb(big) + idb(big, 101) + block(big, 0xBAD, padded));
  EXPECT_EQ(events, (std::vector<std::string>{"name 10234 com.example.sync|Example Sync"}));
  EXPECT_EQ(stats.damaged, 0u);
}

TEST(PcapdroidPcapng, DecoderKeepsTheMapAndTheComments) {
  Bytes ip = with_checksum(ipv4({}, udp(1, 2, "x")));
  Bytes file = shb(true) + idb(true, 101) + epb(true, 0, 1, ip, 0, uid_comment(true, "u-10234")) +
               uid_map(true, {10234, "com.example.sync", "Example Sync"}) +
               epb(true, 0, 2, ip, 0, uid_comment(true, "u--1"));
  Views views;
  PacketDecoder decoder(views);
  CaptureFileReader reader(decoder);
  reader.feed(file);
  reader.finish();
  ASSERT_EQ(views.views.size(), 2u);
  EXPECT_EQ(views.views[0].view.app_uid, 10234);
  EXPECT_TRUE(views.views[1].view.has_app);
  EXPECT_EQ(views.views[1].view.app_uid, -1);
  ASSERT_EQ(decoder.app_names().size(), 1u);
  EXPECT_EQ(decoder.app_names().at(10234).package, "com.example.sync");
  EXPECT_EQ(decoder.app_names().at(10234).label, "Example Sync");
  EXPECT_EQ(decoder.stats().app_trailers, 0u);
}

}  // namespace
}  // namespace zeekscope::packet
