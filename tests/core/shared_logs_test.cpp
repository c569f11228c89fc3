// Every file under ../shared/data/zeek is read without a crash, and its line, record and
// skipped-line counts agree with the real line counts listed in MANIFEST.md.
#include <fstream>

#include "common/text.h"
#include "test_support.h"

using namespace zeekscope;
using namespace zeekscope::test;

namespace {

struct ManifestRow {
  std::string file;
  uint64_t lines;
  std::string format;
};

std::vector<ManifestRow> manifest(const std::string& path) {
  std::vector<ManifestRow> rows;
  std::ifstream in(path);
  std::string line;
  bool table = false;
  while (std::getline(in, line)) {
    if (line.starts_with("| file | bytes |")) {
      table = true;
      continue;
    }
    if (!table || !line.starts_with("| ") || line.starts_with("|---")) continue;
    std::vector<std::string> cells;
    for (auto c : split(line, '|')) cells.emplace_back(trim(c));
    // "", file, bytes, gz, lines, format, ...
    if (cells.size() < 6) continue;
    rows.push_back({cells[1], std::stoull(cells[4]), cells[5]});
  }
  return rows;
}

InputStats read_one(const std::string& name, const std::string& content) {
  Session s;
  s.begin_file(name);
  s.feed(content);
  s.end_file();
  return s.inputs().back();
}

}  // namespace

TEST(SharedLogs, EveryFileMatchesTheManifest) {
  std::string dir = shared_data() + "/zeek";
  ZS_REQUIRE_SHARED(dir + "/MANIFEST.md");
  auto rows = manifest(dir + "/MANIFEST.md");
  ASSERT_GT(rows.size(), 800u);
  // The logs in which lines are really damaged (checked by eye), with the first reason given.
  const std::map<std::string, std::pair<uint64_t, std::string>> damaged = {
      {"activecm-rita/test_data/has_unknown_field/http.log", {1, "expected 30 fields, found 29"}},
      {"activecm-rita/test_data/truncated/conn.log", {1, "expected 21 fields, found 9"}},
      {"activecm-rita/test_data/truncated/conn_json.log",
       {1, "invalid JSON at column 282: Missing a closing quotation mark in string."}},
      {"stratosphere-slips/dataset/test10-mixed-zeek-dir/notice.log",
       {1, "expected 26 fields, found 23"}},
      // btest stdout that lists file names before the logs it prints
      {"zeek-btest/logging-edge-cases-HEAD/scripts.base.frameworks.logging.path-func/output",
       {7, "neither a '#' header nor a JSON object (not a Zeek log line)"}},
      {"zeek-btest/logging-edge-cases-HEAD/scripts.base.frameworks.logging.rotate/out",
       {20, "neither a '#' header nor a JSON object (not a Zeek log line)"}},
  };
  size_t logs = 0, with_skips = 0, not_logs = 0, unread_gzip = 0;
  for (const auto& row : rows) {
    SCOPED_TRACE(row.file);
    std::string path = dir + "/" + row.file;
    ASSERT_TRUE(exists(path));
    if (row.file.ends_with(".corrupt.gz")) continue;  // see Cli.GzipMultiMemberAndCorrupt
    if (row.file.ends_with(".gz") && !can_read_gzip()) {
      ++unread_gzip;
      continue;
    }
    std::string content = read_file(path);
    InputStats s = read_one(row.file, content);
    EXPECT_EQ(s.lines - (s.last_line_unterminated ? 1 : 0), row.lines);
    EXPECT_EQ(s.records + s.meta_lines + s.blank_lines + s.skipped_lines, s.lines);
    bool tsv = row.format == "zeek-tsv";
    bool json = row.format.starts_with("json-lines");
    if (tsv || json) {
      ++logs;
      EXPECT_FALSE(s.not_a_log) << (s.skipped.empty() ? "" : s.skipped[0].reason);
      EXPECT_EQ(s.format, tsv ? "tsv" : "json");
    }
    if (tsv || json) {
      auto d = damaged.find(row.file);
      if (d == damaged.end()) {
        EXPECT_EQ(s.skipped_lines, 0u) << s.skipped[0].reason;
      } else {
        ++with_skips;
        EXPECT_EQ(s.skipped_lines, d->second.first);
        ASSERT_FALSE(s.skipped.empty());
        EXPECT_EQ(s.skipped[0].reason, d->second.second);
      }
    } else if (s.not_a_log) {
      ++not_logs;  // licences, READMEs, label configs: skipped whole, with the reason first
      ASSERT_FALSE(s.skipped.empty());
      EXPECT_EQ(s.skipped[0].line, 0u);
      EXPECT_EQ(s.records, 0u);
    }
  }
  EXPECT_GT(logs + unread_gzip, 700u);
  if (unread_gzip == 0) {
    EXPECT_EQ(with_skips, damaged.size());
  }
  EXPECT_GT(not_logs, 20u);
}
