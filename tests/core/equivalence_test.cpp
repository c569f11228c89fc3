// TSV and JSON of the same capture give the same destinations, hosts and alerts; Zeek 3.0 and
// 6.2 runs over the same capture give the same alerts apart from what the newer logs changed.
#include "test_support.h"

using namespace zeekscope;
using namespace zeekscope::test;

namespace {

const std::string kBrim = "/zeek/brimdata-zed-sample-data/";

nlohmann::ordered_json run_dir(const std::string& dir) {
  std::string data = shared_data();
  std::vector<Log> logs;
  for (const auto& f : list_files(data + kBrim + dir)) logs.push_back({f, read_file(f)});
  std::vector<Feed> feeds = {
      {"echap/network.csv", read_file(data + "/iocs/echap/network.csv"), ""},
      {"tinycheck/iocs.json", read_file(data + "/iocs/tinycheck/iocs.json"), ""}};
  return analyze(logs, feeds);
}

}  // namespace

TEST(Equivalence, TsvAndJsonOfTheSameCaptureZeek62) {
  ZS_REQUIRE_SHARED(shared_data() + kBrim + "zeek-6.2.0/zeek-json");
  ZS_REQUIRE_SHARED(shared_data() + "/iocs");
  ZS_REQUIRE_GZIP();
  auto tsv = run_dir("zeek-6.2.0/zeek-default");
  auto json = run_dir("zeek-6.2.0/zeek-json");
  EXPECT_EQ(tsv["alerts"], json["alerts"]);
  EXPECT_EQ(tsv["hosts"], json["hosts"]);
  EXPECT_EQ(tsv["destinations"], json["destinations"]);
  EXPECT_EQ(tsv["summary"], json["summary"]);
  EXPECT_GT(tsv["alerts"].size(), 40u);
  for (const auto& in : json["inputs"]) EXPECT_EQ(in["skipped_lines"], 0) << in["name"];
}

TEST(Equivalence, TsvAndJsonOfTheSameCaptureZeek30) {
  ZS_REQUIRE_SHARED(shared_data() + kBrim + "zeek-3.0.0/zeek-ndjson");
  ZS_REQUIRE_SHARED(shared_data() + "/iocs");
  ZS_REQUIRE_GZIP();
  auto tsv = run_dir("zeek-3.0.0/zeek-default");
  auto json = run_dir("zeek-3.0.0/zeek-ndjson");
  EXPECT_EQ(tsv["alerts"], json["alerts"]);
  EXPECT_EQ(tsv["hosts"], json["hosts"]);
  EXPECT_EQ(tsv["destinations"], json["destinations"]);
  EXPECT_GT(tsv["alerts"].size(), 40u);
}

TEST(Equivalence, Zeek30And62DialectsOfOneCapture) {
  ZS_REQUIRE_SHARED(shared_data() + kBrim + "zeek-3.0.0/zeek-default");
  ZS_REQUIRE_SHARED(shared_data() + kBrim + "zeek-6.2.0/zeek-default");
  ZS_REQUIRE_SHARED(shared_data() + "/iocs");
  ZS_REQUIRE_GZIP();
  auto old_run = run_dir("zeek-3.0.0/zeek-default");
  auto new_run = run_dir("zeek-6.2.0/zeek-default");
  // 3.0 gives SSL-02 issuers from ssl.log; 6.2 only through cert_chain_fps joined to x509.log.
  auto old_alerts = alert_triples(old_run), new_alerts = alert_triples(new_run);
  EXPECT_GT(old_alerts.size(), 40u);
  // The one difference: Zeek 6.2's CA bundle no longer trusts Symantec's root, so the same
  // session's validation_status reads "self signed certificate in certificate chain".
  std::tuple<std::string, std::string, std::string> symantec{"SSL-03", "Moderate",
                                                             "login.symantec.com"};
  EXPECT_EQ(std::count(old_alerts.begin(), old_alerts.end(), symantec), 0);
  EXPECT_EQ(std::count(new_alerts.begin(), new_alerts.end(), symantec), 1);
  new_alerts.erase(std::find(new_alerts.begin(), new_alerts.end(), symantec));
  EXPECT_EQ(old_alerts, new_alerts);
  std::string old_ssl = read_file(shared_data() + kBrim + "zeek-3.0.0/zeek-default/ssl.log.gz");
  std::string new_ssl = read_file(shared_data() + kBrim + "zeek-6.2.0/zeek-default/ssl.log.gz");
  auto status_of = [](const std::string& log) {
    auto pos = log.find("login.symantec.com");
    auto eol = log.find('\n', pos);
    return log.substr(log.rfind('\t', eol) + 1, eol - log.rfind('\t', eol) - 1);
  };
  EXPECT_EQ(status_of(old_ssl), "ok");
  EXPECT_EQ(status_of(new_ssl), "self signed certificate in certificate chain");
  // Both eras evaluate SSL-02: pre-4.1 from ssl.log issuer, 4.1+ from x509.log.
  EXPECT_EQ(coverage_of(old_run, "SSL-02")["evaluated"], true);
  EXPECT_EQ(coverage_of(new_run, "SSL-02")["evaluated"], true);
  // Neither capture kept conn.log (too large for the store): both have no destinations.
  EXPECT_EQ(old_run["destinations"], new_run["destinations"]);
}
