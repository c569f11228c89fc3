// The verdict's words come from one table (report/verdict.cpp): the report carries them and
// the text summary shows them as written.
#include "report/verdict.h"

#include "rules/advice.h"
#include "test_support.h"

using namespace zeekscope;
using namespace zeekscope::test;

namespace {

const Feed kIocs{"iocs.json", R"({"iocs":[
  {"type":"domain","tag":"stalkerware","value":"spy.example"},
  {"type":"domain","tag":"tracker","value":"track.example"}]})",
                 ""};

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST(Verdict, EachVerdictHasItsHeadline) {
  EXPECT_EQ(verdict_name({}), "clean");
  EXPECT_EQ(verdict_name({0, 0, 1}), "low");
  EXPECT_EQ(verdict_name({0, 2, 1}), "moderate");
  EXPECT_EQ(verdict_name({1, 0, 0}), "high");
  std::set<std::string_view> headlines;
  for (VerdictFacts f :
       {VerdictFacts{}, VerdictFacts{0, 0, 1}, VerdictFacts{0, 1, 0}, VerdictFacts{1, 0, 0}})
    headlines.insert(verdict_headline(f));
  EXPECT_EQ(headlines.size(), 4u);
}

TEST(Verdict, AdviceFollowsTheIndicatorsThatMatched) {
  auto clean = verdict_advice({});
  ASSERT_FALSE(clean.empty());
  EXPECT_TRUE(contains(clean[1], "cannot see"));
  VerdictFacts stalker{1, 0, 0, true, false, true};
  auto advice = verdict_advice(stalker);
  ASSERT_EQ(advice.size(), 3u);
  EXPECT_EQ(advice[0], "1 high, 0 moderate and 0 low alerts.");
  EXPECT_TRUE(contains(advice[1], std::string(kSafetyAdvice)));
  EXPECT_TRUE(contains(advice[2], "tracker"));
  VerdictFacts spyware{1, 0, 0, false, true, false};
  EXPECT_TRUE(contains(verdict_advice(spyware)[1], "spyware"));
}

TEST(Verdict, ReportAndTextSummaryCarryTheEngineWords) {
  auto r = analyze(
      {{"dns.log", dns_log({"1|spy.example|A|93.184.216.36", "1|track.example|A|93.184.216.37"})}},
      {kIocs});
  const auto& s = r["summary"];
  ASSERT_EQ(s["verdict"], "high");
  VerdictFacts facts{1, 1, 0, true, false, true};
  EXPECT_EQ(s["headline"], std::string(verdict_headline(facts)));
  EXPECT_EQ(s["advice"].get<std::vector<std::string>>(), verdict_advice(facts));
  // The stalkerware alert and the verdict give the same safety advice.
  bool alert_has_advice = false;
  for (const auto& a : r["alerts"])
    alert_has_advice |= contains(a["description"].get<std::string>(), std::string(kSafetyAdvice));
  EXPECT_TRUE(alert_has_advice);

  std::string text = text_report(r);
  EXPECT_TRUE(contains(text, "Verdict: high\n" + s["headline"].get<std::string>() + "\n"));
  for (const auto& p : s["advice"]) EXPECT_TRUE(contains(text, p.get<std::string>())) << p;
}

TEST(Verdict, CleanReportSaysWhatTheCheckCannotSee) {
  const Feed real{"iocs.txt", "elsewhere.example\n", "text:domain/stalkerware"};
  auto r = analyze({{"conn.log", conn_log({"1|C1|10.0.0.2|93.184.216.34|443|tcp|ssl"})}}, {real});
  ASSERT_EQ(r["summary"]["verdict"], "clean");
  EXPECT_EQ(r["summary"]["indicators_checked"], true);
  EXPECT_EQ(r["summary"]["headline"], std::string(verdict_headline({})));
  std::string text = text_report(r);
  for (const auto& p : verdict_advice({})) EXPECT_TRUE(contains(text, p)) << p;
}

TEST(Verdict, NothingFoundWithoutAnIndicatorListIsUncheckedNeverClean) {
  auto logs = std::vector<Log>{{"conn.log", conn_log({"1|C1|10.0.0.2|93.184.216.34|443|tcp|ssl"})}};
  // No list at all, an empty list, and the demo set alone: none is a check against a real list.
  Session demo("", ToolInfo{"zeekscope", "test", "native"});
  demo.add_indicators(
      R"({"iocs":[{"type":"domain","tag":"stalkerware","value":"c2.demo.example"}]})",
      "zeekscope demo indicators", "", SourceRole::kDemo);
  demo.begin_file("conn.log");
  demo.feed(logs[0].content);
  demo.end_file();
  for (const auto& r :
       {analyze(logs), analyze(logs, {{"empty.txt", "# nothing yet\n", "auto-or-domains"}}),
        nlohmann::ordered_json::parse(demo.finish_json())}) {
    EXPECT_EQ(r["summary"]["verdict"], "unchecked");
    EXPECT_EQ(r["summary"]["indicators_checked"], false);
    VerdictFacts facts;
    facts.indicators_checked = false;
    EXPECT_EQ(r["summary"]["headline"], std::string(verdict_headline(facts)));
    EXPECT_TRUE(
        contains(r["summary"]["advice"][0].get<std::string>(), "No indicator list was used"));
    std::string text = text_report(r);
    EXPECT_TRUE(contains(text, "Verdict: unchecked\n")) << text;
    EXPECT_TRUE(contains(text, "zeekscope fetch-feeds")) << text;
  }
  // With alerts, the verdict is theirs and the advice still says no list was used.
  auto alerted = analyze({{"conn.log", conn_log({"1|C1|10.0.0.2|93.184.216.34|8080|tcp|http"})}});
  EXPECT_EQ(alerted["summary"]["verdict"], "moderate");
  EXPECT_TRUE(contains(alerted["summary"]["advice"].back().get<std::string>(),
                       "No indicator list was used"));
}
