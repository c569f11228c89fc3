// PCAPdroid's app attribution from the records up: conn.log's app.uid, app.package and app.name
// columns (as `zeekscope logs` writes them for such a capture) reach the report's alerts, hosts,
// destinations and per-app view, travel in the engine's state, and are written and read back.
#include <algorithm>

#include "flow/flow_table.h"
#include "log_writer/zeek_log_set.h"
#include "packet/packet_view.h"
#include "report/report.h"
#include "test_support.h"

using namespace zeekscope;
using namespace zeekscope::test;

namespace {

std::vector<std::string> split_pipes(const std::string& row) {
  std::vector<std::string> fields(1);
  for (char c : row) {
    if (c == '|')
      fields.emplace_back();
    else
      fields.back().push_back(c);
  }
  return fields;
}

// A conn.log with the app columns: rows "ts|uid|resp_h|port|proto|service|app_uid|package|name".
std::string app_conn_log(const std::vector<std::string>& rows) {
  std::vector<std::string> lines;
  for (const auto& row : rows) {
    std::vector<std::string> f = split_pipes(row);
    lines.push_back(f[0] + "\t" + f[1] + "\t10.215.173.1\t40000\t" + f[2] + "\t" + f[3] + "\t" +
                    f[4] + "\t" + f[5] + "\t1.5\t300\t4000\tSF\t" + f[6] + "\t" + f[7] + "\t" +
                    f[8]);
  }
  return tsv(
      "conn",
      {"ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "proto", "service",
       "duration", "orig_bytes", "resp_bytes", "conn_state", "app.uid", "app.package", "app.name"},
      {"time", "string", "addr", "port", "addr", "port", "enum", "string", "interval", "count",
       "count", "string", "int", "string", "string"},
      lines);
}

const std::vector<std::string> kRows = {
    "1700000000|C1|198.51.100.66|443|tcp|ssl|10234|com.example.sync|Example Sync",
    "1700000010|C2|198.51.100.66|443|tcp|ssl|10234|com.example.sync|Example Sync",
    "1700000020|C3|203.0.113.9|443|tcp|ssl|10111|com.example.maps|Maps",
    "1700000030|C4|203.0.113.9|443|tcp|ssl|10234|com.example.sync|Example Sync",
    "1700000040|C5|192.0.2.53|53|udp|dns|1051|-|netd",
    "1700000050|C6|192.0.2.80|80|tcp|http|-|-|-",
};

std::vector<Log> app_logs() {
  return {{"conn.log", app_conn_log(kRows)},
          {"dns.log", dns_log({"1699999999|spy.example|A|198.51.100.66",
                               "1700000019|maps.example|A|203.0.113.9"})}};
}

const std::vector<Feed> kFeeds = {{"feed.txt", "spy.example\n", "text:domain/stalkerware"}};

std::vector<std::string> uids_of(const nlohmann::ordered_json& apps) {
  std::vector<std::string> out;
  for (const auto& a : apps) out.push_back(a["uid"].dump());
  return out;
}

const nlohmann::ordered_json* find_by(const nlohmann::ordered_json& list, const std::string& key,
                                      const std::string& value) {
  for (const auto& item : list)
    if (item[key] == value) return &item;
  return nullptr;
}

}  // namespace

TEST(AppAttribution, AlertsHostsAndDestinationsNameTheirApps) {
  auto r = analyze(app_logs(), kFeeds);
  ASSERT_TRUE(has_alert(r, "IOC-03", "spy.example", "High"));
  const auto* alert = find_by(r["alerts"], "host", "spy.example");
  ASSERT_NE(alert, nullptr);
  ASSERT_EQ((*alert)["apps"].size(), 1u);
  EXPECT_EQ((*alert)["apps"][0]["uid"], 10234);
  EXPECT_EQ((*alert)["apps"][0]["package"], "com.example.sync");
  EXPECT_EQ((*alert)["apps"][0]["name"], "Example Sync");

  const auto* host = find_by(r["hosts"], "host", "spy.example");
  ASSERT_NE(host, nullptr);
  EXPECT_EQ(uids_of((*host)["apps"]), std::vector<std::string>{"10234"});
  // A destination two apps used names both; one without an app names none.
  const auto* shared = find_by(r["destinations"]["uncategorized"], "ip", "203.0.113.9");
  ASSERT_NE(shared, nullptr);
  EXPECT_EQ(uids_of((*shared)["apps"]), (std::vector<std::string>{"10234", "10111"}));
  const nlohmann::ordered_json* plain = nullptr;
  for (const auto& [bucket, list] : r["destinations"].items())
    if (!plain) plain = find_by(list, "ip", "192.0.2.80");
  ASSERT_NE(plain, nullptr);
  EXPECT_TRUE((*plain)["apps"].empty());
}

TEST(AppAttribution, ThePerAppViewLeadsWithTheAppBehindTheAlert) {
  auto r = analyze(app_logs(), kFeeds);
  const auto& apps = r["apps"];
  ASSERT_EQ(apps.size(), 3u);
  EXPECT_EQ(apps[0]["uid"], 10234);  // its alert puts it first
  EXPECT_EQ(apps[0]["connections"], 3);
  EXPECT_EQ(apps[0]["orig_bytes"], 900);
  ASSERT_EQ(apps[0]["alerts"].size(), 1u);
  EXPECT_EQ(apps[0]["alerts"][0]["id"], "IOC-03");
  EXPECT_EQ(apps[0]["alerts"][0]["host"], "spy.example");
  ASSERT_EQ(apps[0]["hosts"].size(), 2u);
  EXPECT_EQ(apps[0]["hosts"][0]["host"], "spy.example");  // most connections first
  EXPECT_EQ(apps[0]["hosts"][0]["connections"], 2);
  // Then by connections; a package the capture did not name is "".
  EXPECT_EQ(apps[1]["connections"], 1);
  const auto* netd = find_by(apps, "name", "netd");
  ASSERT_NE(netd, nullptr);
  EXPECT_EQ((*netd)["package"], "");
  EXPECT_EQ((*netd)["uid"], 1051);

  std::string text = text_report(r);
  EXPECT_NE(text.find("Apps: Example Sync (com.example.sync, uid 10234)"), std::string::npos)
      << text;
  EXPECT_NE(text.find("Apps with alerts (PCAPdroid's attribution):\n  Example Sync "
                      "(com.example.sync, uid 10234): 1 alerts, 3 connections"),
            std::string::npos)
      << text;
}

TEST(AppAttribution, LogsWithoutAppsNameNone) {
  auto r = analyze({{"conn.log", conn_log({"1|C1|10.0.0.2|198.51.100.66|443|tcp|ssl"})},
                    {"dns.log", dns_log({"0.5|spy.example|A|198.51.100.66"})}},
                   kFeeds);
  EXPECT_TRUE(r["apps"].empty());
  for (const auto& a : r["alerts"]) EXPECT_TRUE(a["apps"].empty());
  EXPECT_EQ(text_report(r).find("Apps"), std::string::npos);
}

TEST(AppAttribution, JsonLogsAndChunkedReadingGiveTheSameApps) {
  auto tsv_report = analyze(app_logs(), kFeeds);
  std::string json;
  for (const auto& row : kRows) {
    std::vector<std::string> f = split_pipes(row);
    json += R"({"_path":"conn","ts":)" + f[0] + R"(,"uid":")" + f[1] +
            R"(","id.orig_h":"10.215.173.1","id.orig_p":40000,"id.resp_h":")" + f[2] +
            R"(","id.resp_p":)" + f[3] + R"(,"proto":")" + f[4] + R"(","service":")" + f[5] +
            R"(","duration":1.5,"orig_bytes":300,"resp_bytes":4000,"conn_state":"SF")";
    if (f[6] != "-") json += R"(,"app.uid":)" + f[6];
    if (f[7] != "-") json += R"(,"app.package":")" + f[7] + "\"";
    if (f[8] != "-") json += R"(,"app.name":")" + f[8] + "\"";
    json += "}\n";
  }
  auto json_report = analyze({{"conn.log", json}, app_logs()[1]}, kFeeds);
  EXPECT_EQ(json_report["apps"].dump(), tsv_report["apps"].dump());
  EXPECT_EQ(json_report["alerts"].dump(), tsv_report["alerts"].dump());
  auto chunked = analyze(app_logs(), kFeeds, "", 7);
  EXPECT_EQ(without_tool(chunked), without_tool(tsv_report));
}

TEST(AppAttribution, AppsTravelInTheStateBetweenWorkers) {
  auto logs = app_logs();
  std::string whole = without_tool(analyze(logs, kFeeds));
  // The conn.log split in two, read by two sessions whose states are merged.
  std::vector<std::string> first(kRows.begin(), kRows.begin() + 3),
      second(kRows.begin() + 3, kRows.end());
  Session a, b;
  for (Session* s : {&a, &b})
    for (const auto& f : kFeeds) s->add_indicators(f.content, f.name, f.format);
  a.begin_file("conn.log");
  a.feed(app_conn_log(first));
  a.end_file();
  a.begin_file("dns.log");
  a.feed(logs[1].content);
  a.end_file();
  b.begin_file("conn-2.log");
  b.feed(app_conn_log(second));
  b.end_file();
  a.merge_state(b.export_state());
  auto merged = nlohmann::ordered_json::parse(without_tool(a.finish()));
  auto expected = nlohmann::ordered_json::parse(whole);
  EXPECT_EQ(merged["apps"].dump(), expected["apps"].dump());
  EXPECT_EQ(merged["alerts"].dump(), expected["alerts"].dump());
  EXPECT_EQ(merged["hosts"].dump(), expected["hosts"].dump());
}

TEST(AppAttribution, AHostileUidIsShownAsWritten) {
  auto r = analyze({{"conn.log", app_conn_log({"1|C1|198.51.100.66|443|tcp|ssl|x<b>|p|n"})}});
  ASSERT_EQ(r["apps"].size(), 1u);
  EXPECT_EQ(r["apps"][0]["uid"], "x<b>");
}

// The flow layer: a connection keeps the first app its packets name (an unknown uid gives way
// to a known one), and takes its names from the capture's uid map when its record is made.
TEST(AppAttribution, ConnectionsTakeTheirPacketsApp) {
  struct Sink : flow::ConnRecordSink {
    std::vector<flow::ConnRecord> records;
    void on_conn(const flow::ConnRecord& r) override { records.push_back(r); }
  } sink;
  flow::FlowTable table(sink);
  packet::AppNames names;
  table.set_app_names(&names);
  auto view = [](uint16_t sport, bool has_app, int32_t uid, int64_t t) {
    packet::PacketView v;
    v.time_ns = t * 1'000'000'000;
    v.ip_version = 4;
    v.src = *IpAddress::parse("10.215.173.1");
    v.dst = *IpAddress::parse("198.51.100.66");
    v.protocol = packet::ip_protocol::kUdp;
    v.src_port = sport;
    v.dst_port = 5000;
    v.has_app = has_app;
    v.app_uid = uid;
    return v;
  };
  table.on_view(view(40001, true, -1, 1));
  table.on_view(view(40001, true, 10234, 2));  // a known uid replaces "unknown"
  table.on_view(view(40001, true, 10111, 3));  // then the first known one stays
  table.on_view(view(40002, false, 0, 4));
  table.on_view(view(40003, true, 10111, 5));
  names[10234] = {"com.example.sync", "Example Sync"};
  table.finish();
  ASSERT_EQ(sink.records.size(), 3u);
  std::sort(sink.records.begin(), sink.records.end(),
            [](const auto& a, const auto& b) { return a.orig_p < b.orig_p; });
  EXPECT_TRUE(sink.records[0].has_app);
  EXPECT_EQ(sink.records[0].app_uid, 10234);
  EXPECT_EQ(sink.records[0].app_package, "com.example.sync");
  EXPECT_EQ(sink.records[0].app_name, "Example Sync");
  EXPECT_FALSE(sink.records[1].has_app);
  EXPECT_EQ(sink.records[2].app_uid, 10111);
  EXPECT_EQ(sink.records[2].app_package, "");  // no name known for it
}

// conn.log from a capture: the app columns when the first connection has an app, written as
// Zeek writes an int and strings, and read back into the same apps.
TEST(AppAttribution, ConnLogsCarryTheAppColumns) {
  for (auto format : {log_writer::LogFormat::kTsv, log_writer::LogFormat::kJson}) {
    log_writer::ZeekLogSet set(format);
    flow::ConnRecord r;
    r.ts_us = 1'700'000'000'000'000;
    r.uid = "Cabc";
    r.orig_h = *IpAddress::parse("10.215.173.1");
    r.resp_h = *IpAddress::parse("198.51.100.66");
    r.orig_p = 40000;
    r.resp_p = 443;
    r.proto = "tcp";
    r.ip_proto = 6;
    r.conn_state = "SF";
    r.has_app = true;
    r.app_uid = -1;
    r.app_name = "tab\there";
    set.on_conn(r);
    r.uid = "Cdef";
    r.has_app = false;
    set.on_conn(r);
    auto files = set.finish();
    ASSERT_EQ(files.size(), 1u);
    const std::string& text = files[0].text;
    if (format == log_writer::LogFormat::kTsv) {
      EXPECT_NE(text.find("\tip_proto\tapp.uid\tapp.package\tapp.name\n"), std::string::npos);
      EXPECT_NE(text.find("\tcount\tint\tstring\tstring\n"), std::string::npos);
      EXPECT_NE(text.find("\t6\t-1\t-\ttab\\x09here\n"), std::string::npos) << text;
      EXPECT_NE(text.find("\t6\t-\t-\t-\n"), std::string::npos) << text;
    } else {
      EXPECT_NE(text.find(R"("ip_proto":6,"app.uid":-1,"app.name":"tab\there"})"),
                std::string::npos)
          << text;
    }
    auto report = analyze({{"conn.log", text}});
    ASSERT_EQ(report["apps"].size(), 1u);
    EXPECT_EQ(report["apps"][0]["uid"], -1);
    EXPECT_EQ(report["apps"][0]["name"], "tab\there");
  }
  // A capture whose first connection names no app: plain conn.log columns.
  log_writer::ZeekLogSet set(log_writer::LogFormat::kTsv);
  flow::ConnRecord r;
  r.uid = "C1";
  r.proto = "udp";
  set.on_conn(r);
  auto files = set.finish();
  EXPECT_EQ(files[0].text.find("app.uid"), std::string::npos);
}
