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

// The logs in which lines are really damaged (checked by eye), with the first reason given.
const std::map<std::string, std::pair<uint64_t, std::string>> kDamaged = {
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

struct Counts {
  size_t logs = 0, with_skips = 0, not_logs = 0;
};

// Reads every MANIFEST row whose file is (or is not) gzip-compressed and checks it.
Counts check_manifest_rows(bool gzip) {
  Counts n;
  std::string dir = shared_data() + "/zeek";
  auto rows = manifest(dir + "/MANIFEST.md");
  EXPECT_GT(rows.size(), 800u);
  for (const auto& row : rows) {
    if (row.file.ends_with(".gz") != gzip) continue;
    if (row.file.ends_with(".corrupt.gz")) continue;  // see Cli.GzipMultiMemberAndCorrupt
    SCOPED_TRACE(row.file);
    std::string path = dir + "/" + row.file;
    EXPECT_TRUE(exists(path));
    if (!exists(path)) continue;
    std::string content = read_file(path);
    InputStats s = read_one(row.file, content);
    EXPECT_EQ(s.lines - (s.last_line_unterminated ? 1 : 0), row.lines);
    EXPECT_EQ(s.records + s.meta_lines + s.blank_lines + s.skipped_lines, s.lines);
    bool tsv = row.format == "zeek-tsv";
    bool json = row.format.starts_with("json-lines");
    if (tsv || json) {
      ++n.logs;
      EXPECT_FALSE(s.not_a_log) << (s.skipped.empty() ? "" : s.skipped[0].reason);
      EXPECT_EQ(s.format, tsv ? "tsv" : "json");
      auto d = kDamaged.find(row.file);
      if (d == kDamaged.end()) {
        EXPECT_EQ(s.skipped_lines, 0u) << (s.skipped.empty() ? "" : s.skipped[0].reason);
      } else {
        ++n.with_skips;
        EXPECT_EQ(s.skipped_lines, d->second.first);
        EXPECT_FALSE(s.skipped.empty());
        if (!s.skipped.empty()) {
          EXPECT_EQ(s.skipped[0].reason, d->second.second);
        }
      }
    } else if (s.not_a_log) {
      ++n.not_logs;  // licences, READMEs, label configs: skipped whole, with the reason first
      EXPECT_FALSE(s.skipped.empty());
      if (!s.skipped.empty()) {
        EXPECT_EQ(s.skipped[0].line, 0u);
      }
      EXPECT_EQ(s.records, 0u);
    }
  }
  return n;
}

}  // namespace

// MANIFEST.md lists 411 uncompressed logs and 359 gzip ones (one more is corrupt on purpose).
TEST(SharedLogs, EveryUncompressedFileMatchesTheManifest) {
  ZS_REQUIRE_SHARED(shared_data() + "/zeek/MANIFEST.md");
  Counts n = check_manifest_rows(false);
  EXPECT_GE(n.logs, 411u);
  EXPECT_EQ(n.with_skips, kDamaged.size());  // every damaged log is uncompressed
  EXPECT_GT(n.not_logs, 20u);
}

TEST(SharedLogs, EveryGzipFileMatchesTheManifest) {
  ZS_REQUIRE_SHARED(shared_data() + "/zeek/MANIFEST.md");
  ZS_REQUIRE_GZIP();
  Counts n = check_manifest_rows(true);
  EXPECT_GE(n.logs, 359u);
  EXPECT_EQ(n.with_skips, 0u);
}
