// DNS from Zeek's own test traces (../shared/data/pcap/zeek-btest) against the dns.log Zeek
// wrote for them. There is no flow layer yet, so the test stands in for it: UDP packets to or
// from a DNS port (53, 137, 5353, 5355: Zeek's DNS ports) are grouped by 5-tuple, oriented as
// Zeek orients them (the UDP likely-server-port flip, then the flip for a first message that
// is a reply, except towards multicast), a tuple idle for 10 s starts a new connection
// (dns_session_timeout); without -C in the btest's CMD.txt, packets with a bad IPv4 or UDP
// checksum are dropped as Zeek drops them. DNS over TCP (port 53) is cut from each
// direction's in-order payload. Records are matched to Zeek's on the 4-tuple, trans_id and
// query, and compared field by field; each trace must keep at least the matches in kExpected.
// Second, every DNS question name read from a trace is compared with tshark's (dns.qry.name,
// DNS, mDNS and LLMNR) where tshark is installed.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <map>
#include <set>
#include <sstream>

#include "btest_support.h"
#include "packet/capture_file_reader.h"
#include "packet/packet_decoder.h"
#include "protocol/dns_message.h"
#include "protocol/dns_tcp_framing.h"
#include "protocol/dns_transactions.h"
#include "test_support.h"

namespace zeekscope::protocol {
namespace {

using packet::PacketView;

bool dns_port(uint16_t p) { return p == 53 || p == 137 || p == 5353 || p == 5355; }

bool multicast(const IpAddress& a) {
  const auto& b = a.bytes();
  return a.is_v4() ? (b[12] & 0xF0) == 0xE0 : b[0] == 0xFF;
}

std::string seconds6(int64_t ns) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.6f", double(ns) / 1e9);
  return buf;
}

// The fields compared, as Zeek's TSV writes them ("-" unset, vectors joined with ',').
struct Row {
  std::string orig_h, orig_p, resp_h, resp_p, proto, trans_id, rtt, query, qclass, qtype, rcode, AA,
      TC, RD, RA, Z, answers, TTLs, rejected;
  std::string key() const {
    return orig_h + " " + orig_p + " " + resp_h + " " + resp_p + " " + trans_id + " " + query;
  }
};

std::string unescape(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 3 < s.size() + 0 && s[i + 1] == 'x') {
      out.push_back(char(std::stoi(s.substr(i + 2, 2), nullptr, 16)));
      i += 3;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

std::vector<Row> zeek_rows(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::vector<std::string> names;
  std::vector<Row> rows;
  auto split = [](const std::string& l) {
    std::vector<std::string> cells;
    std::stringstream ss(l);
    std::string c;
    while (std::getline(ss, c, '\t')) cells.push_back(c);
    return cells;
  };
  while (std::getline(in, line)) {
    if (line.rfind("#fields", 0) == 0) {
      names = split(line);
      names.erase(names.begin());
      continue;
    }
    if (line.empty() || line[0] == '#') continue;
    auto cells = split(line);
    std::map<std::string, std::string> f;
    for (size_t i = 0; i < names.size() && i < cells.size(); ++i) f[names[i]] = cells[i];
    rows.push_back({f["id.orig_h"], f["id.orig_p"], f["id.resp_h"], f["id.resp_p"], f["proto"],
                    f["trans_id"], f["rtt"], unescape(f["query"]), f["qclass"], f["qtype"],
                    f["rcode"], f["AA"], f["TC"], f["RD"], f["RA"], f["Z"], unescape(f["answers"]),
                    f["TTLs"], f["rejected"]});
  }
  return rows;
}

struct Endpoints {
  IpAddress orig_h, resp_h;
  uint16_t orig_p = 0, resp_p = 0;
  bool tcp = false;
};

// Stands in for the flow layer: connections of DNS ports, their orientation and timeout, and
// the TCP streams.
struct DnsFlows : packet::PacketSink, packet::PacketViewSink, DnsTransactionSink {
  explicit DnsFlows(bool checksums) : checksums(checksums) {}
  bool checksums;
  packet::PacketDecoder decoder{*this};
  DnsTransactions pairs{*this};
  uint64_t frame = 0;
  struct Conn {
    uint64_t id;
    Endpoints ends;
    int64_t last_ns;
    bool saw_message = false;
    DnsTcpStream streams[2];    // from orig, from resp
    uint32_t next_seq[2] = {};  // TCP: the next byte expected, per direction
    bool have_seq[2] = {};
  };
  std::map<std::string, Conn> conns;  // by unordered 5-tuple
  std::map<uint64_t, Endpoints> ends_by_id;
  uint64_t next_id = 1;
  std::vector<Row> rows;
  std::map<uint64_t, std::vector<std::string>> names_by_frame;  // question names per frame

  void on_packet(const packet::CapturedPacket& p) override {
    ++frame;
    decoder.on_packet(p);
  }

  std::vector<std::string> errors;  // "frame N: error" for each message not read whole

  void message(Conn& c, bool from_orig, int64_t now, std::span<const uint8_t> bytes) {
    DnsMessage m = parse_dns_message(bytes);
    if (!m.ok())
      errors.push_back("frame " + std::to_string(frame) + ": " + dns_error_text(m.error));
    auto& names = names_by_frame[frame];
    for (const auto& q : m.questions) names.push_back(q.name);
    if (!c.saw_message && m.has_header) {
      c.saw_message = true;
      // DNS.cc: a first message that is a reply from the originator flips the connection.
      if (m.header.qr && from_orig && !multicast(c.ends.resp_h)) {
        std::swap(c.ends.orig_h, c.ends.resp_h);
        std::swap(c.ends.orig_p, c.ends.resp_p);
        ends_by_id[c.id] = c.ends;
      }
    }
    pairs.on_message(c.id, now, m, multicast(c.ends.resp_h));
  }

  void on_view(const PacketView& v) override {
    if (!v.is_udp() && !v.is_tcp()) return;
    if (!dns_port(v.src_port) && !dns_port(v.dst_port)) return;
    if (v.is_tcp() && v.src_port != 53 && v.dst_port != 53) return;
    if (checksums && (!v.ip_checksum_ok || v.transport_checksum == PacketView::Checksum::kBad))
      return;
    if (v.ip_snapped || v.transport_truncated) return;
    int64_t now = v.micros() * 1000;
    std::string a = v.src.to_string() + "/" + std::to_string(v.src_port);
    std::string b = v.dst.to_string() + "/" + std::to_string(v.dst_port);
    std::string key = (v.is_tcp() ? "t " : "u ") + std::min(a, b) + " " + std::max(a, b);
    auto it = conns.find(key);
    if (it != conns.end() && v.is_udp() && now - it->second.last_ns > 10'000'000'000LL) {
      pairs.finish_connection(it->second.id);  // dns_session_timeout
      conns.erase(it);
      it = conns.end();
    }
    if (it == conns.end()) {
      Conn c;
      c.id = next_id++;
      c.ends = {v.src, v.dst, v.src_port, v.dst_port, v.is_tcp()};
      bool syn = v.is_tcp() && (v.tcp_flags & packet::tcp_flag::kSyn) &&
                 !(v.tcp_flags & packet::tcp_flag::kAck);
      // The likely-server-port flip (UDP, and TCP without a SYN first).
      if (!syn && dns_port(v.src_port) && !dns_port(v.dst_port)) {
        std::swap(c.ends.orig_h, c.ends.resp_h);
        std::swap(c.ends.orig_p, c.ends.resp_p);
      }
      ends_by_id[c.id] = c.ends;
      it = conns.emplace(key, std::move(c)).first;
    }
    Conn& c = it->second;
    c.last_ns = now;
    bool from_orig = v.src == c.ends.orig_h && v.src_port == c.ends.orig_p;
    if (v.is_udp()) {
      message(c, from_orig, now, v.payload);
      return;
    }
    // TCP: in-order payload only; a retransmission is skipped, a gap forgets the partial
    // message.
    int dir = from_orig ? 0 : 1;
    uint32_t seq = v.seq + ((v.tcp_flags & packet::tcp_flag::kSyn) ? 1 : 0);
    auto data = v.payload;
    if (!c.have_seq[dir]) {
      c.have_seq[dir] = true;
      c.next_seq[dir] = seq;
    }
    int32_t ahead = int32_t(seq - c.next_seq[dir]);
    if (ahead > 0) {
      c.streams[dir].reset();
    } else if (ahead < 0) {
      size_t seen = size_t(-int64_t(ahead));
      if (seen >= data.size()) return;
      data = data.subspan(seen);
      seq += uint32_t(seen);
    }
    c.next_seq[dir] = seq + uint32_t(data.size());
    c.streams[dir].feed(data, [&](std::span<const uint8_t> m) { message(c, from_orig, now, m); });
  }

  void on_dns(const DnsTransaction& t) override {
    const Endpoints& e = ends_by_id[t.connection];
    auto opt = [](const auto& o) { return o ? std::to_string(*o) : std::string("-"); };
    auto join = [](const auto& items, auto&& f) {
      if (items.empty()) return std::string("-");
      std::string out;
      for (const auto& i : items) out += (out.empty() ? "" : ",") + f(i);
      return out;
    };
    auto tf = [](bool b) { return std::string(b ? "T" : "F"); };
    rows.push_back({e.orig_h.to_string(), std::to_string(e.orig_p), e.resp_h.to_string(),
                    std::to_string(e.resp_p), e.tcp ? "tcp" : "udp", std::to_string(t.trans_id),
                    t.rtt_ns ? seconds6(*t.rtt_ns) : "-", t.query ? *t.query : "-", opt(t.qclass),
                    opt(t.qtype), opt(t.rcode), tf(t.AA), tf(t.TC), tf(t.RD), tf(t.RA),
                    std::to_string(t.Z), join(t.answers, [](const std::string& s) { return s; }),
                    join(t.ttls, [](uint32_t s) { return seconds6(int64_t(s) * 1000000000); }),
                    tf(t.rejected)});
  }
};

// Per trace: Zeek's records, ours, matched, then per field how many matched records agree.
struct Tally {
  size_t zeek = 0, ours = 0, matched = 0;
  size_t query = 0, qtype = 0, rcode = 0, answers = 0, ttls = 0, flags = 0, rtt = 0;
};

// What each trace must keep (matched, and agreeing answers). Differences are explained in
// docs/CAPTURES.md ("DNS").
struct Expected {
  const char* folder;
  Tally least;  // zeek and ours are not checked (printed only)
};
constexpr Expected kExpected[] = {
    {"core.ipv6-frag", {0, 0, 3, 3, 3, 3, 3, 3, 3, 3}},
    {"core.tunnels.gre", {0, 0, 0, 0, 0, 0, 0, 0, 0, 0}},  // inside GRE: no decapsulation yet
    {"core.tunnels.gre-over-udp", {0, 0, 0, 0, 0, 0, 0, 0, 0, 0}},  // inside GRE over UDP
    {"scripts.base.protocols.dns.binds", {0, 0, 1, 1, 1, 1, 1, 1, 1, 1}},
    {"scripts.base.protocols.dns.dynamic-update", {0, 0, 2, 2, 2, 2, 2, 2, 2, 2}},
    {"scripts.base.protocols.dns.loc", {0, 0, 1, 1, 1, 1, 1, 1, 1, 1}},
    {"scripts.base.protocols.dns.mdns-no-assoc", {0, 0, 6, 6, 6, 6, 6, 6, 6, 6}},
    {"scripts.base.protocols.dns.multiple-txt-strings", {0, 0, 1, 1, 1, 1, 1, 1, 1, 1}},
    {"scripts.base.protocols.dns.notify", {0, 0, 3, 3, 3, 3, 3, 3, 3, 3}},
    {"scripts.base.protocols.dns.nsec3", {0, 0, 1, 1, 1, 1, 1, 1, 1, 1}},
    {"scripts.base.protocols.dns.rrsig", {0, 0, 4, 4, 4, 4, 4, 4, 4, 4}},
    {"scripts.base.protocols.dns.tkey", {0, 0, 1, 1, 1, 1, 1, 1, 1, 1}},
    {"scripts.base.protocols.dns.zero-responses", {0, 0, 1, 1, 1, 1, 1, 1, 1, 1}},
};

// The btest case folders, sorted.
std::vector<std::string> case_folders() {
  std::vector<std::string> out;
  for (const auto& entry : std::filesystem::directory_iterator(test::btest_dir()))
    if (entry.is_directory()) out.push_back(entry.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

std::string trace_in(const std::string& folder) {
  for (const auto& path : test::list_files(folder, false)) {
    std::string bytes = test::read_file(path);
    if (packet::looks_like_capture(bytes)) return path;
  }
  return "";
}

void read_trace(const std::string& path, DnsFlows& flows) {
  packet::CaptureFileReader reader(flows);
  std::string bytes = test::read_file(path);
  for (size_t at = 0; at < bytes.size(); at += 4096)
    reader.feed(std::string_view(bytes).substr(at, 4096));
  reader.finish();
  flows.decoder.finish();
  flows.pairs.finish();
}

TEST(DnsTraces, MatchZeekDnsLog) {
  ZS_REQUIRE_SHARED(test::btest_dir());
  std::map<std::string, Expected> expected;
  for (const Expected& e : kExpected) expected[e.folder] = e;
  std::ostringstream table;
  table << std::left << std::setw(48) << "btest case"
        << " zeek ours match query qtype rcode "
        << "answers TTLs flags rtt\n";
  size_t folders = 0;
  Tally all;
  for (const auto& folder : case_folders()) {
    std::string name = folder.substr(folder.rfind('/') + 1);
    if (!test::exists(folder + "/dns.log")) continue;
    ++folders;
    SCOPED_TRACE(name);
    std::string trace = trace_in(folder);
    ASSERT_FALSE(trace.empty());
    std::string cmd = test::read_file(folder + "/CMD.txt");
    bool checksums = cmd.find("Checksum validation disabled (-C): yes") == std::string::npos;
    DnsFlows flows(checksums);
    read_trace(trace, flows);
    std::vector<Row> zeek = zeek_rows(folder + "/dns.log");
    std::vector<bool> used(flows.rows.size());
    Tally t;
    t.zeek = zeek.size();
    t.ours = flows.rows.size();
    for (const Row& z : zeek) {
      for (size_t i = 0; i < flows.rows.size(); ++i) {
        const Row& o = flows.rows[i];
        if (used[i] || o.key() != z.key()) continue;
        used[i] = true;
        ++t.matched;
        t.query += o.query == z.query;
        t.qtype += o.qtype == z.qtype && o.qclass == z.qclass;
        t.rcode += o.rcode == z.rcode && o.rejected == z.rejected;
        t.answers += o.answers == z.answers;
        t.ttls += o.TTLs == z.TTLs;
        t.flags += o.AA == z.AA && o.TC == z.TC && o.RD == z.RD && o.RA == z.RA && o.Z == z.Z;
        t.rtt += o.rtt == z.rtt;
        EXPECT_EQ(o.proto, z.proto);
        auto differs = [&](const char* field, const std::string& a, const std::string& b) {
          if (a != b)
            std::cout << "  " << name << " " << z.key() << ": " << field << " ours '" << a
                      << "' zeek '" << b << "'\n";
        };
        differs("query", o.query, z.query);
        differs("qtype", o.qclass + "/" + o.qtype, z.qclass + "/" + z.qtype);
        differs("rcode", o.rcode + " rejected " + o.rejected, z.rcode + " rejected " + z.rejected);
        differs("answers", o.answers, z.answers);
        differs("TTLs", o.TTLs, z.TTLs);
        differs("flags", o.AA + o.TC + o.RD + o.RA + o.Z, z.AA + z.TC + z.RD + z.RA + z.Z);
        differs("rtt", o.rtt, z.rtt);
        break;
      }
    }
    for (size_t i = 0; i < flows.rows.size(); ++i)
      if (!used[i]) std::cout << "  ours only (" << name << "): " << flows.rows[i].key() << "\n";
    table << std::setw(48) << name << " " << std::setw(4) << t.zeek << " " << std::setw(4) << t.ours
          << " " << std::setw(5) << t.matched << " " << std::setw(5) << t.query << " "
          << std::setw(5) << t.qtype << " " << std::setw(5) << t.rcode << " " << std::setw(7)
          << t.answers << " " << std::setw(4) << t.ttls << " " << std::setw(5) << t.flags << " "
          << t.rtt << "\n";
    all.zeek += t.zeek;
    all.ours += t.ours;
    all.matched += t.matched;
    all.answers += t.answers;
    auto e = expected.find(name);
    ASSERT_NE(e, expected.end()) << "a trace with a dns.log missing from kExpected";
    const Tally& least = e->second.least;
    EXPECT_GE(t.matched, least.matched);
    EXPECT_GE(t.query, least.query);
    EXPECT_GE(t.qtype, least.qtype);
    EXPECT_GE(t.rcode, least.rcode);
    EXPECT_GE(t.answers, least.answers);
    EXPECT_GE(t.ttls, least.ttls);
    EXPECT_GE(t.flags, least.flags);
    EXPECT_GE(t.rtt, least.rtt);
  }
  table << "all: zeek " << all.zeek << ", ours " << all.ours << ", matched " << all.matched
        << ", answers agree " << all.answers << "\n";
  std::cout << table.str();
  EXPECT_EQ(folders, std::size(kExpected));
}

// --- tshark's question names ---

TEST(DnsTraces, QuestionNamesAreTsharks) {
  ZS_REQUIRE_SHARED(test::btest_dir());
#ifdef __EMSCRIPTEN__
  GTEST_SKIP() << "the wasm tests run no other program (tshark); the native suites do";
#endif
  if (!test::tshark_available()) GTEST_SKIP() << "tshark is not installed";
  size_t traces = 0, frames = 0, compared = 0;
  for (const auto& folder : case_folders()) {
    std::string trace = trace_in(folder);
    if (trace.empty()) continue;
    DnsFlows flows(false);
    read_trace(trace, flows);
    if (flows.names_by_frame.empty()) continue;  // no DNS we can see: tshark is not asked
    std::string out;
    test::run_command(
        "tshark -r '" + trace +
            "' -Y 'dns || mdns || llmnr' -T fields -e frame.number -e dns.qry.name 2>/dev/null",
        out);
    if (out.empty()) continue;
    ++traces;
    SCOPED_TRACE(trace);
    std::istringstream lines(out);
    std::string line;
    while (std::getline(lines, line)) {
      ++frames;
      size_t tab = line.find('\t');
      uint64_t number = std::stoull(line.substr(0, tab));
      std::string names = tab == std::string::npos ? "" : line.substr(tab + 1);
      auto ours = flows.names_by_frame.find(number);
      if (ours == flows.names_by_frame.end()) continue;  // tunnelled, or not on a DNS port
      std::string joined;
      for (const auto& n : ours->second) joined += (joined.empty() ? "" : ",") + n;
      std::string theirs;
      for (char c : names) theirs.push_back(c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c);
      if (theirs == "<root>") theirs = "";
      ++compared;
      EXPECT_EQ(joined, theirs) << "frame " << number;
    }
    for (const auto& e : flows.errors) std::cout << "  " << trace << " " << e << "\n";
    EXPECT_TRUE(flows.errors.empty()) << "a DNS message of a real trace not read whole";
  }
  std::cout << "tshark: " << traces << " traces with DNS we read, " << frames
            << " DNS frames by tshark, " << compared << " compared with ours" << std::endl;
  EXPECT_GT(compared, 40u);
}

}  // namespace
}  // namespace zeekscope::protocol
