// The report writer: hostile texts (quotes, backslashes, control bytes, invalid UTF-8) as keys
// and values always give valid JSON that reads back as the text, on the fast path for plain text
// and the escaping path alike, whether the output is whole or streamed in pieces.
#include "report/json_writer.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "common/text.h"

using namespace zeekscope;

namespace {

const std::vector<std::string> kTexts = {
    "",
    "plain.example.com",
    "say \"hi\"",
    "back\\slash",
    std::string("nul\0byte", 8),
    "tab\tnew\nline\x1f",
    "del\x7f",
    "caf\xc3\xa9",
    "bad\xff\xfe utf8",
    "</script><b>",
};

void write_all(JsonWriter& w, int copies) {
  w.begin_object();
  std::string key;
  for (int c = 0; c < copies; ++c)
    for (size_t i = 0; i < kTexts.size(); ++i) {
      key.assign(std::to_string(c)).append(1, ':').append(std::to_string(i)).append(kTexts[i]);
      w.field(key, kTexts[i]);
    }
  w.end_object();
}

}  // namespace

TEST(JsonWriter, HostileTextsReadBackAsWritten) {
  JsonWriter w;
  write_all(w, 1);
  auto doc = nlohmann::json::parse(w.take());
  ASSERT_EQ(doc.size(), kTexts.size());
  for (size_t i = 0; i < kTexts.size(); ++i) {
    std::string expected = valid_utf8(kTexts[i]);
    std::string key = std::string("0:").append(std::to_string(i)).append(expected);
    EXPECT_EQ(doc.at(key), expected) << i;
  }
  EXPECT_EQ(doc.at(std::string("0:8").append(valid_utf8("bad\xff\xfe utf8"))),
            "bad\xEF\xBF\xBD\xEF\xBF\xBD utf8");
}

TEST(JsonWriter, PlainAndEscapedTextsAreWrittenAsRapidJsonWouldAlone) {
  JsonWriter w;
  w.begin_array().value("a.b").value("q\"").value("\x01").value("del\x7f").end_array();
  EXPECT_EQ(w.take(), "[\n  \"a.b\",\n  \"q\\\"\",\n  \"\\u0001\",\n  \"del\x7f\"\n]\n");
}

TEST(JsonWriter, StreamedPiecesJoinToTheWholeText) {
  // Enough copies to cross the 1 MiB piece size several times.
  const int copies = 12000;
  JsonWriter whole;
  write_all(whole, copies);
  std::string expected = whole.take();
  ASSERT_GT(expected.size(), 3 * ChunkedOutput::kChunk);

  std::string joined;
  size_t pieces = 0;
  JsonWriter streamed([&](std::string_view piece) {
    joined.append(piece);
    ++pieces;
  });
  write_all(streamed, copies);
  EXPECT_EQ(streamed.take(), "");
  EXPECT_EQ(joined, expected);
  EXPECT_GE(pieces, 3u);
}

TEST(Iso8601, BufferAndStringFormsAgree) {
  char buf[kIso8601Size];
  for (double t : {0.0, 1521911720.865716, -0.4, 951782400.0, 253402300799.5}) {
    size_t n = format_iso8601(t, buf);
    ASSERT_EQ(n, kIso8601Size) << t;
    EXPECT_EQ(std::string(buf, n), format_iso8601(t));
  }
  EXPECT_EQ(format_iso8601(253402300800.0, buf), 0u);
  EXPECT_EQ(format_iso8601(-62135596801.0, buf), 0u);
  EXPECT_EQ(format_iso8601(std::nan(""), buf), 0u);
  EXPECT_EQ(format_iso8601(-62135596800.0), "0001-01-01T00:00:00.000000Z");
  EXPECT_EQ(format_iso8601(253402300799.0), "9999-12-31T23:59:59.000000Z");
}
