// The tinycheck-2020 profile gives exactly the seed's alerts (id, level, host) on real pre-4.1
// TSV captures. The seed itself (../shared/seed/zeekengine.py) runs under tests/seed/seed_oracle.py
// with stand-ins for its imports; the engine runs on the same files, feeds and whitelist. The
// seed's configuration is written here from TinyCheck's own defaults, never taken from the engine.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>

#include "common/text.h"
#include "test_support.h"

namespace fs = std::filesystem;
using namespace zeekscope;
using namespace zeekscope::test;

namespace {

using Triples = std::vector<std::tuple<std::string, std::string, std::string>>;

// The "analysis" section of TinyCheck's config.yaml as the seed reads it through
// get_config(("analysis", key)). Values: ../shared/spec/RULES.md section 6 (the defaults, which
// are TinyCheck's documented ones) with that section's 2020 free_issuers list for the
// tinycheck-2020 profile. Written out here so that a wrong default in the engine's profile is
// not copied into the referee.
const char* kSeedConfig = R"({
  "heuristics": true, "iocs": true, "whitelist": true,
  "max_ports": 1024, "http_default_port": 80,
  "ssl_default_ports": [443, 465, 636, 989, 990, 993, 995, 5223],
  "free_issuers": ["CN=Let's Encrypt Authority X3,O=Let's Encrypt,C=US",
                   "CN=ZeroSSL RSA Domain Secure Site CA,O=ZeroSSL,C=AT"],
  "max_alerts": 3
})";

// The only validation_status text the seed's SSL-03 accepts (zeekengine.py, ssl_check).
const char* kSeedSelfSigned = "self signed certificate in certificate chain";

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

// A small TSV walk of its own (not the engine's reader): calls `row` with the cells of each
// data line and the index of each #fields name.
template <typename Row>
void each_tsv_row(const std::string& text, Row row) {
  std::map<std::string, size_t> column;
  for (auto line : split(text, '\n')) {
    std::string l(line);
    if (!l.empty() && l.back() == '\r') l.pop_back();
    if (l.starts_with("#fields\t")) {
      column.clear();
      size_t i = 0;
      for (auto name : split(std::string_view(l).substr(8), '\t')) column[std::string(name)] = i++;
      continue;
    }
    size_t first = l.find_first_not_of('\t');  // Slips' test10 conn.log starts with a TAB
    if (first == std::string::npos || l[first] == '#') continue;
    std::vector<std::string> cells;
    for (auto c : split(l, '\t')) cells.emplace_back(c);
    if (cells.size() == column.size()) row(column, cells);
  }
}

// Indicators built from the capture itself, so that every seed IOC path meets real names:
// domains with and without label boundaries, tracker and non-tracker tags, IPs, CIDRs, TLDs,
// free-DNS parents and nameservers; and the SHA-1 of every file in the capture's files.log
// (certificates of both x509 mime types and other files) as sha1cert indicators, so that IOC-07
// meets the capture's real certificates.
std::string capture_feed(const nlohmann::ordered_json& report, const std::string& files_log,
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
  std::set<std::string> hashes;
  each_tsv_row(files_log, [&](const auto& column, const std::vector<std::string>& cells) {
    auto sha1 = column.find("sha1");
    if (sha1 != column.end() && cells[sha1->second] != "-") hashes.insert(cells[sha1->second]);
  });
  int h = 0;
  for (const auto& hash : hashes) add("sha1cert", ++h % 2 ? "stalkerware" : "pegasus", hash);
  add("tld", "suspect", ".com");
  add("tld", "suspect", "net");
  add("ns", "suspect", "evil-dns.example");
  return nlohmann::json({{"iocs", iocs}}).dump();
}

// No shared pre-4.1 capture has the seed's self-signed status (brimdata's Zeek 6.2 ssl.log
// does, but it has no issuer column or conn.log, so the seed cannot read it). This derives a
// variant of a real ssl.log: every third session gets the seed's text, the next one OpenSSL 3's
// "self-signed" spelling (which the seed does not match), the rest keep their real status.
std::string with_self_signed_statuses(const std::string& ssl_log) {
  std::string out;
  size_t row = 0, status_column = std::string::npos;
  bool first_line = true;
  for (auto line : split(ssl_log, '\n')) {
    std::string l(line);
    if (l.starts_with("#fields\t")) {
      size_t i = 0;
      for (auto name : split(std::string_view(l).substr(8), '\t')) {
        if (name == "validation_status") status_column = i;
        ++i;
      }
    } else if (!l.empty() && l[0] != '#') {
      std::vector<std::string> cells;
      for (auto c : split(l, '\t')) cells.emplace_back(c);
      if (status_column < cells.size()) {
        if (row % 3 == 0) cells[status_column] = kSeedSelfSigned;
        if (row % 3 == 1) cells[status_column] = "self-signed certificate in certificate chain";
        ++row;
      }
      l.clear();
      for (size_t c = 0; c < cells.size(); ++c) l += (c ? "\t" : "") + cells[c];
    }
    out += (first_line ? "" : "\n") + l;
    first_line = false;
  }
  return out;
}

struct SeedCapture {
  std::string name;
  std::map<std::string, std::string> files;  // seed file name -> path under shared data
  // Floors on the alerts the seed gives (without / with the whitelist): a little under what this
  // capture really gives, so that no capture can fall silent while the others carry the total.
  size_t floor_without_whitelist, floor_with_whitelist;
  std::set<std::string> rules;  // rule ids the seed must raise here (without the whitelist)
  bool self_signed_variant = false;
};

}  // namespace

TEST(SeedOracle, TinyCheck2020MatchesTheSeedOnPreZeek41Captures) {
  std::string data = shared_data();
  std::string seed_dir = data + "/../seed";
  std::string seed = seed_dir + "/zeekengine.py";
  // Skipped only when the shared folders are absent; present but unusable is a failure.
  ZS_REQUIRE_SHARED(data + "/zeek");
  ZS_REQUIRE_SHARED(seed_dir);
  ASSERT_TRUE(exists(seed)) << seed_dir << " is present but has no zeekengine.py";
  int status = 0;
  std::string version = run_command("python3 --version 2>&1", status);
  ASSERT_EQ(status, 0) << "the seed is present but python3 cannot run: " << version;
  std::string z = data + "/zeek/";
  const std::string s012 = z + "stratosphere-security-datasets/012-zeek-mixed/data/";
  const std::string t10 = z + "stratosphere-slips/dataset/test10-mixed-zeek-dir/";
  std::map<std::string, std::string> test10 = {{"conn.log", t10 + "conn.log"},
                                               {"dns.log", t10 + "dns.log"},
                                               {"ssl.log", t10 + "ssl.log"},
                                               {"files.log", t10 + "files.log"}};
  std::vector<SeedCapture> captures = {
      {"stratosphere-012",
       {{"conn.log", s012 + "conn.log.labeled"},
        {"dns.log", s012 + "dns.log.labeled"},
        {"ssl.log", s012 + "ssl.log.labeled"},
        {"files.log", s012 + "files.log.labeled"}},
       140,
       130,
       {}},
      {"slips-test10", test10, 75, 20, {"IOC-07", "SSL-02"}},
      {"slips-test10-self-signed", test10, 70, 20, {"IOC-07", "SSL-03"}, true},
      // Every session goes through one proxy: two alerts, none left once whitelisted.
      {"rita-proxy",
       {{"conn.log", z + "activecm-rita/test_data/proxy/conn.log"},
        {"dns.log", z + "activecm-rita/test_data/proxy/dns.log"},
        {"ssl.log", z + "activecm-rita/test_data/proxy/ssl.log"},
        {"files.log", z + "activecm-rita/test_data/proxy/files.log"}},
       2,
       0,
       {}},
      {"rita-open-conns",
       {{"conn.log", z + "activecm-rita/test_data/open_conns/open/conn.log"},
        {"dns.log", z + "activecm-rita/test_data/open_conns/open/dns.log"},
        {"ssl.log", z + "activecm-rita/test_data/open_conns/open/ssl.log"}},
       12,
       9,
       {}},
      {"stratosphere-003",
       {{"conn.log", z + "stratosphere-security-datasets/003-zeek-scenario-malicious/conn.log"},
        {"dns.log", z + "stratosphere-security-datasets/003-zeek-scenario-malicious/dns.log"}},
       40,
       20,
       {}},
      {"stratosphere-005",
       {{"conn.log", z + "stratosphere-security-datasets/005-zeek-scenario-malicious/conn.log"},
        {"dns.log", z + "stratosphere-security-datasets/005-zeek-scenario-malicious/dns.log"}},
       60,
       50,
       {}},
      {"zat-bro22",
       {{"conn.log", z + "supercowpowers-zat/data/conn.log"},
        {"dns.log", z + "supercowpowers-zat/data/dns.log"},
        {"files.log", z + "supercowpowers-zat/data/files.log"}},
       350,
       280,
       {}},
  };
  std::string tinycheck = data + "/iocs/tinycheck/iocs.json";
  std::string echap = data + "/iocs/echap/network.csv";
  std::string whitelist = data + "/iocs/tinycheck/whitelist.json";
  std::string oracle = source_dir() + "/tests/seed/seed_oracle.py";
  fs::path work = fs::temp_directory_path() / ("zeekscope-seed-" + std::to_string(::getpid()));
  std::set<std::string> rules_seen;
  for (const auto& cap : captures) {
    SCOPED_TRACE(cap.name);
    fs::path dir = work / cap.name;
    fs::create_directories(dir);
    std::vector<Log> logs;
    std::string files_log;
    for (const auto& [name, path] : cap.files) {
      ASSERT_TRUE(exists(path)) << path;
      std::string text = read_file(path);
      if (name == "ssl.log" && cap.self_signed_variant) text = with_self_signed_statuses(text);
      if (name == "files.log") files_log = text;
      write((dir / name).string(), text);
      logs.push_back({name, text});
    }
    std::map<std::string, std::vector<std::string>> ns;
    std::string feed =
        capture_feed(analyze(logs, {}, R"({"profile":"tinycheck-2020"})"), files_log, ns);
    write((dir / "capture-iocs.json").string(), feed);
    write((dir / "ns.json").string(), nlohmann::json(ns).dump());
    write((dir / "config.json").string(), kSeedConfig);

    for (bool with_whitelist : {false, true}) {
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
      std::map<std::string, size_t> per_rule;
      for (const auto& t : seed_alerts) ++per_rule[std::get<0>(t)];
      for (const auto& [id, n] : per_rule) rules_seen.insert(id);
      std::cout << "[ seed     ] " << cap.name << (with_whitelist ? " +whitelist: " : ": ")
                << seed_alerts.size() << " alerts " << testing::PrintToString(per_rule) << "\n";
      EXPECT_GE(seed_alerts.size(),
                with_whitelist ? cap.floor_with_whitelist : cap.floor_without_whitelist);
      if (!with_whitelist) {
        for (const auto& id : cap.rules) EXPECT_GT(per_rule[id], 0u) << id;
      }
    }
  }
  fs::remove_all(work);
  // Every rule the seed can raise on these captures was compared somewhere. Not here: PROTO-01
  // (the seed compares "UDP"/"ICMP" with Zeek's lower-case proto) and PROTO-05 (a service
  // compared with a name) never fire on Zeek output; PROTO-04 needs a service of exactly "http"
  // off port 80, which none of these captures has (rules_seed_test.cpp checks it on crafted logs).
  EXPECT_EQ(rules_seen, (std::set<std::string>{"ADV-01", "IOC-01", "IOC-02", "IOC-03", "IOC-04",
                                               "IOC-05", "IOC-06", "IOC-07", "PROTO-02", "PROTO-03",
                                               "SSL-01", "SSL-02", "SSL-03"}));
}
