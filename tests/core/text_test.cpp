#include "common/text.h"

#include <gtest/gtest.h>

using namespace zeekscope;

TEST(Text, DomainsMatchOnLabelBoundaries) {
  EXPECT_TRUE(matches_domain("evil.com", "evil.com"));
  EXPECT_TRUE(matches_domain("a.b.evil.com", "evil.com"));
  EXPECT_FALSE(matches_domain("notevil.com", "evil.com"));
  EXPECT_FALSE(matches_domain("evil.com.au", "evil.com"));
  EXPECT_EQ(normalize_domain("WWW.Example.COM."), "www.example.com");
}

TEST(Text, ParsesZeekTimesInEveryForm) {
  EXPECT_DOUBLE_EQ(*parse_zeek_time("1521911720.865716", false), 1521911720.865716);
  EXPECT_NEAR(*parse_zeek_time("2018-03-24T17:15:20.865716Z", false), 1521911720.865716, 1e-6);
  EXPECT_NEAR(*parse_zeek_time("1969-12-31T23:59:59.600000Z", false), -0.4, 1e-6);
  EXPECT_NEAR(*parse_zeek_time("1521911720865", true), 1521911720.865, 1e-6);
  EXPECT_FALSE(parse_zeek_time("-", false));
  EXPECT_FALSE(parse_zeek_time("nan", false));
  EXPECT_EQ(format_iso8601(1521911720.865716), "2018-03-24T17:15:20.865716Z");
  EXPECT_EQ(format_iso8601(-0.4), "1969-12-31T23:59:59.600000Z");
  EXPECT_EQ(format_iso8601(951782400), "2000-02-29T00:00:00.000000Z");
  EXPECT_EQ(format_iso8601(18446743758090351616.0 / 1000), "");  // a wrapped TS_MILLIS value
}

TEST(Text, RecognisesBinaryAndUtf8) {
  EXPECT_TRUE(
      looks_binary(std::string("\x7f"
                               "ELF\0\0\0",
                               7)));
  EXPECT_FALSE(looks_binary("#separator \\x09\n#fields\tts\n"));
  EXPECT_TRUE(is_valid_utf8("caf\xc3\xa9"));
  EXPECT_FALSE(is_valid_utf8("caf\xc3"));
  EXPECT_FALSE(is_valid_utf8("\xff\xfe"));
}

TEST(Text, ParsesUnsignedIntegersUpTo64Bits) {
  EXPECT_EQ(parse_uint("0"), 0u);
  EXPECT_EQ(parse_uint("443"), 443u);
  EXPECT_EQ(parse_uint("9999999999999999999"), 9999999999999999999ull);  // 19 digits
  EXPECT_EQ(parse_uint("18446744073709551615"), UINT64_MAX);             // 20 digits
  EXPECT_EQ(parse_uint("00000000000000000001"), 1u);
  EXPECT_EQ(parse_uint("18446744073709551616"), std::nullopt);  // one over
  EXPECT_EQ(parse_uint("99999999999999999999"), std::nullopt);
  EXPECT_EQ(parse_uint("100000000000000000000"), std::nullopt);  // 21 digits
  for (const char* bad : {"", "-1", "+1", "12a", "1 2", "1.5", "1844674407370955161x", "\xff"})
    EXPECT_EQ(parse_uint(bad), std::nullopt) << bad;
}
