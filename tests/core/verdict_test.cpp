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
  auto r = analyze({{"conn.log", conn_log({"1|C1|10.0.0.2|93.184.216.34|443|tcp|ssl"})}});
  ASSERT_EQ(r["summary"]["verdict"], "clean");
  EXPECT_EQ(r["summary"]["headline"], std::string(verdict_headline({})));
  std::string text = text_report(r);
  for (const auto& p : verdict_advice({})) EXPECT_TRUE(contains(text, p)) << p;
}
