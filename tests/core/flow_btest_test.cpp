// The flow layer against Zeek itself: every btest trace of ../shared/data/pcap/zeek-btest that
// has a conn.log is read (in uneven chunks, with the checksum policy of the case's CMD.txt) and
// its conn records are matched to Zeek's on the five-tuple and proto (in either orientation;
// the k-th record of a tuple with the k-th), then compared field by field. A table of the
// agreement reached is kept below; a trace may not fall under it. The differences that remain
// are explained in docs/CAPTURES.md.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <sstream>

#include "btest_support.h"
#include "flow/flow_table.h"
#include "packet/capture_file_reader.h"
#include "packet/packet_decoder.h"
#include "test_support.h"

namespace zeekscope::flow {
namespace {

using Row = test::ZeekRow;

std::string duration_text(const ConnRecord& r) {
  if (!r.has_duration) return "-";
  char buf[48];
  std::snprintf(buf, sizeof buf, "%lld.%06lld", static_cast<long long>(r.duration_us / 1000000),
                static_cast<long long>(r.duration_us % 1000000));
  return buf;
}

Row as_row(const ConnRecord& r) {
  Row row;
  row["id.orig_h"] = r.orig_h.to_string();
  row["id.orig_p"] = std::to_string(r.orig_p);
  row["id.resp_h"] = r.resp_h.to_string();
  row["id.resp_p"] = std::to_string(r.resp_p);
  row["proto"] = r.proto;
  row["duration"] = duration_text(r);
  row["orig_bytes"] = r.has_duration ? std::to_string(r.orig_bytes) : "-";
  row["resp_bytes"] = r.has_duration ? std::to_string(r.resp_bytes) : "-";
  row["conn_state"] = r.conn_state;
  row["missed_bytes"] = std::to_string(r.missed_bytes);
  row["history"] = r.history.empty() ? "-" : r.history;
  row["orig_pkts"] = std::to_string(r.orig_pkts);
  row["orig_ip_bytes"] = std::to_string(r.orig_ip_bytes);
  row["resp_pkts"] = std::to_string(r.resp_pkts);
  row["resp_ip_bytes"] = std::to_string(r.resp_ip_bytes);
  return row;
}

std::string tuple_key(const Row& r) {
  std::string a = r.at("id.orig_h") + "/" + r.at("id.orig_p");
  std::string b = r.at("id.resp_h") + "/" + r.at("id.resp_p");
  if (b < a) std::swap(a, b);
  return a + " " + b + " " + r.at("proto");
}

// Fields compared; "orient" is whether both chose the same originator.
const std::vector<std::string> kFields = {
    "orient",        "duration",      "orig_bytes", "resp_bytes", "orig_pkts",   "resp_pkts",
    "orig_ip_bytes", "resp_ip_bytes", "conn_state", "history",    "missed_bytes"};

struct Agreement {
  int zeek = 0, ours = 0, matched = 0;
  std::vector<int> fields = std::vector<int>(kFields.size(), 0);
};

bool duration_agrees(const std::string& a, const std::string& b) {
  if (a == "-" || b == "-") return a == b;
  return std::llabs(std::llround(std::stod(a) * 1e6) - std::llround(std::stod(b) * 1e6)) <= 1;
}

struct Collect : ConnRecordSink {
  std::vector<ConnRecord> records;
  void on_conn(const ConnRecord& r) override { records.push_back(r); }
};

// Feeds the trace in chunks of `chunk` bytes, or of uneven sizes when it is 0.
std::vector<ConnRecord> run_trace(const std::string& bytes, bool ignore_checksums,
                                  size_t chunk = 0) {
  Collect out;
  FlowConfig config;
  config.ignore_checksums = ignore_checksums;
  FlowTable table(out, config);
  packet::PacketDecoder decoder(table);
  packet::CaptureFileReader reader(decoder);
  for (size_t at = 0, k = 0; at < bytes.size(); ++k) {
    size_t size = chunk ? chunk : 1000 + (k * 7919) % 9000;
    reader.feed(std::string_view(bytes).substr(at, size));
    at += size;
  }
  reader.finish();
  decoder.finish();
  table.finish();
  return out.records;
}

Agreement compare(const std::vector<Row>& zeek, const std::vector<ConnRecord>& ours_records,
                  bool verbose, const std::string& name) {
  Agreement a;
  a.zeek = int(zeek.size());
  a.ours = int(ours_records.size());
  std::map<std::string, std::vector<Row>> mine;
  for (const auto& r : ours_records) {
    Row row = as_row(r);
    mine[tuple_key(row)].push_back(row);
  }
  std::map<std::string, size_t> used;
  for (const Row& z : zeek) {
    std::string key;
    const Row* found = nullptr;
    if (z.count("id.orig_h") && z.count("id.orig_p") && z.count("proto")) {
      key = tuple_key(z);
      auto it = mine.find(key);
      if (it != mine.end() && used[key] < it->second.size()) found = &it->second[used[key]++];
    } else {
      // A log written with fewer fields (a test's own choice): match on those it has.
      for (auto& [k, rows] : mine) {
        if (used[k] >= rows.size()) continue;
        const Row& o = rows[used[k]];
        bool fits = true;
        for (const char* f : {"id.orig_h", "id.resp_h", "id.resp_p"})
          if (z.count(f) && z.at(f) != o.at(f)) fits = false;
        if (fits && (z.count("id.resp_h") || (zeek.size() == 1 && ours_records.size() == 1))) {
          key = k;
          found = &rows[used[k]++];
          break;
        }
      }
    }
    if (!found) {
      if (verbose) std::cout << "  " << name << " unmatched zeek " << key << "\n";
      continue;
    }
    const Row& o = *found;
    ++a.matched;
    for (size_t f = 0; f < kFields.size(); ++f) {
      const std::string& field = kFields[f];
      bool same;
      std::string theirs, mine_value;
      if (field == "orient") {
        if (!z.count("id.orig_p")) {
          ++a.fields[f];  // not in this log
          continue;
        }
        theirs = z.at("id.orig_h") + "/" + z.at("id.orig_p");
        mine_value = o.at("id.orig_h") + "/" + o.at("id.orig_p");
        same = theirs == mine_value;
      } else if (!z.count(field)) {
        same = true;  // not in this log
      } else {
        theirs = z.at(field);
        mine_value = o.at(field);
        same = field == "duration" ? duration_agrees(theirs, mine_value) : theirs == mine_value;
      }
      if (same)
        ++a.fields[f];
      else if (verbose)
        std::cout << "  " << name << " " << key << " " << field << ": zeek " << theirs << " ours "
                  << mine_value << "\n";
    }
  }
  if (verbose)
    for (const auto& [key, rows] : mine)
      if (used[key] < rows.size())
        std::cout << "  " << name << " extra ours " << key << " x" << rows.size() - used[key]
                  << "\n";
  return a;
}

// The agreement reached: zeek records, ours, matched, then per field of kFields. A trace may
// not fall below its row.
const std::map<std::string, std::vector<int>> kReached = {
    {"core.erspanII", {1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}},
    {"core.mpls-in-vlan", {3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3}},
    {"core.pcapng-pktsrc", {3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3}},
    {"core.ppp", {3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3}},
    {"core.pppoe", {7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7}},
    {"core.q-in-q", {2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2}},
    {"core.radiotap", {2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}},
    {"core.tcp-padding", {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}},
    {"core.tcp.large-file-reassembly", {3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3}},
    {"core.tcp.miss-end-data", {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}},
    {"core.tcp.missing-syn", {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}},
    {"core.tcp.reassembly-known-ports", {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}},
    {"core.tunnels.analyzer-confirmation", {2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}},
    {"core.tunnels.geneve", {3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2}},
    {"core.tunnels.geneve-ipv6", {2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}},
    {"core.tunnels.geneve-truncated", {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}},
    {"core.tunnels.gre", {7, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}},
    {"core.tunnels.gre-in-gre", {3, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}},
    {"core.tunnels.gre-over-udp", {6, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4}},
    {"core.tunnels.gtp.outer_ip_frag", {2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}},
    {"core.tunnels.teredo", {21, 17, 17, 17, 17, 17, 17, 17, 17, 17, 17, 17, 17, 17}},
    {"core.tunnels.vxlan", {5, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4}},
    {"core.unknown-ip-protocol", {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}},
    {"core.vlan-mpls", {3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3}},
    {"core.vntag", {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}},
    {"core.wlanmon", {2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}},
    {"scripts.base.protocols.dhcp.dhcp-all-msg-types", {4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4}},
    {"scripts.base.protocols.ftp.cwd-navigation", {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}},
    {"scripts.base.protocols.ftp.ftp-auth-tls", {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}},
    {"scripts.base.protocols.ftp.ftp-ipv4", {5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5}},
    {"scripts.base.protocols.ftp.gridftp", {2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2}},
    {"scripts.base.protocols.http.concurrent-range-requests",
     {3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3}},
    {"scripts.base.protocols.http.deeply-nested-mime", {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1}},
    {"scripts.base.protocols.http.http-connect", {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}},
    {"scripts.base.protocols.http.http-no-crlf", {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}},
    {"scripts.base.protocols.irc.basic", {3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3}},
    {"scripts.base.protocols.irc.starttls", {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}},
    {"scripts.base.protocols.ldap.gap", {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}},
    {"scripts.base.protocols.ldap.sasl-signed-clear", {3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3}},
    {"scripts.base.protocols.ldap.starttls", {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}},
    {"scripts.base.protocols.ntp.misordered-ntp", {1, 1, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1}},
    {"scripts.base.protocols.pop3.starttls", {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}},
    {"scripts.base.protocols.rdp.rdpeudp-handshake-success",
     {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}},
    {"scripts.base.protocols.redis.django-cloud", {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}},
    {"scripts.base.protocols.ssh.basic", {25, 25, 25, 25, 25, 25, 25, 25, 25, 25, 25, 25, 25, 25}},
    {"scripts.base.protocols.ssh.half-duplex-client",
     {25, 25, 25, 25, 25, 25, 25, 25, 25, 25, 25, 25, 25, 25}},
    {"scripts.base.protocols.ssh.http-port-22", {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}},
    {"scripts.base.protocols.xmpp.starttls", {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}},
};

TEST(FlowBtest, ConnRecordsAgreeWithZeek) {
  ZS_REQUIRE_SHARED(test::btest_dir());
  bool verbose = std::getenv("FLOW_BTEST_VERBOSE") != nullptr;
  std::map<std::string, Agreement> results;
  for (const auto& path : test::list_files(test::btest_dir())) {
    std::string name = path.substr(path.rfind('/') + 1);
    std::string dir = path.substr(0, path.rfind('/'));
    std::string folder = dir.substr(dir.rfind('/') + 1);
    if (!test::exists(dir + "/conn.log")) continue;
    if (name.ends_with(".gz") && !test::can_read_gzip()) continue;
    std::string bytes = test::read_file(path);
    if (!packet::looks_like_capture(bytes)) continue;
    bool ignore = test::btest_ignores_checksums(dir);
    auto zeek = test::zeek_tsv_rows(test::read_file(dir + "/conn.log"));
    results[folder] = compare(zeek, run_trace(bytes, ignore), verbose, folder);
  }
  EXPECT_EQ(results.size(), 48u);
  std::cout << "trace | zeek | ours | matched";
  for (const auto& f : kFields) std::cout << " | " << f;
  std::cout << "\n";
  Agreement total;
  for (const auto& [folder, a] : results) {
    std::cout << folder << " | " << a.zeek << " | " << a.ours << " | " << a.matched;
    for (int n : a.fields) std::cout << " | " << n;
    std::cout << "\n";
    total.zeek += a.zeek;
    total.ours += a.ours;
    total.matched += a.matched;
    for (size_t f = 0; f < kFields.size(); ++f) total.fields[f] += a.fields[f];
    std::vector<int> got = {a.zeek, a.ours, a.matched};
    got.insert(got.end(), a.fields.begin(), a.fields.end());
    auto reached = kReached.find(folder);
    if (reached == kReached.end()) {
      ADD_FAILURE() << "no row for " << folder;
      continue;
    }
    ASSERT_EQ(reached->second.size(), got.size()) << folder;
    EXPECT_EQ(got[0], reached->second[0]) << folder << ": Zeek's records";
    for (size_t i = 2; i < got.size(); ++i)
      EXPECT_GE(got[i], reached->second[i]) << folder << " column " << i;
  }
  std::cout << "total | " << total.zeek << " | " << total.ours << " | " << total.matched;
  for (int n : total.fields) std::cout << " | " << n;
  std::cout << "\n";
  if (verbose) {
    std::cout << "// table:\n";
    for (const auto& [folder, a] : results) {
      std::cout << "    {\"" << folder << "\", {" << a.zeek << ", " << a.ours << ", " << a.matched;
      for (int n : a.fields) std::cout << ", " << n;
      std::cout << "}},\n";
    }
  }
}

// The same trace read whole and in other chunks gives the same records, uids included.
TEST(FlowBtest, RecordsDoNotDependOnChunking) {
  std::string path = test::btest_dir() + "/scripts.base.protocols.ssh.basic/ssh.pcap";
  ZS_REQUIRE_SHARED(path);
  std::string bytes = test::read_file(path);
  auto uids = [](const std::vector<ConnRecord>& records) {
    std::vector<std::string> out;
    for (const auto& r : records) out.push_back(r.uid + " " + r.history + " " + r.conn_state);
    return out;
  };
  auto chunked = uids(run_trace(bytes, false));
  auto whole = uids(run_trace(bytes, false, bytes.size()));
  auto tiny = uids(run_trace(bytes, false, 97));
  EXPECT_EQ(chunked.size(), 25u);
  EXPECT_EQ(chunked, whole);
  EXPECT_EQ(chunked, tiny);
}

}  // namespace
}  // namespace zeekscope::flow
