// The TSV reader against ZEEK-LOGS.md section 1, on hand-written logs.
#include <gtest/gtest.h>

#include <cstdlib>
#include <map>

#include "common/byte_scan.h"
#include "log/log_reader.h"
#include "test_support.h"

using namespace zeekscope;
using Collector = zeekscope::test::RecordCollector;

namespace {

const std::string kHeader =
    "#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tdns\n"
    "#open\t2024-04-12-19-29-12\n"
    "#fields\tts\tuid\tid.resp_h\tquery\tqtype_name\tanswers\tTTLs\t_write_ts\n"
    "#types\ttime\tstring\taddr\tstring\tstring\tvector[string]\tvector[interval]\ttime\n";

}  // namespace

TEST(TsvReader, ReadsFieldsByNameWithUnsetEmptyAndContainers) {
  Collector c;
  auto stats = zeekscope::test::read_log(
      "x.log",
      kHeader +
          "1.5\tC1\t8.8.8.8\tExample.COM\tA\t1.2.3.4,cdn.example.net\t60.0,60.0\t-\n"
          "2.5\tC2\t8.8.8.8\t-\tA\t(empty)\t-\t-\n"
          "#close\t2024-04-12-19-29-13\n",
      c);
  ASSERT_EQ(c.records.size(), 2u);
  EXPECT_EQ(c.records[0].kind, LogKind::kDns);
  EXPECT_EQ(c.records[0].values[Field::kQuery], std::vector<std::string>{"Example.COM"});
  EXPECT_EQ(c.records[0].values[Field::kAnswers],
            (std::vector<std::string>{"1.2.3.4", "cdn.example.net"}));
  EXPECT_FALSE(c.records[1].values.count(Field::kQuery));     // "-" is unset
  EXPECT_TRUE(c.records[1].values.count(Field::kAnswers));    // "(empty)" is set...
  EXPECT_TRUE(c.records[1].values[Field::kAnswers].empty());  // ...with no element
  EXPECT_EQ(stats.lines, 11u);
  EXPECT_EQ(stats.meta_lines, 9u);
  EXPECT_EQ(stats.records, 2u);
  EXPECT_EQ(stats.skipped_lines, 0u);
  EXPECT_EQ(stats.log_type, "dns");
  EXPECT_EQ(stats.format, "tsv");
}

TEST(TsvReader, UnescapesHexBackslashAndReservedWholeValues) {
  Collector c;
  std::string header =
      "#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tssl\n"
      "#fields\tts\tid.resp_h\tserver_name\tsubject\tissuer\tcert_chain_fuids\n"
      "#types\ttime\taddr\tstring\tstring\tstring\tvector[string]\n";
  zeekscope::test::read_log(
      "ssl.log",
      header +
          "1.0\t1.1.1.1\t\\x2d\tO=VMware\\\\, Inc\t\\x28empty)\tF\\x2cA,FB\n"  // "-", "(empty)"
          "1.0\t1.1.1.1\ta\\x09b\\xfc\t-\t-\t-\n",
      c);
  ASSERT_EQ(c.records.size(), 2u);
  EXPECT_EQ(c.records[0].values[Field::kServerName][0], "-");
  EXPECT_EQ(c.records[0].values[Field::kSubject][0], "O=VMware\\, Inc");
  EXPECT_EQ(c.records[0].values[Field::kIssuer][0], "(empty)");
  // The set separator inside an element is escaped, so it splits only on the raw commas.
  EXPECT_EQ(c.records[0].values[Field::kCertChainFuids], (std::vector<std::string>{"F,A", "FB"}));
  EXPECT_EQ(c.records[1].values[Field::kServerName][0], std::string("a\tb\xfc"));
}

TEST(TsvReader, FollowsEachHeaderBlockAndItsSeparators) {
  Collector c;
  std::string text =
      "#separator ||\n#set_separator||;\n#empty_field||EMPTY\n#unset_field||NONE\n#path||http\n"
      "#fields||ts||id.resp_h||host||uri\n#types||time||addr||string||string\n"
      "1.0||5.6.7.8||a.example||/x\n"
      "2.0||5.6.7.8||NONE||EMPTY\n" +
      kHeader + "3.0\tC3\t8.8.8.8\tb.example\tAAAA\t::1\t1.0\t-\n";
  auto stats = zeekscope::test::read_log("mixed.log", text, c);
  ASSERT_EQ(c.records.size(), 3u);
  EXPECT_EQ(c.records[0].kind, LogKind::kHttp);
  EXPECT_EQ(c.records[0].values[Field::kHost][0], "a.example");
  EXPECT_FALSE(c.records[1].values.count(Field::kHost));
  EXPECT_EQ(c.records[1].values[Field::kUri][0], "");
  EXPECT_EQ(c.records[2].kind, LogKind::kDns);
  EXPECT_EQ(stats.header_blocks, 2u);
  EXPECT_EQ(stats.log_type, "mixed");
}

TEST(TsvReader, SkipsWrongColumnCountsAndTruncatedLastLineWithLineNumbers) {
  Collector c;
  auto stats =
      zeekscope::test::read_log("dns.log",
                                kHeader +
                                    "1.0\tC1\t8.8.8.8\ta.example\tA\t1.2.3.4\t1.0\t-\n"
                                    "1.0\tC1\textra\t8.8.8.8\ta.example\tA\t1.2.3.4\t1.0\t-\n"
                                    "1.0\tC1\t8.8.8.8\ta.exa",
                                c);
  EXPECT_EQ(c.records.size(), 1u);
  EXPECT_EQ(stats.skipped_lines, 2u);
  ASSERT_EQ(stats.skipped.size(), 2u);
  EXPECT_EQ(stats.skipped[0].line, 10u);
  EXPECT_EQ(stats.skipped[0].reason, "expected 8 fields, found 9");
  EXPECT_EQ(stats.skipped[1].line, 11u);
  EXPECT_EQ(stats.skipped[1].reason, "expected 8 fields, found 4");
  EXPECT_TRUE(stats.last_line_unterminated);
}

TEST(TsvReader, OldTableTypesExtensionColumnsAndUnknownTypes) {
  Collector c;
  std::string text =
      "#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tconn\n"
      "#fields\t_node_name\tts\tuid\tid.orig_h\tid.resp_h\tid.resp_p\tproto\tservice\ttunnel_"
      "parents\tweird_col\n"
      "#types\tstring\ttime\tstring\taddr\taddr\tport\tenum\tstring\ttable[string]\tint64\n"
      "sensor-1\t1.0\tUWkUyAuUGXf\t10.0.0.2\t1.2.3.4\t8080\ttcp\thttp\t(empty)\t-12\r\n";
  auto stats = zeekscope::test::read_log("conn.log", text, c);
  ASSERT_EQ(c.records.size(), 1u);
  EXPECT_EQ(c.records[0].values[Field::kService][0], "http");  // CRLF stripped
  EXPECT_EQ(c.records[0].values[Field::kRespP][0], "8080");
  EXPECT_EQ(stats.schema_era, "Bro 2.0-2.2");
}

TEST(TsvReader, StrayWhitespaceBeforeTheHeader) {
  Collector c;
  std::string text = "\t" + kHeader + "1.0\tC1\t8.8.8.8\ta.example\tA\t1.2.3.4\t1.0\t-\n";
  auto stats = zeekscope::test::read_log("dns.log", text, c);
  EXPECT_EQ(c.records.size(), 1u);
  EXPECT_EQ(stats.skipped_lines, 0u);
}

TEST(TsvReader, ATextFileIsNotALog) {
  Collector c;
  auto stats =
      zeekscope::test::read_log("conn.log", "Lorem ipsum dolor sit amet\nsecond line\n", c);
  EXPECT_TRUE(stats.not_a_log);
  EXPECT_EQ(stats.skipped_lines, 2u);
  ASSERT_FALSE(stats.skipped.empty());
  EXPECT_EQ(stats.skipped[0].line, 0u);
  EXPECT_NE(stats.skipped[0].reason.find("not a Zeek log"), std::string::npos);
  EXPECT_TRUE(c.records.empty());
}

TEST(TsvReader, KindFromFieldsWhenThereIsNoPath) {
  Collector c;
  std::string text =
      "#separator \\x09\n#fields\tts\tuid\tid.resp_h\tid.resp_p\tproto\tconn_state\n"
      "1.0\tC1\t1.2.3.4\t443\ttcp\tSF\n";
  zeekscope::test::read_log("whatever.txt", text, c);
  ASSERT_EQ(c.records.size(), 1u);
  EXPECT_EQ(c.records[0].kind, LogKind::kConn);
  EXPECT_EQ(c.records[0].values[Field::kRespP][0], "443");
}

TEST(TsvReader, ServiceAsASetIsOneDestination) {
  // A service typed as a set (some exporters write it so) is joined into one key: records of
  // the same destination add up instead of each becoming a new destination.
  std::string log = test::tsv(
      "conn", {"ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "proto", "service"},
      {"time", "string", "addr", "port", "addr", "port", "enum", "set[string]"},
      {"1.0\tC1\t10.0.0.2\t50000\t93.184.216.34\t8080\ttcp\tssl,http",
       "2.0\tC2\t10.0.0.2\t50001\t93.184.216.34\t8080\ttcp\tssl,http"});
  // With room for one destination, the second record must find the first one.
  auto r = test::analyze({{"conn.log", log}}, {}, R"({"limits":{"max_destinations":1}})");
  EXPECT_EQ(r["inputs"][0]["skipped_lines"], 0) << r["inputs"].dump();
  ASSERT_EQ(r["destinations"]["suspect"].size(), 1u) << r["destinations"].dump();
  EXPECT_EQ(r["destinations"]["suspect"][0]["connections"], 2);
  EXPECT_EQ(r["destinations"]["suspect"][0]["services"],
            nlohmann::ordered_json::parse(R"(["http","ssl"])"));
}

// Cells past the last column a reader maps are counted, not handed over: the count, the cells
// before the limit and the backslash flag must be those of a full split, wherever the limit,
// the separators (in 16-byte blocks or the tail) and the backslash fall.
TEST(TsvReader, CellsPastTheLastReadColumnAreCountedOnly) {
  std::srand(7);
  for (int trial = 0; trial < 400; ++trial) {
    std::string line;
    size_t length = size_t(std::rand() % 90);
    for (size_t i = 0; i < length; ++i) {
      int r = std::rand() % 10;
      line += r == 0 ? '\t' : r == 1 && trial % 3 == 0 ? '\\' : char('a' + r);
    }
    std::vector<std::string> full;
    bool full_backslash = false;
    size_t count = for_each_cell(line, '\t', full_backslash, [&](size_t i, std::string_view cell) {
      EXPECT_EQ(i, full.size());
      full.emplace_back(cell);
    });
    ASSERT_EQ(count, full.size());
    EXPECT_EQ(full_backslash, line.find('\\') != std::string::npos);
    for (size_t limit = 0; limit <= count + 1; ++limit) {
      std::vector<std::string> kept;
      bool backslash = !full_backslash;
      size_t n = for_each_cell(
          line, '\t', backslash,
          [&](size_t i, std::string_view cell) {
            EXPECT_LT(i, limit);
            EXPECT_EQ(i, kept.size());
            kept.emplace_back(cell);
          },
          limit);
      EXPECT_EQ(n, count) << "line " << trial << " limit " << limit;
      EXPECT_EQ(backslash, full_backslash);
      ASSERT_EQ(kept.size(), std::min(limit, count));
      for (size_t i = 0; i < kept.size(); ++i) EXPECT_EQ(kept[i], full[i]);
    }
  }
}

TEST(TsvReader, ColumnCountsAreCheckedInTheColumnsNoRuleReads) {
  // A conn.log whose last columns are not read by any rule: a line missing one of them, or
  // with a cell too many, is still skipped; a trailing separator (an empty extra cell) is not.
  const std::string header =
      "#separator \\x09\n#path\tconn\n#fields\tts\tuid\tid.resp_h\tid.resp_p\tproto\tx1\tx2\tx3"
      "\n#types\ttime\tstring\taddr\tport\tenum\tstring\tstring\tstring\n";
  const std::string cells = "1.0\tC1\t192.0.2.1\t443\ttcp\tlong-unread-value-one\tv2";
  Collector c;
  auto stats = zeekscope::test::read_log("conn.log",
                                         header + cells + "\tv3\n" +                  // line 5
                                             cells + "\n" +                           // 6: 7 cells
                                             cells + "\tv3\tv4\n" +                   // 7: 9 cells
                                             cells + "\tv3\t\n" +                     // 8: trailing
                                             cells + "\tv3\tlong-extra-cell-here\n",  // 9: 9 cells
                                         c);
  EXPECT_EQ(c.records.size(), 2u);
  ASSERT_EQ(stats.skipped.size(), 3u);
  EXPECT_EQ(stats.skipped[0].line, 6u);
  EXPECT_EQ(stats.skipped[0].reason, "expected 8 fields, found 7");
  EXPECT_EQ(stats.skipped[1].line, 7u);
  EXPECT_EQ(stats.skipped[1].reason, "expected 8 fields, found 9");
  EXPECT_EQ(stats.skipped[2].line, 9u);
}
