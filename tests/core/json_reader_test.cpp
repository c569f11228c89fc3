// The JSON reader against ZEEK-LOGS.md section 2.
#include <gtest/gtest.h>

#include <map>

#include "log/log_reader.h"
#include "test_support.h"

using namespace zeekscope;
using Collector = zeekscope::test::RecordCollector;

TEST(JsonReader, NativeZeekJsonWithArraysNullsAndLargeIntegers) {
  Collector c;
  auto stats = zeekscope::test::read_log(
      "dns.log",
      R"({"ts":1591367999.305988,"uid":"C1","id.resp_h":"8.8.8.8","query":"a.example","qtype_name":"A","answers":["1.2.3.4","b.example"],"TTLs":[2230.0,60.0],"rtt":null})"
      "\n"
      R"({"ts":18446743758090351616,"uid":"C2","id.resp_h":"8.8.8.8","query":"c.example","qtype_name":"A","answers":[]})"
      "\n",
      c);
  ASSERT_EQ(c.records.size(), 2u);
  EXPECT_EQ(c.records[0].kind, LogKind::kDns);
  EXPECT_EQ(c.records[0].values[Field::kAnswers],
            (std::vector<std::string>{"1.2.3.4", "b.example"}));
  EXPECT_EQ(c.records[0].values[Field::kTs][0], "1591367999.305988");
  EXPECT_EQ(c.records[1].values[Field::kTs][0], "18446743758090351616");  // kept exact, as text
  EXPECT_TRUE(c.records[1].values[Field::kAnswers].empty());
  EXPECT_EQ(stats.format, "json");
  EXPECT_EQ(stats.log_type, "dns");
}

TEST(JsonReader, PathKeyIsoTimesAndNonNativeSpacing) {
  Collector c;
  auto stats = zeekscope::test::read_log(
      "json_streaming_x.log",
      R"({"_path":"ssl","_write_ts":"2018-03-24T17:15:21.000000Z","ts":"2018-03-24T17:15:20.865716Z","id.resp_h":"1.1.1.1","id.resp_p":443,"server_name":"a.example","established":true})"
      "\n"
      R"({"_path": "conn", "ts": 1.5, "id.resp_h": "1.1.1.1", "id.resp_p": 443, "proto": "tcp", "service": "ssl"})"
      "\n",
      c);
  ASSERT_EQ(c.records.size(), 2u);
  EXPECT_EQ(c.records[0].kind, LogKind::kSsl);
  EXPECT_EQ(c.records[0].values[Field::kEstablished][0], "T");
  EXPECT_EQ(c.records[0].values[Field::kRespP][0], "443");
  EXPECT_EQ(c.records[1].kind, LogKind::kConn);
  EXPECT_EQ(stats.log_type, "mixed");
  ASSERT_TRUE(stats.first_ts);
  EXPECT_DOUBLE_EQ(*stats.first_ts, 1.5);
  EXPECT_NEAR(*stats.last_ts, 1521911720.865716, 1e-6);
}

TEST(JsonReader, Bro26BareNanAndInfAreNull) {
  Collector c;
  auto stats = zeekscope::test::read_log(
      "conn.log",
      R"({"ts":1.0,"id.resp_h":"1.2.3.4","id.resp_p":80,"proto":"tcp","duration":nan,"orig_bytes":inf,"resp_bytes":-inf,"conn_state":"SF","history":"nan-inf"})"
      "\n",
      c);
  ASSERT_EQ(c.records.size(), 1u) << (stats.skipped.empty() ? "" : stats.skipped[0].reason);
  EXPECT_FALSE(c.records[0].values.count(Field::kOrigBytes));
  EXPECT_FALSE(c.records[0].values.count(Field::kRespBytes));
}

TEST(JsonReader, NestedObjectsAreFlattened) {
  Collector c;
  zeekscope::test::read_log(
      "conn.log",
      R"({"ts":1.0,"id":{"orig_h":"10.0.0.2","resp_h":"1.2.3.4","resp_p":443},"proto":"tcp","conn_state":"S0"})"
      "\n",
      c);
  ASSERT_EQ(c.records.size(), 1u);
  EXPECT_EQ(c.records[0].kind, LogKind::kConn);
  EXPECT_EQ(c.records[0].values[Field::kRespH][0], "1.2.3.4");
  EXPECT_EQ(c.records[0].values[Field::kOrigH][0], "10.0.0.2");
}

TEST(JsonReader, InvalidLinesAreSkippedWithLineAndColumn) {
  Collector c;
  auto stats = zeekscope::test::read_log(
      "x509.log",
      "{\"ts\":1.0,\"fingerprint\":\"ab\",\"certificate.subject\":\"CN=a\"}\n"
      "{\"ts\":1.0,\"fingerprint\":\n"
      "{\"ts\":2.0} trailing\n"
      "[1,2]\n",
      c);
  EXPECT_EQ(c.records.size(), 1u);
  EXPECT_EQ(stats.skipped_lines, 3u);
  ASSERT_EQ(stats.skipped.size(), 3u);
  EXPECT_EQ(stats.skipped[0].line, 2u);
  EXPECT_NE(stats.skipped[0].reason.find("invalid JSON"), std::string::npos);
  EXPECT_EQ(stats.skipped[1].line, 3u);
}

TEST(JsonReader, InvalidUtf8IsKeptAsBytes) {
  Collector c;
  zeekscope::test::read_log("http.log",
                            std::string("{\"ts\":1.0,\"id.resp_h\":\"1.2.3.4\",\"host\":"
                                        "\"bad\xff\xfehost\",\"method\":\"GET\"}\n"),
                            c);
  ASSERT_EQ(c.records.size(), 1u);
  EXPECT_EQ(c.records[0].values[Field::kHost][0], std::string("bad\xff\xfehost"));
}
