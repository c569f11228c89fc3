// The whole capture pipeline (capture file -> decoder -> flows -> protocol parsers) against
// Zeek itself: every btest trace of ../shared/data/pcap/zeek-btest with a conn, dns, ssl or
// http log is read in uneven chunks (with the checksum policy of its CMD.txt), and each log's
// records are matched to ours on the connection tuple (uids differ from Zeek's) and compared
// field by field as Zeek's TSV writes them. A per-trace table is printed; each trace must stay
// at or above the table kept below. The differences are explained in docs/CAPTURES.md.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <sstream>

#include "btest_support.h"
#include "flow/capture_pipeline.h"
#include "test_support.h"

namespace zeekscope::flow {
namespace {

using Row = test::ZeekRow;

std::string micros_text(int64_t us) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%lld.%06lld", static_cast<long long>(us / 1000000),
                static_cast<long long>(us % 1000000));
  return buf;
}
std::string tf(bool b) { return b ? "T" : "F"; }
std::string str(const std::optional<std::string>& s) {
  if (!s) return "-";
  return s->empty() ? "(empty)" : *s;
}
template <typename N>
std::string num(const std::optional<N>& n) {
  return n ? std::to_string(*n) : "-";
}
std::string list(const std::vector<std::string>& items) {
  if (items.empty()) return "(empty)";
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ",") + s;
  return out;
}
std::string list(const std::optional<std::vector<std::string>>& items) {
  return items ? list(*items) : "-";
}

void put_conn(Row& row, const RecordConnection& c) {
  row["ts"] = micros_text(c.ts_us);
  row["id.orig_h"] = c.orig_h.to_string();
  row["id.orig_p"] = std::to_string(c.orig_p);
  row["id.resp_h"] = c.resp_h.to_string();
  row["id.resp_p"] = std::to_string(c.resp_p);
  row["proto"] = c.proto;
}

struct Records : ConnRecordSink, ProtocolRecordSink {
  std::map<std::string, std::vector<Row>> logs;  // "conn", "dns", "ssl", "x509", "http"
  void on_conn(const ConnRecord& r) override {
    Row row;
    put_conn(row, {r.ts_us, r.uid, r.orig_h, r.resp_h, r.orig_p, r.resp_p, r.proto});
    row["service"] = r.service.empty() ? "-" : r.service;
    row["conn_state"] = r.conn_state;
    row["history"] = r.history.empty() ? "-" : r.history;
    logs["conn"].push_back(row);
  }
  void on_dns(const DnsRecord& r) override {
    Row row;
    put_conn(row, r.conn);
    auto seconds = [](int64_t us) { return micros_text(us); };
    row["trans_id"] = std::to_string(r.trans_id);
    row["rtt"] = r.rtt_us ? seconds(*r.rtt_us) : "-";
    row["query"] = str(r.query);
    row["qclass"] = num(r.qclass);
    row["qtype"] = num(r.qtype);
    row["rcode"] = num(r.rcode);
    row["AA"] = tf(r.AA);
    row["TC"] = tf(r.TC);
    row["RD"] = tf(r.RD);
    row["RA"] = tf(r.RA);
    row["Z"] = std::to_string(r.Z);
    std::string answers, ttls;
    for (const auto& a : r.answers) {
      if (!answers.empty()) answers += ',';
      answers += a;
    }
    for (uint32_t t : r.ttls) {
      if (!ttls.empty()) ttls += ',';
      ttls += seconds(int64_t(t) * 1000000);
    }
    row["answers"] = answers.empty() ? "-" : answers;
    row["TTLs"] = ttls.empty() ? "-" : ttls;
    row["rejected"] = tf(r.rejected);
    logs["dns"].push_back(row);
  }
  void on_ssl(const SslRecord& r) override {
    Row row;
    put_conn(row, r.conn);
    row["version"] = str(r.version);
    row["cipher"] = str(r.cipher);
    row["curve"] = str(r.curve);
    row["server_name"] = str(r.server_name);
    row["resumed"] = tf(r.resumed);
    row["next_protocol"] = str(r.next_protocol);
    row["cert_chain_fps"] = list(r.cert_chain_fps);
    row["client_cert_chain_fps"] = list(r.client_cert_chain_fps);
    row["sni_matches_cert"] = r.sni_matches_cert ? tf(*r.sni_matches_cert) : "-";
    logs["ssl"].push_back(row);
  }
  void on_x509(const X509Record& r) override {
    const x509::Certificate& c = r.certificate;
    auto text = [](const std::string& s) { return s.empty() ? std::string("-") : s; };
    auto seconds = [](int64_t s) { return std::to_string(s) + ".000000"; };
    Row row;
    row["ts"] = micros_text(r.ts_us);
    row["fingerprint"] = c.sha256;
    row["certificate.version"] = std::to_string(c.version);
    row["certificate.serial"] = c.serial;
    row["certificate.subject"] = c.subject;
    row["certificate.issuer"] = c.issuer;
    row["certificate.not_valid_before"] = seconds(c.not_valid_before);
    row["certificate.not_valid_after"] = seconds(c.not_valid_after);
    row["certificate.key_alg"] = text(c.key_alg);
    row["certificate.sig_alg"] = text(c.sig_alg);
    row["certificate.key_type"] = text(c.key_type);
    row["certificate.key_length"] = num(c.key_length);
    row["certificate.exponent"] = text(c.exponent);
    row["certificate.curve"] = text(c.curve);
    auto names = [&](const std::vector<std::string>& v) {
      return v.empty() ? std::string("-") : list(v);
    };
    row["san.dns"] = names(c.san_dns);
    row["san.uri"] = names(c.san_uri);
    row["san.email"] = names(c.san_email);
    row["san.ip"] = names(c.san_ip);
    row["basic_constraints.ca"] = c.basic_constraints_ca ? tf(*c.basic_constraints_ca) : "-";
    row["basic_constraints.path_len"] = num(c.basic_constraints_path_len);
    row["host_cert"] = tf(r.host_cert);
    row["client_cert"] = tf(r.client_cert);
    logs["x509"].push_back(row);
  }
  void on_http(const HttpRecord& r) override {
    Row row;
    put_conn(row, r.conn);
    row["trans_depth"] = std::to_string(r.trans_depth);
    row["method"] = str(r.method);
    row["host"] = str(r.host);
    row["uri"] = str(r.uri);
    row["referrer"] = str(r.referrer);
    row["version"] = str(r.version);
    row["user_agent"] = str(r.user_agent);
    row["origin"] = str(r.origin);
    row["status_code"] = num(r.status_code);
    row["status_msg"] = str(r.status_msg);
    logs["http"].push_back(row);
  }
};

// Per log: how records are matched (beyond the tuple) and the fields compared.
struct LogSpec {
  std::string name;
  std::vector<std::string> key;  // besides the tuple
  bool unordered_tuple;          // conn: either orientation
  std::vector<std::string> fields;
  bool tuple = true;  // matched on the connection tuple first (x509.log has none)
};
const std::vector<LogSpec> kLogs = {
    {"conn", {"proto"}, true, {"service", "conn_state", "history"}},
    {"dns",
     {"proto", "trans_id", "query"},
     false,
     {"ts", "rtt", "qclass", "qtype", "rcode", "AA", "TC", "RD", "RA", "Z", "answers", "TTLs",
      "rejected"}},
    {"ssl",
     {},
     false,
     {"ts", "version", "cipher", "curve", "server_name", "resumed", "next_protocol",
      "cert_chain_fps", "client_cert_chain_fps", "sni_matches_cert"}},
    {"x509",
     {"fingerprint", "host_cert", "client_cert"},
     false,
     {"ts", "certificate.version", "certificate.serial", "certificate.subject",
      "certificate.issuer", "certificate.not_valid_before", "certificate.not_valid_after",
      "certificate.key_alg", "certificate.sig_alg", "certificate.key_type",
      "certificate.key_length", "certificate.exponent", "certificate.curve", "san.dns", "san.uri",
      "san.email", "san.ip", "basic_constraints.ca", "basic_constraints.path_len"},
     false},
    {"http",
     {"trans_depth"},
     false,
     {"ts", "method", "host", "uri", "referrer", "version", "user_agent", "origin", "status_code",
      "status_msg"}},
};

std::string match_key(const Row& r, const LogSpec& spec) {
  auto get = [&](const std::string& k) {
    auto it = r.find(k);
    return it == r.end() ? std::string("?") : it->second;
  };
  std::string key;
  if (spec.tuple) {
    std::string a = get("id.orig_h");
    a += '/';
    a += get("id.orig_p");
    std::string b = get("id.resp_h");
    b += '/';
    b += get("id.resp_p");
    if (spec.unordered_tuple && b < a) std::swap(a, b);
    key = a + ' ' + b;
  }
  for (const auto& k : spec.key) {
    key += ' ';
    key += get(k);
  }
  return key;
}

struct Agreement {
  int zeek = 0, ours = 0, matched = 0, agree = 0;  // agree: matched and every field equal
};

Agreement compare(const LogSpec& spec, const std::vector<Row>& zeek, const std::vector<Row>& ours,
                  bool verbose, const std::string& trace) {
  Agreement a{int(zeek.size()), int(ours.size()), 0, 0};
  std::map<std::string, std::vector<const Row*>> mine;
  for (const Row& r : ours) mine[match_key(r, spec)].push_back(&r);
  std::map<std::string, size_t> used;
  bool has_tuple = !zeek.empty();
  for (const char* k : {"id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p"})
    if (spec.tuple && !zeek.empty() && !zeek[0].count(k)) has_tuple = false;
  for (const auto& k : spec.key)
    if (!zeek.empty() && !zeek[0].count(k)) has_tuple = false;
  for (const Row& z : zeek) {
    const Row* found = nullptr;
    std::string key = match_key(z, spec);
    if (has_tuple) {
      auto it = mine.find(key);
      if (it != mine.end() && used[key] < it->second.size()) found = it->second[used[key]++];
    } else if (zeek.size() == 1 && ours.size() == 1) {
      found = &ours[0];  // a zeek-cut log without the tuple
    }
    if (!found) {
      if (verbose)
        std::cout << "  " << trace << " " << spec.name << " unmatched zeek " << key << "\n";
      continue;
    }
    ++a.matched;
    bool all = true;
    for (const auto& f : spec.fields) {
      auto zi = z.find(f);
      if (zi == z.end()) continue;  // not in this log
      std::string theirs = zi->second;
      std::string mine_value = found->count(f) ? found->at(f) : "-";
      if (f == "ts" && theirs.find('X') != std::string::npos) continue;  // masked in the baseline
      if (theirs == mine_value) continue;
      all = false;
      if (verbose)
        std::cout << "  " << trace << " " << spec.name << " " << key << " " << f << ": zeek "
                  << theirs << " ours " << mine_value << "\n";
    }
    a.agree += all;
  }
  if (verbose)
    for (const auto& [key, rows] : mine)
      if (used[key] < rows.size())
        std::cout << "  " << trace << " " << spec.name << " extra ours " << key << "\n";
  return a;
}

// Zeek's records, matched, agreeing on every compared field; per "log trace". A trace may not
// fall below its row (and Zeek's count must be the same).
const std::map<std::string, std::array<int, 3>> kReached = {
    {"conn core.erspanII", {1, 0, 0}},
    {"conn core.mpls-in-vlan", {3, 3, 3}},
    {"conn core.pcapng-pktsrc", {3, 3, 3}},
    {"conn core.ppp", {3, 3, 3}},
    {"conn core.pppoe", {7, 7, 7}},
    {"conn core.q-in-q", {2, 2, 2}},
    {"conn core.radiotap", {2, 0, 0}},
    {"conn core.tcp-padding", {1, 1, 1}},
    {"conn core.tcp.large-file-reassembly", {3, 3, 0}},
    {"conn core.tcp.miss-end-data", {1, 1, 1}},
    {"conn core.tcp.missing-syn", {1, 1, 1}},
    {"conn core.tcp.reassembly-known-ports", {1, 1, 1}},
    {"conn core.tunnels.analyzer-confirmation", {2, 1, 0}},
    {"conn core.tunnels.geneve", {3, 2, 0}},
    {"conn core.tunnels.geneve-ipv6", {2, 1, 0}},
    {"conn core.tunnels.geneve-truncated", {1, 1, 0}},
    {"conn core.tunnels.gre", {7, 0, 0}},
    {"conn core.tunnels.gre-in-gre", {3, 0, 0}},
    {"conn core.tunnels.gre-over-udp", {6, 4, 4}},
    {"conn core.tunnels.gtp.outer_ip_frag", {2, 1, 0}},
    {"conn core.tunnels.teredo", {21, 17, 15}},
    {"conn core.tunnels.vxlan", {5, 4, 0}},
    {"conn core.unknown-ip-protocol", {1, 1, 1}},
    {"conn core.vlan-mpls", {3, 3, 3}},
    {"conn core.vntag", {1, 1, 1}},
    {"conn core.wlanmon", {2, 0, 0}},
    {"conn scripts.base.protocols.dhcp.dhcp-all-msg-types", {4, 4, 4}},
    {"conn scripts.base.protocols.ftp.cwd-navigation", {1, 1, 0}},
    {"conn scripts.base.protocols.ftp.ftp-auth-tls", {1, 1, 0}},
    {"conn scripts.base.protocols.ftp.ftp-ipv4", {5, 5, 0}},
    {"conn scripts.base.protocols.ftp.gridftp", {2, 2, 0}},
    {"conn scripts.base.protocols.http.concurrent-range-requests", {3, 3, 3}},
    {"conn scripts.base.protocols.http.deeply-nested-mime", {1, 1, 0}},
    {"conn scripts.base.protocols.http.http-connect", {1, 1, 0}},
    {"conn scripts.base.protocols.http.http-no-crlf", {1, 1, 1}},
    {"conn scripts.base.protocols.irc.basic", {3, 3, 1}},
    {"conn scripts.base.protocols.irc.starttls", {1, 1, 0}},
    {"conn scripts.base.protocols.ldap.gap", {1, 1, 0}},
    {"conn scripts.base.protocols.ldap.sasl-signed-clear", {3, 3, 0}},
    {"conn scripts.base.protocols.ldap.starttls", {1, 1, 0}},
    {"conn scripts.base.protocols.ntp.misordered-ntp", {1, 1, 0}},
    {"conn scripts.base.protocols.pop3.starttls", {1, 1, 0}},
    {"conn scripts.base.protocols.rdp.rdpeudp-handshake-success", {1, 1, 0}},
    {"conn scripts.base.protocols.redis.django-cloud", {1, 1, 0}},
    {"conn scripts.base.protocols.ssh.basic", {25, 25, 25}},
    {"conn scripts.base.protocols.ssh.half-duplex-client", {25, 25, 25}},
    {"conn scripts.base.protocols.ssh.http-port-22", {1, 1, 1}},
    {"conn scripts.base.protocols.xmpp.starttls", {1, 1, 0}},
    {"dns core.ipv6-frag", {3, 3, 3}},
    {"dns core.tunnels.gre", {2, 0, 0}},
    {"dns core.tunnels.gre-over-udp", {2, 0, 0}},
    {"dns scripts.base.protocols.dns.binds", {1, 1, 1}},
    {"dns scripts.base.protocols.dns.dynamic-update", {2, 2, 2}},
    {"dns scripts.base.protocols.dns.loc", {1, 1, 1}},
    {"dns scripts.base.protocols.dns.mdns-no-assoc", {6, 6, 6}},
    {"dns scripts.base.protocols.dns.multiple-txt-strings", {1, 1, 1}},
    {"dns scripts.base.protocols.dns.notify", {3, 3, 3}},
    {"dns scripts.base.protocols.dns.nsec3", {1, 1, 1}},
    {"dns scripts.base.protocols.dns.rrsig", {4, 4, 4}},
    {"dns scripts.base.protocols.dns.tkey", {1, 1, 1}},
    {"dns scripts.base.protocols.dns.zero-responses", {1, 1, 1}},
    {"http core.nflog", {1, 1, 1}},
    {"http core.tcp-padding", {1, 1, 1}},
    {"http core.tcp.reassembly-known-ports", {1, 1, 1}},
    {"http core.tunnels.analyzer-confirmation", {1, 0, 0}},
    {"http core.tunnels.gre-over-udp", {1, 0, 0}},
    {"http core.tunnels.gtp.outer_ip_frag", {1, 0, 0}},
    {"http core.tunnels.teredo", {4, 2, 2}},
    {"http core.vlan-mpls", {2, 2, 2}},
    {"http scripts.base.frameworks.logging.writer-path-conflict", {14, 14, 14}},
    {"http scripts.base.protocols.http.101-switching-protocols", {1, 1, 1}},
    {"http scripts.base.protocols.http.concurrent-range-requests", {3, 3, 3}},
    {"http scripts.base.protocols.http.deeply-nested-mime", {1, 1, 1}},
    {"http scripts.base.protocols.http.http-09", {4, 2, 2}},
    {"http scripts.base.protocols.http.http-bad-request-with-version", {1, 1, 1}},
    {"http scripts.base.protocols.http.http-basic-auth-colon", {1, 1, 1}},
    {"http scripts.base.protocols.http.http-connect", {1, 1, 1}},
    {"http scripts.base.protocols.http.http-desynched", {7, 7, 7}},
    {"http scripts.base.protocols.http.http-methods", {49, 49, 49}},
    {"http scripts.base.protocols.http.http-no-crlf", {5, 5, 5}},
    {"http scripts.base.protocols.http.missing-zlib-header", {2, 2, 2}},
    {"http scripts.base.protocols.http.multipart-body-length", {1, 1, 1}},
    {"http scripts.base.protocols.snap.snap-tcp", {1, 1, 1}},
    {"http scripts.base.protocols.ssh.http-port-22", {1, 1, 1}},
    {"ssl scripts.base.files.x509.disable-certificate-events-known-certs", {8, 8, 8}},
    {"ssl scripts.base.protocols.ftp.ftp-auth-tls", {1, 0, 0}},
    {"ssl scripts.base.protocols.ftp.gridftp", {2, 1, 1}},
    {"ssl scripts.base.protocols.irc.starttls", {1, 0, 0}},
    {"ssl scripts.base.protocols.ldap.starttls", {1, 0, 0}},
    {"ssl scripts.base.protocols.pop3.starttls", {1, 0, 0}},
    {"ssl scripts.base.protocols.quic.chromium", {1, 0, 0}},
    {"ssl scripts.base.protocols.quic.interop.quic-go_quic-go.handshake", {1, 0, 0}},
    {"ssl scripts.base.protocols.quic.merlinc2", {1, 0, 0}},
    {"ssl scripts.base.protocols.quic.quicdoq", {1, 0, 0}},
    {"ssl scripts.base.protocols.quic.quicv2-echo-443", {1, 0, 0}},
    {"ssl scripts.base.protocols.quic.run-pcap", {1, 0, 0}},
    {"ssl scripts.base.protocols.rdp.rdp-to-ssl", {2, 0, 0}},
    {"ssl scripts.base.protocols.smtp.starttls", {1, 0, 0}},
    {"ssl scripts.base.protocols.ssl.basic", {1, 1, 1}},
    {"ssl scripts.base.protocols.ssl.dhe", {1, 1, 1}},
    {"ssl scripts.base.protocols.ssl.dtls-stun-dpd", {1, 0, 0}},
    {"ssl scripts.base.protocols.ssl.ecdhe", {1, 1, 1}},
    {"ssl scripts.base.protocols.ssl.fragment", {1, 1, 0}},
    {"ssl scripts.base.protocols.ssl.ml-dsa-44-cert", {1, 1, 1}},
    {"ssl scripts.base.protocols.ssl.tls13-version", {1, 1, 1}},
    {"ssl scripts.base.protocols.ssl.tls13_encrypted_handshake_events", {1, 1, 1}},
    {"ssl scripts.base.protocols.ssl.tls1_1", {1, 1, 1}},
    {"ssl scripts.base.protocols.xmpp.starttls", {1, 0, 0}},
    // Certificates: one record per (fingerprint, host_cert, client_cert) in a capture, as Zeek
    // by default (event-caching's baseline logs repeats); STARTTLS and GridFTP's TLS inside
    // FTP commands are not read.
    {"x509 scripts.base.files.x509.disable-certificate-events-known-certs", {4, 4, 4}},
    {"x509 scripts.base.files.x509.event-caching", {6, 3, 3}},
    {"x509 scripts.base.files.x509.tbs_sig_alg", {3, 3, 3}},
    {"x509 scripts.base.protocols.ftp.gridftp", {12, 7, 7}},
    {"x509 scripts.base.protocols.irc.starttls", {1, 0, 0}},
    {"x509 scripts.base.protocols.pop3.starttls", {1, 0, 0}},
    {"x509 scripts.base.protocols.smtp.starttls", {3, 0, 0}},
    {"x509 scripts.base.protocols.ssl.basic", {2, 2, 2}},
    {"x509 scripts.base.protocols.ssl.ecdhe", {3, 3, 3}},
    {"x509 scripts.base.protocols.ssl.ml-dsa-44-cert", {1, 1, 1}},
    {"x509 scripts.base.protocols.ssl.tls1_1", {3, 3, 3}},
    {"x509 scripts.base.protocols.xmpp.starttls", {2, 0, 0}},
};

TEST(PipelineBtest, RecordsAgreeWithZeek) {
  ZS_REQUIRE_SHARED(test::btest_dir());
  bool verbose = std::getenv("PIPELINE_BTEST_VERBOSE") != nullptr;
  std::map<std::string, Agreement> results;
  for (const auto& path : test::list_files(test::btest_dir())) {
    std::string name = path.substr(path.rfind('/') + 1);
    std::string dir = path.substr(0, path.rfind('/'));
    std::string folder = dir.substr(dir.rfind('/') + 1);
    bool any = false;
    for (const auto& spec : kLogs) any |= test::exists(dir + "/" + spec.name + ".log");
    if (!any) continue;
    if (name.ends_with(".gz") && !test::can_read_gzip()) continue;
    std::string bytes = test::read_file(path);
    if (!packet::looks_like_capture(bytes)) continue;
    CapturePipelineOptions options;
    options.flow.ignore_checksums = test::btest_ignores_checksums(dir);
    Records records;
    CapturePipeline pipeline(records, records, options);
    for (size_t at = 0, k = 0; at < bytes.size(); ++k) {
      size_t size = 1 + (k * 7919) % 5000;
      pipeline.feed(std::string_view(bytes).substr(at, size));
      at += size;
    }
    pipeline.finish();
    for (const auto& spec : kLogs) {
      std::string log = dir + "/" + spec.name + ".log";
      if (!test::exists(log)) continue;
      results[spec.name + " " + folder] =
          compare(spec, test::zeek_tsv_rows(test::read_file(log), true), records.logs[spec.name],
                  verbose, folder);
    }
  }
  std::cout << "log trace | zeek | ours | matched | all fields agree\n";
  std::map<std::string, Agreement> totals;
  for (const auto& [key, a] : results) {
    std::cout << key << " | " << a.zeek << " | " << a.ours << " | " << a.matched << " | " << a.agree
              << "\n";
    Agreement& t = totals[key.substr(0, key.find(' '))];
    t.zeek += a.zeek, t.ours += a.ours, t.matched += a.matched, t.agree += a.agree;
    auto reached = kReached.find(key);
    if (reached == kReached.end()) {
      ADD_FAILURE() << "no row for " << key;
      continue;
    }
    EXPECT_EQ(a.zeek, reached->second[0]) << key;
    EXPECT_GE(a.matched, reached->second[1]) << key;
    EXPECT_GE(a.agree, reached->second[2]) << key;
  }
  for (const auto& [log, t] : totals)
    std::cout << "total " << log << " | " << t.zeek << " | " << t.ours << " | " << t.matched
              << " | " << t.agree << "\n";
  if (verbose)
    for (const auto& [key, a] : results)
      std::cout << "    {\"" << key << "\", {" << a.zeek << ", " << a.matched << ", " << a.agree
                << "}},\n";
}

}  // namespace
}  // namespace zeekscope::flow
