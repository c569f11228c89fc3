// The rule table is the one home of every rule: its order, the README's table generated from
// it, and the levels and coverage the profiles take from it.
#include "rules/rule_table.h"

#include <fstream>
#include <set>
#include <sstream>

#include "test_support.h"

using namespace zeekscope;
using namespace zeekscope::test;

namespace {

const Feed kTracker{"iocs.json", R"({"iocs":[
  {"type":"domain","tag":"tracker","value":"track.example"},
  {"type":"domain","tag":"stalkerware","value":"spy.example"}]})",
                    ""};

nlohmann::ordered_json sample(const std::string& profile) {
  return analyze(
      {{"conn.log", conn_log({"1|C1|10.0.0.2|93.184.216.34|5000|udp|-",
                              "1|C2|10.0.0.2|93.184.216.35|8080|tcp|http",
                              "1|C3|10.0.0.2|93.184.216.36|80|tcp|http"})},
       {"dns.log", dns_log({"1|track.example|A|93.184.216.35", "1|spy.example|A|93.184.216.36"})}},
      {kTracker}, R"({"profile":")" + profile + R"("})");
}

const RuleSpec* spec_of(const std::string& id) {
  for (const RuleSpec& r : rule_table())
    if (r.id == id) return &r;
  return nullptr;
}

}  // namespace

TEST(RuleTable, InRuleIdOrderWithEveryPartDeclared) {
  std::set<std::string_view> ids;
  size_t i = 0;
  for (const RuleSpec& r : rule_table()) {
    EXPECT_EQ(size_t(r.rule), i++) << r.id;
    EXPECT_TRUE(ids.insert(r.id).second) << "duplicate id " << r.id;
    EXPECT_FALSE(r.name.empty()) << r.id;
    EXPECT_FALSE(r.checks.empty()) << r.id;
    EXPECT_FALSE(r.needs.empty()) << r.id;
    EXPECT_NE(r.missing, nullptr) << r.id;
    EXPECT_NE(r.describe, nullptr) << r.id;
    EXPECT_EQ(&rule_spec(r.rule), &r);
  }
  EXPECT_EQ(ids.size(), 22u);
}

TEST(RuleTable, ReadmeTableIsTheGeneratedOne) {
  std::ifstream in(source_dir() + "/README.md");
  ASSERT_TRUE(in) << "README.md not found";
  std::stringstream text;
  text << in.rdbuf();
  std::string readme = text.str();
  const std::string begin = "<!-- rule-table:begin -->\n", end = "<!-- rule-table:end -->";
  size_t from = readme.find(begin), to = readme.find(end);
  ASSERT_NE(from, std::string::npos);
  ASSERT_NE(to, std::string::npos);
  from += begin.size();
  EXPECT_EQ(readme.substr(from, to - from), rule_table_markdown())
      << "the README's rule table differs from the rule table: paste `zeekscope rules` "
         "between the markers";
}

TEST(RuleTable, CoverageListsEveryRuleInTableOrderWithItsReason) {
  auto r = analyze({{"conn.log", conn_log({"1|C1|10.0.0.2|93.184.216.34|443|tcp|ssl"})}}, {},
                   R"({"heuristics":false})");
  ASSERT_EQ(r["coverage"].size(), rule_table().size());
  size_t i = 0;
  for (const RuleSpec& spec : rule_table()) {
    const auto& c = r["coverage"][i++];
    EXPECT_EQ(c["rule"], std::string(spec.id));
    if (spec.kind == RuleKind::kHeuristic) {
      EXPECT_EQ(c["reason"], "turned off in the configuration (heuristics)") << spec.id;
    }
    if (spec.kind == RuleKind::kIndicator) {
      EXPECT_EQ(c["evaluated"], false) << spec.id;
    }
  }
  EXPECT_EQ(coverage_of(r, "ADV-01")["evaluated"], true);
  EXPECT_EQ(coverage_of(r, "IOC-03")["reason"], "no domain indicators loaded");
}

TEST(RuleTable, EachProfileTakesItsLevelsFromTheTable) {
  for (std::string profile : {"default", "tinycheck-2020"}) {
    auto r = sample(profile);
    std::set<std::string> seen;
    for (const auto& a : r["alerts"]) {
      const RuleSpec* spec = spec_of(a["id"].get<std::string>());
      ASSERT_NE(spec, nullptr) << a["id"];
      Level level = profile == "default" ? spec->level : spec->seed_level;
      std::set<std::string> allowed{std::string(level_name(level)),
                                    std::string(level_name(spec->lower_level))};
      EXPECT_TRUE(allowed.count(a["level"].get<std::string>()))
          << profile << " " << a["id"] << " " << a["level"];
      EXPECT_FALSE(a["title"].get<std::string>().empty());
      EXPECT_FALSE(a["description"].get<std::string>().empty());
      seen.insert(a["id"].get<std::string>() + " " + a["level"].get<std::string>());
    }
    // The lowered level is the table's: a tracker domain is Moderate, a stalkerware one High.
    EXPECT_TRUE(seen.count("IOC-03 Moderate")) << profile;
    EXPECT_TRUE(seen.count("IOC-03 High")) << profile;
    EXPECT_TRUE(seen.count("PROTO-04 Moderate")) << profile;
  }
}
