// Every packet trace of ../shared/data/pcap/zeek-btest (Zeek's own test traces) read end to
// end in chunks: the packet count must be tshark's (`tshark -r FILE -T fields -e frame.number`
// lines) when tshark is installed, else the count capinfos gave in the folder's MANIFEST.md; the
// file must read without damage; and, with tshark, every packet's time must be its
// frame.time_epoch (pcapng resolutions and offsets included), and every packet view's addresses
// and TCP or UDP checksum verdict its outermost ones.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "btest_support.h"
#include "packet/capture_file_reader.h"
#include "packet/packet_decoder.h"
#include "test_support.h"

namespace zeekscope::packet {
namespace {

// Counts from MANIFEST.md's case table: trace file name -> packets (written from capinfos).
// Rows are "| case | trace | ... | packets | ...": the second and fourth cells. (No std::regex:
// GCC 12 warns inside <regex> in the sanitizer build.)
std::map<std::string, uint64_t> manifest_counts() {
  std::map<std::string, uint64_t> out;
  std::ifstream in(test::btest_dir() + "/MANIFEST.md");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("| ", 0) != 0) continue;
    std::vector<std::string> cells;
    std::istringstream row(line.substr(1));
    for (std::string cell; std::getline(row, cell, '|');) {
      size_t a = cell.find_first_not_of(' '), b = cell.find_last_not_of(' ');
      cells.push_back(a == std::string::npos ? "" : cell.substr(a, b - a + 1));
    }
    if (cells.size() < 4 || cells[1].find(' ') != std::string::npos || cells[3].empty() ||
        cells[3].find_first_not_of("0123456789") != std::string::npos)
      continue;
    out[cells[1]] = std::stoull(cells[3]);
  }
  return out;
}

// One line per frame: its time (seconds, 9 decimals) and its outermost IPv4 and IPv6 addresses
// (empty when none).
struct TsharkFrame {
  std::string time, ip_src, ip_dst, ip6_src, ip6_dst;
  std::string tcp_checksum, udp_checksum;  // 0 bad, 1 good, 2 unverified, 3 absent, 4 illegal
};

std::string seconds(int64_t ns) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld.%09lld", static_cast<long long>(ns / 1000000000),
                static_cast<long long>(ns % 1000000000));
  return buf;
}

std::vector<TsharkFrame> tshark_frames(const std::string& path) {
  std::string out;
  test::run_command("tshark -r '" + path +
                        "' -o tcp.check_checksum:TRUE -o udp.check_checksum:TRUE -T fields "
                        "-e frame.time_epoch -e ip.src -e ip.dst -e ipv6.src -e ipv6.dst "
                        "-e tcp.checksum.status -e udp.checksum.status -E occurrence=f 2>/dev/null",
                    out);
  std::vector<TsharkFrame> frames;
  std::istringstream in(out);
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::stringstream cs(line);
    std::string cell;
    while (std::getline(cs, cell, '\t')) cells.push_back(cell);
    cells.resize(7);
    frames.push_back({cells[0], cells[1], cells[2], cells[3], cells[4], cells[5], cells[6]});
  }
  return frames;
}

// Numbers each packet and keeps, per frame number (1-based), the view it gave, if any.
struct Trace : PacketSink, PacketViewSink {
  PacketDecoder decoder{*this};
  uint64_t frame = 0;
  struct Seen {
    std::string src, dst;
    std::string checksum;  // tshark's words for the TCP or UDP checksum: "0" bad, "1" good
    bool tcp, udp;
  };
  std::map<uint64_t, Seen> views;  // by frame number
  std::vector<int64_t> times;      // per frame, ns
  void on_packet(const CapturedPacket& p) override {
    ++frame;
    times.push_back(p.time_ns);
    decoder.on_packet(p);
  }
  void on_view(const PacketView& v) override {
    using C = PacketView::Checksum;
    views[frame] = {v.src.to_string(), v.dst.to_string(),
                    v.transport_checksum == C::kGood  ? "1"
                    : v.transport_checksum == C::kBad ? "0"
                                                      : "",
                    v.is_tcp(), v.is_udp()};
  }
};

TEST(PacketTraces, EveryZeekBtestTraceReadsWhole) {
  ZS_REQUIRE_SHARED(test::btest_dir());
  auto manifest = manifest_counts();
  EXPECT_EQ(manifest.size(), 94u);  // a count for every trace, with or without tshark
  bool tshark = test::tshark_available();
  if (!tshark)
    std::cout << "[ note ] tshark not installed: counts from MANIFEST.md (capinfos)" << std::endl;
  size_t traces = 0;
  std::set<std::string> seen;
  for (const auto& path : test::list_files(test::btest_dir())) {
    std::string name = path.substr(path.rfind('/') + 1);
    if (name.ends_with(".gz") && !test::can_read_gzip()) continue;
    std::string bytes = test::read_file(path);
    if (!looks_like_capture(bytes)) continue;  // logs, CMD.txt, MANIFEST.md ...
    ++traces;
    seen.insert(name);
    SCOPED_TRACE(path);
    Trace trace;
    CaptureFileReader reader(trace);
    for (size_t at = 0, k = 0; at < bytes.size(); ++k) {
      size_t chunk = 1000 + (k * 7919) % 9000;  // boundaries anywhere
      reader.feed(std::string_view(bytes).substr(at, chunk));
      at += chunk;
    }
    reader.finish();
    trace.decoder.finish();
    const CaptureFileStats& s = reader.stats();
    EXPECT_FALSE(s.not_a_capture);
    EXPECT_FALSE(s.truncated_file);
    EXPECT_FALSE(s.stopped);
    EXPECT_EQ(s.damaged, 0u);
    EXPECT_EQ(s.over_limit, 0u);
    EXPECT_EQ(s.problems.count, 0u) << (s.problems.first.empty() ? "" : s.problems.first[0].reason);
    EXPECT_EQ(s.packets, trace.frame);

    std::vector<TsharkFrame> frames;
    uint64_t expected;
    if (tshark) {
      frames = tshark_frames(path);
      expected = frames.size();
    } else {
      ASSERT_TRUE(manifest.count(name)) << "not in MANIFEST.md";
      expected = manifest[name];
    }
    EXPECT_EQ(s.packets, expected);

    const DecoderStats& d = trace.decoder.stats();
    EXPECT_EQ(d.packets, s.packets);
    EXPECT_LE(d.views, d.packets);
    if (frames.empty()) continue;
    // Each view has tshark's outermost addresses; a frame where tshark sees IP and no view was
    // made must be a fragment (held for reassembly, or dropped as Zeek drops it), unless its
    // link type is not read.
    uint64_t ip_without_view = 0;
    for (uint64_t number = 1; number <= frames.size(); ++number) {
      const TsharkFrame& f = frames[number - 1];
      if (number <= trace.times.size()) {
        EXPECT_EQ(seconds(trace.times[number - 1]), f.time) << "frame " << number;
      }
      auto view = trace.views.find(number);
      if (view == trace.views.end()) {
        if (!f.ip_src.empty() || !f.ip6_src.empty()) ++ip_without_view;
        continue;
      }
      const Trace::Seen& seen = view->second;
      bool v6 = seen.src.find(':') != std::string::npos;
      EXPECT_EQ(seen.src, v6 ? f.ip6_src : f.ip_src) << "frame " << number;
      EXPECT_EQ(seen.dst, v6 ? f.ip6_dst : f.ip_dst) << "frame " << number;
      // Where either side verified the TCP or UDP checksum, both must say the same (tshark's
      // "illegal", an IPv6 UDP checksum of 0, is a bad one).
      std::string theirs = seen.tcp ? f.tcp_checksum : seen.udp ? f.udp_checksum : "";
      if (theirs == "4") theirs = "0";
      if (theirs != "0" && theirs != "1") theirs = "";
      if ((seen.tcp || seen.udp) && (!seen.checksum.empty() || !theirs.empty())) {
        EXPECT_EQ(seen.checksum, theirs) << "checksum, frame " << number;
      }
    }
    if (d.unsupported_link == 0) {
      EXPECT_LE(ip_without_view, d.fragments + d.fragments_snapped)
          << "not_ip " << d.not_ip << " truncated " << d.truncated << " bad_ip " << d.bad_ip;
    }
  }
  // Every trace is read, but a gzip one where gzip is not readable (the wasm tests).
  size_t unreadable = 0;
  for (const auto& [name, count] : manifest) {
    if (name.ends_with(".gz") && !test::can_read_gzip()) {
      ++unreadable;
      continue;
    }
    EXPECT_TRUE(seen.count(name)) << name;
  }
  EXPECT_EQ(traces + unreadable, manifest.size());
}

}  // namespace
}  // namespace zeekscope::packet
