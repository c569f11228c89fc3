// The native CLI end to end: formats, exit codes, --fail-on, bad paths, gzip input.
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "common/sha256.h"
#include "test_support.h"

namespace fs = std::filesystem;
using namespace zeekscope::test;

namespace {

struct Result {
  int code;
  std::string out;
};

std::string read_all(FILE* f) {
  std::string out;
  char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  return out;
}

// This machine's folders, which no report may name: the test folders, the sources, shared data.
std::vector<std::string> local_paths() {
  std::error_code ec;
  return {fs::temp_directory_path().string() + "/", source_dir() + "/",
          fs::weakly_canonical(shared_data(), ec).string() + "/", shared_data() + "/"};
}

// Runs the CLI: its output, then what it wrote on stderr. Every report `analyze` writes to
// standard output is checked for local paths.
Result cli(const std::string& args) {
  fs::path err = fs::temp_directory_path() / ("zeekscope-cli-stderr-" + std::to_string(::getpid()));
  std::string cmd = std::string(ZS_CLI_PATH) + " " + args + " 2>" + err.string();
  FILE* p = popen(cmd.c_str(), "r");
  std::string out = read_all(p);
  int status = pclose(p);
  if (args.starts_with("analyze")) {
    for (const auto& local : local_paths()) {
      EXPECT_EQ(out.find(local), std::string::npos) << local << " in the report of " << args;
    }
  }
  if (FILE* f = std::fopen(err.c_str(), "rb")) {
    out += read_all(f);
    std::fclose(f);
  }
  fs::remove(err);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

class Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    if (std::string(ZS_CLI_PATH).empty()) GTEST_SKIP() << "the native CLI is not built here";
    dir_ = fs::temp_directory_path() / ("zeekscope-cli-" + std::to_string(::getpid()));
    fs::create_directories(dir_ / "logs");
    std::ofstream(dir_ / "logs" / "dns.log") << dns_log({"1|spy.example|A|198.51.100.66"});
    std::ofstream(dir_ / "logs" / "conn.log")
        << conn_log({"1|C1|10.0.0.2|198.51.100.66|8080|tcp|-"});
    std::ofstream(dir_ / "feed.txt") << "spy.example\n";
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }
  std::string p(const std::string& rel) {
    std::string quoted(1, '\'');
    quoted.append((dir_ / rel).string());
    quoted.push_back('\'');
    return quoted;
  }
  // A report must not carry this machine's paths: the test folder, the sources, shared data.
  void expect_no_local_path(const std::string& report) {
    std::error_code ec;
    for (const fs::path& p : {dir_, fs::path(source_dir()), fs::path(shared_data()),
                              fs::weakly_canonical(shared_data(), ec)})
      EXPECT_EQ(report.find(p.string()), std::string::npos) << p << " in\n" << report;
  }
  fs::path dir_;
};

}  // namespace

TEST_F(Cli, JsonTextAndOut) {
  auto json = cli("analyze " + p("logs") + " --iocs domain/stalkerware:" + p("feed.txt"));
  ASSERT_EQ(json.code, 0) << json.out;
  auto report = nlohmann::json::parse(json.out);
  EXPECT_EQ(report["tool"]["engine"], "native");
  EXPECT_EQ(report["inputs"].size(), 2u);
  // Named inside the folder given, never by a local path; sorted.
  EXPECT_EQ(report["inputs"][0]["name"], "logs/conn.log");
  EXPECT_EQ(report["indicators"][1]["name"], "feed.txt");
  expect_no_local_path(json.out);
  auto text = cli("analyze " + p("logs") + " --iocs domain/stalkerware:" + p("feed.txt") +
                  " --format text");
  EXPECT_EQ(text.code, 0);
  EXPECT_NE(text.out.find("[IOC-03] spy.example is a known stalkerware domain"), std::string::npos)
      << text.out;
  auto out = cli("analyze " + p("logs") + " --iocs domain/stalkerware:" + p("feed.txt") +
                 " --out " + p("report.json"));
  EXPECT_EQ(out.code, 0);
  EXPECT_EQ(out.out, "");
  EXPECT_TRUE(fs::exists(dir_ / "report.json"));
}

TEST_F(Cli, WarnsWhenNoIndicatorListWasUsed) {
  auto none = cli("analyze " + p("logs") + " --out " + p("none.json"));
  EXPECT_EQ(none.code, 0);
  EXPECT_NE(none.out.find("warning: no indicator list was used"), std::string::npos) << none.out;
  std::ifstream in(dir_ / "none.json");
  auto report = nlohmann::json::parse(in);
  EXPECT_EQ(report["summary"]["indicators_checked"], false);
  auto with = cli("analyze " + p("logs") + " --iocs domain/stalkerware:" + p("feed.txt") +
                  " --out " + p("with.json"));
  EXPECT_EQ(with.out.find("no indicator list"), std::string::npos) << with.out;
}

TEST_F(Cli, FailOnLevels) {
  std::string base = "analyze " + p("logs") + " --iocs domain/stalkerware:" + p("feed.txt");
  EXPECT_EQ(cli(base + " --fail-on high").code, 3);
  EXPECT_EQ(cli("analyze " + p("logs") + " --fail-on high").code, 0);  // only Low/Moderate
  EXPECT_EQ(cli("analyze " + p("logs") + " --fail-on low").code, 3);
  EXPECT_EQ(cli("analyze " + p("logs") + " --fail-on moderate --config /dev/null").code, 2);
}

TEST_F(Cli, ReportsNameNoLocalPathRedactAndMakeACaseFile) {
  // The feed as `zeekscope fetch-feeds` writes it: SOURCES.json names it, with date and licence.
  fs::create_directories(dir_ / "feeds");
  std::ofstream(dir_ / "feeds" / "list.txt") << "spy.example\n";
  std::ofstream(dir_ / "feeds" / "SOURCES.json")
      << R"({"sources": [{"name": "Example feed: list.txt", "file": "list.txt",
            "fetched": "2026-11-30T10:00:00.000Z", "licence": "CC BY 4.0, Example"}]})";
  std::string args = "analyze " + p("logs") + " " + p("logs/conn.log") +
                     " --iocs domain/stalkerware:" + p("feeds/list.txt") + " --device 10.0.0.2";
  auto json = cli(args + " 2>/dev/null");
  ASSERT_EQ(json.code, 0) << json.out;
  expect_no_local_path(json.out);
  auto report = nlohmann::json::parse(json.out);
  EXPECT_EQ(report["inputs"][2]["name"], "conn.log");  // a file given: its base name
  EXPECT_EQ(report["indicators"][1]["name"], "Example feed: list.txt");
  EXPECT_EQ(report["indicators"][1]["date"], "2026-11-30");
  EXPECT_EQ(report["indicators"][1]["licence"], "CC BY 4.0, Example");
  // --redact: the phone's address gone, in every format.
  for (const char* format : {"json", "text"}) {
    auto redacted = cli(args + " --redact --format " + format + " 2>/dev/null");
    ASSERT_EQ(redacted.code, 0) << redacted.out;
    EXPECT_EQ(redacted.out.find("10.0.0.2"), std::string::npos) << redacted.out;
    EXPECT_NE(redacted.out.find("local-address-1"), std::string::npos) << redacted.out;
    EXPECT_NE(redacted.out.find("spy.example"), std::string::npos);
    expect_no_local_path(redacted.out);
  }
  // The case file, with its JSON beside it: each input's SHA-256 of the bytes on disk.
  auto made = cli(args + " --redact --format case --out " + p("case.html"));
  ASSERT_EQ(made.code, 0) << made.out;
  std::string html = read_file((dir_ / "case.html").string());
  std::string case_json = read_file((dir_ / "case.json").string());
  for (const std::string* text : {&html, &case_json}) {
    expect_no_local_path(*text);
    EXPECT_EQ(text->find("10.0.0.2"), std::string::npos);
  }
  auto c = nlohmann::json::parse(case_json);
  std::string conn = read_file((dir_ / "logs/conn.log").string());
  EXPECT_EQ(c["inputs"][0]["sha256"],
            zeekscope::sha256_hex({reinterpret_cast<const uint8_t*>(conn.data()), conn.size()}));
  EXPECT_EQ(c["inputs"][2]["sha256"], c["inputs"][0]["sha256"]);
  EXPECT_NE(html.find(c["inputs"][1]["sha256"].get<std::string>()), std::string::npos);
  EXPECT_TRUE(c["redaction"].is_object());
  EXPECT_NE(html.find("CC BY 4.0, Example"), std::string::npos);
  EXPECT_NE(html.find("2026-11-30"), std::string::npos);
}

TEST_F(Cli, UsageErrorsAndUnreadableInputsExit2NamingThem) {
  auto missing = cli("analyze " + p("nope"));
  EXPECT_EQ(missing.code, 2);
  EXPECT_NE(missing.out.find("nope: no such file or folder"), std::string::npos);
  auto bad_option = cli("analyze " + p("logs") + " --frobnicate");
  EXPECT_EQ(bad_option.code, 2);
  EXPECT_NE(bad_option.out.find("unknown option --frobnicate"), std::string::npos);
  EXPECT_EQ(cli("").code, 2);
  EXPECT_EQ(cli("analyze " + p("logs") + " --format xml").code, 2);
  std::ofstream(dir_ / "config.json") << "{\"max_port\": 3}";
  auto config = cli("analyze " + p("logs") + " --config " + p("config.json"));
  EXPECT_EQ(config.code, 2);
  EXPECT_NE(config.out.find("config key \"max_port\": unknown key"), std::string::npos);
  auto feed = cli("analyze " + p("logs") + " --iocs " + p("missing-feed.json"));
  EXPECT_EQ(feed.code, 2);
  EXPECT_NE(feed.out.find("missing-feed.json"), std::string::npos);
  // A malformed feed is a warning: the analysis goes on.
  std::ofstream(dir_ / "broken.json") << "{\"iocs\": [";
  auto broken = cli("analyze " + p("logs") + " --iocs " + p("broken.json") + " --format text");
  EXPECT_EQ(broken.code, 0);
  EXPECT_NE(broken.out.find("warning: broken.json: "), std::string::npos) << broken.out;
}

TEST_F(Cli, AnUntypedFeedIsAKnownFormatElseAListOfDomains) {
  // A hosts-file style list: '#' comments first. Given without TYPE it is read as domains, as
  // with domain:FILE.
  std::ofstream(dir_ / "hosts.txt") << "# stalkerware\n0.0.0.0 spy.example\n";
  auto untyped = cli("analyze " + p("logs") + " --iocs " + p("hosts.txt"));
  auto typed = cli("analyze " + p("logs") + " --iocs domain:" + p("hosts.txt"));
  ASSERT_EQ(untyped.code, 0) << untyped.out;
  auto report = nlohmann::json::parse(untyped.out);
  EXPECT_EQ(report, nlohmann::json::parse(typed.out));
  bool found = false;
  for (const auto& a : report["alerts"]) found |= a["id"] == "IOC-03" && a["host"] == "spy.example";
  EXPECT_TRUE(found);
  // A known format is still recognised by content; JSON of no known format is a warning.
  std::ofstream(dir_ / "iocs.json")
      << R"({"iocs":[{"type":"domain","tag":"stalkerware","value":"spy.example"}]})";
  auto json = nlohmann::json::parse(cli("analyze " + p("logs") + " --iocs " + p("iocs.json")).out);
  EXPECT_EQ(json["indicators"][1]["format"], "tinycheck-json");
  std::ofstream(dir_ / "other.json") << R"({"Attribute": []})";
  auto other = cli("analyze " + p("logs") + " --iocs " + p("other.json") + " --format text");
  EXPECT_EQ(other.code, 0);
  EXPECT_NE(other.out.find("other.json: not a known indicator format"), std::string::npos)
      << other.out;
}

TEST_F(Cli, NameserverAnswersRunIoc06) {
  std::ofstream(dir_ / "ns.json") << R"({"spy.example": ["ns1.njalla.no."]})";
  std::ofstream(dir_ / "ns-feed.txt") << "njalla.no\n";
  auto r = cli("analyze " + p("logs/dns.log") + " --iocs ns:" + p("ns-feed.txt") +
               " --ns-answers " + p("ns.json"));
  ASSERT_EQ(r.code, 0) << r.out;
  auto report = nlohmann::json::parse(r.out);
  bool found = false;
  for (const auto& a : report["alerts"]) found |= a["id"] == "IOC-06" && a["host"] == "spy.example";
  EXPECT_TRUE(found);
}

TEST_F(Cli, GzipMultiMemberAndCorrupt) {
  std::string data = shared_data() + "/zeek";
  ZS_REQUIRE_SHARED(data + "/derived-constructed/conn.multimember.log.gz");
  std::string feed = " --iocs domain/stalkerware:" + p("feed.txt");  // no warning on stderr
  auto multi = cli("analyze '" + data + "/derived-constructed/conn.multimember.log.gz'" + feed);
  auto plain = cli("analyze '" + data + "/derived-constructed/conn.concat-2-rotations.log'" + feed);
  auto a = nlohmann::json::parse(multi.out), b = nlohmann::json::parse(plain.out);
  EXPECT_EQ(a["inputs"][0]["records"], b["inputs"][0]["records"]);  // both members decoded
  EXPECT_EQ(a["inputs"][0]["header_blocks"], 2);
  EXPECT_EQ(a["destinations"], b["destinations"]);
  EXPECT_GT(a["inputs"][0]["records"].get<int>(), 1000);
  auto corrupt =
      cli("analyze '" + data + "/supercowpowers-zat/data/http.log.corrupt.gz' --format text");
  EXPECT_EQ(corrupt.code, 0);
  EXPECT_NE(corrupt.out.find("http.log.corrupt.gz: truncated gzip data"), std::string::npos)
      << corrupt.out;
}

// zeekscope logs: a btest trace folder (its capture found by content, Zeek's logs beside it
// ignored) to Zeek logs, which zeekscope analyze then reads; JSON too; usage errors exit 2.
TEST_F(Cli, LogsFromACaptureReadBackIntoAnalyze) {
  std::string trace = shared_data() + "/pcap/zeek-btest/scripts.base.protocols.http.http-no-crlf";
  ZS_REQUIRE_SHARED(trace);
  Result made = cli("logs '" + trace + "' --out " + p("zeek"));
  ASSERT_EQ(made.code, 0) << made.out;
  EXPECT_NE(made.out.find("1519 packets, 1 connections"), std::string::npos) << made.out;
  EXPECT_TRUE(fs::exists(dir_ / "zeek" / "conn.log"));
  EXPECT_TRUE(fs::exists(dir_ / "zeek" / "http.log"));
  EXPECT_FALSE(fs::exists(dir_ / "zeek" / "dns.log"));  // no record, no log (as Zeek)
  std::string http = read_file((dir_ / "zeek" / "http.log").string());
  EXPECT_NE(http.find("#path\thttp\n"), std::string::npos);
  EXPECT_NE(http.find("\tPOST\t"), std::string::npos);

  Result analysed = cli("analyze " + p("zeek") + " --iocs " + p("feed.txt"));
  ASSERT_EQ(analysed.code, 0) << analysed.out;
  auto report = nlohmann::json::parse(analysed.out.substr(analysed.out.find('{')));
  uint64_t records = 0;
  for (const auto& input : report["inputs"]) records += input["records"].get<uint64_t>();
  EXPECT_EQ(records, 6u);  // 1 conn + 5 http
  // The capture analysed itself gives the same report, apart from what is said of the files.
  Result direct = cli("analyze '" + trace + "/no_crlf.pcap' --iocs " + p("feed.txt"));
  ASSERT_EQ(direct.code, 0) << direct.out;
  auto findings = [](nlohmann::json r) {
    for (const char* k : {"inputs", "tool"}) r.erase(k);
    for (const char* k : {"files", "records", "notes"}) r["summary"].erase(k);
    return r.dump();
  };
  auto direct_report = nlohmann::json::parse(direct.out.substr(direct.out.find('{')));
  EXPECT_EQ(direct_report["inputs"][0]["log_type"], "capture");
  EXPECT_EQ(findings(direct_report), findings(report));

  Result json = cli("logs '" + trace + "' --out " + p("json") + " --format json");
  ASSERT_EQ(json.code, 0) << json.out;
  std::string conn = read_file((dir_ / "json" / "conn.log").string());
  EXPECT_EQ(conn.rfind("{\"ts\":", 0), 0u) << conn;

  EXPECT_EQ(cli("logs '" + trace + "'").code, 2);                    // no --out
  EXPECT_EQ(cli("logs " + p("logs") + " --out " + p("x")).code, 2);  // no capture there
  EXPECT_EQ(cli("logs '" + trace + "' --out " + p("x") + " --format csv").code, 2);
}
