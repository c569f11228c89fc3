// The engine's state, one codec for all of it: input statistics (by their declared fields) and
// the capture travel together, merge into the report one session gives, and a state that is
// damaged or from another build is refused with a message that says so.
#include "capture/state_codec.h"
#include "log/input_stats.h"
#include "test_support.h"

using namespace zeekscope;
using namespace zeekscope::test;

namespace {

// Files whose statistics use every field: skipped lines with reasons, a limit, timestamps, a
// last line without its newline, a file that is not a log, and a file the host could not read.
std::vector<Log> varied_logs() {
  std::string dns = dns_log({"0.5|www.example.com|A|cdn.example.net,93.184.216.34"});
  std::string conn = conn_log(
      {"1|C1|10.0.0.2|93.184.216.34|443|tcp|ssl", "2|C2|10.0.0.2|198.51.100.7|53|udp|dns"});
  conn.insert(conn.find("#close"), "not\ta\trecord\n");  // a skipped line
  conn.pop_back();                                       // the last line unterminated
  return {
      {"dns.log", dns},
      {"conn.log", conn},
      {"notes.txt", "hello\n"},
      {"ssl.log", ssl_log({"1.5|93.184.216.34|443|www.example.com|CN=R3|CN=www.example.com|ok"})}};
}

void read_into(Session& s, const Log& log) {
  s.begin_file(log.name);
  s.feed(log.content);
  s.end_file();
}

const std::vector<Feed> kFeeds = {{"feed.txt", "# spyware\nwww.example.com\n", "auto-or-domains"}};

void add_feeds(Session& s) {
  for (const auto& f : kFeeds) s.add_indicators(f.content, f.name, f.format, f.whitelist);
}

// One session reads everything; the host reports one file it could not read in full.
std::string one_session(const std::vector<Log>& logs, const std::string& config) {
  Session s(config);
  add_feeds(s);
  for (const auto& log : logs) read_into(s, log);
  s.file_error("ssl.log", "truncated gzip data", "max_gzip_ratio");
  return without_tool(s.finish());
}

// Workers read the logs in groups of `per_worker`; a fresh session merges their states in order.
std::string merged(const std::vector<Log>& logs, const std::string& config, size_t per_worker) {
  Session finisher(config);
  add_feeds(finisher);
  for (size_t i = 0; i < logs.size(); i += per_worker) {
    Session worker(config);
    for (size_t k = i; k < std::min(logs.size(), i + per_worker); ++k) {
      read_into(worker, logs[k]);
      if (logs[k].name == "ssl.log")
        worker.file_error("ssl.log", "truncated gzip data", "max_gzip_ratio");
    }
    finisher.merge_state(worker.export_state());
  }
  return without_tool(finisher.finish());
}

template <typename T>
bool same_fields(const T& a, const T& b) {
  std::vector<std::string> left, right;
  auto collect = [](std::vector<std::string>& into) {
    return [&into](std::string_view, const auto& field) {
      StateWriter w;
      w.value(field);
      into.push_back(w.take());
    };
  };
  T::fields(a, collect(left));
  T::fields(b, collect(right));
  return left == right;
}

std::string merge_error(std::string_view state) {
  Session s;
  try {
    s.merge_state(state);
  } catch (const SessionError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(EngineState, InputStatisticsRoundTripField_by_field) {
  InputStats full;
  full.name = "conn.log";
  full.format = "tsv+json";
  full.log_type = "conn";
  full.schema_era = "zeek-3";
  full.bytes = 1ull << 40;
  full.lines = 12;
  full.records = 9;
  full.records_used = 8;
  full.meta_lines = 7;
  full.blank_lines = 1;
  full.skipped_lines = 2;
  full.header_blocks = 2;
  full.last_line_unterminated = true;
  full.not_a_log = true;
  full.skipped = {{0, "the whole file"}, {12, "a line of 3 fields, \xff not 21"}};
  full.limits = {{"max_line_bytes", 1}, {"max_memory_mib", 3}};
  full.first_ts = -1.5;
  full.last_ts = 1.7e9;
  InputStats empty;  // no timestamps, no reasons
  empty.name = std::string("nul\0name", 8);

  StateWriter w;
  w.records(std::vector<InputStats>{full, empty});
  std::string bytes = w.take();
  StateReader r(bytes);
  auto back = r.records<InputStats>("input statistics");
  EXPECT_TRUE(r.at_end());
  ASSERT_EQ(back.size(), 2u);
  EXPECT_TRUE(same_fields(back[0], full));
  EXPECT_TRUE(same_fields(back[1], empty));
  EXPECT_EQ(back[0].skipped[1].reason, full.skipped[1].reason);
  EXPECT_EQ(back[0].last_ts, 1.7e9);
  EXPECT_FALSE(back[1].first_ts.has_value());
  EXPECT_EQ(back[1].name.size(), 8u);
}

TEST(EngineState, TheSchemaNamesEveryField) {
  std::string schema = state_schema<InputStats>();
  for (const char* field :
       {"(name:s,", "bytes:u", "last_line_unterminated:b", "skipped:[(line:u,reason:s)]",
        "limits:{u}", "first_ts:?d", "last_ts:?d", "apps_named:u,", "continues:b)"})
    EXPECT_NE(schema.find(field), std::string::npos) << field << " in " << schema;
}

TEST(EngineState, ACaptureWithItsInputsRoundTripsToTheSameReport) {
  auto logs = varied_logs();
  for (const char* config : {"", R"({"profile":"tinycheck-2020"})"}) {
    SCOPED_TRACE(config);
    std::string whole = one_session(logs, config);
    auto report = nlohmann::ordered_json::parse(whole);
    ASSERT_EQ(report["inputs"].size(), 4u);
    const auto& conn = report["inputs"][1];
    EXPECT_EQ(conn["last_line_unterminated"], true);
    EXPECT_EQ(conn["skipped_lines"], 1);
    EXPECT_FALSE(conn["first_ts"].is_null());
    EXPECT_EQ(report["inputs"][2]["skipped_file"], true);
    EXPECT_EQ(report["inputs"][3]["skipped"][0]["reason"], "truncated gzip data");
    ASSERT_EQ(report["limits_reached"].size(), 1u);
    EXPECT_EQ(report["limits_reached"][0]["limit"], "max_gzip_ratio");
    if (*config == '\0') {
      EXPECT_TRUE(has_alert(report, "IOC-03", "www.example.com")) << whole;
    }
    // All files in one worker, and each file in a worker of its own.
    EXPECT_EQ(merged(logs, config, logs.size()), whole);
    EXPECT_EQ(merged(logs, config, 1), whole);
  }
}

TEST(EngineState, TwoStatesMergeIntoTheReportOfOneSession) {
  auto logs = varied_logs();
  std::string whole = one_session(logs, "");
  EXPECT_EQ(merged(logs, "", 2), whole);
  EXPECT_EQ(merged(logs, "", 3), whole);
}

TEST(EngineState, ADamagedStateIsRefusedWithAClearError) {
  Session worker;
  read_into(worker, varied_logs()[1]);
  std::string state = worker.export_state();

  EXPECT_EQ(merge_error("{\"inputs\": []}"), "not a zeekscope analysis state");
  EXPECT_EQ(merge_error(""), "not a zeekscope analysis state");

  std::string cut = merge_error(std::string_view(state).substr(0, state.size() - 3));
  EXPECT_EQ(cut.rfind("a damaged analysis state: ", 0), 0u) << cut;
  EXPECT_NE(cut.find("ends early"), std::string::npos) << cut;

  std::string tail = merge_error(state + "x");
  EXPECT_EQ(tail, "a damaged analysis state: bytes after the end of the state");

  // A state from a build whose input statistics have other fields is not misread.
  StateWriter other;
  other.bytes("zeekscope-state");
  other.u64(9);
  other.bytes("(name:s,bytes:u)");
  other.u64(0);
  std::string fields = merge_error(other.take());
  EXPECT_NE(fields.find("a damaged analysis state: input statistics written with the fields "
                        "(name:s,bytes:u), where this engine reads (name:s,format:s,"),
            std::string::npos)
      << fields;

  StateWriter older;
  older.bytes("zeekscope-state");
  older.u64(2);
  EXPECT_EQ(merge_error(older.take()),
            "an analysis state of format 2, where this engine reads format 9");

  // A refused state adds no input statistics.
  Session s;
  EXPECT_THROW(s.merge_state(state.substr(0, state.size() - 1)), SessionError);
  EXPECT_EQ(s.finish()["inputs"].size(), 0u);
}
