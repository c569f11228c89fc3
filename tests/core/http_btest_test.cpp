// http.log from the message heads, against Zeek's http.log for every btest trace that has one:
// each TCP connection's directions are put together by the test (stream_assembly.h), requests
// and replies parsed and paired in order (a 1xx reply does not end a transaction), and the pair
// at trans_depth N compared with Zeek's record on method, host, URI (unescaped, as Zeek logs
// it), user agent and status code. Each trace's counts must stay at or above the table below
// (docs/CAPTURES.md explains every shortfall). With tshark, every Host we read must be one
// tshark reads.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <iomanip>
#include <set>
#include <sstream>

#include "protocol/http_message.h"
#include "stream_assembly.h"

namespace zeekscope::protocol {
namespace {

struct Transaction {
  const HttpMessage* request = nullptr;
  const HttpMessage* reply = nullptr;
};

struct Conversation {
  HttpParser requests{HttpParser::Side::kRequests};
  HttpParser replies{HttpParser::Side::kResponses};
  std::vector<Transaction> transactions;
};

void converse(const test::AssembledFlow& f, Conversation& c) {
  c.requests.feed(f.orig_bytes);
  for (const auto& m : c.requests.messages()) c.replies.expect_reply_to(m.method, m.version);
  c.replies.feed(f.resp_bytes);
  std::vector<const HttpMessage*> finals;
  for (const auto& m : c.replies.messages())
    if (m.status_code >= 200 || m.status_code < 100 || m.status_code == 101) finals.push_back(&m);
  size_t n = std::max(c.requests.messages().size(), finals.size());
  for (size_t i = 0; i < n; ++i)
    c.transactions.push_back(
        {i < c.requests.messages().size() ? &c.requests.messages()[i] : nullptr,
         i < finals.size() ? finals[i] : nullptr});
}

struct Counts {
  int zeek = 0, ours = 0, matched = 0, method = 0, host = 0, uri = 0, user_agent = 0, status = 0;
};

// Per trace: the least each count may be (records Zeek wrote, ours, matched on connection key
// and trans_depth, then agreement per field).
const std::map<std::string, Counts> kExpected = {
    // trace folder: {zeek, ours, matched, method, host, uri, user_agent, status_code}
    {"core.nflog", {1, 1, 1, 1, 1, 1, 1, 1}},
    {"core.tcp-padding", {1, 1, 1, 1, 1, 1, 1, 1}},
    {"core.tcp.reassembly-known-ports", {1, 1, 1, 1, 1, 1, 1, 1}},
    {"core.tunnels.analyzer-confirmation", {1, 0, 0, 0, 0, 0, 0, 0}},
    {"core.tunnels.gre-over-udp", {1, 0, 0, 0, 0, 0, 0, 0}},
    {"core.tunnels.gtp.outer_ip_frag", {1, 0, 0, 0, 0, 0, 0, 0}},
    {"core.tunnels.teredo", {4, 2, 2, 2, 2, 2, 2, 2}},
    {"core.vlan-mpls", {2, 2, 2, 2, 2, 2, 2, 2}},
    {"scripts.base.frameworks.logging.writer-path-conflict", {14, 14, 14, 14, 14, 14, 14, 14}},
    {"scripts.base.protocols.http.101-switching-protocols", {1, 1, 1, 1, 1, 1, 1, 1}},
    {"scripts.base.protocols.http.concurrent-range-requests", {3, 3, 3, 3, 3, 3, 3, 3}},
    {"scripts.base.protocols.http.deeply-nested-mime", {1, 1, 1, 1, 1, 1, 1, 1}},
    {"scripts.base.protocols.http.http-09", {4, 2, 2, 2, 2, 2, 2, 2}},
    {"scripts.base.protocols.http.http-bad-request-with-version", {1, 1, 1, 1, 1, 1, 1, 1}},
    {"scripts.base.protocols.http.http-basic-auth-colon", {1, 1, 1, 1, 1, 1, 1, 1}},
    {"scripts.base.protocols.http.http-connect", {1, 1, 1, 1, 1, 1, 1, 1}},
    {"scripts.base.protocols.http.http-desynched", {7, 7, 7, 3, 3, 3, 3, 7}},
    {"scripts.base.protocols.http.http-methods", {49, 49, 49, 49, 49, 49, 49, 49}},
    {"scripts.base.protocols.http.http-no-crlf", {5, 5, 5, 5, 5, 5, 5, 5}},
    {"scripts.base.protocols.http.missing-zlib-header", {2, 2, 2, 2, 2, 2, 2, 2}},
    {"scripts.base.protocols.http.multipart-body-length", {1, 1, 1, 1, 1, 1, 1, 1}},
    {"scripts.base.protocols.snap.snap-tcp", {1, 1, 1, 1, 1, 1, 1, 1}},
    {"scripts.base.protocols.ssh.http-port-22", {1, 1, 1, 1, 1, 1, 1, 1}},
};

std::multiset<std::string> tshark_hosts(const test::BtestTrace& t,
                                        const std::set<uint16_t>& ports) {
  std::string decode;
  for (uint16_t p : ports) decode += " -d tcp.port==" + std::to_string(p) + ",http";
  std::string cmd = "tshark -r '" + t.path + "'" + decode +
                    " -Y 'http.request' -T fields -e http.host 2>/dev/null";
  std::string out;
  test::run_command(cmd, out);
  std::multiset<std::string> hosts;
  std::istringstream lines(out);
  std::string line;
  while (std::getline(lines, line))
    if (!line.empty()) hosts.insert(line);
  return hosts;
}

TEST(HttpBtest, HeadsGiveZeeksHttpLog) {
  ZS_REQUIRE_SHARED(test::btest_dir());
  auto traces = test::btest_traces_with("http.log");
  ASSERT_FALSE(traces.empty());
  std::ostringstream table;
  table << std::left << std::setw(58) << "trace"
        << " zeek ours match meth host  uri   ua stat\n";
  Counts total;
  for (const auto& t : traces) {
    SCOPED_TRACE(t.folder);
    auto flows = test::assemble(t);
    std::map<std::string, Conversation> ours;
    std::set<uint16_t> ports;
    std::multiset<std::string> our_hosts;
    for (const auto& f : flows) {
      if (!f->tcp || f->orig_bytes.empty()) continue;
      Conversation& c = ours[f->key()];
      converse(*f, c);
      if (c.transactions.empty()) {
        ours.erase(f->key());
        continue;
      }
      ports.insert(f->resp.port);
      for (const auto& tr : c.transactions)
        if (tr.request && !tr.request->host.empty()) our_hosts.insert(tr.request->host);
    }
    Counts c;
    for (const auto& [_, conv] : ours) c.ours += int(conv.transactions.size());
    std::set<std::string> zeek_keys;
    auto records = test::zeek_records(test::btest_dir() + "/" + t.folder + "/http.log");
    for (const auto& r : records)
      zeek_keys.insert(test::zeek_key(r) + " #" + test::zeek_value(r, "trans_depth"));
    for (const auto& [key, conv] : ours)
      for (size_t i = 0; i < conv.transactions.size(); ++i)
        if (!zeek_keys.count(key + " #" + std::to_string(i + 1)))
          std::cout << "  " << t.folder << " " << key << " #" << i + 1 << ": ours only ("
                    << (conv.transactions[i].request ? conv.transactions[i].request->method + " " +
                                                           conv.transactions[i].request->uri
                                                     : std::string("no request"))
                    << ")\n";
    for (const auto& r : records) {
      ++c.zeek;
      auto it = ours.find(test::zeek_key(r));
      size_t depth = std::stoul(test::zeek_value(r, "trans_depth"));
      if (it == ours.end() || depth == 0 || depth > it->second.transactions.size()) continue;
      ++c.matched;
      const Transaction& tr = it->second.transactions[depth - 1];
      auto agree = [&](const char* field, const std::string& mine, int& count) {
        std::string theirs = test::zeek_value(r, field);
        if (theirs == mine)
          ++count;
        else
          std::cout << "  " << t.folder << " " << it->first << " #" << depth << " " << field
                    << ": zeek '" << theirs << "' ours '" << mine << "'\n";
      };
      const HttpMessage* q = tr.request;
      agree("method", q ? q->method : "", c.method);
      agree("host", q ? q->host : "", c.host);
      agree("uri", q ? unescape_http_uri(q->uri) : "", c.uri);
      agree("user_agent", q ? q->user_agent : "", c.user_agent);
      agree("status_code", tr.reply ? std::to_string(tr.reply->status_code) : "", c.status);
    }
    table << std::left << std::setw(58) << t.folder << std::right << std::setw(5) << c.zeek
          << std::setw(5) << c.ours << std::setw(6) << c.matched << std::setw(5) << c.method
          << std::setw(5) << c.host << std::setw(5) << c.uri << std::setw(5) << c.user_agent
          << std::setw(5) << c.status << "\n";
    total.zeek += c.zeek, total.ours += c.ours, total.matched += c.matched;
    total.method += c.method, total.host += c.host, total.uri += c.uri;
    total.user_agent += c.user_agent, total.status += c.status;
    auto want = kExpected.find(t.folder);
    Counts w = want == kExpected.end() ? Counts{} : want->second;
    EXPECT_NE(want, kExpected.end()) << "no row in kExpected";
    EXPECT_EQ(c.zeek, w.zeek);
    EXPECT_GE(c.ours, w.ours);
    EXPECT_GE(c.matched, w.matched);
    EXPECT_GE(c.method, w.method);
    EXPECT_GE(c.host, w.host);
    EXPECT_GE(c.uri, w.uri);
    EXPECT_GE(c.user_agent, w.user_agent);
    EXPECT_GE(c.status, w.status);

    if (test::tshark_available()) {
      // Every Host we read, tshark reads too (tshark also reads HTTP inside tunnels, which the
      // packet layer does not open yet, so it may have more).
      auto theirs = tshark_hosts(t, ports);
      for (const auto& h : std::set<std::string>(our_hosts.begin(), our_hosts.end()))
        EXPECT_LE(our_hosts.count(h), theirs.count(h)) << "host " << h << " against tshark";
    }
  }
  table << std::left << std::setw(58) << "total" << std::right << std::setw(5) << total.zeek
        << std::setw(5) << total.ours << std::setw(6) << total.matched << std::setw(5)
        << total.method << std::setw(5) << total.host << std::setw(5) << total.uri << std::setw(5)
        << total.user_agent << std::setw(5) << total.status << "\n";
  std::cout << table.str();
}

}  // namespace
}  // namespace zeekscope::protocol
