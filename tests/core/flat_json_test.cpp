// The JSON fast path (scan_flat_json) against the RapidJSON path it stands in for: on every JSON
// line of the shared captures and on crafted lines, both give the same verdict, record and keys;
// lines outside Zeek's compact form are declined and read as before.
#include "log/flat_json.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "log/json_parser.h"
#include "test_support.h"

using namespace zeekscope;

namespace {

struct Parsed {
  bool ok = false;
  std::string error;
  LogKind kind = LogKind::kUnknown;
  std::vector<std::pair<int, std::vector<std::string>>> fields;  // set fields and their items
  std::vector<std::string> keys;
  bool operator==(const Parsed&) const = default;
};

Parsed parse_with(JsonParser& parser, LogKind& file_kind, std::string_view line) {
  Parsed out;
  Record record;
  out.ok = parser.parse(line, file_kind, LogKind::kUnknown, record, out.error);
  if (!out.ok) return out;
  out.kind = record.kind();
  for (size_t f = 0; f < kFieldCount; ++f) {
    auto v = record.get(Field(f));
    if (!v.set) continue;
    out.fields.push_back({int(f), std::vector<std::string>(v.items.begin(), v.items.end())});
  }
  parser.for_each_key([&](std::string_view k) { out.keys.emplace_back(k); });
  return out;
}

// Both paths over the same lines, in order (the file's kind carries from line to line); returns
// how many lines the fast path took.
size_t expect_same(const std::vector<std::string>& lines, const std::string& where) {
  JsonParser fast, slow;
  slow.use_fast_path(false);
  LogKind fast_kind = LogKind::kUnknown, slow_kind = LogKind::kUnknown;
  size_t taken = 0;
  std::vector<JsonEntry> entries;
  std::vector<std::string_view> items;
  std::string arena;
  for (size_t i = 0; i < lines.size(); ++i) {
    Parsed a = parse_with(fast, fast_kind, lines[i]);
    Parsed b = parse_with(slow, slow_kind, lines[i]);
    EXPECT_TRUE(a == b) << where << " line " << i + 1 << ": " << lines[i] << "\nfast: " << a.ok
                        << " " << a.error << "\nslow: " << b.ok << " " << b.error;
    taken += scan_flat_json(lines[i], entries, items, arena);
  }
  return taken;
}

bool accepted(std::string_view line) {
  std::vector<JsonEntry> entries;
  std::vector<std::string_view> items;
  std::string arena;
  return scan_flat_json(line, entries, items, arena);
}

}  // namespace

namespace {

struct JsonCounts {
  size_t lines = 0, taken = 0, files = 0;
};

// Compares both parsers on every shared JSON log that is (or is not) gzip-compressed.
JsonCounts check_shared_json_logs(bool gzip) {
  JsonCounts n;
  for (const auto& f : test::list_files(test::shared_data() + "/zeek")) {
    if (f.ends_with(".gz") != gzip) continue;
    std::string text = test::read_file(f);
    if (text.empty() || text.front() != '{') continue;
    std::vector<std::string> file_lines;
    for (auto line : split(text, '\n'))
      if (!line.empty()) file_lines.emplace_back(line);
    n.taken += expect_same(file_lines, f);
    n.lines += file_lines.size();
    ++n.files;
  }
  return n;
}

}  // namespace

TEST(FlatJson, SameAsRapidJsonOnEveryUncompressedSharedJsonLog) {
  ZS_REQUIRE_SHARED(test::shared_data() + "/zeek");
  JsonCounts n = check_shared_json_logs(false);
  EXPECT_GT(n.files, 50u);
  // Zeek's own JSON is the compact form: the fast path must take nearly all of it.
  EXPECT_GT(n.taken, n.lines * 9 / 10) << n.taken << " of " << n.lines << " lines";
}

TEST(FlatJson, SameAsRapidJsonOnEveryGzipSharedJsonLog) {
  ZS_REQUIRE_SHARED(test::shared_data() + "/zeek");
  ZS_REQUIRE_GZIP();
  JsonCounts n = check_shared_json_logs(true);
  EXPECT_GT(n.files, 50u);
  EXPECT_GT(n.taken, n.lines * 9 / 10) << n.taken << " of " << n.lines << " lines";
}

TEST(FlatJson, TakesFlatObjects) {
  for (
      const char* line : {
          R"({})",
          R"({"ts":1591367999.305988,"uid":"C1","id.resp_h":"8.8.8.8","id.resp_p":53,"proto":"udp"})",
          R"({"answers":["1.2.3.4","b.example"],"TTLs":[2230.0,60.0],"rtt":null,"AA":false,"RD":true})",
          R"({"a":-0,"b":0.25,"c":-12.5,"d":18446743758090351616,"e":[],"f":[null,1,"x",true]})",
          "{\"s\":\"raw UTF-8: caf\xc3\xa9, and a stray byte: \xff\"}",
          R"({"a":1}  )",
          R"( { "a" : 1 , "b" : [ 1 , "x" ] ,"c":true } )",
          R"({"d":1.5e-05,"e":2E+3,"f":-3e7})",
          R"({"a\n":"x\"y\\z\/\b\f\r\t","b":["\"q\"",""]})",
      })
    EXPECT_TRUE(accepted(line)) << line;
}

TEST(FlatJson, DeclinesWhatItDoesNotHandle) {
  for (const char* line : {
           R"({"a":"x\u0041y"})", R"({"a":"x\ay"})", R"({"a":{"b":1}})",   R"({"a":1e300})",
           R"({"a":1e})",         R"({"a":[[1]]})",  R"({"a":[{"b":1}]})", R"({"a":nan})",
           R"({"a":01})",         R"({"a":1.})",     R"({"a":.5})",        R"({"a":-})",
           R"({"a":tru})",        R"({"a":1,})",     R"({"a" 1})",         R"({"a":1}x)",
           R"({"a":"abc)",        R"([1,2])",        R"("text")",          R"({"a":1)",
           R"({"a":[1,2)",        R"({"a":+1})",
       })
    EXPECT_FALSE(accepted(line)) << line;
  std::string long_number = R"({"a":)" + std::string(200, '9') + "}";
  EXPECT_FALSE(accepted(long_number));
}

TEST(FlatJson, SameVerdictsOnCraftedLines) {
  std::vector<std::string> lines = {
      R"({"_path":"conn","ts":1.5,"uid":"C1","id.resp_h":"1.2.3.4","service":["ssl","http"]})",
      R"({"_path":"dns","query":"a.example","qtype_name":"A","answers":["1.2.3.4",null,"x"]})",
      R"({"a": 1, "query":"spaced.example"})",
      R"( {"a" :1 ,"query": "spaced.example" , "answers" : [ "1.2.3.4" ,null ] } )",
      "{\"a\":\f1}",
      R"({"a":1,,"b":2})",
      R"({"a":[1 2]})",
      R"({"query":"esc\u0041ped.example","answers":["a\\b"]})",
      R"({"query":"quoted \"name\".example","answers":["a\\b","c\/d\te"],"sub":"O=x\\, Inc"})",
      R"({"query":"bad \q escape"})",
      R"({"query":"cut \)",
      R"({"query":"ctl \")"
      "\x01"
      R"("})",
      R"({"id":{"orig_h":"10.0.0.1","resp_h":"10.0.0.2"},"query":"nested.example"})",
      R"({"a":01})",
      R"({"a":1.})",
      R"({"a":1e400})",
      R"({"a":1.5e-99,"b":9e99,"c":1e+0})",
      R"({"a":nan,"query":"nan.example"})",
      R"({"a":1}x)",
      R"({"a":"abc)",
      R"([1,2])",
      R"({"a":[[1],2]})",
      R"({"query":"dup","query":"licate"})",
      R"({"a":)" + std::string(400, '9') + "}",
      R"({"a":-)" + std::string(39, '9') + "}",
  };
  EXPECT_GT(expect_same(lines, "crafted"), 2u);
}

TEST(FlatJson, ControlBytesInStringsAreRefusedWhereverTheyFall) {
  // RapidJSON refuses raw bytes below 0x20 in strings; the fast path must decline them at any
  // offset, in its 16-byte blocks and in its tail alike, so both paths refuse the line.
  std::vector<std::string> lines;
  for (int byte = 1; byte < 0x20; ++byte) {
    for (size_t at = 0; at < 40; at += 3) {
      std::string value(40, 'x');
      value[at] = char(byte);
      lines.push_back(R"({"query":")" + value + R"("})");
    }
  }
  EXPECT_EQ(expect_same(lines, "control bytes"), 0u);
  JsonParser parser;
  LogKind kind = LogKind::kUnknown;
  for (const auto& line : lines) EXPECT_FALSE(parse_with(parser, kind, line).ok) << line;
}
