#include "common/text.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

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

TEST(Text, ZeeksOwnTimeFormIsReadExactlyAndOnlyWhenAllDigits) {
  // "DDDDDDDDDD.DDDDDD" has a word-at-a-time path: its value is the digit loop's, whole seconds
  // plus micros / 1e6, and a byte that is not a digit never passes for one.
  uint64_t x = 88172645463325252ULL;
  for (int n = 0; n < 20000; ++n) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    uint64_t whole = x % 10000000000ULL, micros = (x >> 34) % 1000000;
    char text[18];
    std::snprintf(text, sizeof text, "%010llu.%06llu", static_cast<unsigned long long>(whole),
                  static_cast<unsigned long long>(micros));
    auto t = parse_zeek_time(text, false);
    ASSERT_TRUE(t) << text;
    EXPECT_EQ(*t, double(whole) + double(micros) / 1e6) << text;
  }
  const std::string good = "1793520000.026776";
  for (size_t k = 0; k < good.size(); ++k) {
    if (k == 10) continue;
    for (int c = 0; c < 256; ++c) {
      if (c >= '0' && c <= '9') continue;
      std::string bad = good;
      bad[k] = char(c);
      auto t = parse_zeek_time(bad, false);
      // What is still a number (a sign in front, an exponent) is the general reader's strtod.
      if (t) {
        EXPECT_EQ(*t, std::strtod(bad.c_str(), nullptr)) << k << ' ' << c;
      }
    }
  }
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

TEST(Text, CopyTextCopiesEveryLengthExactly) {
  // Short texts are moved in overlapping words: each length copies its bytes and no others.
  std::string source;
  for (int i = 0; i < 80; ++i) source += char('!' + i);
  for (size_t n = 0; n <= 70; ++n) {
    std::string out(100, '.');
    char* end = copy_text(out.data() + 5, std::string_view(source).substr(3, n));
    EXPECT_EQ(end, out.data() + 5 + n);
    EXPECT_EQ(out.substr(5, n), source.substr(3, n)) << n;
    EXPECT_EQ(out.substr(0, 5), ".....");
    EXPECT_EQ(out.substr(5 + n), std::string(95 - n, '.')) << n;
  }
}

TEST(Text, TextLessOrdersAsStringViewDoes) {
  // Word-at-a-time comparison: equal prefixes of every length, bytes over 0x7F, proper prefixes.
  std::srand(5);
  const std::string alphabet = std::string("a.9:") + "\x80\xff" + '\0';
  auto random_text = [&](size_t length) {
    std::string s;
    for (size_t i = 0; i < length; ++i) s += alphabet[size_t(std::rand()) % alphabet.size()];
    return s;
  };
  for (int trial = 0; trial < 20000; ++trial) {
    std::string common = random_text(size_t(std::rand() % 20));
    std::string a = common + random_text(size_t(std::rand() % 12));
    std::string b = common + random_text(size_t(std::rand() % 12));
    EXPECT_EQ(text_less(a, b), std::string_view(a) < std::string_view(b)) << trial;
    EXPECT_EQ(text_less(b, a), std::string_view(b) < std::string_view(a)) << trial;
    EXPECT_FALSE(text_less(a, a));
  }
}

TEST(Text, IntervalsReadAsStrtodWouldOnZeeksFormAndElse) {
  for (const char* s : {"18.873916", "0.000001", "3", "10800.000000", "1.5", "0.123456789",
                        "86400.25", "1e-05", "2.5E+3", "-1.5", "nan", "inf"}) {
    auto fast = parse_interval(s);
    auto slow = parse_double(s);
    ASSERT_EQ(fast.has_value(), slow.has_value()) << s;
    if (fast && std::isfinite(*fast)) {
      EXPECT_NEAR(*fast, *slow, 1e-9 * std::max(1.0, std::fabs(*slow))) << s;
    } else if (fast) {
      EXPECT_EQ(std::isnan(*fast), std::isnan(*slow)) << s;
    }
  }
  for (const char* bad : {"", "-", "1.", ".5x", "1.2.3", "12a"})
    EXPECT_EQ(parse_interval(bad).has_value(), parse_double(bad).has_value()) << bad;
}

// format_fixed's printf form against snprintf itself, on what the log writers give it: epoch
// times in microseconds (whose scaled values are past 10^15, where doubles are a quarter apart),
// their midpoints, intervals, negatives and -0.
TEST(FormatFixed, PrintfFormIsPrintfsText) {
  std::vector<double> values{0, -0.0, 0.5, -0.5, 1e-7, -1e-7, 0.0000005, 2.5e-7, 1e300, -1e300};
  std::srand(11);
  for (int i = 0; i < 300000; ++i) {
    int64_t us = 1'700'000'000'000'000 + int64_t(std::rand()) * 977 + std::rand() % 1000;
    values.push_back(double(us) / 1e6);
    values.push_back(double(us) / 1e6 + 0.0000005);  // within a few ulps of a midpoint
    values.push_back(double(std::rand() % 100000) / 1e6);
    values.push_back(-double(std::rand()) / RAND_MAX * std::pow(10.0, std::rand() % 12 - 3));
  }
  for (double v : values)
    for (int decimals : {0, 3, 6, 9}) {
      char expected[400], got[kFixedSize];
      int n = std::snprintf(expected, sizeof expected, "%.*f", decimals, v);
      if (n >= int(kFixedSize)) continue;  // 1e300: snprintf's own text, cut at the buffer
      char* end = format_fixed(v, decimals, FixedForm::kPrintf, got);
      ASSERT_EQ(std::string(got, end), std::string(expected, size_t(n))) << v << " " << decimals;
    }
}

// The trimmed form (the JSON report's) against snprintf's text with its trailing zeros, its point
// and a lone "-0" dropped.
TEST(FormatFixed, TrimmedFormIsPrintfsTextTrimmed) {
  auto trimmed = [](double v, int decimals) {
    char text[400];
    std::string s(text, size_t(std::snprintf(text, sizeof text, "%.*f", decimals, v)));
    if (s.find('.') != std::string::npos) {
      while (s.back() == '0') s.pop_back();
      if (s.back() == '.') s.pop_back();
    }
    return s == "-0" ? std::string("0") : s;
  };
  std::vector<double> values{0, -0.0, 0.5, -0.5, 2.5, -2.5, 1e-9, -1e-9, 0.125, 1700000000.0000005};
  std::srand(13);
  for (int i = 0; i < 200000; ++i) {
    double v = std::pow(10.0, std::rand() % 16 - 4) * (double(std::rand()) / RAND_MAX);
    values.push_back(std::rand() % 2 ? v : -v);
  }
  for (double v : values)
    for (int decimals = 0; decimals <= 9; ++decimals) {
      char got[kFixedSize];
      char* end = format_fixed(v, decimals, FixedForm::kTrimmed, got);
      ASSERT_EQ(std::string(got, end), trimmed(v, decimals)) << v << " " << decimals;
    }
}
