// Resource limits: each is configurable; hitting one skips what is over it, names the limit in
// the report (per file and in limits_reached), and the rest of the analysis goes on.
#include "test_support.h"

using namespace zeekscope;
using namespace zeekscope::test;

namespace {

const Feed kFeed{"feed.txt", "spy.example\n", "text:domain/stalkerware"};

const nlohmann::ordered_json& input(const nlohmann::ordered_json& r, const std::string& name) {
  for (const auto& i : r["inputs"])
    if (i["name"] == name) return i;
  static const nlohmann::ordered_json none;
  return none;
}

// limit name -> skipped count, from the report's limits_reached.
std::map<std::string, uint64_t> reached(const nlohmann::ordered_json& r) {
  std::map<std::string, uint64_t> out;
  for (const auto& l : r["limits_reached"]) out[l["limit"]] = l["skipped"];
  return out;
}

std::string limits(const std::string& body) { return R"({"limits":{)" + body + "}}"; }

// Conn records of many destinations: record i (uid "C<i>") goes to 198.51.100.<dest[i]>. One
// destination is popular (seen again within a few records), the others come back far apart and
// some are new late in the log: the reader hands conn records on in batches, and neither a
// batch nor a chunk boundary may change which records are kept.
struct ConnRows {
  std::vector<int> dest;
  std::vector<std::string> rows;
};
ConnRows conn_rows(int n) {
  ConnRows out;
  for (int i = 0; i < n; ++i) {
    int d = i % 4 == 0 ? 0 : (i * 37 + i / 50) % 80;
    out.dest.push_back(d);
    out.rows.push_back(std::to_string(1000 + i) + "|C" + std::to_string(i) +
                       "|10.0.0.2|198.51.100." + std::to_string(d) + "|443|tcp|ssl");
  }
  return out;
}

// What reading one record at a time keeps when only the first `kept` destinations fit.
struct KeptConns {
  std::map<int, uint64_t> connections;  // by destination
  std::map<int, std::vector<std::string>> uids;
  std::vector<uint64_t> skipped_lines;
};
KeptConns keep_first(const ConnRows& c, size_t kept, uint64_t first_line) {
  KeptConns out;
  for (size_t i = 0; i < c.dest.size(); ++i) {
    int d = c.dest[i];
    if (!out.connections.count(d) && out.connections.size() == kept) {
      out.skipped_lines.push_back(first_line + i);
      continue;
    }
    ++out.connections[d];
    if (out.uids[d].size() < 5) out.uids[d].push_back("C" + std::to_string(i));
  }
  return out;
}

// Checks a report against the model; returns the number of destinations the report kept.
size_t expect_kept(const nlohmann::ordered_json& r, const ConnRows& c, std::optional<size_t> kept) {
  std::map<int, uint64_t> connections;
  std::map<int, std::vector<std::string>> uids;
  for (const auto& bucket : r["destinations"])
    for (const auto& d : bucket) {
      std::string ip = d["ip"];
      int host = std::stoi(ip.substr(ip.rfind('.') + 1));
      connections[host] = d["connections"];
      uids[host] = d["uids"].get<std::vector<std::string>>();
    }
  KeptConns want = keep_first(c, kept.value_or(connections.size()), 9);  // 8 header lines
  EXPECT_EQ(connections, want.connections);
  EXPECT_EQ(uids, want.uids);
  const auto& in = input(r, "conn.log");
  EXPECT_EQ(in["records"], c.rows.size() - want.skipped_lines.size());
  EXPECT_EQ(in["skipped_lines"], want.skipped_lines.size());
  EXPECT_EQ(in["skipped"].size(),
            std::min<size_t>(InputStats::kMaxReasons, want.skipped_lines.size()));
  for (size_t k = 0; k < in["skipped"].size() && k < want.skipped_lines.size(); ++k)
    EXPECT_EQ(in["skipped"][k]["line"], want.skipped_lines[k]) << "skipped line " << k;
  return connections.size();
}

}  // namespace

TEST(Limits, DefaultsAreInTheEffectiveConfigAndNothingIsReached) {
  auto r = analyze({{"dns.log", dns_log({"1|spy.example|A|-"})}}, {kFeed});
  EXPECT_EQ(r["config"]["limits"]["max_line_bytes"], 16u << 20);
  EXPECT_EQ(r["config"]["limits"]["max_destinations"], 500000);
  EXPECT_EQ(r["config"]["limits"]["max_gzip_ratio"], 250);
  EXPECT_TRUE(r["limits_reached"].empty());
  EXPECT_EQ(r["summary"]["limits_reached"], 0);
}

TEST(Limits, BadLimitValuesAreConfigErrorsNamingTheKey) {
  EXPECT_THROW(Config::from_json(limits(R"("max_fields":0)")), ConfigError);
  try {
    Config::from_json(limits(R"("max_lines":5)"));
    FAIL() << "no error";
  } catch (const ConfigError& e) {
    EXPECT_STREQ(e.what(), "config key \"limits.max_lines\": unknown key");
  }
  EXPECT_THROW(Config::from_json(R"({"limits":3})"), ConfigError);
  EXPECT_EQ(Config::from_json(limits(R"("max_fields":12)")).limits.max_fields, 12u);
}

TEST(Limits, MaxLineBytesIsConfigurable) {
  std::string long_name(300, 'a');
  auto r = analyze({{"dns.log", dns_log({"1|" + long_name + ".example|A|-", "2|spy.example|A|-"})}},
                   {kFeed}, limits(R"("max_line_bytes":256)"));
  const auto& in = input(r, "dns.log");
  EXPECT_EQ(in["records"], 1);
  EXPECT_EQ(in["skipped"][0]["line"], 9);
  EXPECT_NE(in["skipped"][0]["reason"].get<std::string>().find("over the limit of 256 bytes"),
            std::string::npos);
  EXPECT_EQ(reached(r)["max_line_bytes"], 1);
  EXPECT_TRUE(has_alert(r, "IOC-03", "spy.example", "High"));
}

TEST(Limits, MaxFieldsRefusesAWideTsvHeaderAndAWideJsonObject) {
  std::string wide = "#separator \\x09\n#path\tdns\n#fields";
  for (int i = 0; i < 40; ++i) wide += "\tf" + std::to_string(i);
  wide += "\n1\tx\n";
  std::string json = R"({"ts":1,"query":"spy.example","qtype_name":"A")";
  for (int i = 0; i < 40; ++i) json += ",\"k" + std::to_string(i) + "\":1";
  json += "}\n";
  json += R"({"ts":2,"query":"spy.example","qtype_name":"A"})"
          "\n";
  auto r = analyze({{"wide.log", wide}, {"dns.json", json}}, {kFeed}, limits(R"("max_fields":30)"));
  const auto& tsv = input(r, "wide.log");
  EXPECT_EQ(tsv["skipped"][0]["line"], 3);
  EXPECT_EQ(tsv["skipped"][0]["reason"],
            "#fields header of 40 fields is over the limit of 30 (max_fields): the records under "
            "it are skipped");
  const auto& js = input(r, "dns.json");
  EXPECT_EQ(js["records"], 1);
  EXPECT_EQ(js["skipped"][0]["reason"],
            "JSON object of 43 fields is over the limit of 30 (max_fields)");
  EXPECT_EQ(reached(r)["max_fields"], 2);
  EXPECT_TRUE(has_alert(r, "IOC-03", "spy.example", "High"));
}

TEST(Limits, MaxDestinationsKeepsTheFirstAndStillCountsThem) {
  auto r = analyze({{"conn.log", conn_log({"1|C1|10.0.0.2|198.51.100.1|443|tcp|ssl",
                                           "2|C2|10.0.0.2|198.51.100.2|443|tcp|ssl",
                                           "3|C3|10.0.0.2|198.51.100.3|443|tcp|ssl",
                                           "4|C4|10.0.0.2|198.51.100.4|443|tcp|ssl",
                                           "5|C5|10.0.0.2|198.51.100.1|443|tcp|ssl"})}},
                   {}, limits(R"("max_destinations":2)"));
  const auto& in = input(r, "conn.log");
  EXPECT_EQ(in["records"], 3);
  EXPECT_EQ(in["skipped_lines"], 2);
  EXPECT_EQ(in["skipped"][0]["reason"],
            "a new destination over the limit of 2 (max_destinations): record skipped");
  EXPECT_EQ(reached(r)["max_destinations"], 2);
  uint64_t destinations = 0, connections = 0;
  for (const auto& bucket : r["destinations"])
    for (const auto& d : bucket) {
      ++destinations;
      connections += d["connections"].get<uint64_t>();
    }
  EXPECT_EQ(destinations, 2);
  EXPECT_EQ(connections, 3);  // the fifth record reached a destination already kept
  EXPECT_EQ(r["limits_reached"][0]["value"], 2);
  EXPECT_EQ(r["limits_reached"][0]["what"], "conn records of new destinations skipped");
}

TEST(Limits, MaxNamesStopsNewNamesButKeepsWhatCameFirst) {
  std::vector<std::string> rows = {"1|spy.example|A|198.51.100.9"};
  for (int i = 0; i < 50; ++i)
    rows.push_back(std::to_string(2 + i) + "|n" + std::to_string(i) + ".example|A|-");
  auto r = analyze({{"dns.log", dns_log(rows)}}, {kFeed}, limits(R"("max_names":20)"));
  const auto& in = input(r, "dns.log");
  EXPECT_GT(in["skipped_lines"].get<uint64_t>(), 25u);
  EXPECT_LT(in["records"].get<uint64_t>(), 25u);
  EXPECT_GT(reached(r)["max_names"], 25u);
  EXPECT_TRUE(has_alert(r, "IOC-03", "spy.example", "High"));
}

TEST(Limits, MaxIndicatorsLoadsTheFirstAndCountsTheRest) {
  auto r = analyze({{"dns.log", dns_log({"1|spy.example|A|-", "2|late.example|A|-"})}},
                   {{"feed.txt", "spy.example\na.example\nlate.example\nb.example\n",
                     "text:domain/stalkerware"}},
                   limits(R"("max_indicators":2)"));
  EXPECT_EQ(reached(r)["max_indicators"], 2);
  const auto& src = r["indicators"][1];
  EXPECT_EQ(src["skipped"], 2);
  EXPECT_TRUE(has_alert(r, "IOC-03", "spy.example", "High"));
  EXPECT_FALSE(has_alert(r, "IOC-03", "late.example"));
  // A value already loaded is still evidence, not a new indicator.
  auto again = analyze({},
                       {{"a.txt", "x.example\ny.example\n", "text:domain"},
                        {"b.txt", "y.example\nx.example\n", "text:domain"}},
                       limits(R"("max_indicators":2)"));
  EXPECT_TRUE(again["limits_reached"].empty());
}

TEST(Limits, MemoryLimitCutsTheFileBeingReadAndSkipsLaterOnes) {
  Session s(limits(R"("max_memory_mib":100)"));
  uint64_t heap = 10u << 20;
  s.set_memory_probe([&] { return heap; });
  s.add_indicators(kFeed.content, kFeed.name, kFeed.format);
  s.begin_file("first.log");
  s.feed(dns_log({"1|spy.example|A|-"}));
  s.end_file();
  std::string padding(5u << 20, '\n');  // enough bytes for the probe to be asked
  s.begin_file("second.log");
  s.feed(dns_log({"2|other.example|A|-"}));
  heap = 200u << 20;
  s.feed(padding);
  s.feed(dns_log({"3|never.example|A|-"}));
  s.end_file();
  s.begin_file("third.log");
  s.feed(dns_log({"4|never.example|A|-"}));
  s.end_file();
  auto r = s.finish();
  EXPECT_EQ(input(r, "first.log")["records"], 1);
  const auto& second = input(r, "second.log");
  EXPECT_EQ(second["records"], 1);
  EXPECT_NE(second["skipped"].back()["reason"].get<std::string>().find(
                "memory reached the limit of 100 MiB (max_memory_mib) here"),
            std::string::npos);
  const auto& third = input(r, "third.log");
  EXPECT_EQ(third["skipped_file"], true);
  EXPECT_EQ(third["records"], 0);
  EXPECT_EQ(reached(r)["max_memory_mib"], 2);
  EXPECT_TRUE(has_alert(r, "IOC-03", "spy.example", "High"));
}

TEST(Limits, FileErrorsNamedByALimitAreCounted) {
  Session s;
  s.begin_file("bomb.log.gz");
  s.feed(dns_log({"1|a.example|A|-"}));
  s.end_file();
  s.file_error("bomb.log.gz", "decompressed data is over 250 times its compressed size",
               "max_gzip_ratio");
  auto r = s.finish();
  EXPECT_EQ(reached(r)["max_gzip_ratio"], 1);
  EXPECT_EQ(input(r, "bomb.log.gz")["records"], 1);
}

TEST(Limits, ConnRecordsOfNewDestinationsOverTheLimitAreSkippedAtTheirOwnLines) {
  ConnRows c = conn_rows(300);
  for (size_t chunk : {size_t(0), size_t(61), size_t(4096)}) {
    SCOPED_TRACE("chunk " + std::to_string(chunk));
    auto r =
        analyze({{"conn.log", conn_log(c.rows)}}, {}, limits(R"("max_destinations":37)"), chunk);
    EXPECT_EQ(expect_kept(r, c, 37), 37u);
    EXPECT_EQ(reached(r)["max_destinations"], keep_first(c, 37, 9).skipped_lines.size());
  }
  // Under no limit every record is kept.
  EXPECT_EQ(expect_kept(analyze({{"conn.log", conn_log(c.rows)}}), c, std::nullopt), 80u);
}

TEST(Limits, ConnRecordsOverMaxNamesCountOnlyTowardDestinationsAlreadyKept) {
  // Each new destination's address is a new name: the pool fills after some twenty of them.
  ConnRows c = conn_rows(300);
  for (size_t chunk : {size_t(0), size_t(61)}) {
    SCOPED_TRACE("chunk " + std::to_string(chunk));
    auto r = analyze({{"conn.log", conn_log(c.rows)}}, {}, limits(R"("max_names":24)"), chunk);
    size_t kept = expect_kept(r, c, std::nullopt);
    EXPECT_GT(kept, 15u);
    EXPECT_LT(kept, 24u);
    EXPECT_EQ(reached(r)["max_names"], keep_first(c, kept, 9).skipped_lines.size());
  }
}

TEST(Limits, MergedStatesRespectMaxDestinations) {
  std::string config = limits(R"("max_destinations":2)");
  Session a(config), b(config), into(config);
  a.begin_file("a.log");
  a.feed(conn_log(
      {"1|C1|10.0.0.2|198.51.100.1|443|tcp|ssl", "2|C2|10.0.0.2|198.51.100.2|443|tcp|ssl"}));
  b.begin_file("b.log");
  b.feed(conn_log(
      {"3|C3|10.0.0.2|198.51.100.3|443|tcp|ssl", "4|C4|10.0.0.2|198.51.100.3|443|tcp|ssl"}));
  into.merge_state(a.export_state());
  into.merge_state(b.export_state());
  auto r = into.finish();
  EXPECT_EQ(reached(r)["max_destinations"], 2);  // the two connections of the third one
  EXPECT_EQ(r["summary"]["destinations"]["uncategorized"].get<uint64_t>() +
                r["summary"]["destinations"]["suspect"].get<uint64_t>(),
            2u);
}
