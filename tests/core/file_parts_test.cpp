// One large log read in parts by several sessions (Session::begin_file_part): merged in order,
// the parts give the report one session reading the whole file gives, byte for byte, whatever
// the cut points; a file whose layout changes after its leading header says parts cannot follow.
#include "test_support.h"

using namespace zeekscope;
using namespace zeekscope::test;

namespace {

// The file's leading header: its lines up to the first that is not a header line.
std::string leading_header(const std::string& file) {
  size_t at = 0;
  while (at < file.size() && file[at] == '#') {
    size_t end = file.find('\n', at);
    if (end == std::string::npos) return file;
    at = end + 1;
  }
  return file.substr(0, at);
}

// The file cut just after the newline at or past each fraction of its size, and past its
// leading header (as js/file-parts.js cuts).
std::vector<std::string> cut(const std::string& file, const std::vector<double>& fractions) {
  std::vector<std::string> parts;
  size_t from = 0;
  for (double f : fractions) {
    size_t at = file.find(
        '\n', std::max({from, leading_header(file).size(), size_t(f * double(file.size()))}));
    if (at == std::string::npos) break;
    parts.push_back(file.substr(from, at + 1 - from));
    from = at + 1;
  }
  parts.push_back(file.substr(from));
  return parts;
}

struct PartsResult {
  std::string report;
  bool can_follow = true;  // every session said later parts could follow
};

// `before` and `after` are read whole around the file `name` read in `parts`.
PartsResult read_in_parts(const std::vector<Log>& before, const std::string& name,
                          const std::vector<std::string>& parts, const std::vector<Log>& after,
                          const std::vector<Feed>& feeds, const std::string& config = "") {
  Session first(config);
  for (const auto& f : feeds) first.add_indicators(f.content, f.name, f.format, f.whitelist);
  for (const auto& log : before) {
    first.begin_file(log.name);
    first.feed(log.content);
    first.end_file();
  }
  PartsResult out;
  first.begin_file(name);
  first.feed(parts[0]);
  out.can_follow = first.file_parts_can_follow();
  first.end_file();
  std::string header = leading_header(parts[0]);
  for (size_t k = 1; k < parts.size(); ++k) {
    Session part(config);
    part.begin_file_part(name, header);
    // Fed in pieces, as a host does.
    for (size_t at = 0; at < parts[k].size(); at += 4096) part.feed(parts[k].substr(at, 4096));
    out.can_follow = out.can_follow && part.file_parts_can_follow();
    part.end_file();
    first.merge_state(part.export_state());
  }
  for (const auto& log : after) {
    first.begin_file(log.name);
    first.feed(log.content);
    first.end_file();
  }
  out.report = without_tool(first.finish());
  return out;
}

std::vector<Feed> shared_feeds(const std::string& data) {
  return {{"tinycheck", read_file(data + "/iocs/tinycheck/iocs.json"), ""},
          {"echap", read_file(data + "/iocs/echap/network.csv"), ""}};
}

}  // namespace

TEST(FileParts, RealLogsInPartsGiveTheWholeFilesReport) {
  std::string data = shared_data();
  ZS_REQUIRE_SHARED(data + "/zeek/stratosphere-security-datasets/012-zeek-mixed/data");
  ZS_REQUIRE_SHARED(data + "/iocs");
  std::string dir = data + "/zeek/stratosphere-security-datasets/012-zeek-mixed/data";
  auto feeds = shared_feeds(data);
  std::vector<Log> logs;
  for (const auto& f : list_files(dir)) logs.push_back({f, read_file(f)});
  for (const char* config : {"", R"({"profile":"tinycheck-2020"})"}) {
    std::string whole = without_tool(analyze(logs, feeds, config));
    for (size_t i = 0; i < logs.size(); ++i) {
      if (logs[i].content.size() < 20000) continue;  // conn, notice, ssl, weird, http, sip
      SCOPED_TRACE(logs[i].name + " " + config);
      std::vector<Log> before(logs.begin(), logs.begin() + i),
          after(logs.begin() + i + 1, logs.end());
      for (const auto& fractions :
           std::vector<std::vector<double>>{{0.5}, {0.25, 0.5, 0.75}, {0.01, 0.02, 0.99}}) {
        auto r = read_in_parts(before, logs[i].name, cut(logs[i].content, fractions), after, feeds,
                               config);
        EXPECT_TRUE(r.can_follow);
        EXPECT_EQ(r.report, whole);
      }
    }
  }
}

TEST(FileParts, DamagedLinesKeepTheirNumbersAndReasonsInOrder) {
  // Bad lines in every part, more than the reasons kept, a last line without its newline.
  std::vector<std::string> rows;
  for (int i = 0; i < 400; ++i)
    rows.push_back(std::to_string(1700000000 + i) + "|C" + std::to_string(i) +
                   "|10.0.0.2|93.184.216." + std::to_string(i % 200) + "|443|tcp|ssl");
  const std::string good = conn_log(rows);
  std::string file;
  int n = 0;
  for (size_t at = 0, end; (end = good.find('\n', at)) != std::string::npos; at = end + 1) {
    std::string line = good.substr(at, end + 1 - at);
    file += line;
    if (line[0] != '#' && ++n % 37 == 5) file += "not\tenough\n";
  }
  file += "1700000999\tCx\t10.0.0.2";  // after #close, and unterminated
  std::string whole = without_tool(analyze({{"conn.log", file}}));
  auto report = nlohmann::ordered_json::parse(whole);
  ASSERT_GT(report["inputs"][0]["skipped_lines"].get<int>(), 10);
  for (const auto& fractions : std::vector<std::vector<double>>{
           {0.3}, {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9}, {0.95}}) {
    auto r = read_in_parts({}, "conn.log", cut(file, fractions), {}, {});
    EXPECT_TRUE(r.can_follow);
    EXPECT_EQ(r.report, whole);
  }
}

TEST(FileParts, AHeaderOnlyStartIsJudgedWithTheRestOfTheFile) {
  std::string file = conn_log({"1|C1|10.0.0.2|93.184.216.34|443|tcp|ssl"});
  size_t first_row = leading_header(file).size();
  std::vector<std::string> parts = {file.substr(0, first_row), file.substr(first_row)};
  auto r = read_in_parts({}, "conn.log", parts, {}, {});
  EXPECT_EQ(r.report, without_tool(analyze({{"conn.log", file}})));
  EXPECT_EQ(r.report.find(kHeaderOnlyNote), std::string::npos);
}

TEST(FileParts, ANewHeaderOrJsonAfterTheStartMeansPartsCannotFollow) {
  std::string a = conn_log({"1|C1|10.0.0.2|93.184.216.34|443|tcp|ssl"});
  std::string b = conn_log({"2|C2|10.0.0.2|93.184.216.35|443|tcp|ssl"});
  // Two logs joined: the second header block is in the first part, or in a later one.
  for (size_t at : {a.size() + 10, a.size() + leading_header(b).size()}) {
    std::string joined = a + b;
    size_t cut_at = joined.find('\n', at) + 1;
    auto r =
        read_in_parts({}, "conn.log", {joined.substr(0, cut_at), joined.substr(cut_at)}, {}, {});
    EXPECT_FALSE(r.can_follow) << at;
  }
  // A JSON line in the part.
  auto r = read_in_parts({}, "conn.log",
                         {a, R"({"ts":3,"uid":"C3"})"
                             "\n"},
                         {}, {});
  EXPECT_FALSE(r.can_follow);
  // JSON logs are not read in parts; neither are captures nor files begun but unread.
  Session s;
  s.begin_file("conn.log");
  s.feed(R"({"ts":1,"uid":"C1","id.orig_h":"10.0.0.2","id.resp_h":"93.184.216.34"})"
         "\n");
  EXPECT_FALSE(s.file_parts_can_follow());
  Session none;
  EXPECT_FALSE(none.file_parts_can_follow());
  none.begin_file("x.log");
  EXPECT_FALSE(none.file_parts_can_follow());
  // The trailing #close of a log does not stop parts.
  Session closed;
  closed.begin_file("conn.log");
  closed.feed(a + "#close\t2024-01-01-00-00-00\n");
  EXPECT_TRUE(closed.file_parts_can_follow());
}

TEST(FileParts, APartWithoutItsFileIsRefused) {
  Session part;
  part.begin_file_part("conn.log", leading_header(conn_log({})));
  part.feed("1\tC1\t10.0.0.2\t1\t93.184.216.34\t443\ttcp\tssl\n");
  part.end_file();
  std::string state = part.export_state();
  Session alone;
  EXPECT_THROW(alone.merge_state(state), SessionError);
  Session other;
  other.begin_file("dns.log");
  other.feed(conn_log({}));
  other.end_file();
  EXPECT_THROW(other.merge_state(state), SessionError);
}

TEST(FileParts, APartSaysWhatLimitsAndTimesItHolds) {
  Session s(R"({"limits":{"max_destinations":77,"max_names":88,"max_memory_mib":9}})");
  auto none = s.file_parts_info();
  EXPECT_FALSE(none.can_follow);
  EXPECT_FALSE(none.first_time.has_value());
  s.begin_file("conn.log");
  s.feed(conn_log({"1700000000|C1|10.0.0.2|93.184.216.34|443|tcp|ssl",
                   "1700086400|C2|10.0.0.3|93.184.216.35|443|tcp|ssl"}));
  auto info = s.file_parts_info();
  EXPECT_TRUE(info.can_follow);
  EXPECT_EQ(info.first_time, 1700000000.0);
  EXPECT_EQ(info.last_time, 1700086400.0);
  EXPECT_EQ(info.destinations, 2u);
  EXPECT_EQ(info.originators, 2u);
  EXPECT_GT(info.names, 0u);
  EXPECT_EQ(info.max_destinations, 77u);
  EXPECT_EQ(info.max_names, 88u);
  EXPECT_EQ(info.max_memory_bytes, 9u << 20);
  EXPECT_EQ(info.max_originators, Capture::kMaxOriginators);
  EXPECT_NEAR(info.max_time_span, 24.855 * 86400, 100);
}
