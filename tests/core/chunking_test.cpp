// A log fed whole, byte by byte and in random chunk sizes gives the same report.
#include <random>

#include "test_support.h"

using namespace zeekscope;
using namespace zeekscope::test;

TEST(Chunking, SameReportWholeByteByByteAndRandomChunks) {
  std::vector<Log> logs = {
      {"conn.log",
       conn_log({"1.0|C1|10.0.0.2|1.2.3.4|8080|tcp|http", "2.0|C2|10.0.0.2|5.6.7.8|443|tcp|ssl"})},
      {"dns.log", dns_log({"0.5|evil.example|A|1.2.3.4", "0.6|caf\xc3\xa9.example|A|5.6.7.8"})},
      {"ssl.log", ssl_log({"2.0|5.6.7.8|443|caf\xc3\xa9.example|CN=x\\\\, y|CN=x\\\\, y|-"})},
      {"x509.json",
       "{\"ts\":1.0,\"id\":\"F1\",\"certificate.subject\":\"CN=a\\u00e9\",\"certificate.issuer\":"
       "\"CN=b\"}\n"},
  };
  std::vector<Feed> feeds = {{"list", "evil.example\n", "text:domain/stalkerware"}};
  std::string whole = without_tool(analyze(logs, feeds));
  EXPECT_EQ(without_tool(analyze(logs, feeds, "", 1)), whole);
  std::mt19937 rng(1234);
  for (int round = 0; round < 20; ++round) {
    // Random chunk sizes per round, including ones that split "\xHH", "\\" and UTF-8.
    Session s("", {"zeekscope", "test", "native"});
    s.add_indicators(feeds[0].content, feeds[0].name, feeds[0].format);
    for (const auto& log : logs) {
      s.begin_file(log.name);
      size_t i = 0;
      while (i < log.content.size()) {
        size_t n = std::uniform_int_distribution<size_t>(1, 17)(rng);
        s.feed(std::string_view(log.content).substr(i, n));
        i += n;
      }
      s.end_file();
    }
    EXPECT_EQ(without_tool(s.finish()), whole) << "round " << round;
  }
  EXPECT_NE(whole.find("IOC-03"), std::string::npos);
}

TEST(Chunking, SharedCaptureWholeVersusRandomChunks) {
  std::string dir = shared_data() + "/zeek/stratosphere-slips/dataset/test10-mixed-zeek-dir";
  ZS_REQUIRE_SHARED(dir);
  std::vector<Log> logs;
  for (const auto& f : list_files(dir)) logs.push_back({f, read_file(f)});
  std::string whole = without_tool(analyze(logs));
  EXPECT_EQ(without_tool(analyze(logs, {}, "", 4093)), whole);
  EXPECT_EQ(without_tool(analyze(logs, {}, "", 7)), whole);
}
