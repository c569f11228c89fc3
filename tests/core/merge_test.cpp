// Parallel reading: files split between two sessions whose states are merged give the report
// one session gives, in both profiles.
#include <set>

#include "test_support.h"

using namespace zeekscope;
using namespace zeekscope::test;

namespace {

std::string merged(const std::vector<Log>& logs, const std::vector<Feed>& feeds,
                   const std::string& config, size_t split) {
  Session first(config), second(config);
  for (const auto& f : feeds) first.add_indicators(f.content, f.name, f.format, f.whitelist);
  for (size_t i = 0; i < logs.size(); ++i) {
    Session& s = i < split ? first : second;
    s.begin_file(logs[i].name);
    s.feed(logs[i].content);
    s.end_file();
  }
  first.merge_state(second.export_state());
  return without_tool(first.finish());
}

}  // namespace

TEST(Merge, SplitReadingGivesTheSameReport) {
  std::string data = shared_data();
  ZS_REQUIRE_SHARED(data + "/zeek/activecm-rita/test_data/proxy");
  ZS_REQUIRE_SHARED(data + "/iocs");
  std::vector<Feed> feeds = {{"tinycheck", read_file(data + "/iocs/tinycheck/iocs.json"), ""},
                             {"echap", read_file(data + "/iocs/echap/network.csv"), ""},
                             {"wl", read_file(data + "/iocs/tinycheck/whitelist.json"), "", true}};
  for (const char* dir : {"/zeek/activecm-rita/test_data/proxy",
                          "/zeek/stratosphere-slips/dataset/test10-mixed-zeek-dir",
                          "/zeek/stratosphere-security-datasets/012-zeek-mixed/data"}) {
    SCOPED_TRACE(dir);
    std::vector<Log> logs;
    for (const auto& f : list_files(data + dir)) logs.push_back({f, read_file(f)});
    for (const char* config : {"", R"({"profile":"tinycheck-2020"})"}) {
      SCOPED_TRACE(config);
      std::string whole = without_tool(analyze(logs, feeds, config));
      for (size_t split : {size_t(1), logs.size() / 2, logs.size() - 1})
        EXPECT_EQ(merged(logs, feeds, config, split), whole) << "split at " << split;
    }
  }
}

TEST(Merge, SameDestinationsAcrossTheSplitAreCombined) {
  std::string a = conn_log({"1|C1|10.0.0.2|93.184.216.34|8080|tcp|http"});
  std::string b = conn_log({"2|C2|10.0.0.2|93.184.216.34|8080|tcp|http"});
  std::vector<Log> logs = {{"a.log", a}, {"b.log", b}};
  auto r = nlohmann::ordered_json::parse(merged(logs, {}, "", 1));
  ASSERT_EQ(r["destinations"]["suspect"].size(), 1u);
  EXPECT_EQ(r["destinations"]["suspect"][0]["connections"], 2);
  EXPECT_EQ(r["inputs"].size(), 2u);
  EXPECT_EQ(r["inputs"][1]["name"], "b.log");
}

TEST(Merge, ADamagedStateIsAnError) {
  Session s;
  EXPECT_THROW(s.merge_state("not a state"), SessionError);
  Session t;
  std::string state = t.export_state();
  state.resize(state.size() / 2);
  EXPECT_THROW(s.merge_state(state), SessionError);
}

namespace {
// The state of a small capture that holds every part of a state: destinations, names from DNS
// and TLS, a seed resolution, queries and TLS sessions.
std::string small_state() {
  Session s;
  s.begin_file("conn.log");
  s.feed(conn_log(
      {"1|C1|10.0.0.2|93.184.216.34|443|tcp|ssl", "2|C2|10.0.0.2|198.51.100.7|53|udp|dns"}));
  s.end_file();
  s.begin_file("dns.log");
  s.feed(dns_log({"0.5|www.example.com|A|cdn.example.net,93.184.216.34"}));
  s.end_file();
  s.begin_file("ssl.log");
  s.feed(ssl_log({"1.5|93.184.216.34|443|www.example.com|CN=R3|CN=www.example.com|ok"}));
  s.end_file();
  return s.export_state();
}
}  // namespace

TEST(Merge, EveryTruncatedStateIsAnError) {
  std::string state = small_state();
  ASSERT_GT(state.size(), 100u);
  for (size_t size = 0; size < state.size(); ++size) {
    Session s;
    EXPECT_THROW(s.merge_state(std::string_view(state).substr(0, size)), SessionError)
        << "cut at " << size;
  }
  Session whole;
  EXPECT_NO_THROW(whole.merge_state(state));
  EXPECT_THROW(whole.merge_state(state + "x"), SessionError);  // bytes after the end
}

TEST(Merge, AStateWithAnyByteChangedIsMergedOrRefusedWithoutHarm) {
  // Under the sanitizer builds this also shows that no change reads out of bounds.
  std::string state = small_state();
  size_t refused = 0;
  for (size_t at = 0; at < state.size(); ++at)
    for (char value : {char(0), char(0x7F), char(0xFF)}) {
      std::string damaged = state;
      if (damaged[at] == value) continue;
      damaged[at] = value;
      Session s;
      try {
        s.merge_state(damaged);
      } catch (const SessionError& e) {
        ++refused;
        EXPECT_NE(std::string(e.what()).find("state"), std::string::npos) << e.what();
        continue;
      }
      auto report = s.finish();  // a merged state, however odd its values, gives a report
      EXPECT_TRUE(report.contains("summary"));
    }
  EXPECT_GT(refused, 0u);
}

TEST(Merge, AnAddressWithManyNamesHasEachOnceWithItsEarliestTime) {
  // 40 names for one address (past the point where the capture indexes a name list instead of
  // scanning it), repeats among them, and the earliest sighting of one name coming last; read
  // in one session and split in two whose states are merged.
  std::vector<std::string> queries;
  for (int i = 0; i < 40; ++i)
    queries.push_back(std::to_string(100 + i) + "|n" + std::to_string(i) +
                      ".example.com|A|198.51.100.66");
  for (int i = 39; i >= 0; i -= 3)
    queries.push_back("200|n" + std::to_string(i) + ".example.com|A|198.51.100.66");
  queries.push_back("1|N25.Example.com.|A|198.51.100.66");  // the same name, seen first
  std::vector<std::string> early(queries.begin(), queries.begin() + 20);
  std::vector<std::string> late(queries.begin() + 20, queries.end());
  std::string conn = conn_log({"300|C1|10.0.0.2|198.51.100.66|443|tcp|ssl"});
  std::vector<Log> whole = {{"conn.log", conn}, {"dns.log", dns_log(queries)}};
  std::vector<Log> split = {
      {"conn.log", conn}, {"dns1.log", dns_log(early)}, {"dns2.log", dns_log(late)}};
  auto one = analyze(whole);
  auto two = nlohmann::ordered_json::parse(merged(split, {}, "", 2));
  for (const auto* r : {&one, &two}) {
    const auto& dests = (*r)["destinations"]["uncategorized"];
    ASSERT_EQ(dests.size(), 1u);
    EXPECT_EQ(dests[0]["host"], "n25.example.com");  // the earliest name names the address
    std::vector<std::string> names = dests[0]["names"];
    std::set<std::string> unique(names.begin(), names.end());
    EXPECT_EQ(names.size(), 40u);
    EXPECT_EQ(unique.size(), 40u);
  }
  // The repeats add no entry to the address's name lists: the state is as large as the one of
  // each name seen once (the report alone would not show a repeated entry).
  auto state_size = [&](const std::vector<std::string>& rows) {
    Session s;
    s.begin_file("dns.log");
    s.feed(dns_log(rows));
    s.end_file();
    return s.export_state().size();
  };
  std::vector<std::string> once(queries.begin(), queries.begin() + 40);
  once.push_back(queries.back());  // its raw text is a string of its own
  EXPECT_EQ(state_size(queries), state_size(once));
}

TEST(Merge, ConnectionTimesOverTheirLimitsAreKeptAsOneReaderKeepsThem) {
  // The real day's conn.log cut into files read by two sessions, under limits its 4,600
  // connections pass in many ways: the capture's limit reached in the first files or in the
  // second, a destination's before or after it.
  std::string data = shared_data();
  std::string conn =
      data + "/zeek/stratosphere-security-datasets/012-zeek-mixed/data/conn.log.labeled";
  ZS_REQUIRE_SHARED(conn);
  std::string text = read_file(conn);
  size_t header_end = 0;
  while (text[header_end] == '#') header_end = text.find('\n', header_end) + 1;
  std::string header = text.substr(0, header_end);
  std::vector<Log> logs;
  for (size_t at = header_end, k = 0; at < text.size(); ++k) {
    size_t end = std::min(text.size(), text.find('\n', at + text.size() / 5) + 1);
    if (end == 0) end = text.size();
    logs.push_back({"conn." + std::to_string(k) + ".log", header + text.substr(at, end - at)});
    at = end;
  }
  ASSERT_GE(logs.size(), 4u);
  for (const char* limits :
       {R"({"limits":{"max_connection_times":1000,"max_times_per_destination":50}})",
        R"({"limits":{"max_connection_times":3000,"max_times_per_destination":400}})",
        R"({"limits":{"max_connection_times":100,"max_times_per_destination":1000}})",
        R"({"limits":{"max_connection_times":4000,"max_times_per_destination":20}})"}) {
    SCOPED_TRACE(limits);
    auto whole = analyze(logs, {}, limits);
    ASSERT_GT(whole["limits_reached"].size(), 0u);
    for (size_t split = 1; split < logs.size(); ++split)
      EXPECT_EQ(merged(logs, {}, limits, split), without_tool(whole)) << "split at " << split;
  }
}
