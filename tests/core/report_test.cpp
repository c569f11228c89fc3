// The report of RULES.md section 8: versioned, stable key order, deterministic.
#include "test_support.h"

using namespace zeekscope;
using namespace zeekscope::test;

TEST(Report, StableKeysAndDeterministicOutput) {
  std::vector<Log> logs = {
      {"conn.log", conn_log({"1|C1|10.0.0.2|198.51.100.66|8080|tcp|http",
                             "2|C2|10.0.0.2|93.184.216.34|443|tcp|ssl",
                             "3|C3|10.0.0.2|192.168.1.1|53|udp|dns"})},
      {"dns.log", dns_log({"0.5|spy.example|A|198.51.100.66", "1.5|ok.example|A|93.184.216.34"})}};
  std::vector<Feed> feeds = {{"feed.txt", "spy.example\n", "text:domain/stalkerware"}};
  auto r = analyze(logs, feeds);
  std::vector<std::string> keys;
  for (auto& [k, v] : r.items()) keys.push_back(k);
  EXPECT_EQ(keys,
            (std::vector<std::string>{"schema", "tool", "profile", "config", "inputs", "indicators",
                                      "coverage", "limits_reached", "phone", "summary", "alerts",
                                      "apps", "hosts", "timeline", "destinations"}));
  EXPECT_EQ(r["schema"], "zeekscope-report/1");
  EXPECT_EQ(dump_report(r), dump_report(analyze(logs, feeds)));
  EXPECT_EQ(r["summary"]["verdict"], "high");
  EXPECT_EQ(r["summary"]["stalkerware_indicator"], true);
  EXPECT_EQ(r["destinations"]["suspect"].size(), 1u);
  EXPECT_EQ(r["destinations"]["uncategorized"].size(), 1u);  // ok.example
  EXPECT_EQ(r["destinations"]["whitelisted"].size(), 1u);
  const auto& alert = r["alerts"][0];
  EXPECT_EQ(alert["id"], "IOC-03");
  EXPECT_EQ(alert["evidence"]["indicators"][0]["source"], "feed.txt");
  EXPECT_EQ(alert["evidence"]["indicators"][0]["tag"], "stalkerware");
  EXPECT_EQ(alert["evidence"]["ips"][0], "198.51.100.66");
}

TEST(Report, TextSummaryShowsControlBytesEscaped) {
  auto r = analyze({{"dns.log", dns_log({"1|\x1b[31m.spy.example|A|-"})}},
                   {{"feed.txt", "spy.example\n", "text:domain/stalkerware"}});
  std::string text = text_report(r);
  EXPECT_EQ(text.find('\x1b'), std::string::npos);
  EXPECT_NE(text.find("\\x1b[31m.spy.example"), std::string::npos);
}

TEST(Report, AlertsAreOrderedByLevelThenIdThenHost) {
  // Three hosts, each with PROTO-02 (Low) and PROTO-04 (Moderate), listed in the logs against
  // the order of their names, and one IOC-03 (High) on a.example (two kinds of evidence: no
  // ADV-01, whose port facts count once).
  std::vector<Log> logs = {
      {"conn.log", conn_log({"1|C1|10.0.0.2|198.51.100.3|8080|tcp|http",
                             "2|C2|10.0.0.2|198.51.100.1|8081|tcp|http",
                             "3|C3|10.0.0.2|198.51.100.2|8082|tcp|http"})},
      {"dns.log", dns_log({"0.1|c.example|A|198.51.100.1", "0.2|a.example|A|198.51.100.2",
                           "0.3|b.example|A|198.51.100.3"})}};
  auto r = analyze(logs, {{"feed.txt", "a.example\n", "text:domain/stalkerware"}});
  std::vector<std::string> order;
  for (const auto& a : r["alerts"])
    order.push_back(a["level"].get<std::string>() + " " + a["id"].get<std::string>() + " " +
                    a["host"].get<std::string>());
  EXPECT_EQ(order,
            (std::vector<std::string>{"High IOC-03 a.example", "Moderate PROTO-04 a.example",
                                      "Moderate PROTO-04 b.example", "Moderate PROTO-04 c.example",
                                      "Low PROTO-02 a.example", "Low PROTO-02 b.example",
                                      "Low PROTO-02 c.example"}));
}
