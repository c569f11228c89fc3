// PCAPdroid's app attribution through the capture pipeline: views reach the connection table
// with their app, and a capture with trailers gives the very records the same packets give
// without them (hand-built, and every btest trace rewritten as PCAPdroid writes a pcap).
#include <gtest/gtest.h>

#include <iostream>
#include <set>

#include "btest_support.h"
#include "flow/capture_pipeline.h"
#include "flow/flow_table.h"
#include "packet/link_layer.h"
#include "pcapdroid_builders.h"
#include "test_support.h"

namespace zeekscope::flow {
namespace {

namespace pk = test::pkt;
using namespace packet::tcp_flag;

std::string row(const ConnRecord& r) {
  return std::to_string(r.ts_us) + " " + r.uid + " " + r.orig_h.to_string() + ":" +
         std::to_string(r.orig_p) + " " + r.resp_h.to_string() + ":" + std::to_string(r.resp_p) +
         " " + r.proto + " " + r.service + " " + (r.has_duration ? "d" : "-") +
         std::to_string(r.duration_us) + " " + std::to_string(r.orig_bytes) + " " +
         std::to_string(r.resp_bytes) + " " + r.conn_state + " " + std::to_string(r.missed_bytes) +
         " " + r.history + " " + std::to_string(r.orig_pkts) + " " +
         std::to_string(r.orig_ip_bytes) + " " + std::to_string(r.resp_pkts) + " " +
         std::to_string(r.resp_ip_bytes);
}

struct Records : ConnRecordSink, ProtocolRecordSink {
  std::vector<std::string> conns;
  size_t dns = 0, ssl = 0, http = 0;
  void on_conn(const ConnRecord& r) override { conns.push_back(row(r)); }
  void on_dns(const DnsRecord&) override { ++dns; }
  void on_ssl(const SslRecord&) override { ++ssl; }
  void on_http(const HttpRecord&) override { ++http; }
  void on_x509(const X509Record&) override {}
};

struct PipelineRun {
  Records records;
  CapturePipelineStats stats;
};

PipelineRun run_pipeline(const std::string& file, bool ignore_checksums = false) {
  PipelineRun out;
  CapturePipelineOptions options;
  options.flow.ignore_checksums = ignore_checksums;
  CapturePipeline pipeline(out.records, out.records, options);
  for (size_t at = 0, k = 0; at < file.size(); ++k) {
    size_t size = 1 + (k * 7919) % 5000;
    pipeline.feed(std::string_view(file).substr(at, size));
    at += size;
  }
  pipeline.finish();
  out.stats = pipeline.stats();
  return out;
}

// A phone's exchange: a DNS query and answer, then an HTTP request on TCP, from two apps.
std::vector<std::pair<int32_t, pk::Bytes>> phone_packets() {
  const char* phone = "10.215.173.1";
  const char* server = "192.0.2.10";
  std::vector<std::pair<int32_t, pk::Bytes>> out;
  auto udp4 = [&](int32_t uid, bool up, const pk::Bytes& data) {
    pk::V4 h;
    h.src = up ? phone : "10.215.173.2";
    h.dst = up ? "10.215.173.2" : phone;
    out.push_back(
        {uid, pk::with_checksum(pk::ipv4(h, pk::udp(up ? 41000 : 53, up ? 53 : 41000, data)))});
  };
  auto tcp4 = [&](int32_t uid, bool up, uint32_t seq, uint32_t ack, uint8_t flags,
                  const pk::Bytes& data) {
    pk::V4 h;
    h.protocol = 6;
    h.src = up ? phone : server;
    h.dst = up ? server : phone;
    out.push_back({uid, pk::with_checksum(pk::ipv4(
                            h, pk::tcp(up ? 50000 : 80, up ? 80 : 50000, seq, ack, flags, data)))});
  };
  udp4(1051, true, pk::Bytes(29, 'q'));  // netd resolves
  udp4(1051, false, pk::Bytes(45, 'a'));
  std::string req = "GET /sync HTTP/1.1\r\nHost: example.net\r\n\r\n";
  std::string rep = "HTTP/1.1 204 No Content\r\n\r\n";
  tcp4(10234, true, 100, 0, kSyn, "");
  tcp4(10234, false, 900, 101, kSyn | kAck, "");
  tcp4(10234, true, 101, 901, kAck, "");
  tcp4(10234, true, 101, 901, kAck | kPsh, req);
  tcp4(10234, false, 901, 101 + uint32_t(req.size()), kAck | kPsh, rep);
  tcp4(10234, true, 101 + uint32_t(req.size()), 901 + uint32_t(rep.size()), kAck | kFin, "");
  tcp4(10234, false, 901 + uint32_t(rep.size()), 102 + uint32_t(req.size()), kAck | kFin, "");
  tcp4(10234, true, 102 + uint32_t(req.size()), 902 + uint32_t(rep.size()), kAck, "");
  return out;
}

struct AppsSeen : packet::PacketViewSink {
  packet::PacketViewSink& next;
  std::vector<std::string> apps;
  explicit AppsSeen(packet::PacketViewSink& next) : next(next) {}
  void on_view(const packet::PacketView& v) override {
    apps.push_back(v.has_app ? std::to_string(v.app_uid) : "-");
    next.on_view(v);
  }
};

TEST(PcapdroidPipeline, ViewsReachTheFlowTableWithTheirApp) {
  std::vector<pk::PcapRecord> trailer, raw;
  std::vector<std::string> want;
  uint32_t t = 1700000000;
  for (const auto& [uid, ip] : phone_packets()) {
    trailer.push_back({t, 1000, pk::pcapdroid_frame(ip, uid, uid == 1051 ? "netd" : "Sync")});
    raw.push_back({t++, 1000, pk::raw_frame(ip)});
    want.push_back(std::to_string(uid));
  }
  pk::Bytes file = pk::pcap_file(false, false, 1, trailer);
  Records records;
  FlowTable table(records);
  AppsSeen seen(table);
  packet::PacketDecoder decoder(seen);
  packet::CaptureFileReader reader(decoder);
  reader.feed(file);
  reader.finish();
  decoder.finish();
  table.finish();
  EXPECT_EQ(seen.apps, want);
  EXPECT_EQ(records.conns.size(), 2u);
  EXPECT_EQ(decoder.app_names().at(1051).label, "netd");
  EXPECT_EQ(decoder.app_names().at(10234).label, "Sync");

  // The whole pipeline: the same records as the packets without trailers.
  PipelineRun with = run_pipeline(file);
  PipelineRun without = run_pipeline(pk::pcap_file(false, false, 101, raw));
  ASSERT_EQ(with.records.conns.size(), 2u);
  EXPECT_EQ(with.records.conns, without.records.conns);
  EXPECT_EQ(with.records.dns, without.records.dns);
  EXPECT_EQ(with.records.http, 1u);
  EXPECT_EQ(without.records.http, 1u);
  EXPECT_EQ(with.stats.decoder.app_trailers, want.size());
  EXPECT_EQ(with.stats.decoder.app_trailers_bad, 0u);
  EXPECT_EQ(with.stats.decoder.problems.count, 0u);
  EXPECT_EQ(without.stats.decoder.app_trailers, 0u);
  // The IP byte counts are the datagrams' (no Ethernet, padding or trailer in them).
  // (The DNS exchange: 20 + 8 + 29 bytes up, 20 + 8 + 45 down.)
  EXPECT_TRUE(with.records.conns[0].ends_with(" 1 57 1 73")) << with.records.conns[0];
}

TEST(PcapdroidPipeline, PcapngWithMapBlocksAndComments) {
  pk::Bytes file = pk::shb(false) + pk::idb(false, 101);
  pk::Bytes raw = pk::shb(false) + pk::idb(false, 101);
  std::set<int32_t> mapped;
  std::vector<std::string> want;
  uint64_t us = 1700000000000000;
  for (const auto& [uid, ip] : phone_packets()) {
    if (mapped.insert(uid).second)
      file += pk::uid_map(false, {uid, uid == 1051 ? "netd" : "com.example.sync",
                                  uid == 1051 ? "netd" : "Example Sync"});
    file += pk::epb(false, 0, us, ip, 0, pk::uid_comment(false, "u-" + std::to_string(uid)));
    raw += pk::epb(false, 0, us++, ip);
    want.push_back(std::to_string(uid));
  }
  Records records;
  FlowTable table(records);
  AppsSeen seen(table);
  packet::PacketDecoder decoder(seen);
  packet::CaptureFileReader reader(decoder);
  reader.feed(file);
  reader.finish();
  table.finish();
  EXPECT_EQ(seen.apps, want);
  EXPECT_EQ(decoder.app_names().at(10234).package, "com.example.sync");
  EXPECT_EQ(reader.stats().app_comments, want.size());
  EXPECT_EQ(reader.stats().app_blocks, 2u);

  PipelineRun with = run_pipeline(file);
  PipelineRun without = run_pipeline(raw);
  EXPECT_EQ(with.records.conns, without.records.conns);
  EXPECT_EQ(with.records.conns.size(), 2u);
  EXPECT_EQ(with.stats.capture.app_comments, want.size());
  EXPECT_EQ(with.stats.capture.blocks_skipped, 0u);
  EXPECT_EQ(without.stats.capture.app_comments, 0u);
}

// Every captured packet of a trace, as the reader hands it.
struct Captured : packet::PacketSink {
  struct Packet {
    int64_t time_ns;
    uint32_t link_type, wire;
    std::string data;
  };
  std::vector<Packet> packets;
  void on_packet(const packet::CapturedPacket& p) override {
    packets.push_back({p.time_ns, p.link_type, p.wire_length,
                       std::string(reinterpret_cast<const char*>(p.data.data()), p.data.size())});
  }
};

// The trace's IP packets as PCAPdroid writes them with its extensions: a nanosecond pcap of
// Ethernet frames with trailers (uids from the packet's position). Packets without IP are
// left out (PCAPdroid sees IP only). Returns the number of frames.
size_t as_pcapdroid(const std::string& trace, std::string& out) {
  Captured captured;
  packet::CaptureFileReader reader(captured);
  reader.feed(trace);
  reader.finish();
  std::vector<pk::PcapRecord> records;
  for (size_t i = 0; i < captured.packets.size(); ++i) {
    const auto& p = captured.packets[i];
    auto bytes = std::span(reinterpret_cast<const uint8_t*>(p.data.data()), p.data.size());
    packet::LinkFrame link = packet::decode_link(p.link_type, bytes);
    if (link.result != packet::LinkFrame::Result::kIp || link.ip.empty()) continue;
    pk::Bytes ip(reinterpret_cast<const char*>(link.ip.data()), link.ip.size());
    int32_t uid = int32_t(10000 + i % 5);
    pk::Bytes frame = pk::pcapdroid_frame(ip, uid, "App " + std::to_string(uid));
    uint64_t ip_wire = std::max<uint64_t>(p.wire, p.data.size()) - link.ip_offset;
    uint64_t wire = frame.size() + (ip_wire - ip.size());
    int64_t s = p.time_ns / 1000000000, ns = p.time_ns % 1000000000;
    if (ns < 0) s -= 1, ns += 1000000000;
    records.push_back({uint32_t(s), uint32_t(ns), frame, uint32_t(wire)});
  }
  out = pk::pcap_file(false, true, 1, records, 262144);
  return records.size();
}

TEST(PcapdroidPipeline, BtestTracesRewrittenAsPcapdroidGiveTheSameRecords) {
  ZS_REQUIRE_SHARED(test::btest_dir());
  size_t traces = 0, frames = 0, conns = 0, protocol_records = 0;
  for (const auto& path : test::list_files(test::btest_dir())) {
    if (path.ends_with(".gz") && !test::can_read_gzip()) continue;
    std::string bytes = test::read_file(path);
    if (!packet::looks_like_capture(bytes)) continue;
    std::string dir = path.substr(0, path.rfind('/'));
    std::string name = dir.substr(dir.rfind('/') + 1);
    bool ignore = test::btest_ignores_checksums(dir);
    PipelineRun original = run_pipeline(bytes, ignore);
    // No trace of Zeek's suite is a PCAPdroid capture: nothing may be taken for one.
    EXPECT_EQ(original.stats.decoder.app_trailers, 0u) << name;
    EXPECT_EQ(original.stats.decoder.app_trailers_bad, 0u) << name;
    EXPECT_EQ(original.stats.capture.app_comments, 0u) << name;
    EXPECT_EQ(original.stats.capture.app_blocks, 0u) << name;
    std::string rewritten;
    size_t n = as_pcapdroid(bytes, rewritten);
    if (n == 0) continue;
    PipelineRun droid = run_pipeline(rewritten, ignore);
    ++traces;
    frames += n;
    EXPECT_EQ(droid.stats.decoder.app_trailers, n) << name;
    EXPECT_EQ(droid.stats.decoder.app_trailers_bad, 0u) << name;
    EXPECT_EQ(droid.records.conns, original.records.conns) << name;
    EXPECT_EQ(droid.records.dns, original.records.dns) << name;
    EXPECT_EQ(droid.records.ssl, original.records.ssl) << name;
    EXPECT_EQ(droid.records.http, original.records.http) << name;
    conns += original.records.conns.size();
    protocol_records += original.records.dns + original.records.ssl + original.records.http;
  }
  std::cout << "PCAPdroid rewrite: " << traces << " traces, " << frames << " frames with trailers, "
            << conns << " conn records and " << protocol_records
            << " dns/ssl/http records identical\n";
  EXPECT_GT(traces, 80u);
}

}  // namespace
}  // namespace zeekscope::flow
