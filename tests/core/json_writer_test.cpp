// The report writer: hostile texts (quotes, backslashes, control bytes, invalid UTF-8) as keys
// and values always give valid JSON that reads back as the text, on the fast path for plain text
// and the escaping path alike, whether the output is whole or streamed in pieces.
#include "report/json_writer.h"

#include <gtest/gtest.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "common/byte_scan.h"
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

// The 16-bytes-at-a-time check against a byte loop: texts of every length up to 70 with one
// special byte (or none) at every position, and the bytes next to the special ranges.
TEST(JsonWriter, PlainTextCheckFindsEverySpecialByteAtAnyPosition) {
  auto plain_by_bytes = [](std::string_view s) {
    for (char ch : s) {
      auto c = static_cast<unsigned char>(ch);
      if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') return false;
    }
    return true;
  };
  const char kProbes[] = {'"', '\\', '\0', '\x1f', ' ', '\x7f', '\x80', '\xff', '!', '#', '[', ']'};
  for (size_t size = 0; size <= 70; ++size) {
    std::string text(size, 'a');
    ASSERT_TRUE(is_plain_json_text(text)) << size;
    for (size_t at = 0; at < size; ++at) {
      for (char probe : kProbes) {
        text[at] = probe;
        ASSERT_EQ(is_plain_json_text(text), plain_by_bytes(text))
            << "size " << size << " at " << at << " byte " << int(uint8_t(probe));
      }
      text[at] = 'a';
    }
  }
}

// The report's layout is RapidJSON's PrettyWriter's (indent 2): random documents of every kind
// of value, nested and empty containers, hostile keys and texts, written by both, are equal.
TEST(JsonWriter, LayoutIsRapidJsonPrettyWritersForAnyDocument) {
  std::srand(11);
  for (int doc = 0; doc < 300; ++doc) {
    JsonWriter ours;
    rapidjson::StringBuffer buffer;
    rapidjson::PrettyWriter<rapidjson::StringBuffer> theirs(buffer);
    theirs.SetIndent(' ', 2);
    auto text = [&] { return kTexts[size_t(std::rand()) % kTexts.size()]; };
    auto string = [&](const std::string& s) {
      ours.value(s);
      std::string valid = valid_utf8(s);
      theirs.String(valid.data(), rapidjson::SizeType(valid.size()));
    };
    std::function<void(int)> any = [&](int depth) {
      int kind = std::rand() % (depth < 4 ? 8 : 5);
      if (kind == 0) {
        string(text());
      } else if (kind == 1) {
        uint64_t n = uint64_t(std::rand()) << (std::rand() % 40);
        ours.value(n);
        theirs.Uint64(n);
      } else if (kind == 2) {
        int64_t n = -int64_t(std::rand()) * (std::rand() % 3 ? 1 : INT64_C(4000000000));
        ours.value(n);
        theirs.Int64(n);
      } else if (kind == 3) {
        bool b = std::rand() % 2;
        ours.value(b);
        theirs.Bool(b);
      } else if (kind == 4) {
        ours.null();
        theirs.Null();
      } else if (kind < 7) {
        ours.begin_object();
        theirs.StartObject();
        for (int i = std::rand() % 4; i > 0; --i) {
          std::string key = text();
          key.append(std::to_string(i));
          string(key);
          any(depth + 1);
        }
        ours.end_object();
        theirs.EndObject();
      } else {
        ours.begin_array();
        theirs.StartArray();
        for (int i = std::rand() % 4; i > 0; --i) any(depth + 1);
        ours.end_array();
        theirs.EndArray();
      }
    };
    ours.begin_object();
    theirs.StartObject();
    for (int i = 1 + std::rand() % 3; i > 0; --i) {
      string(std::string("k").append(std::to_string(i)));
      any(1);
    }
    ours.end_object();
    theirs.EndObject();
    ASSERT_EQ(ours.take(), std::string(buffer.GetString()) + "\n") << "document " << doc;
  }
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

// fixed() against printf's rounding of the exact binary value (trailing zeros and a lone "-0"
// dropped), over magnitudes and digit counts like the report's, midpoints included.
TEST(JsonWriter, FixedNumbersAreRoundedAsPrintfRoundsThem) {
  auto reference = [](double n, int decimals) {
    char text[64];
    int length = std::snprintf(text, sizeof text, "%.*f", decimals, n);
    std::string s(text, size_t(length));
    if (s.find('.') != std::string::npos) {
      while (s.back() == '0') s.pop_back();
      if (s.back() == '.') s.pop_back();
    }
    return s == "-0" ? std::string("0") : s;
  };
  std::srand(7);
  std::vector<double> values{0,
                             -0.0,
                             0.5,
                             1.5,
                             2.5,
                             -2.5,
                             0.125,
                             0.0005,
                             1e-9,
                             0.1,
                             0.7,
                             1.005,
                             2.675,
                             1700000000.1235,
                             1700000000.0005,
                             999999999999.9995};
  for (int i = 0; i < 200000; ++i) {
    double magnitude = std::pow(10.0, std::rand() % 14 - 4);
    double v = magnitude * (double(std::rand()) / RAND_MAX) * (std::rand() % 2 ? 1 : -1);
    values.push_back(v);
    values.push_back(std::round(v * 1000) / 1000 + 0.0005);  // near a 3-digit midpoint
  }
  for (double v : values)
    for (int decimals : {0, 1, 2, 3, 6}) {
      JsonWriter w;
      w.fixed(v, decimals);
      std::string got = w.take();
      ASSERT_EQ(got.substr(0, got.find('\n')), reference(v, decimals)) << v << " " << decimals;
    }
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
