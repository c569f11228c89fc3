// Reports that leave the person's hands: redaction (core/report/redact.h) and the case file
// (core/report/case_file.h), on real captures and on the identifiers a phone's traffic carries.
#include <set>

#include "common/ip_address.h"
#include "report/case_file.h"
#include "report/redact.h"
#include "test_support.h"

using namespace zeekscope;
using namespace zeekscope::test;
using Json = nlohmann::ordered_json;

namespace {

const char* const kBenignDay = "/zeek/stratosphere-security-datasets/012-zeek-mixed/data";
const char* const kRat = "/zeek/stratosphere-security-datasets/003-zeek-scenario-malicious";

std::vector<Log> logs_of(const std::string& dir, const std::vector<std::string>& names,
                         const std::string& suffix) {
  std::vector<Log> logs;
  for (const auto& name : names)
    logs.push_back({name + ".log", read_file(dir + "/" + name + suffix)});
  return logs;
}

// Every string value of a document, joined: what a reader of the report would see.
void strings_of(const Json& v, std::string& out) {
  if (v.is_string()) out += v.get<std::string>() + "\n";
  if (v.is_structured())
    for (const auto& child : v) strings_of(child, out);
}
std::string strings_of(const Json& v) {
  std::string out;
  strings_of(v, out);
  return out;
}

// Whether the text holds a private IPv4 address (10/8, 172.16/12, 192.168/16).
bool has_private_v4(const std::string& text) {
  const IpNetwork nets[] = {*IpNetwork::parse("10.0.0.0/8"), *IpNetwork::parse("172.16.0.0/12"),
                            *IpNetwork::parse("192.168.0.0/16")};
  for (size_t i = 0, j; i < text.size(); i = j + 1) {
    j = i;
    while (j < text.size() && (std::isdigit(static_cast<unsigned char>(text[j])) || text[j] == '.'))
      ++j;
    std::string token = text.substr(i, j - i);
    while (!token.empty() && token.back() == '.') token.pop_back();
    if (auto ip = IpAddress::parse(token))
      for (const auto& n : nets)
        if (n.contains(*ip)) return true;
  }
  return false;
}

size_t count_of(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST(Redaction, BenignDayHidesThePhonesAddressAndNameButNotWhatWasFound) {
  ZS_REQUIRE_SHARED(shared_data() + kBenignDay);
  auto report = analyze(logs_of(shared_data() + kBenignDay,
                                {"conn", "dns", "ssl", "http", "files", "x509"}, ".log.labeled"));
  // The computer on the university network: its own public address, its DHCP-given name, and
  // the network's private addresses.
  std::string before = strings_of(report);
  ASSERT_GT(count_of(before, "147.32.83.161"), 0u);
  ASSERT_GT(count_of(before, "dhcp-83-161.felk.cvut.cz"), 0u);
  ASSERT_GT(count_of(before, "10.1.138.176"), 0u);
  Json redacted = report;
  redact_report(redacted);
  std::string after = strings_of(redacted);
  EXPECT_EQ(count_of(after, "147.32.83.161"), 0u);
  EXPECT_EQ(count_of(after, "dhcp-83-161.felk.cvut.cz"), 0u);
  EXPECT_EQ(count_of(after, "10.1.138.176"), 0u);
  EXPECT_TRUE(has_private_v4(before));
  EXPECT_FALSE(has_private_v4(after));
  // What was found is all there: the same alerts, levels, hosts and remote destinations.
  EXPECT_EQ(redacted["summary"], report["summary"]);
  ASSERT_EQ(redacted["alerts"].size(), report["alerts"].size());
  for (size_t i = 0; i < report["alerts"].size(); ++i) {
    EXPECT_EQ(redacted["alerts"][i]["id"], report["alerts"][i]["id"]);
    EXPECT_EQ(redacted["alerts"][i]["level"], report["alerts"][i]["level"]);
  }
  EXPECT_EQ(redacted["destinations"]["suspect"].size(), report["destinations"]["suspect"].size());
  // One placeholder per value, the same everywhere: the 1477 entries to the phone's address.
  std::set<std::string> phone;
  const auto& in_before = report["destinations"]["inbound"];
  const auto& in_after = redacted["destinations"]["inbound"];
  for (size_t i = 0; i < in_before.size(); ++i)
    if (in_before[i]["ip"] == "147.32.83.161") phone.insert(in_after[i]["ip"]);
  ASSERT_EQ(phone.size(), 1u);
  EXPECT_TRUE(phone.begin()->starts_with("local-address-"));
  EXPECT_EQ(redacted["phone"]["addresses"][0], *phone.begin());
  // The scanners on the internet that sent to the phone are remote: kept.
  EXPECT_GT(count_of(after, "45.9.73.57"), 0u);
  // What was redacted is listed, without the values.
  const auto& section = redacted["redaction"];
  ASSERT_TRUE(section.is_object());
  std::set<std::string> kinds;
  for (const auto& k : section["redacted"]) {
    kinds.insert(k["placeholders"].get<std::string>().substr(0, 6));
    EXPECT_GT(k["count"].get<int>(), 0);
  }
  EXPECT_TRUE(kinds.count("local-")) << section.dump();
  EXPECT_EQ(count_of(section.dump(), "147.32"), 0u);
  // Redacting the redacted report again finds nothing more; the same report gives the same
  // placeholders.
  Json twice = redacted;
  twice.erase("redaction");
  redact_report(twice);
  EXPECT_TRUE(twice["redaction"]["redacted"].empty()) << twice["redaction"].dump();
  twice["redaction"] = redacted["redaction"];
  EXPECT_EQ(twice, redacted);
  Json again = report;
  redact_report(again);
  EXPECT_EQ(again, redacted);
}

TEST(Redaction, LocalNamesMacsReverseNamesAndTheDeviceAddress) {
  // A phone on a home network: it looks up its printer by mDNS and the router's reverse name, and
  // its IPv6 address is a public one (given as --device).
  auto report = analyze(
      {{"conn.log", conn_log_bytes({"1|C1|10.0.0.2|198.51.100.66|8080|tcp|-|500|100",
                                    "2|C2|2001:db8:5:6::1a|2001:db8:99::5|443|tcp|ssl|900|900",
                                    "3|C3|10.0.0.2|10.0.0.1|53|udp|dns|60|90",
                                    "4|C4|10.0.0.2|10.0.0.7|7000|tcp|-|900|900",
                                    "5|C5|10.0.0.2|10.0.0.9|631|tcp|http|900|900",
                                    "6|C6|10.0.0.2|203.0.113.1|443|tcp|ssl|900|900"})},
       {"dns.log", dns_log({"1|spy.example|A|198.51.100.66", "2|Marias-iPhone.local|A|10.0.0.7",
                            "3|router.home|A|203.0.113.1", "4|printer|A|10.0.0.9",
                            "5|20.1.168.192.in-addr.arpa|A|203.0.113.1"})}},
      {{"feed.txt", "spy.example\n", "text:domain/stalkerware"}},
      R"({"device": ["10.0.0.2", "2001:db8:5:6::1a"]})");
  // A MAC address where a capture's notes or details may carry one.
  report["summary"]["notes"].push_back("Seen from aa:bb:cc:00:11:22 at 10.0.0.2:443.");
  std::string before = strings_of(report);
  const char* const identifiers[] = {"10.0.0.2",
                                     "2001:db8:5:6::1a",
                                     "marias-iphone.local",
                                     "router.home",
                                     "20.1.168.192.in-addr.arpa",
                                     "aa:bb:cc:00:11:22",
                                     "10.0.0.9",
                                     "printer"};
  for (const char* id : identifiers) ASSERT_GT(count_of(before, id), 0u) << id << "\n" << before;
  redact_report(report);
  std::string after = strings_of(report);
  for (const char* id : identifiers) EXPECT_EQ(count_of(after, id), 0u) << id << "\n" << after;
  EXPECT_EQ(count_of(after, "iphone") + count_of(after, "iPhone"), 0u);
  // The remote side stays, and the alert about it.
  EXPECT_GT(count_of(after, "spy.example"), 0u);
  EXPECT_GT(count_of(after, "198.51.100.66"), 0u);
  EXPECT_GT(count_of(after, "2001:db8:99::5"), 0u);
  EXPECT_TRUE(has_alert(report, "IOC-03", "spy.example")) << report["alerts"].dump();
  EXPECT_GT(count_of(after, "Seen from mac-address-1 at local-address-"), 0u) << after;
  EXPECT_GT(count_of(after, ":443."), 0u);  // a port stays with its placeholder
}

TEST(Redaction, AppsNoAlertConcernsBecomePlaceholders) {
  // As a PCAPdroid capture's report has them: the apps list, an alert's app, a destination's.
  Json report = Json::parse(R"({
    "alerts": [{"id": "IOC-03", "host": "spy.example",
                "apps": [{"uid": 10234, "package": "com.android.sys.update", "name": "System Update"}]}],
    "apps": [
      {"uid": 10234, "package": "com.android.sys.update", "name": "System Update",
       "alerts": [{"id": "IOC-03", "level": "High", "host": "spy.example"}]},
      {"uid": 10301, "package": "com.example.dating", "name": "Dating", "alerts": []}],
    "destinations": {"uncategorized": [
      {"ip": "203.0.113.9", "host": "match.example",
       "apps": [{"uid": 10301, "package": "com.example.dating", "name": "Dating"}]}]}
  })");
  redact_report(report);
  std::string after = strings_of(report);
  EXPECT_EQ(count_of(after, "dating"), 0u) << after;
  EXPECT_EQ(count_of(after, "Dating"), 0u) << after;
  EXPECT_EQ(report["apps"][1]["package"], "app-1");
  EXPECT_EQ(report["destinations"]["uncategorized"][0]["apps"][0]["name"], "app-1");
  EXPECT_EQ(report["apps"][0]["package"], "com.android.sys.update");  // behind an alert: kept
  EXPECT_EQ(report["alerts"][0]["apps"][0]["name"], "System Update");
  EXPECT_EQ(report["redaction"]["redacted"][0]["placeholders"], "app-1");
}

TEST(CaseFile, RatCaptureLeadsWithTheChannelAndNamesEachFile) {
  ZS_REQUIRE_SHARED(shared_data() + kRat);
  auto report = analyze(logs_of(shared_data() + kRat, {"conn", "dns"}, ".log"),
                        {{"iocs.json", "{\"iocs\": []}", ""}});
  add_case_facts(report, {{{"conn.log", std::string(64, 'a')}, {"dns.log", std::string(64, 'b')}},
                          "2026-12-06T10:00:00Z"});
  EXPECT_EQ(report["inputs"][0]["sha256"], std::string(64, 'a'));
  EXPECT_EQ(report["case_file"]["created"], "2026-12-06T10:00:00Z");
  std::string html = case_file_html(report);
  // Self-contained and inert: a strict policy, no script, nothing fetched.
  EXPECT_NE(html.find("default-src 'none'"), std::string::npos);
  for (const char* never : {"<script", "<img", "<link", "<iframe", "src=", "href=", "url("})
    EXPECT_EQ(html.find(never), std::string::npos) << never;
  // The verdict and what it means, then the RAT's channel first among the findings, with its
  // connections over time.
  size_t verdict = html.find(report["summary"]["headline"].get<std::string>());
  size_t meaning = html.find("What this result means");
  size_t findings = html.find("Findings, most important first");
  size_t rat = html.find("<h3>147.32.83.234</h3>", findings);
  ASSERT_NE(verdict, std::string::npos);
  ASSERT_NE(rat, std::string::npos);
  EXPECT_LT(verdict, meaning);
  EXPECT_EQ(html.find("<h3>", findings), rat);  // the first finding
  EXPECT_NE(html.find("Connections over time (12 in all)", rat), std::string::npos);
  // The capture's span, the lists, what could not be seen, and each file's digest.
  EXPECT_NE(html.find("It runs from 2020-08-07 08:49:24 UTC"), std::string::npos);
  EXPECT_NE(html.find("What the check could not see"), std::string::npos);
  EXPECT_NE(html.find("MIT, zeekscope"), std::string::npos);  // the built-in set's licence
  EXPECT_NE(html.find(std::string(64, 'a')), std::string::npos);
  EXPECT_NE(html.find(std::string(64, 'b')), std::string::npos);
  EXPECT_NE(html.find("Not redacted"), std::string::npos);
  EXPECT_NE(html.find("@media print"), std::string::npos);
  EXPECT_NE(html.find("width=device-width"), std::string::npos);
}

TEST(CaseFile, CaptureContentIsEscaped) {
  // A name from the network that is markup.
  auto report = analyze(
      {{"dns.log", dns_log({"1|<img src=x onerror=alert(1)>.spy.example|A|198.51.100.66"})},
       {"conn.log", conn_log_bytes({"2|C1|10.0.0.2|198.51.100.66|8080|tcp|-|500|100"})}},
      {{"feed.txt", "<img src=x onerror=alert(1)>.spy.example\n", "text:domain/stalkerware"}});
  std::string html = case_file_html(report);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_NE(html.find("&lt;img src=x onerror=alert(1)&gt;"), std::string::npos);
  // Anything else given to it is a page all the same (the page hands it what it parsed).
  for (const char* doc : {"{}", "[]", "null", R"({"summary": 3, "hosts": [1, {"score": "x"}]})"})
    EXPECT_NE(case_file_html(Json::parse(doc)).find("</html>"), std::string::npos) << doc;
}

TEST(Redaction, ThePhonesOtherAddressesAndNamesFromTheNetwork) {
  // A phone on a home network with a global IPv6 prefix: its privacy address is in the same /64
  // as the one given; another device's address carries its MAC (EUI-64). Names from mDNS hold a
  // person's name with a quote, a space, or Zeek's escapes of non-ASCII bytes.
  Json report = Json::parse(R"({
    "phone": {"addresses": ["2001:db8:5:6::1a"], "from": "device"},
    "config": {"device": ["2001:db8:5:6::1a"]},
    "alerts": [{"id": "ADV-01", "host": "maria's iphone._tcp.local",
                "title": "maria's iphone._tcp.local raised 2 alerts",
                "description": "Seen at fe80:: and at 2001:db8:5:6:8c1d:2e3f:4a5b:6c7d."}],
    "destinations": {"uncategorized": [
      {"ip": "2001:db8:5:6:8c1d:2e3f:4a5b:6c7d", "host": "galaxy-de-jos\\xc3\\xa9.local",
       "names": ["galaxy-de-jos\\xc3\\xa9.local"]},
      {"ip": "2001:db8:77::211:22ff:fe33:4455", "host": "printer", "names": ["printer", "dns"]},
      {"ip": "172.31.255.9", "host": "nas.fritz.box", "names": ["nas.fritz.box"]},
      {"ip": "100.64.3.4", "host": "100.64.3.4", "names": []},
      {"ip": "100.128.0.1", "host": "cdn.example", "names": ["cdn.example"], "services": ["dns"]},
      {"ip": "2001:db8:99::5", "host": "remote.example", "names": []}]}
  })");
  std::string before = strings_of(report);
  redact_report(report);
  std::string after = strings_of(report);
  for (const char* id :
       {"2001:db8:5:6::1a", "2001:db8:5:6:8c1d", "211:22ff:fe33:4455", "maria", "galaxy", "jos",
        "172.31.255.9", "nas.fritz.box", "100.64.3.4", "fe80::"}) {
    ASSERT_NE(before.find(id), std::string::npos) << id;
    EXPECT_EQ(after.find(id), std::string::npos) << id << "\n" << after;
  }
  // A single-label name is replaced where it is a name, not as a short word of running text.
  const auto& printer = report["destinations"]["uncategorized"][1];
  EXPECT_TRUE(printer["host"].get<std::string>().starts_with("local-name-")) << printer.dump();
  EXPECT_EQ(report["destinations"]["uncategorized"][4]["services"][0], "dns");
  // Remote addresses, just outside the ranges, stay.
  for (const char* kept : {"100.128.0.1", "cdn.example", "2001:db8:99::5", "remote.example"})
    EXPECT_NE(after.find(kept), std::string::npos) << kept;
}

TEST(CaseFile, DigestsGoToTheFilesOfTheirNames) {
  Json report = Json::parse(R"({"inputs": [{"name": "a/conn.log"}, {"name": "a/dns.log"},
                                           {"name": "b/conn.log"}]})");
  // Given in another order, and one file the report does not have.
  add_case_facts(
      report,
      {{{"a/dns.log", "dd"}, {"b/conn.log", "bb"}, {"a/conn.log", "aa"}, {"gone.log", "ee"}},
       "2026-12-06T10:00:00Z"});
  EXPECT_EQ(report["inputs"][0]["sha256"], "aa");
  EXPECT_EQ(report["inputs"][1]["sha256"], "dd");
  EXPECT_EQ(report["inputs"][2]["sha256"], "bb");
  EXPECT_EQ(report.dump().find("ee"), std::string::npos);
}

TEST(CaseFile, DeeplyNestedDocumentsAreRefused) {
  Json doc = Json::parse("{\"alerts\": " + std::string(200, '[') + std::string(200, ']') + "}");
  EXPECT_THROW(case_file_html(doc), std::invalid_argument);
  EXPECT_THROW(redact_report(doc), std::invalid_argument);
}
