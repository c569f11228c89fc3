// TSV and JSON of the same capture give the same destinations, hosts and alerts; Zeek 3.0 and
// 6.2 runs over the same capture give the same alerts apart from what the newer logs changed.
#include <cstdio>

#include "common/text.h"
#include "test_support.h"

using namespace zeekscope;
using namespace zeekscope::test;

namespace {

const std::string kBrim = "/zeek/brimdata-zed-sample-data/";

nlohmann::ordered_json run_dir(const std::string& dir) {
  std::string data = shared_data();
  std::vector<Log> logs;
  for (const auto& f : list_files(data + kBrim + dir)) logs.push_back({f, read_file(f)});
  std::vector<Feed> feeds = {
      {"echap/network.csv", read_file(data + "/iocs/echap/network.csv"), ""},
      {"tinycheck/iocs.json", read_file(data + "/iocs/tinycheck/iocs.json"), ""}};
  return analyze(logs, feeds);
}

size_t destination_count(const nlohmann::ordered_json& report) {
  size_t n = 0;
  for (const char* bucket : {"suspect", "uncategorized", "whitelisted"})
    n += report["destinations"][bucket].size();
  return n;
}

// A JSON string of raw bytes, as Zeek's JSON writer gives it (UTF-8 passed through).
std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += char(c);
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += char(c);
    }
  }
  return out + "\"";
}

// Undoes the TSV writer's \xNN escapes.
std::string unescape(std::string_view cell) {
  std::string out;
  for (size_t i = 0; i < cell.size(); ++i) {
    if (cell[i] == '\\' && i + 3 < cell.size() && cell[i + 1] == 'x') {
      out += char(std::stoi(std::string(cell.substr(i + 2, 2)), nullptr, 16));
      i += 3;
    } else {
      out += cell[i];
    }
  }
  return out;
}

// The JSON-lines log Zeek would have written for a TSV log (its default JSON: one object per
// record, unset fields left out, numbers and booleans typed, sets and vectors as arrays, the
// epoch ts as a number). Written here from the #fields and #types lines alone, so that the check
// does not lean on the engine's own TSV reader.
std::string tsv_to_json(const std::string& tsv) {
  std::vector<std::string> fields, types;
  std::string out;
  for (auto line : split(tsv, '\n')) {
    size_t first = line.find_first_not_of('\t');  // Slips' test10 conn.log starts with a TAB
    if (first == std::string_view::npos) continue;
    if (line[first] == '#') {
      auto header = line.substr(first);
      auto cells = split(header, '\t');
      if (cells[0] == "#fields") fields.assign(cells.begin() + 1, cells.end());
      if (cells[0] == "#types") types.assign(cells.begin() + 1, cells.end());
      continue;
    }
    auto cells = split(line, '\t');
    EXPECT_EQ(cells.size(), fields.size()) << line;
    std::string object;
    for (size_t i = 0; i < cells.size() && i < fields.size(); ++i) {
      std::string_view cell = cells[i], type = types[i];
      if (cell == "-") continue;
      std::string value;
      bool container = type.starts_with("set[") || type.starts_with("vector[");
      if (container) {
        std::string_view element = type.substr(type.find('[') + 1);
        element.remove_suffix(1);
        value = "[";
        if (cell != "(empty)") {
          bool first_item = true;
          for (auto item : split(cell, ',')) {
            value += first_item ? "" : ",";
            first_item = false;
            bool number = element == "count" || element == "int" || element == "port" ||
                          element == "double" || element == "interval" || element == "time";
            value += number ? std::string(item) : json_string(unescape(item));
          }
        }
        value += "]";
      } else if (type == "count" || type == "int" || type == "port" || type == "double" ||
                 type == "interval" || type == "time") {
        value = std::string(cell);
      } else if (type == "bool") {
        value = cell == "T" ? "true" : "false";
      } else {
        value = json_string(cell == "(empty)" ? "" : unescape(cell));
      }
      object += (object.empty() ? "{" : ",") + json_string(std::string(fields[i])) + ":" + value;
    }
    out += object + "}\n";
  }
  return out;
}

}  // namespace

// Real TSV captures with conn, dns (and ssl, files, x509) records, against their JSON form
// written by the converter above: the destinations, hosts and alerts must be the same.
TEST(Equivalence, TsvAndJsonOfCapturesWithConnRecords) {
  std::string data = shared_data();
  ZS_REQUIRE_SHARED(data + "/iocs");
  const std::vector<std::pair<std::string, std::vector<std::string>>> captures = {
      {"/zeek/stratosphere-security-datasets/005-zeek-scenario-malicious/",
       {"conn.log", "dns.log", "http.log"}},
      {"/zeek/stratosphere-slips/dataset/test10-mixed-zeek-dir/",
       {"conn.log", "dns.log", "ssl.log", "files.log", "x509.log"}},
  };
  std::vector<Feed> feeds = {
      {"echap/network.csv", read_file(data + "/iocs/echap/network.csv"), ""},
      {"tinycheck/iocs.json", read_file(data + "/iocs/tinycheck/iocs.json"), ""},
      {"tinycheck/whitelist.json", read_file(data + "/iocs/tinycheck/whitelist.json"), "", true}};
  for (const auto& [dir, names] : captures) {
    SCOPED_TRACE(dir);
    ZS_REQUIRE_SHARED(data + dir);
    std::vector<Log> tsv_logs, json_logs;
    for (const auto& name : names) {
      std::string text = read_file(data + dir + name);
      tsv_logs.push_back({name, text});
      json_logs.push_back({name, tsv_to_json(text)});
    }
    auto tsv = analyze(tsv_logs, feeds), json = analyze(json_logs, feeds);
    for (const auto& in : json["inputs"]) {
      EXPECT_EQ(in["format"], "json") << in["name"];
      EXPECT_EQ(in["skipped_lines"], 0) << in["name"];
    }
    for (const auto& in : tsv["inputs"]) EXPECT_EQ(in["format"], "tsv") << in["name"];
    EXPECT_GT(destination_count(tsv), 20u);
    EXPECT_GT(destination_count(json), 20u);
    EXPECT_EQ(tsv["destinations"], json["destinations"]);
    EXPECT_EQ(tsv["hosts"], json["hosts"]);
    EXPECT_EQ(tsv["alerts"], json["alerts"]);
    EXPECT_EQ(tsv["summary"], json["summary"]);
    EXPECT_GT(tsv["alerts"].size(), 10u);
  }
}

TEST(Equivalence, TsvAndJsonOfTheSameCaptureZeek62) {
  ZS_REQUIRE_SHARED(shared_data() + kBrim + "zeek-6.2.0/zeek-json");
  ZS_REQUIRE_SHARED(shared_data() + "/iocs");
  ZS_REQUIRE_GZIP();
  auto tsv = run_dir("zeek-6.2.0/zeek-default");
  auto json = run_dir("zeek-6.2.0/zeek-json");
  EXPECT_EQ(tsv["alerts"], json["alerts"]);
  EXPECT_EQ(tsv["hosts"], json["hosts"]);
  EXPECT_EQ(tsv["summary"], json["summary"]);
  EXPECT_GT(tsv["alerts"].size(), 40u);
  // The store kept no conn.log of this capture: destinations are compared with conn records in
  // TsvAndJsonOfCapturesWithConnRecords, not here.
  EXPECT_EQ(destination_count(tsv), 0u);
  for (const auto& in : json["inputs"]) EXPECT_EQ(in["skipped_lines"], 0) << in["name"];
}

TEST(Equivalence, TsvAndJsonOfTheSameCaptureZeek30) {
  ZS_REQUIRE_SHARED(shared_data() + kBrim + "zeek-3.0.0/zeek-ndjson");
  ZS_REQUIRE_SHARED(shared_data() + "/iocs");
  ZS_REQUIRE_GZIP();
  auto tsv = run_dir("zeek-3.0.0/zeek-default");
  auto json = run_dir("zeek-3.0.0/zeek-ndjson");
  EXPECT_EQ(tsv["alerts"], json["alerts"]);
  EXPECT_EQ(tsv["hosts"], json["hosts"]);
  EXPECT_GT(tsv["alerts"].size(), 40u);
  EXPECT_EQ(destination_count(tsv), 0u);  // no conn.log kept: see the test above
}

TEST(Equivalence, Zeek30And62DialectsOfOneCapture) {
  ZS_REQUIRE_SHARED(shared_data() + kBrim + "zeek-3.0.0/zeek-default");
  ZS_REQUIRE_SHARED(shared_data() + kBrim + "zeek-6.2.0/zeek-default");
  ZS_REQUIRE_SHARED(shared_data() + "/iocs");
  ZS_REQUIRE_GZIP();
  auto old_run = run_dir("zeek-3.0.0/zeek-default");
  auto new_run = run_dir("zeek-6.2.0/zeek-default");
  // 3.0 gives SSL-02 issuers from ssl.log; 6.2 only through cert_chain_fps joined to x509.log.
  auto old_alerts = alert_triples(old_run), new_alerts = alert_triples(new_run);
  EXPECT_GT(old_alerts.size(), 40u);
  // The one difference: Zeek 6.2's CA bundle no longer trusts Symantec's root, so the same
  // session's validation_status reads "self signed certificate in certificate chain".
  std::tuple<std::string, std::string, std::string> symantec{"SSL-03", "Moderate",
                                                             "login.symantec.com"};
  EXPECT_EQ(std::count(old_alerts.begin(), old_alerts.end(), symantec), 0);
  EXPECT_EQ(std::count(new_alerts.begin(), new_alerts.end(), symantec), 1);
  new_alerts.erase(std::find(new_alerts.begin(), new_alerts.end(), symantec));
  EXPECT_EQ(old_alerts, new_alerts);
  std::string old_ssl = read_file(shared_data() + kBrim + "zeek-3.0.0/zeek-default/ssl.log.gz");
  std::string new_ssl = read_file(shared_data() + kBrim + "zeek-6.2.0/zeek-default/ssl.log.gz");
  auto status_of = [](const std::string& log) {
    auto pos = log.find("login.symantec.com");
    auto eol = log.find('\n', pos);
    return log.substr(log.rfind('\t', eol) + 1, eol - log.rfind('\t', eol) - 1);
  };
  EXPECT_EQ(status_of(old_ssl), "ok");
  EXPECT_EQ(status_of(new_ssl), "self signed certificate in certificate chain");
  // Both eras evaluate SSL-02: pre-4.1 from ssl.log issuer, 4.1+ from x509.log.
  EXPECT_EQ(coverage_of(old_run, "SSL-02")["evaluated"], true);
  EXPECT_EQ(coverage_of(new_run, "SSL-02")["evaluated"], true);
  // Neither capture kept conn.log (too large for the store), so no destinations to compare.
  EXPECT_EQ(destination_count(old_run) + destination_count(new_run), 0u);
}
