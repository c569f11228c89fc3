// BEH-03's building block: names grouped by registrable domain, counted as distinct names and
// as names carrying a long high-entropy label, against the thresholds on both sides.
#include "rules/behaviour/generated_names.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

using namespace zeekscope;

namespace {

// Random-looking labels from a fixed generator, the same on every platform.
class Labels {
 public:
  // `prefix` then `length` random characters of `alphabet`.
  std::string next(size_t length, std::string_view alphabet, std::string_view prefix = "") {
    std::string s(prefix);
    for (size_t i = 0; i < length; ++i) {
      state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
      s += alphabet[(state_ >> 33) % alphabet.size()];
    }
    return s;
  }

 private:
  uint64_t state_ = 19;
};

// prefix + i + suffix (appended: GCC 12 warns falsely on "x" + std::to_string(i) + "...").
std::string numbered(std::string_view prefix, int i, std::string_view suffix) {
  std::string s(prefix);
  s += std::to_string(i);
  s += suffix;
  return s;
}

constexpr std::string_view kHex = "0123456789abcdef";
constexpr std::string_view kBase32 = "abcdefghijklmnopqrstuvwxyz234567";
constexpr std::string_view kAlnum = "abcdefghijklmnopqrstuvwxyz0123456789";

// Owns the texts the QueriedName views point at.
struct Names {
  std::vector<std::string> texts;
  std::vector<QueriedName> list;
  void add(std::string name, uint64_t count = 1, double first_ts = 0) {
    texts.push_back(std::move(name));
    list.push_back({{}, count, first_ts});
  }
  std::span<const QueriedName> span() {
    for (size_t i = 0; i < texts.size(); ++i) list[i].name = texts[i];
    return list;
  }
};

std::vector<GeneratedNamesFinding> find(Names& n, GeneratedNameThresholds t = {},
                                        const SkipName& skip = {}) {
  return find_generated_names(n.span(), t, skip);
}

}  // namespace

TEST(GeneratedNames, EntropyOfKnownLabels) {
  EXPECT_DOUBLE_EQ(label_entropy(""), 0);
  EXPECT_DOUBLE_EQ(label_entropy("aaaa"), 0);
  EXPECT_DOUBLE_EQ(label_entropy("abab"), 1);
  EXPECT_DOUBLE_EQ(label_entropy("abcd"), 2);
  EXPECT_DOUBLE_EQ(label_entropy("0123456789abcdef"), 4);
  EXPECT_NEAR(label_entropy("aab"), 0.918296, 1e-6);
  // A YouTube cache name (16 characters, dashes repeated) stays under the default 3.5.
  EXPECT_NEAR(label_entropy("r3---sn-4g5e6nsz"), 3.25, 1e-9);
  EXPECT_EQ(label_entropy("aAbB"), 2);  // bytes as they are: the caller normalises case
}

TEST(GeneratedNames, EmptyInputFindsNothing) {
  Names n;
  EXPECT_TRUE(find(n).empty());
}

TEST(GeneratedNames, GroupsByRegistrableDomain) {
  Names n;
  n.add("a.example.com", 2, 10);
  n.add("b.c.example.com", 3, 5);
  n.add("example.com", 1, 20);
  n.add("x.example.co.uk", 1, 1);
  n.add("y.example.co.uk", 1, 2);
  n.add("other.org");
  GeneratedNameThresholds t;
  t.min_unique_names = 2;
  auto found = find(n, t);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].domain, "example.co.uk");  // domain order
  EXPECT_EQ(found[1].domain, "example.com");
  const auto& f = found[1];
  EXPECT_EQ(f.unique_names, 3u);
  EXPECT_EQ(f.random_names, 0u);
  EXPECT_EQ(f.queries, 6u);
  EXPECT_EQ(f.first_ts, 5);
  EXPECT_EQ(f.last_ts, 20);
  EXPECT_TRUE(f.many_names);
  EXPECT_FALSE(f.random_labels);
  EXPECT_EQ(f.examples,
            (std::vector<std::string>{"a.example.com", "b.c.example.com", "example.com"}));
}

TEST(GeneratedNames, UniqueNamesThresholdBothSides) {
  Names n;
  for (int i = 0; i < 99; ++i) n.add(numbered("host", i, ".cdn.example"));
  EXPECT_TRUE(find(n).empty());  // 99 < 100
  n.add("host99.cdn.example");
  auto found = find(n);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].domain, "cdn.example");
  EXPECT_EQ(found[0].unique_names, 100u);
  EXPECT_TRUE(found[0].many_names);
  EXPECT_FALSE(found[0].random_labels);
  // Five examples, the first in text order.
  EXPECT_EQ(found[0].examples, (std::vector<std::string>{"host0.cdn.example", "host1.cdn.example",
                                                         "host10.cdn.example", "host11.cdn.example",
                                                         "host12.cdn.example"}));
}

TEST(GeneratedNames, RandomNamesThresholdBothSides) {
  Labels labels;
  Names n;
  for (int i = 0; i < 39; ++i) n.add(labels.next(40, kBase32) + ".c2.example.net", 2);
  n.add("www.c2.example.net");
  EXPECT_TRUE(find(n).empty());  // 39 < 40
  n.add(labels.next(40, kBase32) + ".c2.example.net", 2);
  auto found = find(n);
  ASSERT_EQ(found.size(), 1u);
  const auto& f = found[0];
  EXPECT_EQ(f.domain, "example.net");
  EXPECT_EQ(f.unique_names, 41u);
  EXPECT_EQ(f.random_names, 40u);
  EXPECT_EQ(f.queries, 81u);
  EXPECT_FALSE(f.many_names);
  EXPECT_TRUE(f.random_labels);
  ASSERT_EQ(f.examples.size(), 5u);  // from the random names: www is not one
  EXPECT_TRUE(std::is_sorted(f.examples.begin(), f.examples.end()));
  for (const auto& e : f.examples) EXPECT_EQ(e.size(), 40 + std::string(".c2.example.net").size());
}

TEST(GeneratedNames, LabelLengthAndEntropyThresholdsBothSides) {
  GeneratedNameThresholds t;
  t.min_random_names = 1;
  Names at_length, short_label, low_entropy;
  at_length.add("0123456789abcdef.example.com");    // 16 characters, 4 bits
  short_label.add("0123456789abcde.example.com");   // 15 characters
  low_entropy.add("aaaaaaaabbbbbbbb.example.com");  // 16 characters, 1 bit
  EXPECT_EQ(find(at_length, t).size(), 1u);
  EXPECT_TRUE(find(short_label, t).empty());
  EXPECT_TRUE(find(low_entropy, t).empty());
  t.min_label_entropy = 4.0;  // a threshold met exactly counts
  EXPECT_EQ(find(at_length, t).size(), 1u);
  t.min_label_entropy = 4.01;
  EXPECT_TRUE(find(at_length, t).empty());
}

TEST(GeneratedNames, OnlyLabelsLeftOfTheDomainAreWeighed) {
  GeneratedNameThresholds t;
  t.min_random_names = 1;
  Names n;
  n.add("www.x7k2p9q4m1z8w3v6.com");  // a random-looking domain is one name, not a channel
  EXPECT_TRUE(find(n, t).empty());
  Names deep;
  deep.add("x7k2p9q4m1z8w3v6b5n0.t.example.com");  // any label left of the domain counts
  EXPECT_EQ(find(deep, t).size(), 1u);
}

TEST(GeneratedNames, SkippedNamesAreNotCounted) {
  Names n;
  for (int i = 0; i < 150; ++i) n.add(numbered("r", i, ".allowed.example"));
  for (int i = 0; i < 100; ++i) n.add(numbered("h", i, ".watched.example"));
  auto skip = [](std::string_view name) { return name.ends_with(".allowed.example"); };
  auto found = find(n, {}, skip);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].domain, "watched.example");
  // A skip that leaves part of a domain out can bring it under the threshold.
  auto skip_one = [](std::string_view name) { return name == "h0.watched.example"; };
  Names w;
  for (int i = 0; i < 100; ++i) w.add(numbered("h", i, ".watched.example"));
  EXPECT_TRUE(find(w, {}, skip_one).empty());
}

TEST(GeneratedNames, NamesWithoutADomainAndLocalOrReverseNamesAreLeftOut) {
  GeneratedNameThresholds t;
  t.min_unique_names = 1;
  Names n;
  n.add("");
  n.add("com");        // a public suffix
  n.add("co.uk");      // a public suffix
  n.add("localhost");  // one label: the implicit "*" rule makes it a suffix
  n.add("sdkjfhqwe");  // Chrome's random probe of the search domain, one label
  n.add("4.3.2.1.in-addr.arpa");
  n.add("8.b.d.0.1.0.0.2.ip6.arpa");
  n.add("hp laserjet mfp m477fdw (03f3e1)-8._privet._tcp.local");
  EXPECT_TRUE(find(n, t).empty());
  n.add("a.example.org");
  auto found = find(n, t);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].domain, "example.org");
}

TEST(GeneratedNames, ZeroTurnsAConditionOff) {
  Labels labels;
  Names n;
  for (int i = 0; i < 200; ++i) n.add(labels.next(40, kBase32) + ".t.example.org");
  GeneratedNameThresholds t;
  t.min_unique_names = 0;
  auto found = find(n, t);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_FALSE(found[0].many_names);
  EXPECT_TRUE(found[0].random_labels);
  t.min_random_names = 0;
  EXPECT_TRUE(find(n, t).empty());
}

TEST(GeneratedNames, SameFindingsWhateverTheInputOrder) {
  Labels labels;
  Names n;
  for (int i = 0; i < 120; ++i) n.add(labels.next(12, kAlnum) + ".b.example", 1, i);
  for (int i = 0; i < 60; ++i) n.add(labels.next(60, kHex) + ".a.example", 3, 1000 - i);
  for (int i = 0; i < 30; ++i) n.add(numbered("www", i, ".quiet.example"));
  auto forward = find(n);
  Names reversed;
  for (size_t i = n.texts.size(); i-- > 0;)
    reversed.add(n.texts[i], n.list[i].count, n.list[i].first_ts);
  auto backward = find(reversed);
  ASSERT_EQ(forward.size(), 2u);
  ASSERT_EQ(backward.size(), 2u);
  EXPECT_EQ(forward[0].domain, "a.example");
  EXPECT_EQ(forward[1].domain, "b.example");
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(forward[i].domain, backward[i].domain);
    EXPECT_EQ(forward[i].unique_names, backward[i].unique_names);
    EXPECT_EQ(forward[i].random_names, backward[i].random_names);
    EXPECT_EQ(forward[i].queries, backward[i].queries);
    EXPECT_EQ(forward[i].first_ts, backward[i].first_ts);
    EXPECT_EQ(forward[i].last_ts, backward[i].last_ts);
    EXPECT_EQ(forward[i].examples, backward[i].examples);
  }
  EXPECT_EQ(forward[0].first_ts, 941);
  EXPECT_EQ(forward[0].last_ts, 1000);
  EXPECT_EQ(forward[0].queries, 180u);
}

// The shapes of the calibration (docs/RULES.md, BEH-03) at the default thresholds.
TEST(GeneratedNames, DefaultsCatchTunnelsAndLeaveCdnNamesSilent) {
  Labels labels;
  Names n;
  // iodine-like: base32 payload in two long labels, 40 queries.
  for (int i = 0; i < 40; ++i)
    n.add(labels.next(55, kBase32, "p") + "." + labels.next(40, kBase32) + ".t.tunnel.example");
  // dnscat2-like: hex payload, 60 queries.
  for (int i = 0; i < 60; ++i)
    n.add(labels.next(60, kHex) + "." + labels.next(30, kHex) + ".dnscat.c2.example");
  // 500 generated subdomains of 8 to 20 characters.
  for (int i = 0; i < 500; ++i) n.add(labels.next(8 + i % 13, kAlnum) + ".gen.example");
  // CloudFront-like distribution names (14 characters) and YouTube cache names.
  for (int i = 0; i < 90; ++i) n.add(labels.next(13, kAlnum, "d") + ".cloudfront.net");
  for (int i = 0; i < 90; ++i)
    n.add(numbered("rr", i % 9, "---sn-") + labels.next(8, kAlnum) + ".googlevideo.com");
  auto found = find(n);
  ASSERT_EQ(found.size(), 3u);
  EXPECT_EQ(found[0].domain, "c2.example");
  EXPECT_TRUE(found[0].random_labels);
  EXPECT_EQ(found[1].domain, "gen.example");
  EXPECT_TRUE(found[1].many_names);
  EXPECT_EQ(found[2].domain, "tunnel.example");
  EXPECT_TRUE(found[2].random_labels);
  EXPECT_FALSE(found[2].many_names);
}
