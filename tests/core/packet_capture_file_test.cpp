// The capture file readers: pcap and pcapng, recognised by content, fed in chunks of every size,
// with damage counted by offset and reason and never thrown.
#include <gtest/gtest.h>

#include "packet/capture_file_reader.h"
#include "packet/pcapng_format.h"
#include "packet_builders.h"

namespace zeekscope::packet {
namespace {

using namespace zeekscope::test::pkt;

struct Kept {
  int64_t time_ns;
  bool has_time;
  uint32_t link_type, interface, wire;
  std::string data;
  uint64_t offset;
};

struct Collect : PacketSink {
  std::vector<Kept> packets;
  void on_packet(const CapturedPacket& p) override {
    packets.push_back({p.time_ns, p.has_time, p.link_type, p.interface, p.wire_length,
                       std::string(reinterpret_cast<const char*>(p.data.data()), p.data.size()),
                       p.offset});
  }
};

// Reads `file` whole, then in chunks of every size from 1 to 64 (and a few larger), and checks
// that every reading gives the same packets and statistics.
std::pair<std::vector<Kept>, CaptureFileStats> read(const Bytes& file,
                                                    const CaptureFileLimits& limits = {}) {
  Collect whole;
  CaptureFileReader reader(whole, limits);
  reader.feed(file);
  reader.finish();
  for (size_t chunk : {1, 2, 3, 5, 7, 11, 13, 16, 24, 31, 64, 1000}) {
    Collect pieces;
    CaptureFileReader r(pieces, limits);
    for (size_t i = 0; i < file.size(); i += chunk) r.feed(std::string_view(file).substr(i, chunk));
    r.finish();
    EXPECT_EQ(pieces.packets.size(), whole.packets.size()) << "chunk " << chunk;
    for (size_t i = 0; i < std::min(pieces.packets.size(), whole.packets.size()); ++i) {
      EXPECT_EQ(pieces.packets[i].data, whole.packets[i].data) << "chunk " << chunk;
      EXPECT_EQ(pieces.packets[i].time_ns, whole.packets[i].time_ns) << "chunk " << chunk;
      EXPECT_EQ(pieces.packets[i].offset, whole.packets[i].offset) << "chunk " << chunk;
    }
    EXPECT_EQ(r.stats().problems.count, reader.stats().problems.count) << "chunk " << chunk;
    EXPECT_EQ(r.stats().truncated_file, reader.stats().truncated_file) << "chunk " << chunk;
  }
  return {whole.packets, reader.stats()};
}

TEST(CaptureFile, PcapBothByteOrdersAndTimeUnits) {
  for (bool big : {false, true}) {
    for (bool ns : {false, true}) {
      Bytes file = pcap_file(
          big, ns, 1,
          {{1700000000, ns ? 123456789u : 123456u, "abcd"}, {1700000001, 5, "efghij", 1500}});
      auto [packets, stats] = read(file);
      ASSERT_EQ(packets.size(), 2u) << big << ns;
      EXPECT_EQ(stats.format, ns ? "pcap-ns" : "pcap");
      EXPECT_EQ(stats.big_endian, big);
      EXPECT_EQ(packets[0].time_ns, 1700000000LL * 1000000000 + (ns ? 123456789 : 123456000));
      EXPECT_EQ(packets[1].time_ns, 1700000001LL * 1000000000 + (ns ? 5 : 5000));
      EXPECT_EQ(packets[0].data, "abcd");
      EXPECT_EQ(packets[0].offset, 24u);
      EXPECT_EQ(packets[1].offset, 24u + 16 + 4);
      EXPECT_EQ(packets[1].wire, 1500u);
      EXPECT_EQ(packets[1].link_type, 1u);
      EXPECT_EQ(stats.snapped_packets, 1u);
      EXPECT_EQ(stats.problems.count, 0u);
      EXPECT_FALSE(stats.truncated_file);
    }
  }
}

TEST(CaptureFile, PcapLinkTypeIgnoresFcsBits) {
  Bytes file = pcap_file(false, false, 0x04000000 | (2u << 28) | 101, {{1, 0, "x"}});
  auto [packets, stats] = read(file);
  ASSERT_EQ(packets.size(), 1u);
  EXPECT_EQ(packets[0].link_type, 101u);
}

TEST(CaptureFile, MicrosecondsTruncateLikeLibpcap) {
  CapturedPacket p;
  p.time_ns = 1999;
  EXPECT_EQ(p.micros(), 1);
  p.time_ns = -1;
  EXPECT_EQ(p.micros(), -1);
}

TEST(CaptureFile, RecognisedByContentNotName) {
  EXPECT_TRUE(looks_like_capture(pcap_file(true, false, 1, {})));
  EXPECT_TRUE(looks_like_capture(pcap_file(false, true, 1, {})));
  EXPECT_TRUE(looks_like_capture(shb(false)));
  EXPECT_TRUE(looks_like_capture(shb(true)));
  EXPECT_FALSE(looks_like_capture("#separator \\x09\n"));
  EXPECT_FALSE(looks_like_capture("\xd4\xc3"));
  auto [packets, stats] = read("#separator \\x09\n#fields\tts\n");
  EXPECT_TRUE(packets.empty());
  EXPECT_TRUE(stats.not_a_capture);
  EXPECT_EQ(stats.format, "");
  ASSERT_EQ(stats.problems.first.size(), 1u);
  EXPECT_EQ(stats.problems.first[0].offset, 0u);
  auto [none, empty] = read("");
  EXPECT_TRUE(empty.not_a_capture);
}

TEST(CaptureFile, PcapTruncatedFileKeepsWhatCameBefore) {
  Bytes file = pcap_file(false, false, 1, {{1, 0, "first"}, {2, 0, "second packet"}});
  for (size_t cut : {file.size() - 1, file.size() - 13, size_t(24 + 16 + 5 + 3)}) {
    auto [packets, stats] = read(file.substr(0, cut));
    ASSERT_EQ(packets.size(), 1u) << cut;
    EXPECT_TRUE(stats.truncated_file) << cut;
    ASSERT_EQ(stats.problems.first.size(), 1u);
    EXPECT_EQ(stats.problems.first[0].offset, 24u + 16 + 5) << cut;
    EXPECT_NE(stats.problems.first[0].reason.find("ends inside"), std::string::npos);
  }
  auto [packets, stats] = read(file.substr(0, 10));  // inside the file header
  EXPECT_TRUE(packets.empty());
  EXPECT_TRUE(stats.truncated_file);
}

TEST(CaptureFile, OverLimitRecordIsSkippedNotHeld) {
  Bytes big(5000, 'B');
  Bytes file = pcap_file(true, false, 1, {{1, 0, "a"}, {2, 0, big}, {3, 0, "c"}});
  auto [packets, stats] = read(file, {1024});
  ASSERT_EQ(packets.size(), 2u);
  EXPECT_EQ(packets[0].data, "a");
  EXPECT_EQ(packets[1].data, "c");
  EXPECT_EQ(stats.over_limit, 1u);
  ASSERT_EQ(stats.problems.first.size(), 1u);
  EXPECT_EQ(stats.problems.first[0].offset, 24u + 17);
  // A record whose length is garbage is skipped to the end of the file, which is then short.
  Bytes damaged = pcap_file(false, false, 1, {{1, 0, "a"}});
  damaged += Writer{false}.u32(5).u32(0).u32(0xFFFFFFF0).u32(10).out + "rest";
  auto [p2, s2] = read(damaged, {1024});
  EXPECT_EQ(p2.size(), 1u);
  EXPECT_EQ(s2.over_limit, 1u);
  EXPECT_TRUE(s2.truncated_file);
}

TEST(CaptureFile, PcapngBothByteOrdersWithResolutionAndOffset) {
  for (bool big : {false, true}) {
    Bytes file = shb(big, option(big, 1, "a comment") + end_of_options(big));
    // Interface 0: microseconds (no option). Interface 1: nanoseconds with a 100 s offset.
    file += idb(big, 1, 0);
    file += idb(big, 101, 0,
                option(big, 9, Bytes(1, '\x09')) + option(big, 14, Writer{big}.u64(100).out) +
                    end_of_options(big));
    file += epb(big, 0, 1700000000123456ULL, "eth!", 60, option(big, 2, Writer{big}.u32(1).out));
    file += epb(big, 1, 1700000000123456789ULL, "raw");
    file += block(big, 0x00000005, Bytes(20, '\0'));  // interface statistics: skipped
    file += block(big, 0x12345678, "unknown!");       // unknown: skipped by length
    auto [packets, stats] = read(file);
    ASSERT_EQ(packets.size(), 2u) << big;
    EXPECT_EQ(stats.format, "pcapng");
    EXPECT_EQ(stats.big_endian, big);
    EXPECT_EQ(stats.sections, 1u);
    EXPECT_EQ(stats.interfaces, 2u);
    EXPECT_EQ(stats.blocks_skipped, 2u);
    EXPECT_EQ(stats.problems.count, 0u);
    EXPECT_EQ(packets[0].time_ns, 1700000000123456000LL);
    EXPECT_EQ(packets[0].link_type, 1u);
    EXPECT_EQ(packets[0].wire, 60u);
    EXPECT_EQ(packets[0].data, "eth!");
    EXPECT_EQ(packets[1].time_ns, 1700000000123456789LL + 100LL * 1000000000);
    EXPECT_EQ(packets[1].link_type, 101u);
    EXPECT_EQ(packets[1].interface, 1u);
    EXPECT_EQ(packets[1].data, "raw");
    EXPECT_EQ((std::vector<uint32_t>{1, 101}), stats.link_types);
  }
}

TEST(CaptureFile, PcapngTimestampResolutions) {
  EXPECT_EQ(pcapng_time_ns(1500, 3, 0), 1500000000LL);                               // milliseconds
  EXPECT_EQ(pcapng_time_ns(15, 0, 0), 15000000000LL);                                // seconds
  EXPECT_EQ(pcapng_time_ns(1234567890123ULL, 12, 0), 1234567890LL);                  // picoseconds
  EXPECT_EQ(pcapng_time_ns(3ULL << 20 | (1ULL << 19), 0x80 | 20, 0), 3500000000LL);  // 2^-20
  EXPECT_EQ(pcapng_time_ns(7, 0x80 | 0, -2), 5000000000LL);  // seconds, offset back 2 s
}

TEST(CaptureFile, PcapngSimpleAndObsoletePacketBlocks) {
  Bytes file = shb(false) + idb(false, 1, 6) + spb(false, "abcdefgh", 100) +
               obsolete_pb(false, 0, 2000000, "old");
  auto [packets, stats] = read(file);
  ASSERT_EQ(packets.size(), 2u);
  EXPECT_FALSE(packets[0].has_time);
  EXPECT_EQ(packets[0].data, "abcdef");  // cut to the interface's snap length
  EXPECT_EQ(packets[0].wire, 100u);
  EXPECT_TRUE(packets[1].has_time);
  EXPECT_EQ(packets[1].time_ns, 2000000000LL);
  EXPECT_EQ(packets[1].data, "old");
}

TEST(CaptureFile, PcapngSeveralSectionsRestartInterfaces) {
  // The second section is in the other byte order; its interface 0 is a new interface.
  Bytes file = shb(false) + idb(false, 1) + epb(false, 0, 1, "one") + shb(true) + idb(true, 113) +
               idb(true, 276) + epb(true, 1, 2, "two") + epb(true, 0, 3, "three");
  auto [packets, stats] = read(file);
  ASSERT_EQ(packets.size(), 3u);
  EXPECT_EQ(stats.sections, 2u);
  EXPECT_EQ(stats.interfaces, 3u);
  EXPECT_FALSE(stats.big_endian);
  EXPECT_EQ(packets[0].interface, 0u);
  EXPECT_EQ(packets[1].interface, 2u);
  EXPECT_EQ(packets[1].link_type, 276u);
  EXPECT_EQ(packets[2].interface, 1u);
  EXPECT_EQ(packets[2].link_type, 113u);
  EXPECT_EQ(packets[2].time_ns, 3000);
}

TEST(CaptureFile, PcapngDamagedBlocksAreCountedAndSkipped) {
  Bytes good = epb(false, 0, 1, "ok");
  // A packet naming an interface that does not exist, one whose captured length runs past its
  // block, and a block whose trailing length disagrees: counted, the others still read.
  Bytes no_interface = epb(false, 7, 1, "x");
  Bytes overlong = epb(false, 0, 1, "abcd");
  overlong[20] = char(200);  // captured length 200 in a block holding 4
  Bytes bad_trailer = epb(false, 0, 2, "tt");
  bad_trailer[bad_trailer.size() - 4] ^= 0x40;
  Bytes file = shb(false) + idb(false, 1) + good + no_interface + overlong + bad_trailer + good;
  auto [packets, stats] = read(file);
  ASSERT_EQ(packets.size(), 3u);  // good, bad_trailer (read by its leading length), good
  EXPECT_EQ(stats.damaged, 2u);
  ASSERT_EQ(stats.problems.first.size(), 3u);
  uint64_t at = shb(false).size() + idb(false, 1).size() + good.size();
  EXPECT_EQ(stats.problems.first[0].offset, at);
  EXPECT_NE(stats.problems.first[0].reason.find("interface 7"), std::string::npos);
  EXPECT_EQ(stats.problems.first[1].offset, at + no_interface.size());
  EXPECT_EQ(stats.problems.first[2].offset, at + no_interface.size() + overlong.size());
}

TEST(CaptureFile, PcapngUnframeableBlockStopsTheFileNotTheReader) {
  Bytes bad = Writer{false}.u32(6).u32(13).out + Bytes(8, '\0');  // length not a multiple of 4
  Bytes file = shb(false) + idb(false, 1) + epb(false, 0, 1, "ok") + bad + epb(false, 0, 2, "no");
  auto [packets, stats] = read(file);
  ASSERT_EQ(packets.size(), 1u);
  EXPECT_TRUE(stats.stopped);
  EXPECT_EQ(stats.damaged, 1u);
  EXPECT_GT(stats.bytes_not_read, 0u);
  EXPECT_EQ(stats.problems.first[0].offset,
            shb(false).size() + idb(false, 1).size() + epb(false, 0, 1, "ok").size());
}

TEST(CaptureFile, PcapngOverLimitBlockAndTruncatedEnd) {
  Bytes file = shb(false) + idb(false, 1) + epb(false, 0, 1, Bytes(3000, 'x')) +
               epb(false, 0, 2, "after") + epb(false, 0, 3, "cut off");
  auto [packets, stats] = read(file.substr(0, file.size() - 6), {1024});
  ASSERT_EQ(packets.size(), 1u);
  EXPECT_EQ(packets[0].data, "after");
  EXPECT_EQ(stats.over_limit, 1u);
  EXPECT_TRUE(stats.truncated_file);
  EXPECT_EQ(stats.problems.count, 2u);
}

TEST(CaptureFile, PcapngUnknownVersionSectionIsSkipped) {
  Bytes v2 = shb(false);
  v2[12] = 2;  // major version 2
  Bytes file = v2 + idb(false, 1) + epb(false, 0, 1, "skip") + shb(false) + idb(false, 1) +
               epb(false, 0, 1, "read");
  auto [packets, stats] = read(file);
  ASSERT_EQ(packets.size(), 1u);
  EXPECT_EQ(packets[0].data, "read");
  EXPECT_EQ(stats.damaged, 1u);
}

}  // namespace
}  // namespace zeekscope::packet
