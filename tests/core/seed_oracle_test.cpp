// The tinycheck-2020 profile gives exactly the seed's alerts (id, level, host) on real pre-4.1
// TSV captures. The seed itself (../shared/seed/zeekengine.py) runs under tests/seed/seed_oracle.py
// with stand-ins for its imports; the engine runs on the same files, feeds and whitelist.
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "test_support.h"

namespace fs = std::filesystem;
using namespace zeekscope;
using namespace zeekscope::test;

namespace {

using Triples = std::vector<std::tuple<std::string, std::string, std::string>>;

std::string run_command(const std::string& cmd, int& status) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) {
    status = -1;
    return out;
  }
  char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  status = pclose(p);
  return out;
}

void write(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// Indicators built from the capture itself, so that every seed IOC path meets real names:
// domains with and without label boundaries, tracker and non-tracker tags, IPs, CIDRs, TLDs,
// free-DNS parents and nameservers.
std::string capture_feed(const nlohmann::ordered_json& report,
                         std::map<std::string, std::vector<std::string>>& ns) {
  nlohmann::json iocs = nlohmann::json::array();
  int i = 0;
  auto add = [&](const char* type, const std::string& tag, const std::string& value) {
    iocs.push_back({{"type", type}, {"tag", tag}, {"tlp", "white"}, {"value", value}});
  };
  for (const char* bucket : {"suspect", "uncategorized", "whitelisted"}) {
    for (const auto& d : report["destinations"][bucket]) {
      std::string host = d["host"], ip = d["ip"];
      ++i;
      if (host != ip && host.size() > 6) {
        auto dot = host.find('.');
        std::string parent = dot == std::string::npos ? host : host.substr(dot + 1);
        if (i % 5 == 0) add("domain", i % 2 ? "tracker" : "stalkerware", parent);
        if (i % 7 == 0) add("domain", "spyware", host.substr(2));  // no label boundary
        if (i % 11 == 0) add("freedns", "suspect", parent);
        if (i % 4 == 0) ns[host] = {"ns1.evil-dns.example.", "ns2.other.example."};
        if (i % 9 == 0) ns[host] = {"ns2.other.example.", "ns1.evil-dns.example."};
      }
      if (ip.find(':') == std::string::npos) {
        if (i % 6 == 0) add("ip4addr", "spyware", ip);
        if (i % 8 == 0) add("cidr", "suspect", ip.substr(0, ip.rfind('.')) + ".0/24");
      }
    }
  }
  add("tld", "suspect", ".com");
  add("tld", "suspect", "net");
  add("ns", "suspect", "evil-dns.example");
  return nlohmann::json({{"iocs", iocs}}).dump();
}

struct SeedCapture {
  std::string name;
  std::map<std::string, std::string> files;  // seed file name -> path under shared data
};

}  // namespace

TEST(SeedOracle, TinyCheck2020MatchesTheSeedOnPreZeek41Captures) {
  std::string data = shared_data();
  std::string seed = data + "/../seed/zeekengine.py";
  ZS_REQUIRE_SHARED(data + "/zeek");
  ZS_REQUIRE_SHARED(seed);
  int status = 0;
  run_command("python3 --version 2>&1", status);
  if (status != 0) GTEST_SKIP() << "python3 is not installed: the seed cannot run";
  std::string z = data + "/zeek/";
  std::vector<SeedCapture> captures = {
      {"stratosphere-012",
       {{"conn.log", z + "stratosphere-security-datasets/012-zeek-mixed/data/conn.log.labeled"},
        {"dns.log", z + "stratosphere-security-datasets/012-zeek-mixed/data/dns.log.labeled"},
        {"ssl.log", z + "stratosphere-security-datasets/012-zeek-mixed/data/ssl.log.labeled"},
        {"files.log", z + "stratosphere-security-datasets/012-zeek-mixed/data/files.log.labeled"}}},
      {"slips-test10",
       {{"conn.log", z + "stratosphere-slips/dataset/test10-mixed-zeek-dir/conn.log"},
        {"dns.log", z + "stratosphere-slips/dataset/test10-mixed-zeek-dir/dns.log"},
        {"ssl.log", z + "stratosphere-slips/dataset/test10-mixed-zeek-dir/ssl.log"},
        {"files.log", z + "stratosphere-slips/dataset/test10-mixed-zeek-dir/files.log"}}},
      {"rita-proxy",
       {{"conn.log", z + "activecm-rita/test_data/proxy/conn.log"},
        {"dns.log", z + "activecm-rita/test_data/proxy/dns.log"},
        {"ssl.log", z + "activecm-rita/test_data/proxy/ssl.log"},
        {"files.log", z + "activecm-rita/test_data/proxy/files.log"}}},
      {"rita-open-conns",
       {{"conn.log", z + "activecm-rita/test_data/open_conns/open/conn.log"},
        {"dns.log", z + "activecm-rita/test_data/open_conns/open/dns.log"},
        {"ssl.log", z + "activecm-rita/test_data/open_conns/open/ssl.log"}}},
      {"stratosphere-003",
       {{"conn.log", z + "stratosphere-security-datasets/003-zeek-scenario-malicious/conn.log"},
        {"dns.log", z + "stratosphere-security-datasets/003-zeek-scenario-malicious/dns.log"}}},
      {"stratosphere-005",
       {{"conn.log", z + "stratosphere-security-datasets/005-zeek-scenario-malicious/conn.log"},
        {"dns.log", z + "stratosphere-security-datasets/005-zeek-scenario-malicious/dns.log"}}},
      {"zat-bro22",
       {{"conn.log", z + "supercowpowers-zat/data/conn.log"},
        {"dns.log", z + "supercowpowers-zat/data/dns.log"},
        {"files.log", z + "supercowpowers-zat/data/files.log"}}},
  };
  std::string tinycheck = data + "/iocs/tinycheck/iocs.json";
  std::string echap = data + "/iocs/echap/network.csv";
  std::string whitelist = data + "/iocs/tinycheck/whitelist.json";
  std::string oracle = source_dir() + "/tests/seed/seed_oracle.py";
  fs::path work = fs::temp_directory_path() / ("zeekscope-seed-" + std::to_string(::getpid()));
  size_t compared_alerts = 0;
  for (const auto& cap : captures) {
    SCOPED_TRACE(cap.name);
    fs::path dir = work / cap.name;
    fs::create_directories(dir);
    std::vector<Log> logs;
    for (const auto& [name, path] : cap.files) {
      ASSERT_TRUE(exists(path)) << path;
      fs::remove(dir / name);
      fs::create_symlink(path, dir / name);
      logs.push_back({name, read_file(path)});
    }
    std::map<std::string, std::vector<std::string>> ns;
    std::string feed = capture_feed(analyze(logs, {}, R"({"profile":"tinycheck-2020"})"), ns);
    write((dir / "capture-iocs.json").string(), feed);
    write((dir / "ns.json").string(), nlohmann::json(ns).dump());
    Config cfg = Config::from_json(R"({"profile":"tinycheck-2020"})");
    write((dir / "config.json").string(), cfg.to_json().dump());

    for (bool with_whitelist : {true, false}) {
      SCOPED_TRACE(with_whitelist ? "with whitelist" : "without whitelist");
      std::string cmd = "python3 '" + oracle + "' '" + seed + "' '" + dir.string() + "' '" +
                        (dir / "config.json").string() + "' --iocs '" + tinycheck + "' --iocs '" +
                        echap + "' --iocs '" + (dir / "capture-iocs.json").string() +
                        "' --ns-answers '" + (dir / "ns.json").string() + "'" +
                        (with_whitelist ? " --whitelist '" + whitelist + "'" : "");
      std::string out = run_command(cmd + " 2>&1", status);
      ASSERT_EQ(status, 0) << out;
      Triples seed_alerts;
      for (const auto& t : nlohmann::json::parse(out))
        seed_alerts.emplace_back(t[0].get<std::string>(), t[1].get<std::string>(),
                                 t[2].get<std::string>());
      std::sort(seed_alerts.begin(), seed_alerts.end());

      std::vector<Feed> feeds = {{tinycheck, read_file(tinycheck), ""},
                                 {echap, read_file(echap), ""},
                                 {"capture-iocs.json", feed, ""}};
      if (with_whitelist) feeds.push_back({whitelist, read_file(whitelist), "", true});
      auto report = analyze(logs, feeds, R"({"profile":"tinycheck-2020"})", 0, &ns);
      Triples ours = alert_triples(report);
      Triples only_ours, only_seed;
      std::set_difference(ours.begin(), ours.end(), seed_alerts.begin(), seed_alerts.end(),
                          std::back_inserter(only_ours));
      std::set_difference(seed_alerts.begin(), seed_alerts.end(), ours.begin(), ours.end(),
                          std::back_inserter(only_seed));
      EXPECT_TRUE(only_ours.empty() && only_seed.empty())
          << "only in the engine: " << testing::PrintToString(only_ours)
          << "\nonly in the seed: " << testing::PrintToString(only_seed);
      compared_alerts += seed_alerts.size();
    }
  }
  fs::remove_all(work);
  EXPECT_GT(compared_alerts, 300u);
}
