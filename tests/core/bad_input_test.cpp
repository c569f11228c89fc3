// Bad input: a clear message naming the file and line, the rest of the analysis goes on, and the
// report counts what was skipped.
#include "test_support.h"

using namespace zeekscope;
using namespace zeekscope::test;

namespace {

const Feed kFeed{"feed.txt", "spy.example\n", "text:domain/stalkerware"};
const Log kGood{"dns.log", dns_log({"1|spy.example|A|-"})};

const nlohmann::ordered_json& input(const nlohmann::ordered_json& r, const std::string& name) {
  for (const auto& i : r["inputs"])
    if (i["name"] == name) return i;
  static const nlohmann::ordered_json none;
  return none;
}

}  // namespace

TEST(BadInput, BinaryGarbageIsSkippedAndTheRestGoesOn) {
  std::string garbage;
  for (int i = 0; i < 100000; ++i) garbage.push_back(char((i * 7919) % 256));
  auto r = analyze({{"capture.pcap", garbage}, kGood}, {kFeed});
  EXPECT_EQ(input(r, "capture.pcap")["skipped_file"], true);
  EXPECT_EQ(input(r, "capture.pcap")["skipped"][0]["reason"], "binary data, not a Zeek log");
  EXPECT_TRUE(has_alert(r, "IOC-03", "spy.example", "High"));
  EXPECT_EQ(r["summary"]["files_skipped"], 1);
}

TEST(BadInput, TruncatedFileAndWrongColumnCounts) {
  std::string log = dns_log({"1|a.example|A|-", "2|spy.example|A|-"});
  std::string broken = log.substr(0, log.find("2\tCDns1") + 20);  // cut inside the last record
  broken.insert(broken.find("1\tCDns1"), "1\tonly\tthree\n");
  auto r = analyze({{"dns.log", broken}}, {kFeed});
  const auto& in = input(r, "dns.log");
  EXPECT_EQ(in["records"], 1);
  EXPECT_EQ(in["skipped_lines"], 2);
  EXPECT_EQ(in["skipped"][0]["line"], 9);
  EXPECT_EQ(in["skipped"][0]["reason"], "expected 24 fields, found 3");
  EXPECT_EQ(in["skipped"][1]["line"], 11);
  EXPECT_EQ(in["last_line_unterminated"], true);
  EXPECT_EQ(r["summary"]["lines_skipped"], 2);
}

TEST(BadInput, InvalidUtf8IsReplacedInTheReportNotFatal) {
  auto r = analyze({{"dns.log", dns_log({"1|caf\xff\xfe.spy.example|A|-"})}}, {kFeed});
  std::string json = dump_report(r);
  EXPECT_NE(json.find("caf\xef\xbf\xbd"), std::string::npos);  // U+FFFD replacement
  EXPECT_NE(json.find("IOC-03"), std::string::npos);
}

TEST(BadInput, AHundredMegabyteLineIsSkippedWithBoundedMemory) {
  Session s;
  s.add_indicators(kFeed.content, kFeed.name, kFeed.format);
  std::string log = dns_log({"1|spy.example|A|-"});
  size_t header_end = log.find("1\tCDns1");
  s.begin_file("dns.log");
  s.feed(log.substr(0, header_end));
  std::string chunk(1 << 20, 'x');
  for (int i = 0; i < 100; ++i) s.feed(chunk);  // one 100 MiB line, fed 1 MiB at a time
  s.feed("\n");
  s.feed(log.substr(header_end));
  s.end_file();
  auto r = s.finish();
  const auto& in = input(r, "dns.log");
  EXPECT_EQ(in["skipped_lines"], 1);
  EXPECT_EQ(in["skipped"][0]["line"], 9);
  EXPECT_EQ(in["skipped"][0]["reason"],
            "line of 104857600 bytes is over the limit of 16777216 bytes (max_line_bytes)");
  EXPECT_EQ(r["limits_reached"][0]["limit"], "max_line_bytes");
  EXPECT_EQ(r["limits_reached"][0]["skipped"], 1);
  EXPECT_TRUE(has_alert(r, "IOC-03", "spy.example"));
}

TEST(BadInput, MalformedFeedNamesTheFileAndTheAnalysisGoesOn) {
  Session s;
  std::string error =
      s.add_indicators("{\"iocs\": [{\"type\": \"domain\", ", "broken-feed.json").error;
  EXPECT_NE(error.find("broken-feed.json"), std::string::npos);
  EXPECT_NE(error.find("invalid JSON"), std::string::npos);
  EXPECT_EQ(s.add_indicators("type,indicator,app\ndomain,spy.example,Spy\nipv4,999.1.1.1,Spy\n",
                             "network.csv")
                .error,
            "");
  s.begin_file("dns.log");
  s.feed(kGood.content);
  auto r = s.finish();
  EXPECT_TRUE(has_alert(r, "IOC-03", "spy.example"));
  const auto& sources = r["indicators"];
  ASSERT_EQ(sources.size(), 3u);  // built-in whitelist, broken feed, csv
  EXPECT_EQ(sources[1]["name"], "broken-feed.json");
  EXPECT_EQ(sources[1]["skipped"], 1);
  EXPECT_EQ(sources[1]["first_skipped"][0]["where"], "file");
  EXPECT_EQ(sources[2]["skipped"], 1);
  EXPECT_EQ(sources[2]["first_skipped"][0]["where"], "line 3");
  EXPECT_EQ(sources[2]["first_skipped"][0]["reason"], "not an IP address: 999.1.1.1");
}

TEST(BadInput, EmptyAndHeaderOnlyFiles) {
  std::string header_only = dns_log({});
  auto r = analyze({{"empty.log", ""}, {"dns.log", header_only}, kGood}, {kFeed});
  EXPECT_EQ(input(r, "empty.log")["skipped"][0]["reason"], "empty file");
  EXPECT_EQ(input(r, "dns.log")["skipped"][0]["reason"], "header only: the log has no records");
  EXPECT_TRUE(has_alert(r, "IOC-03", "spy.example"));
}
