// Loading indicator files (intel/feed_loader.h): the format a file is read as, and the
// "auto-or-domains" rule the CLIs and the page share.
#include "intel/feed_loader.h"

#include "test_support.h"

using namespace zeekscope;
using namespace zeekscope::test;

namespace {

const char* kCommentedList =
    "# Stalkerware domains, hosts-file style\n"
    "# updated 2024-01-01\n"
    "spy.example\n"
    "0.0.0.0 tracker.example  # a hosts line\n"
    "\n"
    "c2.spy.example\n";

const char* kTinyCheck =
    R"({"iocs":[{"type":"domain","tag":"stalkerware","tlp":"white","value":"a.example"}]})";
const char* kTinyCheckWhitelist = R"({"elements":[{"type":"domain","element":"ok.example"}]})";
const char* kEchapCsv = "type,indicator,app\ndomain,spy.example,SpyApp\nipv4,192.0.2.9,SpyApp\n";
const char* kEchapYaml = "# apps\n- name: SpyApp\n  c2:\n    domains:\n    - c2.spy.example\n";
const char* kStix = R"({"type":"bundle","objects":[{"type":"indicator","id":"indicator--1",)"
                    R"("pattern":"[domain-name:value = 'a.example']","pattern_type":"stix"}]})";

}  // namespace

TEST(FeedLoader, ACommentedDomainListLoadsAsDomains) {
  FeedLoader feeds;
  FeedLoad r = feeds.load(kCommentedList, "hosts.txt", kAutoOrDomains, SourceRole::kIndicators);
  EXPECT_EQ(r.error, "");
  EXPECT_EQ(r.format, "text:domain");
  EXPECT_EQ(r.loaded, 3u);
  EXPECT_EQ(r.skipped, 0u);
  EXPECT_EQ(feeds.indicators().count(IocType::kDomain), 3u);
  EXPECT_EQ(feeds.indicators().match_domain(IocType::kDomain, "x.tracker.example").size(), 1u);
  ASSERT_EQ(feeds.sources().size(), 1u);
  EXPECT_EQ(feeds.sources()[0].format, "text");  // as the report lists a plain list
  EXPECT_EQ(feeds.sources()[0].role, "indicators");
  EXPECT_EQ(feeds.source_names(), std::vector<std::string>{"hosts.txt"});

  // The same file by content alone ("") is still refused: a list's type must be given.
  FeedLoad strict = feeds.load(kCommentedList, "hosts.txt", "", SourceRole::kIndicators);
  EXPECT_EQ(strict.format, "");
  EXPECT_NE(strict.error.find("hosts.txt: not a known indicator format"), std::string::npos);
  EXPECT_EQ(strict.skipped, 1u);
}

TEST(FeedLoader, KnownFormatsAreStillRecognisedAndReported) {
  struct Case {
    const char* bytes;
    bool whitelist;
    const char* format;
  };
  for (const Case& c : {Case{kTinyCheck, false, "tinycheck-json"},
                        Case{kTinyCheckWhitelist, true, "tinycheck-whitelist-json"},
                        Case{kEchapCsv, false, "echap-csv"}, Case{kEchapYaml, false, "echap-yaml"},
                        Case{kStix, false, "stix2"}}) {
    SCOPED_TRACE(c.format);
    for (std::string_view format : {std::string_view(), kAutoOrDomains}) {
      FeedLoader feeds;
      FeedLoad r = feeds.load(c.bytes, "feed", format,
                              c.whitelist ? SourceRole::kWhitelist : SourceRole::kIndicators);
      EXPECT_EQ(r.error, "");
      EXPECT_EQ(r.format, c.format);
      EXPECT_EQ(feeds.sources()[0].format, c.format);
      EXPECT_GE(r.loaded, 1u);
      EXPECT_EQ(r.loaded, (c.whitelist ? feeds.whitelist() : feeds.indicators()).size());
    }
  }
}

TEST(FeedLoader, JsonOfNoKnownFormatIsNotReadAsDomains) {
  FeedLoader feeds;
  for (const char* json : {R"({"uuid": "x", "Attribute": []})", "\xEF\xBB\xBF [\"a.example\"]"}) {
    FeedLoad r = feeds.load(json, "misp.json", kAutoOrDomains, SourceRole::kIndicators);
    EXPECT_EQ(r.format, "");
    EXPECT_NE(r.error.find("misp.json: not a known indicator format"), std::string::npos)
        << r.error;
    EXPECT_NE(r.error.find("JSON is not read as a list of domains"), std::string::npos);
  }
  EXPECT_EQ(feeds.indicators().size(), 0u);
}

TEST(FeedLoader, AWhitelistListGoesToTheWhitelist) {
  FeedLoader feeds;
  FeedLoad r =
      feeds.load("# allowed\ngood.example\n", "allow.txt", kAutoOrDomains, SourceRole::kWhitelist);
  EXPECT_EQ(r.format, "text:domain");
  EXPECT_EQ(feeds.whitelist().size(), 1u);
  EXPECT_EQ(feeds.indicators().size(), 0u);
  EXPECT_EQ(feeds.whitelist().find_exact(IocType::kDomain, "good.example")->tag, "whitelist");
  EXPECT_EQ(feeds.sources()[0].role, "whitelist");
}

TEST(FeedLoader, TypedListsAndBadFormatStrings) {
  FeedLoader feeds;
  FeedLoad typed = feeds.load("198.51.100.7\nnot-an-ip\n", "ips.txt", "text:IPv4/Pegasus",
                              SourceRole::kIndicators);
  EXPECT_EQ(typed.format, "text:ip4addr/pegasus");
  EXPECT_EQ(typed.loaded, 1u);
  EXPECT_EQ(typed.skipped, 1u);
  EXPECT_EQ(typed.error, "");

  FeedLoad type = feeds.load("x\n", "a.txt", "text:colour", SourceRole::kIndicators);
  EXPECT_EQ(type.error, "a.txt: unknown indicator type \"colour\"");
  FeedLoad name = feeds.load("x\n", "b.txt", "auto", SourceRole::kIndicators);
  EXPECT_EQ(name.error, "b.txt: unknown feed format \"auto\"");
  FeedLoad text = feeds.load("x\n", "c.txt", "text", SourceRole::kIndicators);
  EXPECT_EQ(text.error, "c.txt: unknown feed format \"text\"");
  // A file that fails is still a source (listed in the report with its reason).
  EXPECT_EQ(feeds.sources().size(), 4u);
  EXPECT_EQ(feeds.sources()[1].first_skipped[0].where, "file");
}

TEST(FeedLoader, TheSessionReportsTheFormatAndTheListRaisesAlerts) {
  Session s;
  FeedLoad r = s.add_indicators(kCommentedList, "hosts.txt", "auto-or-domains");
  EXPECT_EQ(r.format, "text:domain");
  s.begin_file("dns.log");
  s.feed(dns_log({"1|c2.spy.example|A|198.51.100.66"}));
  s.end_file();
  auto report = s.finish();
  EXPECT_TRUE(has_alert(report, "IOC-03", "c2.spy.example"));
  const auto& sources = report["indicators"];
  ASSERT_EQ(sources.size(), 2u);  // the built-in ranges, then the list
  EXPECT_EQ(sources[1]["name"], "hosts.txt");
  EXPECT_EQ(sources[1]["format"], "text");
  EXPECT_EQ(sources[1]["counts"]["domain"], 3);
}
