// The TSV reader cuts conn records straight into ConnFields for a sink that takes them (the
// capture); a sink that does not gets generic Records. Both ways must build the same capture
// and the same reading statistics, on hostile lines and on every conn log of the shared data.
#include <algorithm>

#include "capture/aggregator.h"
#include "capture/state_codec.h"
#include "log/log_reader.h"
#include "test_support.h"

using namespace zeekscope;
using namespace zeekscope::test;

namespace {

// Hands the aggregator generic Records only (it does not say it takes ConnFields).
class RecordsOnly : public RecordSink {
 public:
  explicit RecordsOnly(Aggregator& a) : a_(a) {}
  Refusal on_record(const Record& r) override { return a_.on_record(r); }
  void flush() override { a_.flush(); }

 private:
  Aggregator& a_;
};

struct Read {
  std::string state;  // the capture's snapshot
  InputStats stats;
  uint64_t read_whole = 0;  // records read straight from chunks
};

// Reads `text` in pieces of `chunk` bytes (0: whole) into a fresh capture.
Read read(const std::string& text, bool conn_fields, size_t chunk = 0,
          std::vector<IpAddress> devices = {}, CaptureLimits limits = {},
          ReaderLimits reader_limits = {}) {
  Capture capture;
  Aggregator aggregator(capture, std::move(devices), limits);
  RecordsOnly records_only(aggregator);
  RecordSink& sink = conn_fields ? static_cast<RecordSink&>(aggregator) : records_only;
  EXPECT_EQ(sink.takes_conn_fields(), conn_fields);
  LogReader reader("conn.log", sink, reader_limits);
  if (chunk == 0) chunk = std::max<size_t>(text.size(), 1);
  for (size_t at = 0; at < text.size(); at += chunk)
    reader.feed(std::string_view(text).substr(at, chunk));
  reader.finish();
  StateWriter w;
  aggregator.snapshot(w);
  return {w.take(), reader.stats(), reader.conn_lines_read_whole()};
}

void expect_same_stats(const InputStats& a, const InputStats& b) {
  EXPECT_EQ(a.bytes, b.bytes);
  EXPECT_EQ(a.lines, b.lines);
  EXPECT_EQ(a.meta_lines, b.meta_lines);
  EXPECT_EQ(a.blank_lines, b.blank_lines);
  EXPECT_EQ(a.header_blocks, b.header_blocks);
  EXPECT_EQ(a.last_line_unterminated, b.last_line_unterminated);
  EXPECT_EQ(a.records, b.records);
  EXPECT_EQ(a.records_used, b.records_used);
  EXPECT_EQ(a.skipped_lines, b.skipped_lines);
  ASSERT_EQ(a.skipped.size(), b.skipped.size());
  for (size_t i = 0; i < a.skipped.size(); ++i) {
    EXPECT_EQ(a.skipped[i].line, b.skipped[i].line);
    EXPECT_EQ(a.skipped[i].reason, b.skipped[i].reason);
  }
  EXPECT_EQ(a.limits, b.limits);
  EXPECT_EQ(a.first_ts, b.first_ts);
  EXPECT_EQ(a.last_ts, b.last_ts);
  EXPECT_EQ(a.log_type, b.log_type);
  EXPECT_EQ(a.format, b.format);
}

const std::vector<std::string> kFields = {"ts",        "uid",        "id.orig_h",  "id.orig_p",
                                          "id.resp_h", "id.resp_p",  "proto",      "service",
                                          "duration",  "orig_bytes", "resp_bytes", "conn_state"};

std::string block(const std::string& service_type, const std::string& uid_type,
                  const std::vector<std::string>& rows) {
  return tsv("conn", kFields,
             {"time", uid_type, "addr", "port", "addr", "port", "enum", service_type, "interval",
              "count", "count", "string"},
             rows);
}

// Unset and empty values in every column the capture reads, escapes, sets, bad column counts,
// a trailing separator, a bad time, CRLF; the same rows under a plain service, a set-typed
// service, and a set-typed uid (a block the reader leaves to the generic path).
std::string hostile_conn_log() {
  const std::vector<std::string> rows = {
      "1.5\tCa\t10.0.0.2\t5000\t192.0.2.1\t443\ttcp\tssl\t1.0\t100\t200\tSF",
      "2.5\tCb\t10.0.0.2\t5000\t192.0.2.1\t443\ttcp\tssl\t1.0\t-\t(empty)\tSF",
      "3.5\t-\t10.0.0.3\t5000\t192.0.2.1\t443\ttcp\t-\t1.0\t1\t2\tSF",
      "-\tCc\t-\t-\t192.0.2.2\t53\tudp\tdns\t-\t-\t-\tS0",
      "4.5\tCd\t10.0.0.2\t1\t-\t53\tudp\tdns\t-\t5\t5\tS0",
      "5.5\t(empty)\t10.0.0.2\t1\t192.0.2.\\x33\t8\\x30\t(empty)\t(empty)\t-\t7\t8\tSF",
      "6.5\tCe\t10.0.0.2\t1\t192.0.2.4\t-\t-\tssl,http\t-\t9\t9\tSF",
      "7.5\tCf\t10.0.0.2\t1\t192.0.2.4\t80\ttcp\thttp\\x2cssl\t-\t9\t9\tSF",
      "8.5\tCg\t10.0.0.2\t1\t192.0.2.5\t80\ttcp\ta\\\\b\t-\t9\t9\tSF",
      "not-a-time\tCh\t10.0.0.2\t1\t192.0.2.5\t80\ttcp\thttp\t-\t9\t9\tSF",
      "9.5\tCi\t10.0.0.2\t1\t192.0.2.5\t80\ttcp\thttp\t-\t9\t9",
      "9.6\tCj\t10.0.0.2\t1\t192.0.2.5\t80\ttcp\thttp\t-\t9\t9\tSF\textra",
      "9.7\tCk\t10.0.0.2\t1\t192.0.2.6\t80\ttcp\thttp\t-\t9\t9\tSF\t",
      "9.8\tCl\t10.0.0.2\t1\t192.0.2.6\t80\ttcp\thttp\t-\t9\t9\tSF\r",
      "9.9\tCm,Cn\t10.0.0.9\t1\t192.0.2.7\t80\ttcp\tssl,http\t-\t12345678901234567890\t9\tSF",
      "9.95\tCo\t10.0.0.2\t1\t192.0.2.8\t80\ttcp\thttp\t-\t\\x31\\x32\t3\tSF",
  };
  return block("string", "string", rows) + block("set[string]", "string", rows) +
         block("string", "set[string]", rows);
}

}  // namespace

TEST(ConnFields, HostileConnLinesBuildTheSameCaptureBothWays) {
  const std::string text = hostile_conn_log();
  for (size_t chunk : {size_t(0), size_t(1), size_t(7), size_t(64), size_t(100), size_t(1000)}) {
    Read fast = read(text, true, chunk), generic = read(text, false, chunk);
    EXPECT_EQ(fast.state, generic.state) << "chunk " << chunk;
    expect_same_stats(fast.stats, generic.stats);
    EXPECT_EQ(generic.read_whole, 0u);
  }
  // Not vacuous: the log has records, skipped lines and destinations, and most of its plain
  // records were read straight from the chunk.
  Read r = read(text, true);
  EXPECT_EQ(r.stats.records, 42u);
  EXPECT_EQ(r.stats.skipped_lines, 6u);
  EXPECT_GT(r.state.size(), 200u);
  EXPECT_GT(r.read_whole, 5u);
}

// Lines the chunk reader must leave to the line-by-line path, between plain ones: blank and
// white-space lines, comments, a JSON record, escapes, CRLF, wrong column counts,
// lines over max_line_bytes; then a second block with other columns and a space separator,
// and a block that is not conn. Read whole, in small pieces, and with pieces that cut every
// line, by a reader with a low line limit.
TEST(ConnFields, ChunkReaderLeavesOddLinesToTheLineByLinePath) {
  const std::string plain = "10.5\tCp\t10.0.0.2\t1\t198.51.100.1\t443\ttcp\tssl\t1\t3\t4\tSF";
  const std::vector<std::string> rows = {
      plain,
      "",
      "   ",
      "\t10.6\tCq\t10.0.0.2\t1\t198.51.100.2\t443\ttcp\tssl\t1\t3\t4",
      "#a comment in the middle",
      R"({"ts": 11.5, "uid": "Cr", "id.resp_h": "198.51.100.3", "id.resp_p": 80, "proto": "tcp"})",
      "11.6\tCs\t10.0.0.2\t1\t198.51.100.4\t80\ttcp\thttp\\x2dx\t1\t3\t4\tSF",
      "11.7\tCt\t10.0.0.2\t1\t198.51.100.5\t80\ttcp\thttp\t1\t3\t4\tSF\r",
      "11.9\tCv\t10.0.0.2\t1\t198.51.100.7\t80\ttcp",
      "12.0\tCw\t10.0.0.2\t1\t198.51.100.8\t80\ttcp\thttp\t1\t3\t4\tSF\tx\ty",
      "12.1\tCx\t10.0.0.2\t1\t198.51.100.9\t80\ttcp\thttp\t1\t3\t4\tSF\t" + std::string(300, 'y'),
      plain,
  };
  std::string text = block("string", "string", rows);
  text +=
      "#close\t2026-11-01-00-00-00\n#separator \\x20\n#set_separator ,\n"
      "#empty_field (empty)\n#unset_field -\n#path conn\n"
      "#fields id.resp_h proto id.resp_p ts uid service orig_bytes resp_bytes\n"
      "#types addr enum port time string string count count\n"
      "203.0.113.1 tcp 443 13.5 Cy ssl 5 6\n"
      " 203.0.113.2 tcp 443 13.6 Cz ssl 5 6\n"
      "203.0.113.3 udp 53 13.7 Da dns - -\n";
  text +=
      tsv("dns", {"ts", "uid", "query"}, {"string", "string", "string"}, {"14.5\tDb\texample.com"});
  text += block("string", "string", {plain, plain});
  ReaderLimits low;
  low.max_line_bytes = 200;
  for (size_t chunk : {size_t(0), size_t(3), size_t(64), size_t(257)}) {
    Read fast = read(text, true, chunk, {}, {}, low),
         generic = read(text, false, chunk, {}, {}, low);
    EXPECT_EQ(fast.state, generic.state) << "chunk " << chunk;
    expect_same_stats(fast.stats, generic.stats);
  }
  Read r = read(text, true, 0, {}, {}, low);
  EXPECT_EQ(r.stats.limits["max_line_bytes"], 1u);
  EXPECT_GE(r.stats.skipped_lines, 3u);  // two column counts and the long line
  // Plain lines of both conn blocks before the dns block were read straight from the chunk (at
  // most four: after a block the fast reader cannot take, the rest of a chunk goes line by
  // line, and a line that shares 64 bytes with a backslash may too).
  EXPECT_GE(r.read_whole, 3u);
  EXPECT_LE(r.read_whole, 4u);
  EXPECT_EQ(r.stats.log_type, "mixed");
}

TEST(ConnFields, DeviceFilterAndLimitsAgreeBothWays) {
  const std::string text = hostile_conn_log();
  auto device = IpAddress::parse("10.0.0.2");
  ASSERT_TRUE(device);
  Read fast = read(text, true, 0, {*device}), generic = read(text, false, 0, {*device});
  EXPECT_EQ(fast.state, generic.state);
  expect_same_stats(fast.stats, generic.stats);
  CaptureLimits limits;
  limits.max_destinations = 3;
  fast = read(text, true, 0, {}, limits);
  generic = read(text, false, 0, {}, limits);
  EXPECT_EQ(fast.state, generic.state);
  expect_same_stats(fast.stats, generic.stats);
  EXPECT_GT(fast.stats.limits["max_destinations"], 0u);
}

namespace {

// Checks every shared TSV conn log that is (or is not) gzip-compressed; returns how many had
// records.
size_t check_shared_conn_logs(bool gzip) {
  size_t logs = 0;
  for (const auto& path : list_files(shared_data() + "/zeek")) {
    std::string name = path.substr(path.rfind('/') + 1);
    if (name.find("conn") == std::string::npos || name.find(".json") != std::string::npos) continue;
    if (name.ends_with(".gz") != gzip) continue;
    std::string text = read_file(path);
    if (text.empty() || text.front() == '{') continue;  // JSON lines: not this reader's input
    Read fast = read(text, true), generic = read(text, false);
    EXPECT_EQ(fast.state, generic.state) << path;
    expect_same_stats(fast.stats, generic.stats);
    logs += fast.stats.records > 0;
  }
  return logs;
}

}  // namespace

TEST(ConnFields, EveryUncompressedSharedTsvConnLogBuildsTheSameCaptureBothWays) {
  ZS_REQUIRE_SHARED(shared_data() + "/zeek");
  EXPECT_GT(check_shared_conn_logs(false), 40u);
}

TEST(ConnFields, EveryGzipSharedTsvConnLogBuildsTheSameCaptureBothWays) {
  ZS_REQUIRE_SHARED(shared_data() + "/zeek");
  ZS_REQUIRE_GZIP();
  EXPECT_GT(check_shared_conn_logs(true), 45u);
}
