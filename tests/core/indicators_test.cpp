// Indicator storage, matching, and each feed format on small hand-written inputs.
#include <gtest/gtest.h>

#include "intel/feeds/feed.h"
#include "intel/feeds/yaml_subset.h"
#include "intel/indicator_set.h"

using namespace zeekscope;

namespace {
struct Loaded {
  IndicatorSet set;
  IndicatorSource source;
};
}  // namespace

TEST(IndicatorSet, DomainMatchingIsOnLabelBoundaries) {
  IndicatorSet set;
  IndicatorSource src;
  EXPECT_EQ(set.add(IocType::kDomain, "Evil.COM.", "stalkerware", "App", 0, src), "");
  EXPECT_EQ(set.match_domain(IocType::kDomain, "evil.com").size(), 1u);
  EXPECT_EQ(set.match_domain(IocType::kDomain, "a.b.evil.com").size(), 1u);
  EXPECT_TRUE(set.match_domain(IocType::kDomain, "notevil.com").empty());
  EXPECT_TRUE(set.match_domain(IocType::kDomain, "evil.com.au").empty());
}

TEST(IndicatorSet, ParentsOfValuesAreNotValuesAndMatchesComeLongestFirst) {
  IndicatorSet set;
  IndicatorSource src;
  set.add(IocType::kDomain, "c2.spy.example", "stalkerware", "", 0, src);
  set.add(IocType::kDomain, "example", "tracker", "", 0, src);
  EXPECT_EQ(set.match_domain(IocType::kDomain, "spy.example").size(), 1u);  // "example" only
  EXPECT_FALSE(set.find_exact(IocType::kDomain, "spy.example"));
  auto m = set.match_domain(IocType::kDomain, "a.c2.spy.example");
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0]->value, "c2.spy.example");
  EXPECT_EQ(m[1]->value, "example");
  // A value added after it was a parent of another one.
  set.add(IocType::kDomain, "spy.example", "stalkerware", "", 0, src);
  EXPECT_EQ(set.match_domain(IocType::kDomain, "a.c2.spy.example").size(), 3u);
  EXPECT_TRUE(set.find_exact(IocType::kDomain, "spy.example"));
}

TEST(IndicatorSet, FirstSourceKeepsTypeAndTagLaterOnesAreEvidence) {
  IndicatorSet set;
  IndicatorSource a, b;
  set.add(IocType::kDomain, "x.example", "tracker", "", 0, a);
  set.add(IocType::kDomain, "X.example", "stalkerware", "Spy", 1, b);
  auto m = set.match_domain(IocType::kDomain, "x.example");
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0]->tag, "tracker");
  ASSERT_EQ(m[0]->also.size(), 1u);
  EXPECT_EQ(m[0]->also[0].tag, "stalkerware");
  EXPECT_EQ(b.duplicates, 1u);
}

TEST(IndicatorSet, IpsAsAddressesAndCidrsV4V6) {
  IndicatorSet set;
  IndicatorSource src;
  set.add(IocType::kIp6, "2001:0db8:0:0::1", "spyware", "", 0, src);
  set.add(IocType::kCidr, "203.0.113.0/24", "suspect", "", 0, src);
  set.add(IocType::kCidr, "2001:db8:1::/48", "suspect", "", 0, src);
  EXPECT_EQ(set.match_ip(*IpAddress::parse("2001:db8::1")).size(), 1u);
  EXPECT_EQ(set.match_cidr(*IpAddress::parse("203.0.113.77")).size(), 1u);
  EXPECT_TRUE(set.match_cidr(*IpAddress::parse("203.0.114.1")).empty());
  EXPECT_EQ(set.match_cidr(*IpAddress::parse("2001:db8:1:ff::5")).size(), 1u);
  EXPECT_NE(set.add(IocType::kIp4, "300.1.1.1", "x", "", 0, src), "");
}

TEST(IndicatorSet, CidrsShorterAndLongerThan16Bits) {
  IndicatorSet set;
  IndicatorSource src;
  set.add(IocType::kCidr, "172.16.0.0/12", "suspect", "", 0, src);
  set.add(IocType::kCidr, "10.1.2.0/23", "suspect", "", 0, src);
  set.add(IocType::kCidr, "0.0.0.0/1", "suspect", "", 0, src);
  set.add(IocType::kCidr, "2001:db8::/30", "suspect", "", 0, src);
  set.add(IocType::kCidr, "fe80::/10", "suspect", "", 0, src);
  auto count = [&](const char* ip) { return set.match_cidr(*IpAddress::parse(ip)).size(); };
  EXPECT_EQ(count("172.16.0.1"), 1u);
  EXPECT_EQ(count("172.31.255.255"), 1u);
  EXPECT_EQ(count("172.32.0.0"), 0u);
  EXPECT_EQ(count("172.15.255.255"), 0u);
  EXPECT_EQ(count("10.1.3.200"), 2u);  // and 0.0.0.0/1
  EXPECT_EQ(count("10.1.4.1"), 1u);
  EXPECT_EQ(count("127.255.255.255"), 1u);
  EXPECT_EQ(count("128.0.0.1"), 0u);
  EXPECT_EQ(count("203.0.113.1"), 0u);
  EXPECT_EQ(count("2001:dbb:ffff::1"), 1u);
  EXPECT_EQ(count("2001:dbc::1"), 0u);
  EXPECT_EQ(count("febf::1"), 1u);
  EXPECT_EQ(count("fec0::1"), 0u);
  EXPECT_EQ(count("::1"), 0u);
}

TEST(IndicatorSet, StaysFastWith100kDomains) {
  IndicatorSet set;
  IndicatorSource src;
  for (int i = 0; i < 100000; ++i)
    set.add(IocType::kDomain, "host" + std::to_string(i) + ".example.org", "spyware", "", 0, src);
  EXPECT_EQ(set.count(IocType::kDomain), 100000u);
  size_t hits = 0;
  for (int i = 0; i < 200000; ++i)
    hits +=
        set.match_domain(IocType::kDomain, "a.b.host" + std::to_string(i) + ".example.org").size();
  EXPECT_EQ(hits, 100000u);  // O(labels) per lookup: this runs in well under a second
}

TEST(Feeds, TinyCheckJsonWithToDeleteAndSnort) {
  Loaded l;
  read_tinycheck_json(R"({"iocs":[
      {"type":"domain","tag":"stalkerware","tlp":"white","value":"a.example"},
      {"type":"snort","tag":"x","value":"alert tcp any"},
      {"type":"tld","tag":"suspect","value":".xyz"},
      {"type":"weird","tag":"x","value":"v"},
      {"type":"ip4addr","tag":"spyware","value":"not-an-ip"},
      {"type":"domain","tag":"spyware","value":"gone.example"}],
      "to_delete":[{"value":"gone.example"}]})",
                      {l.set, l.source, 0});
  EXPECT_EQ(l.set.count(IocType::kDomain), 1u);
  EXPECT_EQ(l.set.count(IocType::kTld), 1u);
  EXPECT_EQ(l.source.skipped, 3u);  // snort, unknown type, bad IP
  EXPECT_EQ(l.source.deleted, 1u);
  EXPECT_EQ(l.source.first_skipped[0].where, "iocs[1]");
}

TEST(Feeds, MalformedFilesAreErrorsNamingTheProblem) {
  Loaded l;
  EXPECT_THROW(read_tinycheck_json("{\"iocs\": [", {l.set, l.source, 0}), FeedError);
  EXPECT_THROW(read_stix2("{\"type\":\"bundle\"}", {l.set, l.source, 0}), FeedError);
  EXPECT_THROW(read_echap_csv("a,b\n", {l.set, l.source, 0}), FeedError);
  EXPECT_THROW(read_echap_yaml("- name: x\n\tc2: y\n", {l.set, l.source, 0}), FeedError);
  try {
    read_tinycheck_json("{\"iocs\": [", {l.set, l.source, 0});
    FAIL() << "a truncated TinyCheck feed was read without a FeedError";
  } catch (const FeedError& e) {
    EXPECT_NE(std::string(e.what()).find("invalid JSON at byte"), std::string::npos);
  }
}

TEST(Feeds, Stix2OredPatternsMalwareNamesAndSkippedKinds) {
  Loaded l;
  read_stix2(R"({"type":"bundle","objects":[
    {"type":"malware","id":"malware--1","name":"Pegasus"},
    {"type":"indicator","id":"indicator--1","pattern":"[domain-name:value = 'A.example' OR ipv4-addr:value = '198.51.100.7']","pattern_type":"stix"},
    {"type":"indicator","id":"indicator--2","pattern":"[x509-certificate:hashes.'SHA-256' = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA']"},
    {"type":"indicator","id":"indicator--3","pattern":"[file:name = 'x.apk']"},
    {"type":"indicator","id":"indicator--4","pattern":"[domain-name:value = 'b.example' AND ipv4-addr:value = '1.2.3.4']"},
    {"type":"relationship","relationship_type":"indicates","source_ref":"indicator--1","target_ref":"malware--1"}]})",
             {l.set, l.source, 0});
  auto d = l.set.match_domain(IocType::kDomain, "a.example");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0]->app, "Pegasus");
  EXPECT_EQ(l.set.match_ip(*IpAddress::parse("198.51.100.7")).size(), 1u);
  EXPECT_TRUE(l.set.find_exact(IocType::kSha256Cert, std::string(64, 'a')));
  EXPECT_EQ(l.source.skipped, 2u);
}

TEST(Feeds, EchapCsvAndYaml) {
  Loaded csv;
  read_echap_csv(
      "type,indicator,app\ndomain,spy.example,SpyApp\nipv4,192.0.2.9,SpyApp\nbogus,x,y\n",
      {csv.set, csv.source, 0});
  EXPECT_EQ(csv.set.count(IocType::kDomain), 1u);
  EXPECT_EQ(csv.set.count(IocType::kIp4), 1u);
  EXPECT_EQ(csv.source.skipped, 1u);
  EXPECT_EQ(csv.source.first_skipped[0].where, "line 4");

  Loaded yaml;
  read_echap_yaml(R"(# comment
- name: SpyApp
  names:
  - Spy App
  type: stalkerware
  packages:
  - com.spy
  certificates:
  - 31A6ECECD97CF39BC4126B8745CD94A7C30BF81C
  c2:
    domains:
    - c2.spy.example
    - "quoted.spy.example"
    ips:
    - 192.0.2.10
- name: Watcher
  type: watchware
  c2:
    domains: []
)",
                  {yaml.set, yaml.source, 0});
  auto d = yaml.set.match_domain(IocType::kDomain, "c2.spy.example");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0]->app, "SpyApp");
  EXPECT_EQ(d[0]->tag, "stalkerware");
  EXPECT_EQ(yaml.set.count(IocType::kDomain), 2u);
  EXPECT_EQ(yaml.set.count(IocType::kIp4), 1u);
  EXPECT_EQ(yaml.set.count(IocType::kSha1Cert), 0u);  // app-signing certificates are not TLS
}

TEST(Feeds, TextListsWithCommentsAndHostsLines) {
  Loaded l;
  read_text_list("# list\nbad.example\n0.0.0.0 hosts.example # blocked\n\nnot a domain\n",
                 IocType::kDomain, "suspect", {l.set, l.source, 0});
  EXPECT_EQ(l.set.count(IocType::kDomain), 2u);
  EXPECT_EQ(l.source.skipped, 1u);
  EXPECT_EQ(l.source.first_skipped[0].where, "line 5");
}

TEST(Feeds, DetectsFormatsByContent) {
  EXPECT_EQ(detect_feed_format("{\"iocs\":[]}"), FeedFormat::kTinyCheckJson);
  EXPECT_EQ(detect_feed_format("{\"elements\":[]}"), FeedFormat::kTinyCheckWhitelistJson);
  EXPECT_EQ(detect_feed_format("{\"type\": \"bundle\", \"objects\": []}"), FeedFormat::kStix2);
  EXPECT_EQ(detect_feed_format("type,indicator,app\n"), FeedFormat::kEchapCsv);
  EXPECT_EQ(detect_feed_format("- name: X\n  type: stalkerware\n"), FeedFormat::kEchapYaml);
  EXPECT_FALSE(detect_feed_format("evil.example\n"));
}

TEST(YamlSubset, NestedBlocks) {
  auto j = parse_yaml_subset(
      "a:\n  b: 1\n  c:\n  - x\n  - 'y: z'\nd: \"q # not a comment\" # comment\n");
  EXPECT_EQ(j["a"]["b"], "1");
  EXPECT_EQ(j["a"]["c"][1], "y: z");
  EXPECT_EQ(j["d"], "q # not a comment");
}
