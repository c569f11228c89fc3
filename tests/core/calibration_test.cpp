// The default profile's calibration on phone traffic (docs/EVALUATION.md): what every phone
// does is quiet, what came in to the phone is reported apart, a RAT's channel leads the report.
#include "intel/platform_services.h"
#include "test_support.h"

using namespace zeekscope::test;

namespace {

bool in_bucket(const nlohmann::ordered_json& r, const std::string& bucket, const std::string& ip) {
  for (const auto& d : r["destinations"][bucket])
    if (d["ip"] == ip) return true;
  return false;
}

}  // namespace

TEST(Calibration, QuicStunAndLocalLinkUdpAreNotUnusual) {
  auto r =
      analyze({{"conn.log", conn_log_bytes({"1|C1|10.0.0.2|142.250.1.1|443|udp|-|900|5000",
                                            "1|C2|10.0.0.2|142.250.1.2|443|udp|gquic|900|5000",
                                            "1|C3|10.0.0.2|74.125.1.1|19302|udp|-|100|100",
                                            "1|C4|10.0.0.2|93.184.216.9|3478|udp|-|100|100",
                                            "1|C5|10.0.0.2|93.184.216.34|5000|udp|-|100|100"})}});
  for (const char* ip : {"142.250.1.1", "142.250.1.2", "74.125.1.1", "93.184.216.9"})
    EXPECT_FALSE(has_alert(r, "PROTO-01", ip)) << ip;
  EXPECT_TRUE(has_alert(r, "PROTO-01", "93.184.216.34", "Moderate"));
}

TEST(Calibration, UdpThePhoneNeverAnsweredIsReportedApart) {
  auto r = analyze({{"conn.log", conn_log_bytes({"1|C1|10.0.0.2|45.9.73.57|5060|udp|-|0|192",
                                                 "1|C2|10.0.0.2|45.9.73.58|5060|udp|-|40|192"})}});
  EXPECT_TRUE(r["alerts"].size() >= 1u);
  EXPECT_FALSE(has_alert(r, "PROTO-01", "45.9.73.57"));
  EXPECT_FALSE(has_alert(r, "PROTO-02", "45.9.73.57"));
  EXPECT_TRUE(in_bucket(r, "inbound", "45.9.73.57"));
  EXPECT_EQ(r["summary"]["destinations"]["inbound"], 1);
  EXPECT_TRUE(has_alert(r, "PROTO-01", "45.9.73.58"));  // the phone spoke: what it did
}

TEST(Calibration, PushPortsToThePlatformsNamesAndDnsOverTls) {
  auto r =
      analyze({{"conn.log", conn_log_bytes({"1|C1|10.0.0.2|142.250.2.188|5228|tcp|ssl|900|900",
                                            "1|C2|10.0.0.2|17.57.146.20|5223|tcp|ssl|900|900",
                                            "1|C3|10.0.0.2|93.184.216.34|5228|tcp|ssl|900|900"})},
               {"dns.log", dns_log({"0.5|mtalk.google.com|A|142.250.2.188",
                                    "0.5|12-courier.push.apple.com|A|17.57.146.20",
                                    "0.5|push.lookalike.example|A|93.184.216.34"})},
               {"ssl.log", ssl_log({"1|142.250.2.188|5228|mtalk.google.com|CN=GTS|CN=mtalk|ok",
                                    "1|93.184.216.34|5228|push.lookalike.example|CN=x|CN=y|ok",
                                    "1|1.1.1.1|853|cloudflare-dns.com|CN=DigiCert|CN=cf|ok"})}});
  EXPECT_FALSE(has_alert(r, "PROTO-02", "mtalk.google.com"));
  EXPECT_FALSE(has_alert(r, "SSL-01", "mtalk.google.com"));
  EXPECT_FALSE(has_alert(r, "PROTO-02", "12-courier.push.apple.com"));
  EXPECT_TRUE(has_alert(r, "PROTO-02", "push.lookalike.example"));  // a push port, not a platform
  EXPECT_TRUE(has_alert(r, "SSL-01", "push.lookalike.example"));
  EXPECT_FALSE(has_alert(r, "SSL-01", "cloudflare-dns.com"));  // Android's Private DNS
}

TEST(Calibration, NoDnsAnswerCountsOnlyOnceTheDnsLogHasStarted) {
  auto r = analyze({{"conn.log", conn_log_bytes({"100|C1|10.0.0.2|93.184.216.34|443|tcp|ssl|9|9",
                                                 "300|C2|10.0.0.2|93.184.216.35|443|tcp|ssl|9|9"})},
                    {"dns.log", dns_log({"200|www.example.com|A|93.184.216.99"})}});
  EXPECT_FALSE(has_alert(r, "PROTO-05", "93.184.216.34"));  // before the first DNS record
  EXPECT_TRUE(has_alert(r, "PROTO-05", "93.184.216.35", "Low"));
}

TEST(Calibration, FreeCaAndLowFindingsAloneStayLow) {
  auto r = analyze(
      {{"conn.log", conn_log_bytes({"1|C1|10.0.0.2|93.184.216.34|8443|tcp|ssl|9|9"})},
       {"dns.log", dns_log({"0.5|shop.xyz|A|93.184.216.77"})},
       {"ssl.log", ssl_log({"1|93.184.216.34|443|shop.xyz|CN=R3,O=Let's Encrypt,C=US|CN=s|ok"})}},
      {{"iocs.json", R"({"iocs":[{"type":"tld","tag":"suspect","value":".xyz"}]})", ""}});
  // SSL-02 (free CA), IOC-05 (TLD), PROTO-02 and PROTO-05: all Low, three kinds on one host.
  EXPECT_TRUE(has_alert(r, "SSL-02", "shop.xyz", "Low"));
  EXPECT_TRUE(has_alert(r, "ADV-01", "shop.xyz", "Low"));
  EXPECT_EQ(r["summary"]["verdict"], "low");
}

TEST(Calibration, AdviceCountsPortAndProtocolFactsOnce) {
  // PROTO-02, PROTO-04 and SSL-01 are three facts about one connection: one kind of evidence.
  auto r = analyze({{"conn.log", conn_log_bytes({"1|C1|10.0.0.2|93.184.216.34|8080|tcp|http|9|9"})},
                    {"dns.log", dns_log({"0.5|web.example|A|93.184.216.34"})},
                    {"ssl.log", ssl_log({"1|93.184.216.34|8443|web.example|CN=D|CN=w|ok"})}});
  EXPECT_TRUE(has_alert(r, "PROTO-04", "web.example"));
  EXPECT_TRUE(has_alert(r, "SSL-01", "web.example"));
  EXPECT_FALSE(has_alert(r, "ADV-01", "web.example"));
}

TEST(Calibration, RawCommandChannelLeadsTheReport) {
  std::vector<std::string> rows;
  for (int i = 0; i < 3; ++i)
    rows.push_back(std::to_string(10 + i) + "|R" + std::to_string(i) +
                   "|10.0.0.2|198.18.7.7|1337|tcp|-|50000|300");
  rows.push_back("5|Q1|10.0.0.2|142.250.1.1|443|udp|-|900|5000");
  rows.push_back("5|W1|10.0.0.2|93.184.216.34|8080|tcp|-|10|10");
  rows.push_back("5|W2|10.0.0.2|198.18.7.8|1337|tcp|-|10|10");  // once: not a channel
  auto r = analyze({{"conn.log", conn_log_bytes(rows)}});
  EXPECT_TRUE(has_alert(r, "BEH-05", "198.18.7.7", "Moderate"));
  EXPECT_FALSE(has_alert(r, "BEH-05", "198.18.7.8"));
  EXPECT_FALSE(has_alert(r, "BEH-05", "93.184.216.34"));
  ASSERT_GE(r["hosts"].size(), 2u);
  EXPECT_EQ(r["hosts"][0]["host"], "198.18.7.7");
  EXPECT_EQ(r["hosts"][0]["score"], 11);  // Moderate 10 + Low 1
  EXPECT_EQ(r["hosts"][0]["reason"], "Moderate: Raw command channel; Low: High port");
  for (size_t i = 1; i < r["hosts"].size(); ++i)
    EXPECT_LE(r["hosts"][i]["score"], r["hosts"][i - 1]["score"]);
  std::string text = zeekscope::text_report(r);
  EXPECT_NE(text.find("Look at these first:\n  198.18.7.7 (score 11)"), std::string::npos) << text;
  // A name, TLS or a recognised protocol is not a raw channel.
  rows = {"10|R0|10.0.0.2|198.18.7.7|1337|tcp|ssl|5|5",
          "11|R1|10.0.0.2|198.18.7.7|1337|tcp|ssl|5|5",
          "12|R2|10.0.0.2|198.18.7.7|1337|tcp|ssl|5|5"};
  EXPECT_FALSE(has_alert(analyze({{"conn.log", conn_log_bytes(rows)}}), "BEH-05", "198.18.7.7"));
}

TEST(Calibration, AndroidRatChannelLeadsAndQuicIsQuiet) {
  std::string dir =
      shared_data() + "/zeek/stratosphere-security-datasets/003-zeek-scenario-malicious";
  ZS_REQUIRE_SHARED(dir);
  auto r = analyze(
      {{"conn.log", read_file(dir + "/conn.log")}, {"dns.log", read_file(dir + "/dns.log")}});
  ASSERT_FALSE(r["hosts"].empty());
  const auto& first = r["hosts"][0];
  EXPECT_EQ(first["host"], "147.32.83.234");
  bool strong = false;
  for (const auto& a : first["alerts"]) strong |= a["level"] == "High" || a["level"] == "Moderate";
  EXPECT_TRUE(strong) << first.dump();
  // Google's and Facebook's QUIC (UDP 443) never gets a Moderate or High alert.
  std::set<std::string> quic;
  for (const char* bucket : {"suspect", "uncategorized", "whitelisted", "inbound"})
    for (const auto& d : r["destinations"][bucket])
      if (d["proto"] == "udp" && d["port"] == 443) quic.insert(d["ip"].get<std::string>());
  EXPECT_GE(quic.size(), 10u);
  for (const auto& a : r["alerts"]) {
    if (a["level"] == "Low") continue;
    for (const auto& ip : a["evidence"]["ips"]) EXPECT_FALSE(quic.count(ip)) << a.dump();
  }
}

namespace {

const char* const kBenignDay = "/zeek/stratosphere-security-datasets/012-zeek-mixed/data";

// The benign day's labelled logs, read as the Zeek logs they are.
std::vector<Log> benign_day_logs() {
  std::vector<Log> logs;
  std::string dir = shared_data() + kBenignDay;
  for (const char* name : {"conn", "dns", "ssl", "http", "files", "x509"})
    logs.push_back({std::string(name) + ".log", read_file(dir + "/" + name + ".log.labeled")});
  return logs;
}

}  // namespace

TEST(Calibration, BenignDayHasNoHighAndAtMostThreeModerate) {
  ZS_REQUIRE_SHARED(shared_data() + kBenignDay);
  auto r = analyze(benign_day_logs());
  EXPECT_EQ(r["summary"]["high"], 0);
  EXPECT_LE(r["summary"]["moderate"].get<int>(), 3) << r["summary"].dump();
  // The day's attacks came in to the computer's own address: reported apart.
  EXPECT_GT(r["summary"]["destinations"]["inbound"].get<int>(), 0);
  EXPECT_GT(r["summary"]["low"].get<int>(), 0);  // the logs were read and judged
}

TEST(Calibration, ConnectionsToThePhonesOwnAddressAreInbound) {
  // The phone (a public address, as on a university network) opens most connections; hosts on
  // the internet scan it. Those scans are inbound: no alert, whatever their ports.
  std::vector<std::string> rows = {"1|P1|198.51.100.20|93.184.216.34|8080|tcp|http|100|900",
                                   "2|P2|198.51.100.20|93.184.216.35|443|tcp|ssl|100|900",
                                   "3|P3|198.51.100.20|93.184.216.36|443|tcp|ssl|100|900",
                                   "4|A1|203.0.113.50|198.51.100.20|5060|udp|-|400|0",
                                   "5|A2|203.0.113.51|198.51.100.20|3389|tcp|-|0|0"};
  auto r = analyze({{"conn.log", conn_log_bytes(rows)},
                    {"ssl.log", ssl_log({"6|198.51.100.20|8443|-|CN=x|CN=x|ok"})}});
  EXPECT_TRUE(in_bucket(r, "inbound", "198.51.100.20"));
  EXPECT_FALSE(has_alert(r, "SSL-01", "198.51.100.20"));  // TLS to the phone: came in too
  EXPECT_FALSE(in_bucket(r, "suspect", "198.51.100.20"));
  for (const auto& a : r["alerts"])
    for (const auto& ip : a["evidence"]["ips"]) EXPECT_NE(ip, "198.51.100.20") << a.dump();
  EXPECT_TRUE(has_alert(r, "PROTO-04", "93.184.216.34"));  // what the phone did still counts
  // Read in two sessions and merged, the originators add up the same way.
  std::vector<std::string> first(rows.begin(), rows.begin() + 2),
      second(rows.begin() + 2, rows.end());
  auto merged =
      analyze({{"a/conn.log", conn_log_bytes(first)}, {"b/conn.log", conn_log_bytes(second)}});
  EXPECT_TRUE(in_bucket(merged, "inbound", "198.51.100.20"));
  // With `device` given, only the phone's own connections are kept: nothing comes in.
  auto device = analyze({{"conn.log", conn_log_bytes(rows)}}, {}, R"({"device":"198.51.100.20"})");
  EXPECT_FALSE(in_bucket(device, "inbound", "198.51.100.20"));
  EXPECT_FALSE(in_bucket(device, "suspect", "198.51.100.20"));
}

TEST(Calibration, BenignDayBehaviourIsQuietOnTheOsOwnServicesAndNeverModerate) {
  ZS_REQUIRE_SHARED(shared_data() + kBenignDay);
  auto r = analyze(benign_day_logs());
  size_t behaviour = 0;
  for (const auto& a : r["alerts"]) {
    std::string id = a["id"];
    if (id.rfind("BEH-", 0) != 0) continue;
    ++behaviour;
    // The day's apps (a chat client's socket, an updater's hourly check) may be Low; nothing
    // behavioural is Moderate on a benign day, and nothing is the OS's own service.
    EXPECT_EQ(a["level"], "Low") << a.dump();
    EXPECT_FALSE(zeekscope::is_platform_service(a["host"].get<std::string>())) << a.dump();
    for (const auto& n : a["evidence"]["names"])
      EXPECT_FALSE(zeekscope::is_platform_service(n.get<std::string>())) << a.dump();
  }
  EXPECT_GT(behaviour, 0u);  // the rules ran: an app's hourly update check is a (Low) beacon
  EXPECT_TRUE(has_alert(r, "BEH-01", "updates.safing.io", "Low"));
}

TEST(Calibration, RatChannelsAreBehaviourAlertsThatLead) {
  std::string android =
      shared_data() + "/zeek/stratosphere-security-datasets/003-zeek-scenario-malicious";
  ZS_REQUIRE_SHARED(android);
  auto r = analyze({{"conn.log", read_file(android + "/conn.log")},
                    {"dns.log", read_file(android + "/dns.log")}});
  EXPECT_EQ(r["hosts"][0]["host"], "147.32.83.234");
  EXPECT_TRUE(has_alert(r, "BEH-05", "147.32.83.234", "Moderate"));
  EXPECT_TRUE(has_alert(r, "BEH-04", "147.32.83.234", "Moderate"));  // 42 MB out, 6 kB in
  EXPECT_EQ(r["timeline"]["hosts"][0]["host"], "147.32.83.234");
  EXPECT_EQ(r["timeline"]["hosts"][0]["points"].size(), 12u);

  // A Windows RAT's channel: hundreds of connections a second apart to one address.
  std::string windows =
      shared_data() +
      "/zeek/stratosphere-slips/dataset/test18-malicious-ctu-sme-11-win/zeek-labeled";
  ZS_REQUIRE_SHARED(windows);
  std::vector<Log> logs;
  for (const auto& f : list_files(windows))
    if (f.ends_with("conn.log.labeled") || f.ends_with("dns.log.labeled"))
      logs.push_back({f.ends_with("conn.log.labeled") ? "conn.log" : "dns.log", read_file(f)});
  ASSERT_EQ(logs.size(), 2u);
  auto w = analyze(logs);
  EXPECT_TRUE(has_alert(w, "BEH-01", "66.63.168.35", "Moderate"));
  EXPECT_EQ(w["hosts"][0]["host"], "66.63.168.35");
}
