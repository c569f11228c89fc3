// Every rule of the default profile, on small hand-written logs that trigger it and that do not.
#include "test_support.h"

using namespace zeekscope::test;

namespace {

const Feed kIocs{"test-iocs.json", R"({"iocs":[
  {"type":"domain","tag":"stalkerware","value":"spy.example"},
  {"type":"domain","tag":"tracker","value":"track.example"},
  {"type":"domain","tag":"tracker","value":"both.example"},
  {"type":"domain","tag":"spyware","value":"both.example.net"},
  {"type":"ip4addr","tag":"spyware","value":"198.51.100.66"},
  {"type":"ip6addr","tag":"spyware","value":"2001:db8::66"},
  {"type":"cidr","tag":"suspect","value":"203.0.113.0/24"},
  {"type":"cidr","tag":"suspect","value":"2001:db8:bad::/48"},
  {"type":"freedns","tag":"suspect","value":"duckdns.org"},
  {"type":"tld","tag":"suspect","value":".xyz"},
  {"type":"ns","tag":"suspect","value":"njalla.no"},
  {"type":"sha1cert","tag":"stalkerware","value":"AABBCCDDEEFF00112233445566778899AABBCCDD"},
  {"type":"sha256cert","tag":"pegasus","value":"1111111111111111111111111111111111111111111111111111111111111111"}
]})",
                 ""};

}  // namespace

TEST(DefaultRules, Proto01UdpOrIcmpWithoutAnExpectedService) {
  auto r = analyze({{"conn.log", conn_log({"1|C1|10.0.0.2|93.184.216.34|5000|udp|-",
                                           "1|C2|10.0.0.2|93.184.216.35|53|udp|dns",
                                           "1|C3|10.0.0.2|93.184.216.36|443|udp|quic,ssl",
                                           "1|C4|10.0.0.2|93.184.216.37|0|icmp|-"})}});
  EXPECT_TRUE(has_alert(r, "PROTO-01", "93.184.216.34", "Moderate"));
  EXPECT_FALSE(has_alert(r, "PROTO-01", "93.184.216.35"));
  EXPECT_FALSE(has_alert(r, "PROTO-01", "93.184.216.36"));
  EXPECT_TRUE(has_alert(r, "PROTO-01", "93.184.216.37"));
}

TEST(DefaultRules, Proto02HighPortOnlyForTcpAndUdp) {
  auto r = analyze({{"conn.log", conn_log({"1|C1|10.0.0.2|93.184.216.34|8443|tcp|-",
                                           "1|C2|10.0.0.2|93.184.216.35|443|tcp|ssl",
                                           "1|C3|10.0.0.2|93.184.216.36|3000|icmp|-"})}});
  EXPECT_TRUE(has_alert(r, "PROTO-02", "93.184.216.34", "Low"));
  EXPECT_FALSE(has_alert(r, "PROTO-02", "93.184.216.35"));
  EXPECT_FALSE(has_alert(r, "PROTO-02", "93.184.216.36"));  // ICMP "ports" are type and code
}

TEST(DefaultRules, Proto03And04HttpOnAndOffPort80) {
  auto r = analyze({{"conn.log", conn_log({"1|C1|10.0.0.2|93.184.216.34|80|tcp|http",
                                           "1|C2|10.0.0.2|93.184.216.35|8080|tcp|http,ssl",
                                           "1|C3|10.0.0.2|93.184.216.36|80|tcp|-"})}});
  EXPECT_TRUE(has_alert(r, "PROTO-03", "93.184.216.34", "Low"));
  EXPECT_FALSE(has_alert(r, "PROTO-04", "93.184.216.34"));
  EXPECT_TRUE(has_alert(r, "PROTO-04", "93.184.216.35", "Moderate"));  // service is a set
  EXPECT_FALSE(has_alert(r, "PROTO-03", "93.184.216.36"));
}

TEST(DefaultRules, Proto05OnlyForAddressesNoDnsAnswerGave) {
  auto r = analyze({{"conn.log", conn_log({"1|C1|10.0.0.2|93.184.216.34|443|tcp|ssl",
                                           "1|C2|10.0.0.2|93.184.216.35|443|tcp|ssl"})},
                    {"dns.log", dns_log({"0.5|www.example.com|A|93.184.216.34"})}});
  EXPECT_TRUE(has_alert(r, "PROTO-05", "93.184.216.35", "Low"));
  EXPECT_FALSE(has_alert(r, "PROTO-05", "93.184.216.34"));
  EXPECT_FALSE(has_alert(r, "PROTO-05", "www.example.com"));
  // Without dns.log nothing can be said: not evaluated, no alert.
  auto no_dns = analyze({{"conn.log", conn_log({"1|C1|10.0.0.2|93.184.216.34|443|tcp|ssl"})}});
  EXPECT_FALSE(has_alert(no_dns, "PROTO-05", "93.184.216.34"));
  EXPECT_EQ(coverage_of(no_dns, "PROTO-05")["evaluated"], false);
}

TEST(DefaultRules, DisplayNameIsTheFirstQueryAndWhitelistedDestinationsGetNoHeuristics) {
  auto r = analyze(
      {{"conn.log", conn_log({"1|C1|10.0.0.2|142.250.1.1|8080|tcp|http",
                              "1|C2|10.0.0.2|192.168.1.20|9000|tcp|http"})},
       {"dns.log",
        dns_log({"0.6|later.example|A|142.250.1.1", "0.5|www.google.com|A|142.250.1.1"})}},
      {{"wl", "{\"elements\":[{\"type\":\"domain\",\"element\":\"google.com\"}]}", "", true}});
  EXPECT_TRUE(r["alerts"].empty()) << r["alerts"].dump();
  ASSERT_EQ(r["destinations"]["whitelisted"].size(), 2u);
  EXPECT_EQ(r["destinations"]["whitelisted"][0]["host"], "www.google.com");
  // Built-in non-routable ranges: 192.168.1.20 is whitelisted without any list.
  EXPECT_EQ(r["destinations"]["whitelisted"][1]["ip"], "192.168.1.20");
}

TEST(DefaultRules, Ioc01And02AddressesAndNetworksV4AndV6) {
  auto r = analyze({{"conn.log", conn_log({"1|C1|10.0.0.2|198.51.100.66|443|tcp|ssl",
                                           "1|C2|10.0.0.2|2001:0db8:0:0::66|443|tcp|ssl",
                                           "1|C3|10.0.0.2|203.0.113.9|443|tcp|ssl",
                                           "1|C4|10.0.0.2|2001:db8:bad:1::9|443|tcp|ssl",
                                           "1|C5|10.0.0.2|198.51.100.67|443|tcp|ssl"})}},
                   {kIocs});
  EXPECT_TRUE(has_alert(r, "IOC-01", "198.51.100.66", "High"));
  EXPECT_TRUE(has_alert(r, "IOC-01", "2001:0db8:0:0::66", "High"));  // compared as addresses
  EXPECT_TRUE(has_alert(r, "IOC-02", "203.0.113.9", "Moderate"));
  EXPECT_TRUE(has_alert(r, "IOC-02", "2001:db8:bad:1::9", "Moderate"));  // IPv6 CIDR
  EXPECT_FALSE(has_alert(r, "IOC-01", "198.51.100.67"));
  EXPECT_FALSE(has_alert(r, "IOC-02", "198.51.100.67"));
}

TEST(DefaultRules, Ioc03EveryNameLabelBoundaryTrackerLevelAndDnsOnlyQueries) {
  auto r =
      analyze({{"conn.log", conn_log({"1|C1|10.0.0.2|93.184.216.34|443|tcp|ssl",
                                      "1|C2|10.0.0.2|93.184.216.35|443|tcp|ssl"})},
               {"dns.log", dns_log({"0.5|cdn.example.org|A|cname.spy.example,93.184.216.34",
                                    "0.5|notspy.example|A|93.184.216.35",
                                    "0.7|api.track.example|A|-", "0.8|x.both.example.net|A|-"})}},
              {kIocs});
  // The CNAME target is a name of the destination: it matches even though the query does not.
  EXPECT_TRUE(has_alert(r, "IOC-03", "cname.spy.example", "High"));
  EXPECT_FALSE(has_alert(r, "IOC-03", "notspy.example"));  // no label boundary, no match
  EXPECT_TRUE(has_alert(r, "IOC-03", "api.track.example", "Moderate"));  // query, no connection
  EXPECT_TRUE(has_alert(r, "IOC-03", "x.both.example.net", "High"));
  // One alert per (rule, host), at the highest level of its matches.
  int n = 0;
  for (const auto& a : r["alerts"]) n += a["id"] == "IOC-03" && a["host"] == "cname.spy.example";
  EXPECT_EQ(n, 1);
}

TEST(DefaultRules, IndicatorsBeatTheWhitelistButWhitelistedNamesAreNotMatched) {
  auto r = analyze(
      {{"conn.log", conn_log({"1|C1|10.0.0.2|198.51.100.66|443|tcp|ssl"})},
       {"dns.log",
        dns_log({"0.5|spy.example.googleusercontent.com|A|198.51.100.66", "0.6|spy.example|A|-"})}},
      {kIocs,
       {"wl",
        "{\"elements\":[{\"type\":\"domain\",\"element\":\"googleusercontent.com\"},{\"type\":"
        "\"domain\",\"element\":\"spy.example\"}]}",
        "", true}});
  EXPECT_TRUE(has_alert(r, "IOC-01", "spy.example.googleusercontent.com", "High"));
  EXPECT_FALSE(has_alert(r, "IOC-03", "spy.example"));
}

TEST(DefaultRules, Ioc04StrictSubdomainsOfFreeDns) {
  auto r = analyze({{"dns.log", dns_log({"1|me.duckdns.org|A|-", "1|duckdns.org|A|-"})}}, {kIocs});
  EXPECT_TRUE(has_alert(r, "IOC-04", "me.duckdns.org", "Moderate"));
  EXPECT_FALSE(has_alert(r, "IOC-04", "duckdns.org"));
}

TEST(DefaultRules, Ioc05TldOnALabelBoundary) {
  auto r =
      analyze({{"dns.log", dns_log({"1|a.xyz|A|-", "1|notxyz|A|-", "1|b.xyz.com|A|-"})}}, {kIocs});
  EXPECT_TRUE(has_alert(r, "IOC-05", "a.xyz", "Low"));
  EXPECT_FALSE(has_alert(r, "IOC-05", "notxyz"));
  EXPECT_FALSE(has_alert(r, "IOC-05", "b.xyz.com"));
}

TEST(DefaultRules, Ioc06TwoPhaseNameserversOfTheRegistrableDomain) {
  std::vector<Log> logs = {{"dns.log", dns_log({"1|a.b.hidden.co.uk|A|-", "1|ok.example|A|-"})}};
  zeekscope::Session s;
  s.add_indicators(kIocs.content, kIocs.name);
  s.begin_file("dns.log");
  s.feed(logs[0].content);
  s.end_file();
  auto queries = s.nameserver_queries();
  EXPECT_EQ(queries, (std::vector<std::string>{"hidden.co.uk", "ok.example"}));
  s.set_nameservers("hidden.co.uk", {"ns2.example.net.", "NS1.NJALLA.NO."});  // any NS counts
  s.set_nameservers("ok.example", {"ns.notnjalla.no"});
  auto r = s.finish();
  EXPECT_TRUE(has_alert(r, "IOC-06", "a.b.hidden.co.uk", "Moderate"));
  EXPECT_FALSE(has_alert(r, "IOC-06", "ok.example"));
  EXPECT_EQ(coverage_of(r, "IOC-06")["evaluated"], true);
  EXPECT_EQ(coverage_of(r, "IOC-06")["reason"], "nameserver answers for 2 of 2 domains");
  // Without answers IOC-06 is reported as not evaluated, never silently passed.
  auto off = analyze(logs, {kIocs});
  EXPECT_EQ(coverage_of(off, "IOC-06")["evaluated"], false);
  EXPECT_NE(coverage_of(off, "IOC-06")["reason"].get<std::string>().find("nameserver"),
            std::string::npos);
}

TEST(DefaultRules, Ioc07CertificatesFromFilesLogAndFromX509Fingerprints) {
  std::string files =
      tsv("files",
          {"ts", "fuid", "tx_hosts", "rx_hosts", "conn_uids", "source", "mime_type", "filename",
           "sha1", "sha256"},
          {"time", "string", "set[addr]", "set[addr]", "set[string]", "string", "string", "string",
           "string", "string"},
          {"1\tFa\t198.51.100.10\t10.0.0.2\tC1\tSSL\tapplication/x-x509-user-cert\t-\t"
           "aabbccddeeff00112233445566778899aabbccdd\t-"});
  std::string ssl41 = tsv(
      "ssl",
      {"ts", "uid", "id.resp_h", "id.resp_p", "server_name", "cert_chain_fps", "validation_status"},
      {"time", "string", "addr", "port", "string", "vector[string]", "string"},
      {"1\tC9\t198.51.100.11\t443\tpeg.example\t"
       "1111111111111111111111111111111111111111111111111111111111111111,22\tok"});
  auto r = analyze({{"files.log", files},
                    {"ssl.log", ssl41},
                    {"dns.log", dns_log({"0.5|srv.example|A|198.51.100.10"})}},
                   {kIocs});
  // files.log: the host is the server that sent the certificate, not the phone.
  EXPECT_TRUE(has_alert(r, "IOC-07", "srv.example", "High"));
  EXPECT_FALSE(has_alert(r, "IOC-07", "10.0.0.2"));
  // Zeek 4.1+: the SHA-256 fingerprint in cert_chain_fps; the host is the session's SNI.
  EXPECT_TRUE(has_alert(r, "IOC-07", "peg.example", "High"));
}

TEST(DefaultRules, Ssl01NonStandardPortAndNotForWhitelisted) {
  auto r = analyze({{"ssl.log", ssl_log({"1|93.184.216.34|8443|a.example|CN=CA|CN=a|ok",
                                         "1|93.184.216.35|443|b.example|CN=CA|CN=b|ok",
                                         "1|10.1.1.1|8443|c.example|CN=CA|CN=c|ok"})}});
  EXPECT_TRUE(has_alert(r, "SSL-01", "a.example", "Moderate"));  // display name from the SNI
  EXPECT_FALSE(has_alert(r, "SSL-01", "b.example"));
  EXPECT_FALSE(has_alert(r, "SSL-01", "c.example"));  // 10/8 is built-in whitelisted
}

TEST(DefaultRules, Ssl02FreeIssuerByOrganisationOrFullDn) {
  auto r =
      analyze({{"ssl.log",
                ssl_log({"1|93.184.216.34|443|le.example|CN=R3,O=Let's Encrypt,C=US|CN=le|ok",
                         "1|93.184.216.35|443|zs.example|CN=ZeroSSL ECC Domain Secure Site "
                         "CA,O=ZeroSSL,C=AT|CN=zs|ok",
                         "1|93.184.216.36|443|paid.example|CN=DigiCert,O=DigiCert Inc,C=US|CN=p|ok",
                         "1|93.184.216.37|443|fake.example|CN=x,O=Let's Encrypt "
                         "Fans,C=US|CN=f|ok"})}});
  EXPECT_TRUE(has_alert(r, "SSL-02", "le.example", "Low"));  // R3, not the 2020 X3
  EXPECT_TRUE(has_alert(r, "SSL-02", "zs.example"));
  EXPECT_FALSE(has_alert(r, "SSL-02", "paid.example"));
  EXPECT_FALSE(has_alert(r, "SSL-02", "fake.example"));
}

TEST(DefaultRules, Ssl02IssuerFromX509ForZeek41) {
  std::string ssl41 =
      tsv("ssl", {"ts", "uid", "id.resp_h", "id.resp_p", "server_name", "cert_chain_fps"},
          {"time", "string", "addr", "port", "string", "vector[string]"},
          {"1\tC1\t93.184.216.34\t443\tle.example\tabc1,abc2"});
  std::string x509 = tsv("x509", {"ts", "fingerprint", "certificate.subject", "certificate.issuer"},
                         {"time", "string", "string", "string"},
                         {"1\tabc1\tCN=le.example\tCN=R3,O=Let's Encrypt,C=US",
                          "1\tabc2\tCN=R3,O=Let's Encrypt,C=US\tCN=ISRG Root X1,O=Internet "
                          "Security Research Group,C=US"});
  auto r = analyze({{"ssl.log", ssl41}, {"x509.log", x509}});
  EXPECT_TRUE(has_alert(r, "SSL-02", "le.example", "Low"));
  auto only_ssl = analyze({{"ssl.log", ssl41}});
  EXPECT_EQ(coverage_of(only_ssl, "SSL-02")["evaluated"], false);
}

TEST(DefaultRules, Ssl03SelfSignedBothSpellingsAndSubjectEqualsIssuer) {
  auto r = analyze(
      {{"ssl.log", ssl_log({"1|93.184.216.34|443|a.example|CN=a|CN=a|self signed certificate",
                            "1|93.184.216.35|443|b.example|CN=CA|CN=b|self-signed certificate in "
                            "certificate chain",
                            "1|93.184.216.36|443|c.example|CN=c|CN=c|-",
                            "1|93.184.216.37|443|d.example|CN=CA|CN=d|ok"})}});
  EXPECT_TRUE(has_alert(r, "SSL-03", "a.example", "Moderate"));
  EXPECT_TRUE(has_alert(r, "SSL-03", "b.example"));  // OpenSSL 3 spelling
  EXPECT_TRUE(has_alert(r, "SSL-03", "c.example"));  // no status: subject equals issuer
  EXPECT_FALSE(has_alert(r, "SSL-03", "d.example"));
}

TEST(DefaultRules, Adv01CountsDistinctRulesPerHost) {
  auto r = analyze({{"conn.log", conn_log({"1|C1|10.0.0.2|93.184.216.34|8080|tcp|http",
                                           "1|C2|10.0.0.2|93.184.216.34|9090|tcp|http"})},
                    {"dns.log", dns_log({"0.5|evil.xyz|A|93.184.216.34"})},
                    {"ssl.log", ssl_log({"1|93.184.216.34|8443|evil.xyz|CN=x|CN=x|-"})}},
                   {kIocs});
  EXPECT_TRUE(has_alert(r, "ADV-01", "evil.xyz", "Moderate"));
  size_t proto02 = 0;
  for (const auto& a : r["alerts"]) {
    if (a["id"] == "PROTO-02") {
      ++proto02;
      EXPECT_EQ(a["evidence"]["ports"].size(), 2u);  // merged, not twice
    }
  }
  EXPECT_EQ(proto02, 1u);  // one PROTO-02 for the host's two ports
  auto quiet = analyze({{"conn.log", conn_log({"1|C1|10.0.0.2|93.184.216.34|8080|tcp|-"})},
                        {"dns.log", dns_log({"0.5|ok.example|A|93.184.216.34"})}});
  EXPECT_FALSE(has_alert(quiet, "ADV-01", "ok.example"));
}

TEST(DefaultRules, DeviceOptionKeepsOnlyThePhonesConnections) {
  std::string logs = conn_log(
      {"1|C1|10.0.0.2|93.184.216.34|8080|tcp|-", "1|C2|10.0.0.3|93.184.216.35|8080|tcp|-"});
  auto r = analyze({{"conn.log", logs}}, {}, R"({"device": "10.0.0.2"})");
  EXPECT_TRUE(has_alert(r, "PROTO-02", "93.184.216.34"));
  EXPECT_FALSE(has_alert(r, "PROTO-02", "93.184.216.35"));
}

TEST(DefaultRules, ConfigSwitchesAndCoverage) {
  std::vector<Log> logs = {{"conn.log", conn_log({"1|C1|10.0.0.2|198.51.100.66|8080|tcp|http"})}};
  auto no_heur = analyze(logs, {kIocs}, R"({"heuristics": false})");
  EXPECT_FALSE(has_alert(no_heur, "PROTO-04", "198.51.100.66"));
  EXPECT_TRUE(has_alert(no_heur, "IOC-01", "198.51.100.66"));
  EXPECT_EQ(coverage_of(no_heur, "PROTO-04")["reason"],
            "turned off in the configuration (heuristics)");
  auto no_iocs = analyze(logs, {kIocs}, R"({"iocs": false})");
  EXPECT_FALSE(has_alert(no_iocs, "IOC-01", "198.51.100.66"));
  auto none = analyze(logs);
  EXPECT_EQ(coverage_of(none, "IOC-01")["reason"], "no IP address indicators loaded");
  EXPECT_EQ(coverage_of(none, "SSL-01")["reason"], "no ssl.log records");
  auto ports = analyze(logs, {}, R"({"http_default_port": 8080, "max_ports": 9000})");
  EXPECT_TRUE(has_alert(ports, "PROTO-03", "198.51.100.66"));
  EXPECT_FALSE(has_alert(ports, "PROTO-02", "198.51.100.66"));
}

TEST(DefaultRules, AnAddressWithTensOfThousandsOfSniNames) {
  // A tunnel-like capture: 20k TLS sessions to one address, each with a server name of its own
  // (none of the per-name work may scan all the address's names again: that took minutes).
  std::vector<std::string> sessions;
  const int kNames = 20000;
  for (int i = kNames - 1; i >= 0; --i)  // the earliest name comes last in the file
    sessions.push_back(std::to_string(1000 + i) + "|198.51.100.9|443|t" + std::to_string(i) +
                       ".tunnel.example|CN=R3|CN=x|ok");
  auto r = analyze({{"conn.log", conn_log({"5000|C1|10.0.0.2|198.51.100.9|443|tcp|ssl"})},
                    {"ssl.log", ssl_log(sessions)}});
  const auto& dests = r["destinations"]["uncategorized"];
  ASSERT_EQ(dests.size(), 1u);
  EXPECT_EQ(dests[0]["host"], "t0.tunnel.example");
  ASSERT_EQ(dests[0]["names"].size(), size_t(kNames));
  EXPECT_EQ(dests[0]["names"][0], "t0.tunnel.example");  // in order of first sighting
  EXPECT_EQ(dests[0]["names"][kNames - 1], "t19999.tunnel.example");
}
