#include "report/report.h"

#include <map>
#include <set>

#include "common/text.h"

namespace zeekscope {
namespace {

using ojson = nlohmann::ordered_json;

ojson time_or_null(bool set, double t) {
  std::string text = set ? format_iso8601(t) : std::string();
  return text.empty() ? ojson(nullptr) : ojson(text);
}

ojson inputs_json(const std::vector<InputStats>& inputs) {
  ojson out = ojson::array();
  for (const auto& s : inputs) {
    ojson j;
    j["name"] = s.name;
    j["log_type"] = s.log_type;
    j["format"] = s.format;
    j["schema_era"] = s.schema_era;
    j["bytes"] = s.bytes;
    j["lines"] = s.lines;
    j["records"] = s.records;
    j["meta_lines"] = s.meta_lines;
    j["blank_lines"] = s.blank_lines;
    j["skipped_lines"] = s.skipped_lines;
    j["header_blocks"] = s.header_blocks;
    j["skipped_file"] = s.not_a_log;
    j["last_line_unterminated"] = s.last_line_unterminated;
    ojson reasons = ojson::array();
    for (const auto& r : s.skipped) reasons.push_back({{"line", r.line}, {"reason", r.reason}});
    j["skipped"] = reasons;
    j["first_ts"] = time_or_null(s.first_ts.has_value(), s.first_ts.value_or(0));
    j["last_ts"] = time_or_null(s.last_ts.has_value(), s.last_ts.value_or(0));
    out.push_back(j);
  }
  return out;
}

ojson indicators_json(const std::vector<IndicatorSource>& sources) {
  ojson out = ojson::array();
  for (const auto& s : sources) {
    ojson j;
    j["name"] = s.name;
    j["role"] = s.role;
    j["format"] = s.format;
    ojson counts = ojson::object();
    uint64_t total = 0;
    for (size_t t = 0; t < kIocTypeCount; ++t) {
      if (s.counts[t]) counts[std::string(ioc_type_name(IocType(t)))] = s.counts[t];
      total += s.counts[t];
    }
    j["total"] = total;
    j["counts"] = counts;
    j["duplicates"] = s.duplicates;
    j["deleted"] = s.deleted;
    j["skipped"] = s.skipped;
    ojson reasons = ojson::array();
    for (const auto& r : s.first_skipped) reasons.push_back({{"where", r.where}, {"reason", r.reason}});
    j["first_skipped"] = reasons;
    out.push_back(j);
  }
  return out;
}

ojson indicator_json(const Indicator& i, const std::vector<IndicatorSource>& sources) {
  auto source_name = [&](uint32_t id) {
    return id < sources.size() ? sources[id].name : std::string();
  };
  ojson j;
  j["value"] = i.value;
  j["type"] = ioc_type_name(i.type);
  j["tag"] = i.tag;
  j["app"] = i.app;
  j["source"] = source_name(i.source);
  ojson also = ojson::array();
  for (const auto& e : i.also)
    also.push_back({{"source", source_name(e.source)}, {"tag", e.tag}, {"app", e.app}});
  j["also_in"] = also;
  return j;
}

ojson alert_json(const Alert& a, const std::vector<IndicatorSource>& sources) {
  ojson j;
  j["id"] = a.id;
  j["level"] = level_name(a.level);
  j["host"] = a.host;
  j["title"] = a.title;
  j["description"] = a.description;
  ojson ev;
  ojson inds = ojson::array();
  for (auto* i : a.indicators) inds.push_back(indicator_json(*i, sources));
  ev["indicators"] = inds;
  ev["ips"] = a.ips;
  ev["ports"] = a.ports;
  ev["names"] = a.names;
  ev["uids"] = a.uids;
  ojson details = ojson::object();
  for (const auto& [k, v] : a.details) details[k] = v;
  ev["details"] = details;
  j["evidence"] = ev;
  return j;
}

ojson destination_json(const DestinationView& d, const std::vector<std::string>& alert_ids) {
  ojson j;
  j["ip"] = d.ip;
  j["proto"] = d.proto;
  j["port"] = d.port;
  j["services"] = d.services;
  j["host"] = d.host;
  j["names"] = d.names;
  j["connections"] = d.connections;
  j["orig_bytes"] = d.orig_bytes;
  j["resp_bytes"] = d.resp_bytes;
  j["first_ts"] = time_or_null(d.time.set, d.time.first);
  j["last_ts"] = time_or_null(d.time.set, d.time.last);
  j["uids"] = d.uids;
  j["alerts"] = alert_ids;
  return j;
}

}  // namespace

ojson build_report(const ReportInputs& in) {
  const Analysis& an = in.analysis;
  ojson r;
  r["schema"] = kReportSchema;
  r["tool"] = {{"name", in.tool.name}, {"version", in.tool.version}, {"engine", in.tool.engine}};
  r["profile"] = profile_name(in.config.profile);
  r["config"] = in.config.to_json();
  r["inputs"] = inputs_json(in.inputs);
  r["indicators"] = indicators_json(in.sources);

  ojson coverage = ojson::array();
  for (const auto& c : an.coverage) {
    std::string reason = c.reason;
    if (c.rule == "IOC-06" && c.evaluated && in.nameserver_domains > 0)
      reason = "nameserver answers for " + std::to_string(in.nameserver_answered) + " of " +
               std::to_string(in.nameserver_domains) + " domains" +
               (in.nameserver_failed
                    ? "; " + std::to_string(in.nameserver_failed) + " lookups failed"
                    : std::string());
    coverage.push_back({{"rule", c.rule}, {"evaluated", c.evaluated}, {"reason", reason}});
  }
  r["coverage"] = coverage;

  // Which alerts touch each address and host, to classify destinations and build host views.
  std::map<std::string, std::set<std::string>> alerts_by_ip, alerts_by_host;
  for (const auto& a : an.alerts) {
    std::string tag = a.id + " " + std::string(level_name(a.level));
    alerts_by_host[a.host].insert(tag);
    for (const auto& ip : a.ips) alerts_by_ip[ip].insert(a.id);
  }

  uint64_t counts[3] = {};
  bool stalkerware = false, spyware = false, tracker = false;
  for (const auto& a : an.alerts) {
    ++counts[size_t(a.level)];
    for (auto* i : a.indicators) {
      if (a.level == Level::kHigh && (i->tag == "stalkerware" || i->tag == "watchware"))
        stalkerware = true;
      else if (a.level == Level::kHigh && i->tag != "tracker" && a.id != "ADV-01")
        spyware = true;
      if (i->tag == "tracker") tracker = true;
    }
  }
  ojson destinations = {{"suspect", ojson::array()}, {"uncategorized", ojson::array()},
                        {"whitelisted", ojson::array()}};
  std::map<std::string, std::pair<std::set<std::string>, std::set<std::string>>> host_view;
  std::map<std::string, uint64_t> host_connections;
  for (const auto& d : an.destinations) {
    std::set<std::string> ids;
    if (auto it = alerts_by_ip.find(d.ip); it != alerts_by_ip.end()) ids = it->second;
    if (auto it = alerts_by_host.find(d.host); it != alerts_by_host.end())
      for (const auto& t : it->second) ids.insert(t.substr(0, t.find(' ')));
    std::vector<std::string> id_list(ids.begin(), ids.end());
    const char* bucket = !ids.empty() ? "suspect" : d.whitelisted ? "whitelisted" : "uncategorized";
    destinations[bucket].push_back(destination_json(d, id_list));
    auto& hv = host_view[d.host];
    hv.first.insert(d.ip);
    hv.second.insert(d.names.begin(), d.names.end());
    host_connections[d.host] += d.connections;
  }
  for (const auto& a : an.alerts) {
    auto& hv = host_view[a.host];
    hv.first.insert(a.ips.begin(), a.ips.end());
    hv.second.insert(a.names.begin(), a.names.end());
  }
  std::map<std::string_view, std::vector<const Alert*>> alerts_of_host;
  for (const auto& a : an.alerts) alerts_of_host[a.host].push_back(&a);
  ojson hosts = ojson::array();
  for (const auto& [host, view] : host_view) {
    ojson h;
    h["host"] = host;
    h["ips"] = view.first;
    h["names"] = view.second;
    ojson alerts = ojson::array();
    if (auto it = alerts_of_host.find(host); it != alerts_of_host.end())
      for (const Alert* a : it->second) alerts.push_back({{"id", a->id}, {"level", level_name(a->level)}});
    h["alerts"] = alerts;
    h["connections"] = host_connections[host];
    hosts.push_back(h);
  }

  uint64_t skipped_files = 0, skipped_lines = 0, records = 0;
  for (const auto& s : in.inputs) {
    skipped_files += s.not_a_log;
    skipped_lines += s.skipped_lines;
    records += s.records;
  }
  ojson summary;
  summary["verdict"] = counts[0] ? "high" : counts[1] ? "moderate" : counts[2] ? "low" : "clean";
  summary["high"] = counts[0];
  summary["moderate"] = counts[1];
  summary["low"] = counts[2];
  summary["stalkerware_indicator"] = stalkerware;
  summary["spyware_indicator"] = spyware;
  summary["tracker_indicator"] = tracker;
  summary["hosts"] = hosts.size();
  summary["destinations"] = {{"suspect", destinations["suspect"].size()},
                             {"uncategorized", destinations["uncategorized"].size()},
                             {"whitelisted", destinations["whitelisted"].size()}};
  summary["files"] = in.inputs.size();
  summary["files_skipped"] = skipped_files;
  summary["records"] = records;
  summary["lines_skipped"] = skipped_lines;
  uint64_t not_evaluated = 0;
  for (const auto& c : an.coverage) not_evaluated += !c.evaluated;
  summary["rules_not_evaluated"] = not_evaluated;
  r["summary"] = summary;

  ojson alerts = ojson::array();
  for (const auto& a : an.alerts) alerts.push_back(alert_json(a, in.sources));
  r["alerts"] = alerts;
  r["hosts"] = hosts;
  r["destinations"] = destinations;
  return r;
}

std::string dump_report(const ojson& report) {
  return report.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace zeekscope
