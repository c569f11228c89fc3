// The behaviour rules' measures (beacon score, held-open time) and the rules on small captures:
// the platform allow-list, the user's whitelist, the limits on kept connection times, and the
// timeline through a merged state.
#include <random>

#include "capture/connection_series.h"
#include "report/json_writer.h"
#include "rules/behaviour/beacon.h"
#include "session/session.h"
#include "test_support.h"

using namespace zeekscope;
using namespace zeekscope::test;

namespace {

constexpr double kStart = 1790000000;

// Contacts every `every` seconds with a uniform jitter of +-`jitter` of it, `bytes` each.
std::vector<ConnEvent> regular(size_t n, double every, double jitter, uint32_t seed,
                               uint64_t bytes = 700) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> j(-jitter, jitter);
  std::vector<ConnEvent> out;
  double t = kStart;
  for (size_t i = 0; i < n; ++i, t += every * (1 + j(rng))) out.push_back({t, 0.5, bytes, 1500});
  return out;
}

std::vector<ConnEvent> uniform_random(size_t n, double span, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> at(0, span);
  std::vector<ConnEvent> out;
  for (size_t i = 0; i < n; ++i) out.push_back({kStart + at(rng), 0.5, 700, 1500});
  std::sort(out.begin(), out.end(),
            [](const ConnEvent& a, const ConnEvent& b) { return a.start < b.start; });
  return out;
}

TimeRange span_of(double seconds) {
  TimeRange r;
  r.add(kStart);
  r.add(kStart + seconds);
  return r;
}

}  // namespace

TEST(Beacon, AFiveMinuteCheckInWithTenPercentJitterScoresAsABeacon) {
  for (uint32_t seed = 1; seed <= 20; ++seed) {
    auto events = regular(144, 300, 0.1, seed);
    BeaconScore b = score_beacon(events, span_of(12 * 3600), {});
    EXPECT_TRUE(b.beacon) << seed << " score " << b.score;
    EXPECT_GT(b.timing, 0.85) << seed;
    EXPECT_NEAR(b.median_interval, 300, 15) << seed;
    EXPECT_EQ(b.contacts, 144u);
  }
}

TEST(Beacon, AsManyContactsAtRandomTimesDoNot) {
  for (uint32_t seed = 1; seed <= 50; ++seed) {
    auto events = uniform_random(144, 12 * 3600, seed);
    BeaconScore b = score_beacon(events, span_of(12 * 3600), {});
    EXPECT_FALSE(b.beacon) << seed << " score " << b.score << " timing " << b.timing;
    EXPECT_LT(b.timing, 0.7) << seed;
    EXPECT_LE(b.score, b.timing) << seed;
  }
}

TEST(Beacon, ABriefRegularBurstInALongCaptureIsNotABeacon) {
  // Ten retries a minute apart in a twelve-hour capture: regular, but it spans ten minutes.
  auto events = regular(10, 60, 0, 1);
  BeaconScore b = score_beacon(events, span_of(12 * 3600), {});
  EXPECT_GT(b.timing, 0.95);
  EXPECT_LT(b.coverage, 0.05);
  EXPECT_FALSE(b.beacon) << b.score;
  // The same ten in a capture of ten minutes cover it.
  EXPECT_TRUE(score_beacon(events, span_of(9 * 60), {}).beacon);
}

TEST(Beacon, ParallelConnectionsAreOneContactAndTooFewContactsAreNotJudged) {
  std::vector<ConnEvent> events;
  for (double t : {0.0, 3600.0, 7200.0})
    for (int k = 0; k < 3; ++k) events.push_back({kStart + t + 0.1 * k, 1, 500, 500});
  BeaconScore b = score_beacon(events, span_of(7200), {});
  EXPECT_EQ(b.connections, 9u);
  EXPECT_EQ(b.contacts, 3u);
  EXPECT_FALSE(b.beacon);  // 3 contacts, below beacon_min_connections (4)
  events.push_back({kStart + 10800, 1, 500, 500});
  EXPECT_TRUE(score_beacon(events, span_of(10800), {}).beacon);
}

TEST(Beacon, AStrobeIsABeaconWhateverItsScore) {
  std::vector<ConnEvent> events;
  for (int i = 0; i < 1300; ++i) events.push_back({kStart + i * 0.5 + (i % 7) * 0.3, 0, 0, 0});
  BeaconScore b = score_beacon(events, span_of(3600), {});
  EXPECT_TRUE(b.strobe);
  EXPECT_TRUE(b.beacon);
  // Shorter than strobe_min_seconds (600): not a strobe.
  events.resize(1000);
  EXPECT_FALSE(score_beacon(events, span_of(3600), {}).strobe);
}

TEST(Beacon, EmptyAndSingleInputsScoreZero) {
  EXPECT_FALSE(score_beacon({}, span_of(10), {}).beacon);
  std::vector<ConnEvent> one{{kStart, 1, 1, 1}};
  BeaconScore b = score_beacon(one, {}, {});
  EXPECT_EQ(b.score, 0);
  EXPECT_FALSE(b.beacon);
}

TEST(ConnectionSeries, CoveredTimeCountsOverlapsOnce) {
  std::vector<ConnEvent> events{
      {0, 10, 0, 0}, {5, 10, 0, 0}, {30, 5, 0, 0}, {31, 1, 0, 0}, {40, 0, 0, 0}};
  EXPECT_DOUBLE_EQ(covered_seconds(events), 20);
  EXPECT_DOUBLE_EQ(covered_seconds({}), 0);
}

TEST(JsonWriter, FixedNumbersDropTrailingZerosAndWriteNullForNonFinite) {
  JsonWriter w;
  w.begin_array().fixed(1.5, 3).fixed(2.0, 3).fixed(-0.0001, 3).fixed(std::nan(""), 3);
  const double row[3] = {1790000000.1234, 0.25, 1e300};
  const int decimals[3] = {3, 3, 0};
  w.fixed_row(row, decimals).end_array();
  EXPECT_EQ(w.take(), "[\n  1.5,\n  2,\n  0,\n  null,\n  [1790000000.123, 0.25, null]\n]\n");
}

namespace {

std::string ssl_conns(const std::string& ip, const std::vector<double>& starts,
                      const std::string& duration = "0.5", const std::string& orig = "700") {
  std::vector<std::string> lines;
  int n = 0;
  for (double t : starts) {
    char ts[32];
    std::snprintf(ts, sizeof ts, "%.6f", t);
    lines.push_back(std::string(ts) + "\tC" + std::to_string(n++) + "\t10.0.0.2\t51000\t" + ip +
                    "\t443\ttcp\tssl\t" + duration + "\t" + orig + "\t1500");
  }
  return tsv("conn",
             {"ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "proto", "service",
              "duration", "orig_bytes", "resp_bytes"},
             {"time", "string", "addr", "port", "addr", "port", "enum", "string", "interval",
              "count", "count"},
             lines);
}

std::vector<double> every_five_minutes(size_t n) {
  std::vector<double> out;
  for (size_t i = 0; i < n; ++i) out.push_back(kStart + 300.0 * i + (i % 5) * 7.3);
  return out;
}

const nlohmann::ordered_json* alert(const nlohmann::ordered_json& r, const std::string& id) {
  for (const auto& a : r["alerts"])
    if (a["id"] == id) return &a;
  return nullptr;
}

}  // namespace

TEST(BehaviourRules, ABeaconToAnUnlistedNameLeadsWithItsNumbers) {
  auto r = analyze({{"conn.log", ssl_conns("198.51.100.7", every_five_minutes(144))},
                    {"dns.log", dns_log({"1789999990|sync.unlisted.example|A|198.51.100.7"})}});
  ASSERT_TRUE(has_alert(r, "BEH-01", "sync.unlisted.example", "Moderate"));
  const auto& d = (*alert(r, "BEH-01"))["evidence"]["details"];
  EXPECT_EQ(d["connections"][0], "144");
  EXPECT_EQ(d["contacts"][0], "144");
  EXPECT_EQ(d["median_interval_s"][0], "307.3");  // the intervals are 300 + 7.3 or 300 - 29.2
  EXPECT_EQ(d["first_seen"][0], "2026-09-21T14:13:20.000000Z");
  EXPECT_EQ(r["hosts"][0]["host"], "sync.unlisted.example");
  const auto& t = r["timeline"]["hosts"][0];
  EXPECT_EQ(t["host"], "sync.unlisted.example");
  EXPECT_EQ(t["points"].size(), 144u);
  EXPECT_EQ(t["points"][1][0].get<double>(), kStart + 307.3);
  EXPECT_EQ(t["points"][1][3], 1500);
}

TEST(BehaviourRules, PlatformServicesAndTheWhitelistDoNotFireUnlessTheAllowListIsOff) {
  std::vector<Log> logs = {
      {"conn.log", ssl_conns("142.250.1.188", every_five_minutes(144), "7200")},
      {"dns.log", dns_log({"1789999990|mtalk.google.com|A|142.250.1.188"})}};
  auto quiet = analyze(logs);
  EXPECT_FALSE(has_alert(quiet, "BEH-01", "mtalk.google.com"));
  EXPECT_FALSE(has_alert(quiet, "BEH-02", "mtalk.google.com"));
  auto loud = analyze(logs, {}, R"({"platform_allowlist": false})");
  EXPECT_TRUE(has_alert(loud, "BEH-01", "mtalk.google.com"));
  EXPECT_TRUE(has_alert(loud, "BEH-02", "mtalk.google.com"));

  std::vector<Log> other = {{"conn.log", ssl_conns("198.51.100.7", every_five_minutes(144))},
                            {"dns.log", dns_log({"1789999990|sync.mine.example|A|198.51.100.7"})}};
  EXPECT_TRUE(has_alert(analyze(other), "BEH-01", "sync.mine.example"));
  auto whitelisted = analyze(other, {{"wl.txt", "mine.example\n", "auto-or-domains", true}});
  EXPECT_FALSE(has_alert(whitelisted, "BEH-01", "sync.mine.example"));
}

TEST(BehaviourRules, HeldOpenConnectionsAreALongChannelAndTransfersAreNot) {
  auto held = analyze({{"conn.log", ssl_conns("198.51.100.9", {kStart}, "10800", "1000")}});
  EXPECT_TRUE(has_alert(held, "BEH-02", "198.51.100.9", "Low"));
  EXPECT_EQ((*alert(held, "BEH-02"))["evidence"]["details"]["connected_s"][0], "10800");
  // Three hours moving 40 MB is a download, not a channel held open.
  auto transfer = analyze({{"conn.log", ssl_conns("198.51.100.9", {kStart}, "10800", "40000000")}});
  EXPECT_FALSE(has_alert(transfer, "BEH-02", "198.51.100.9"));
  EXPECT_TRUE(has_alert(transfer, "BEH-04", "198.51.100.9", "Moderate"));
}

TEST(BehaviourRules, KeptTimesStopAtTheirLimitsAndTheReportSaysSo) {
  auto r = analyze({{"conn.log", ssl_conns("198.51.100.7", every_five_minutes(144))}}, {},
                   R"({"limits": {"max_times_per_destination": 100}})");
  bool named = false;
  for (const auto& l : r["limits_reached"])
    if (l["limit"] == "max_times_per_destination") {
      named = true;
      EXPECT_EQ(l["skipped"], 44);
      EXPECT_EQ(l["value"], 100);
    }
  EXPECT_TRUE(named) << r["limits_reached"].dump();
  EXPECT_EQ(r["timeline"]["hosts"][0]["points"].size(), 100u);
  EXPECT_EQ(r["timeline"]["hosts"][0]["connections"], 144);

  auto small = analyze({{"conn.log", ssl_conns("198.51.100.7", every_five_minutes(144))}}, {},
                       R"({"timeline_points": 10})");
  EXPECT_EQ(small["timeline"]["hosts"][0]["shown"], 10);
  EXPECT_EQ(small["timeline"]["hosts"][0]["points"].size(), 10u);
}

TEST(BehaviourRules, BadSettingsAreRefusedNamingTheKey) {
  for (const char* config : {R"({"beacon_min_score": 1.5})", R"({"beacon_min_connections": 2})",
                             R"({"upload_ratio": "3"})", R"({"dns_label_min_length": 64})"}) {
    try {
      Config::from_json(config);
      ADD_FAILURE() << config;
    } catch (const ConfigError& e) {
      std::string key = nlohmann::json::parse(config).begin().key();
      EXPECT_NE(std::string(e.what()).find(key), std::string::npos) << e.what();
    }
  }
  EXPECT_EQ(Config::from_json(R"({"beacon_min_score": 0.9})").beacon_min_score, 0.9);
}

TEST(BehaviourRules, MergedStatesGiveTheSameAlertsAndTimelineAsOneReader) {
  auto starts = every_five_minutes(144);
  std::vector<double> first(starts.begin(), starts.begin() + 70),
      second(starts.begin() + 70, starts.end());
  // The second worker sees its destination first at a later time: its times are rebased.
  std::vector<Log> logs = {{"conn.1.log", ssl_conns("198.51.100.7", second)},
                           {"conn.2.log", ssl_conns("198.51.100.7", first)}};
  auto read = [](Session& s, const Log& log) {
    s.begin_file(log.name);
    s.feed(log.content);
    s.end_file();
  };
  Session one("");
  for (const auto& log : logs) read(one, log);
  Session finisher("");
  for (const auto& log : logs) {
    Session worker("");
    read(worker, log);
    finisher.merge_state(worker.export_state());
  }
  auto a = one.finish(), b = finisher.finish();
  EXPECT_TRUE(has_alert(a, "BEH-01", "198.51.100.7"));
  EXPECT_EQ(a["alerts"].dump(), b["alerts"].dump());
  EXPECT_EQ(a["timeline"].dump(), b["timeline"].dump());
  EXPECT_EQ(a["timeline"]["hosts"][0]["points"].size(), 144u);
}
