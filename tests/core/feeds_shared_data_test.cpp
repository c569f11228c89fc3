// Every real feed in ../shared/data/iocs loads with the counts checked by hand (independently,
// with a short script over the same files: unique values per type after lower-casing).
#include "intel/feeds/feed.h"
#include "test_support.h"

using namespace zeekscope;
using namespace zeekscope::test;

namespace {

struct Expected {
  std::string file;
  std::string format;  // "" = detect
  std::map<std::string, uint64_t> counts;
  uint64_t duplicates, skipped;
};

nlohmann::ordered_json load_alone(const std::string& path, const std::string& format,
                                  bool whitelist, std::string* error = nullptr) {
  Session s("{\"profile\":\"tinycheck-2020\"}");  // no built-in whitelist source
  std::string e = s.add_indicators(read_file(path), path, format, whitelist).error;
  if (error) *error = e;
  return s.finish()["indicators"][0];
}

}  // namespace

TEST(SharedFeeds, LoadWithHandCheckedCounts) {
  std::string iocs = shared_data() + "/iocs";
  ZS_REQUIRE_SHARED(iocs);
  const std::vector<Expected> expected = {
      // Two rows are GitHub URLs; one "domain" row is an IPv4 address.
      {"echap/network.csv", "", {{"domain", 957}, {"ip4addr", 66}}, 9, 2},
      {"echap/ioc.yaml", "", {{"domain", 925}, {"ip4addr", 65}}, 0, 0},
      {"echap/watchware.yaml", "", {{"domain", 67}, {"ip4addr", 1}}, 0, 0},
      // Two entries are GitHub URLs, not domains; one "domain" is an IPv4 address.
      {"echap/indicators-for-tinycheck.json", "", {{"domain", 1452}, {"ip4addr", 66}}, 138, 2},
      {"echap/hosts", "text:domain/stalkerware", {{"domain", 925}}, 0, 0},
      {"tinycheck/iocs.json",
       "",
       {{"domain", 2110},
        {"freedns", 669},
        {"cidr", 349},
        {"sha1cert", 132},
        {"ip4addr", 36},
        {"tld", 23},
        {"ns", 20}},
       0,
       81},
      {"mvt/darksword.stix2", "", {{"domain", 10}, {"ip4addr", 3}}, 0, 30},
      {"mvt/eaglemsgspy.stix2", "", {{"domain", 13}, {"ip4addr", 13}}, 0, 25},
      {"mvt/operation_triangulation.stix2", "", {{"domain", 75}}, 0, 37},
      {"mvt/predator.stix2", "", {{"domain", 569}}, 0, 16},
      {"mvt/residentbat.stix2", "", {{"ip4addr", 24}}, 0, 24},
  };
  for (const auto& e : expected) {
    SCOPED_TRACE(e.file);
    std::string error;
    auto src = load_alone(iocs + "/" + e.file, e.format, false, &error);
    EXPECT_EQ(error, "");
    std::map<std::string, uint64_t> counts;
    for (const auto& [k, v] : src["counts"].items()) counts[k] = v.get<uint64_t>();
    EXPECT_EQ(counts, e.counts);
    EXPECT_EQ(src["duplicates"], e.duplicates);
    EXPECT_EQ(src["skipped"], e.skipped);
  }
}

TEST(SharedFeeds, TinyCheckWhitelist) {
  std::string path = shared_data() + "/iocs/tinycheck/whitelist.json";
  ZS_REQUIRE_SHARED(path);
  auto src = load_alone(path, "", true);
  EXPECT_EQ(src["format"], "tinycheck-whitelist-json");
  EXPECT_EQ(src["counts"]["domain"], 842);
  EXPECT_EQ(src["counts"]["cidr"], 685);
  EXPECT_EQ(src["counts"]["ip4addr"], 3);
  EXPECT_EQ(src["counts"]["ip6addr"], 1);
  EXPECT_EQ(src["skipped"], 0);
}

TEST(SharedFeeds, FilesThatAreNotFeedsAreRejectedByName) {
  std::string dir = shared_data() + "/iocs";
  ZS_REQUIRE_SHARED(dir);
  for (const char* f : {"echap/misp_event.json", "mvt/indicators.yaml", "echap/hosts"}) {
    std::string error;
    auto src = load_alone(dir + "/" + f, "", false, &error);
    EXPECT_NE(error.find(f), std::string::npos) << error;
    EXPECT_NE(error.find("not a known indicator format"), std::string::npos) << error;
    EXPECT_EQ(src["total"], 0);
  }
}
