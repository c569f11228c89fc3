// CaptureLogs, what every host's `zeekscope logs` runs: btest traces read whole and in uneven
// chunks give the same logs, a log without rows is not given, uids follow the file's name, and
// what is wrong with a file is said with the file's name and byte offset.
#include "log_writer/capture_logs.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "btest_support.h"
#include "test_support.h"

namespace zeekscope::log_writer {
namespace {

std::vector<std::string> names(const std::vector<ZeekLogFile>& logs) {
  std::vector<std::string> out;
  for (const auto& l : logs) out.push_back(l.name);
  return out;
}

struct Written {
  std::vector<CaptureFileOutcome> outcomes;
  std::vector<ZeekLogFile> logs;
};

// Each (name, bytes) as one file, fed in pieces of `piece` bytes (0: whole).
Written run(const std::vector<std::pair<std::string, std::string>>& files,
            CaptureLogsOptions options, size_t piece = 0) {
  Written r;
  CaptureLogs logs(options);
  for (const auto& [name, bytes] : files) {
    logs.begin_file(name);
    size_t step = piece ? piece : std::max<size_t>(bytes.size(), 1);
    for (size_t at = 0; at < bytes.size(); at += step)
      logs.feed(std::string_view(bytes).substr(at, step));
    r.outcomes.push_back(logs.end_file());
  }
  r.logs = logs.finish();
  return r;
}

std::string trace(const std::string& rel) { return test::btest_dir() + "/" + rel; }

TEST(CaptureLogs, BtestTraceWholeAndInChunksGivesTheSameLogs) {
  std::string path = trace("scripts.base.protocols.http.http-no-crlf/no_crlf.pcap");
  ZS_REQUIRE_SHARED(path);
  std::string bytes = test::read_file(path);
  for (LogFormat format : {LogFormat::kTsv, LogFormat::kJson}) {
    Written whole = run({{path, bytes}}, {format, false});
    ASSERT_EQ(whole.outcomes.size(), 1u);
    EXPECT_TRUE(whole.outcomes[0].read);
    EXPECT_EQ(whole.outcomes[0].packets, 1519u);
    EXPECT_EQ(whole.outcomes[0].connections, 1u);
    EXPECT_EQ(whole.outcomes[0].messages,
              std::vector<std::string>{path + ": 1519 packets, 1 connections"});
    // conn and http only: no dns or ssl record, so no such log (as Zeek).
    EXPECT_EQ(names(whole.logs), (std::vector<std::string>{"conn.log", "http.log"}));
    EXPECT_EQ(whole.logs[0].rows, 1u);
    EXPECT_EQ(whole.logs[1].rows, 5u);
    for (size_t piece : {1u, 7u, 4096u}) {
      Written chunked = run({{path, bytes}}, {format, false}, piece);
      ASSERT_EQ(chunked.logs.size(), whole.logs.size());
      for (size_t i = 0; i < whole.logs.size(); ++i)
        EXPECT_EQ(chunked.logs[i].text, whole.logs[i].text) << piece;
    }
  }
}

TEST(CaptureLogs, UidsFollowTheFileNameNotItsFolder) {
  std::string path = trace("scripts.base.protocols.ssl.tls1_1/tls1_1.pcap");
  ZS_REQUIRE_SHARED(path);
  std::string bytes = test::read_file(path);
  auto conn = [&](const std::string& name) {
    return run({{name, bytes}}, {LogFormat::kTsv, false}).logs.at(0).text;
  };
  EXPECT_EQ(conn("a/tls1_1.pcap"), conn("b\\c\\tls1_1.pcap"));
  EXPECT_NE(conn("a/tls1_1.pcap"), conn("a/other.pcap"));
}

TEST(CaptureLogs, TwoFilesGoIntoOneSetOfLogs) {
  std::string a = trace("scripts.base.protocols.ssl.tls1_1/tls1_1.pcap");
  std::string b = trace("scripts.base.protocols.dns.multiple-txt-strings/dns-txt-multiple.pcap");
  ZS_REQUIRE_SHARED(a);
  Written both = run({{a, test::read_file(a)}, {b, test::read_file(b)}}, {LogFormat::kTsv, false});
  EXPECT_EQ(names(both.logs),
            (std::vector<std::string>{"conn.log", "dns.log", "ssl.log", "x509.log"}));
  Written first = run({{a, test::read_file(a)}}, {LogFormat::kTsv, false});
  Written second = run({{b, test::read_file(b)}}, {LogFormat::kTsv, false});
  EXPECT_EQ(both.logs[0].rows, first.logs[0].rows + second.logs[0].rows);
}

TEST(CaptureLogs, ProblemsNameTheFileAndTheOffset) {
  std::string path = trace("scripts.base.protocols.ssl.tls1_1/tls1_1.pcap");
  ZS_REQUIRE_SHARED(path);
  std::string bytes = test::read_file(path);
  Written r = run({{"cut.pcap", bytes.substr(0, bytes.size() - 10)},
                   {"notes.txt", "just some text\n"},
                   {"empty.pcap", ""}},
                  {LogFormat::kTsv, false});
  ASSERT_EQ(r.outcomes.size(), 3u);
  EXPECT_TRUE(r.outcomes[0].read);
  ASSERT_EQ(r.outcomes[0].messages.size(), 2u);
  EXPECT_EQ(r.outcomes[0].messages[0].rfind("cut.pcap: at byte ", 0), 0u);
  EXPECT_NE(r.outcomes[0].messages[0].find("ends inside a record"), std::string::npos);
  EXPECT_EQ(r.outcomes[0].messages[1], "cut.pcap: 22 packets, 1 connections");
  EXPECT_FALSE(r.outcomes[1].read);
  EXPECT_EQ(r.outcomes[1].messages.back(), "notes.txt: not read (not a pcap or pcapng capture)");
  EXPECT_FALSE(r.outcomes[2].read);
  EXPECT_EQ(r.outcomes[2].messages.front(), "empty.pcap: at byte 0: empty file");
  EXPECT_EQ(names(r.logs), (std::vector<std::string>{"conn.log", "ssl.log", "x509.log"}));

  // A host's read error comes first, and what was read before it counts.
  CaptureLogs logs({LogFormat::kTsv, false});
  logs.begin_file("x.pcap.gz");
  logs.feed(bytes.substr(0, bytes.size() / 2));
  auto outcome = logs.end_file("truncated gzip data: the file ends inside a member");
  EXPECT_TRUE(outcome.read);
  EXPECT_EQ(outcome.messages.front(),
            "x.pcap.gz: truncated gzip data: the file ends inside a member");
}

TEST(CaptureLogs, NothingReadGivesNoLogs) {
  Written r = run({{"a.pcap", "not a capture"}}, {LogFormat::kJson, false});
  EXPECT_TRUE(r.logs.empty());
  EXPECT_FALSE(r.outcomes[0].read);
}

}  // namespace
}  // namespace zeekscope::log_writer
