// Each seed defect of RULES.md section 5: reproduced by tinycheck-2020, fixed by default.
#include "test_support.h"

using namespace zeekscope::test;

namespace {

const char* kSeed = R"({"profile":"tinycheck-2020"})";

const Feed kIocs{"seed-iocs.json", R"({"iocs":[
  {"type":"domain","tag":"stalkerware","value":"spy.example"},
  {"type":"domain","tag":"tracker","value":"track.example"},
  {"type":"domain","tag":"stalkerware","value":"api.track.example"},
  {"type":"ip6addr","tag":"spyware","value":"2001:db8::66"},
  {"type":"ip4addr","tag":"spyware","value":"198.51.100.66"},
  {"type":"cidr","tag":"suspect","value":"2001:db8:bad::/48"},
  {"type":"tld","tag":"suspect","value":"top"},
  {"type":"ns","tag":"suspect","value":"njalla.no"},
  {"type":"sha1cert","tag":"stalkerware","value":"aabbccddeeff00112233445566778899aabbccdd"}
]})",
                 ""};

struct Both {
  nlohmann::ordered_json seed, fixed;
};

Both run(const std::vector<Log>& logs, const std::vector<Feed>& feeds = {kIocs},
         const std::map<std::string, std::vector<std::string>>* ns = nullptr) {
  return {analyze(logs, feeds, kSeed, 0, ns), analyze(logs, feeds, "", 0, ns)};
}

}  // namespace

TEST(SeedDefects, Proto01NeverFiresOnZeeksLowerCaseProto) {
  auto r = run({{"conn.log", conn_log({"1|C1|10.0.0.2|93.184.216.34|5000|udp|-"})}});
  EXPECT_FALSE(has_alert(r.seed, "PROTO-01", "93.184.216.34"));
  EXPECT_TRUE(has_alert(r.fixed, "PROTO-01", "93.184.216.34"));
  auto upper =
      analyze({{"conn.log", conn_log({"1|C1|10.0.0.2|93.184.216.34|53|UDP|dns"})}}, {}, kSeed);
  EXPECT_TRUE(has_alert(upper, "PROTO-01", "93.184.216.34"));  // the literal comparison
}

TEST(SeedDefects, Proto02AnyProtoAndCountsEachPortForAdv01) {
  auto r = run({{"conn.log", conn_log({"1|C1|10.0.0.2|93.184.216.34|3000|icmp|-"})}});
  EXPECT_TRUE(has_alert(r.seed, "PROTO-02", "93.184.216.34"));
  EXPECT_FALSE(has_alert(r.fixed, "PROTO-02", "93.184.216.34"));
  auto ports = run({{"conn.log", conn_log({"1|C1|10.0.0.2|93.184.216.34|3000|tcp|-",
                                           "1|C2|10.0.0.2|93.184.216.34|3001|tcp|-",
                                           "1|C3|10.0.0.2|93.184.216.34|3002|tcp|-"})}});
  // Seed: three PROTO-02 texts make ADV-01 (High); default: one alert, no ADV-01.
  EXPECT_TRUE(has_alert(ports.seed, "ADV-01", "93.184.216.34", "High"));
  EXPECT_FALSE(has_alert(ports.fixed, "ADV-01", "93.184.216.34"));
  int seed_proto02 = 0;
  for (const auto& a : ports.seed["alerts"]) seed_proto02 += a["id"] == "PROTO-02";
  EXPECT_EQ(seed_proto02, 3);
}

TEST(SeedDefects, Proto03And04NeedTheExactServiceHttp) {
  auto r = run({{"conn.log", conn_log({"1|C1|10.0.0.2|93.184.216.34|8080|tcp|http,ssl",
                                       "1|C2|10.0.0.2|93.184.216.35|80|tcp|http"})}});
  EXPECT_FALSE(has_alert(r.seed, "PROTO-04", "93.184.216.34"));
  EXPECT_TRUE(has_alert(r.fixed, "PROTO-04", "93.184.216.34"));
  EXPECT_TRUE(has_alert(r.seed, "PROTO-03", "93.184.216.35"));
  EXPECT_TRUE(has_alert(r.fixed, "PROTO-03", "93.184.216.35"));
}

TEST(SeedDefects, Proto05ComparedServiceWithResolution) {
  auto r = run({{"conn.log", conn_log({"1|C1|10.0.0.2|93.184.216.34|443|tcp|ssl"})},
                {"dns.log", dns_log({"0.5|other.example|A|93.184.216.99"})}});
  EXPECT_FALSE(has_alert(r.seed, "PROTO-05", "93.184.216.34"));
  EXPECT_TRUE(has_alert(r.fixed, "PROTO-05", "93.184.216.34"));
}

TEST(SeedDefects, Ioc01TextualAndIoc02Ipv4Only) {
  auto r = run({{"conn.log", conn_log({"1|C1|10.0.0.2|2001:0db8:0:0::66|443|tcp|ssl",
                                       "1|C2|10.0.0.2|2001:db8:bad::9|443|tcp|ssl"})}});
  EXPECT_FALSE(has_alert(r.seed, "IOC-01", "2001:0db8:0:0::66"));
  EXPECT_TRUE(has_alert(r.fixed, "IOC-01", "2001:0db8:0:0::66"));
  EXPECT_FALSE(has_alert(r.seed, "IOC-02", "2001:db8:bad::9"));
  EXPECT_TRUE(has_alert(r.fixed, "IOC-02", "2001:db8:bad::9"));
}

TEST(SeedDefects, Ioc03NoLabelBoundaryAndOneAlertPerIndicator) {
  auto r = run({{"conn.log", conn_log({"1|C1|10.0.0.2|93.184.216.34|443|tcp|ssl",
                                       "1|C2|10.0.0.2|93.184.216.35|443|tcp|ssl"})},
                {"dns.log", dns_log({"0.5|notspy.example|A|93.184.216.34",
                                     "0.5|api.track.example|A|93.184.216.35"})}});
  EXPECT_TRUE(has_alert(r.seed, "IOC-03", "notspy.example", "High"));
  EXPECT_FALSE(has_alert(r.fixed, "IOC-03", "notspy.example"));
  EXPECT_TRUE(has_alert(r.seed, "IOC-03", "api.track.example", "High"));
  EXPECT_TRUE(has_alert(r.seed, "IOC-03", "api.track.example", "Moderate"));
  EXPECT_TRUE(has_alert(r.fixed, "IOC-03", "api.track.example", "High"));
  EXPECT_FALSE(has_alert(r.fixed, "IOC-03", "api.track.example", "Moderate"));
}

TEST(SeedDefects, Ioc05TldWithoutLabelBoundary) {
  auto r = run({{"conn.log", conn_log({"1|C1|10.0.0.2|93.184.216.34|443|tcp|ssl"})},
                {"dns.log", dns_log({"0.5|laptop|A|93.184.216.34"})}});
  EXPECT_TRUE(has_alert(r.seed, "IOC-05", "laptop"));
  EXPECT_FALSE(has_alert(r.fixed, "IOC-05", "laptop"));
}

TEST(SeedDefects, Ioc06FirstNameserverOfTheFullName) {
  std::vector<Log> logs = {{"conn.log", conn_log({"1|C1|10.0.0.2|93.184.216.34|443|tcp|ssl"})},
                           {"dns.log", dns_log({"0.5|www.hidden.example|A|93.184.216.34"})}};
  std::map<std::string, std::vector<std::string>> ns = {
      {"www.hidden.example", {"ns1.example.net.", "ns1.njalla.no."}},
      {"hidden.example", {"ns1.example.net.", "ns1.njalla.no."}}};
  auto r = run(logs, {kIocs}, &ns);
  EXPECT_FALSE(has_alert(r.seed, "IOC-06", "www.hidden.example"));  // only the first NS
  EXPECT_TRUE(has_alert(r.fixed, "IOC-06", "www.hidden.example"));  // any NS of hidden.example
  zeekscope::Session seed(kSeed);
  seed.add_indicators(kIocs.content, kIocs.name);
  for (const auto& l : logs) {
    seed.begin_file(l.name);
    seed.feed(l.content);
  }
  EXPECT_EQ(seed.nameserver_queries(), std::vector<std::string>{"www.hidden.example"});
}

TEST(SeedDefects, Ioc07CaCertSha1AndThePhoneAsHost) {
  auto files = [](const char* mime) {
    return tsv("files",
               {"ts", "fuid", "tx_hosts", "rx_hosts", "conn_uids", "source", "mime_type",
                "filename", "sha1", "sha256"},
               {"time", "string", "set[addr]", "set[addr]", "set[string]", "string", "string",
                "string", "string", "string"},
               {std::string("1\tFa\t198.51.100.10\t10.0.0.2\tC1\tSSL\t") + mime +
                "\t-\taabbccddeeff00112233445566778899aabbccdd\t-"});
  };
  auto ca = run({{"files.log", files("application/x-x509-ca-cert")}});
  EXPECT_TRUE(has_alert(ca.seed, "IOC-07", "10.0.0.2", "High"));        // the phone
  EXPECT_TRUE(has_alert(ca.fixed, "IOC-07", "198.51.100.10", "High"));  // the server
  auto user = run({{"files.log", files("application/x-x509-user-cert")}});
  EXPECT_TRUE(user.seed["alerts"].empty());
  EXPECT_TRUE(has_alert(user.fixed, "IOC-07", "198.51.100.10"));
}

TEST(SeedDefects, Ssl02ExactDnAndSsl03ExactStatus) {
  std::vector<Log> logs = {
      {"conn.log", conn_log({"1|C1|10.0.0.2|93.184.216.34|443|tcp|ssl",
                             "1|C2|10.0.0.2|93.184.216.35|443|tcp|ssl",
                             "1|C3|10.0.0.2|93.184.216.36|443|tcp|ssl"})},
      {"ssl.log",
       ssl_log({"1|93.184.216.34|443|a|CN=R3,O=Let's Encrypt,C=US|CN=a|ok",
                "1|93.184.216.35|443|b|CN=Let's Encrypt Authority X3,O=Let's Encrypt,C=US|CN=b|ok",
                "1|93.184.216.36|443|c|CN=c|CN=c|self signed certificate"})}};
  auto r = run(logs);
  EXPECT_FALSE(has_alert(r.seed, "SSL-02", "93.184.216.34"));
  EXPECT_TRUE(has_alert(r.fixed, "SSL-02", "a"));
  EXPECT_TRUE(has_alert(r.seed, "SSL-02", "93.184.216.35"));
  EXPECT_FALSE(has_alert(r.seed, "SSL-03", "93.184.216.36"));
  EXPECT_TRUE(has_alert(r.fixed, "SSL-03", "c"));
}

TEST(SeedDefects, WhitelistDropsEverythingAndHasNoBuiltIns) {
  std::vector<Log> logs = {{"conn.log", conn_log({"1|C1|10.0.0.2|198.51.100.66|8080|tcp|-",
                                                  "1|C2|10.0.0.2|192.168.1.1|8080|tcp|-"})},
                           {"dns.log", dns_log({"0.5|edge.cdn.com|A|198.51.100.66"})}};
  std::vector<Feed> feeds = {
      kIocs, {"wl", "{\"elements\":[{\"type\":\"domain\",\"element\":\"cdn.com\"}]}", "", true}};
  auto r = run(logs, feeds);
  EXPECT_FALSE(has_alert(r.seed, "IOC-01", "edge.cdn.com"));  // the whitelist hid the indicator
  EXPECT_TRUE(has_alert(r.fixed, "IOC-01", "edge.cdn.com", "High"));  // indicators beat it
  EXPECT_TRUE(has_alert(r.seed, "PROTO-02", "192.168.1.1"));          // no built-in ranges
  EXPECT_FALSE(has_alert(r.fixed, "PROTO-02", "192.168.1.1"));
}
