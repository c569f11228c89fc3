#include "report/report.h"

#include <algorithm>
#include <map>
#include <set>
#include <span>
#include <unordered_map>

#include "capture/connection_series.h"
#include "common/text.h"
#include "report/app_view.h"
#include "report/host_risk.h"
#include "report/input_notes.h"
#include "report/json_writer.h"
#include "report/verdict.h"

namespace zeekscope {
namespace {

std::string_view limit_skips_what(std::string_view limit) {
  if (limit == "max_line_bytes") return "over-long lines skipped";
  if (limit == "max_fields") return "#fields headers or JSON objects skipped";
  if (limit == "max_destinations") return "conn records of new destinations skipped";
  if (limit == "max_names") return "records skipped";
  if (limit == "max_connection_times" || limit == "max_times_per_destination" ||
      limit == "connection_time_span")
    return "connection times not kept: behaviour rules and the timeline saw the others";
  if (limit == "max_indicators") return "indicators not loaded";
  if (limit == "max_gzip_ratio") return "gzip files cut short";
  if (limit == "max_memory_mib") return "files cut short or not read";
  if (limit == "max_capture_packet_bytes") return "capture records or blocks skipped";
  if (limit == "max_flows") return "connections ended early to make room (their records kept)";
  if (limit == "max_fragment_bytes") return "fragmented packets not reassembled";
  if (limit == "max_stream_bytes") return "connections whose content was no longer read";
  return "items skipped";
}

void time_or_null(JsonWriter& w, std::string_view key, bool set, double t) {
  char text[kIso8601Size];
  size_t length = set ? format_iso8601(t, text) : 0;
  w.key(key);
  if (length == 0)
    w.null();
  else
    w.value(std::string_view(text, length));
}

// What a packet capture's packets gave (its records are counted by log type).
void write_capture(JsonWriter& w, const InputStats& s) {
  w.key("capture").begin_object();
  w.field("packets", s.packets).field("packets_not_ip", s.packets_not_ip);
  w.field("packets_skipped", s.packets_skipped);
  w.field("app_packets", s.app_packets).field("app_trailers_ignored", s.app_trailers_ignored);
  w.field("apps_named", s.apps_named);
  w.key("link_types").begin_array();
  for (const auto& t : s.link_types) w.value(t);
  w.end_array();
  w.key("records").begin_object();
  for (const auto& [type, n] : s.records_made) w.field(type, n);
  w.end_object().end_object();
}

void write_inputs(JsonWriter& w, const std::vector<InputStats>& inputs) {
  w.begin_array();
  for (const auto& s : inputs) {
    w.begin_object()
        .field("name", s.name)
        .field("log_type", s.log_type)
        .field("format", s.format)
        .field("schema_era", s.schema_era)
        .field("bytes", s.bytes)
        .field("lines", s.lines)
        .field("records", s.records)
        .field("meta_lines", s.meta_lines)
        .field("blank_lines", s.blank_lines)
        .field("skipped_lines", s.skipped_lines)
        .field("header_blocks", s.header_blocks)
        .field("skipped_file", s.not_a_log)
        .field("last_line_unterminated", s.last_line_unterminated);
    w.key("skipped").begin_array();
    for (const auto& r : s.skipped)
      w.begin_object().field("line", r.line).field("reason", r.reason).end_object();
    w.end_array();
    time_or_null(w, "first_ts", s.first_ts.has_value(), s.first_ts.value_or(0));
    time_or_null(w, "last_ts", s.last_ts.has_value(), s.last_ts.value_or(0));
    if (s.log_type == "capture") write_capture(w, s);
    w.end_object();
  }
  w.end_array();
}

void write_sources(JsonWriter& w, const std::vector<IndicatorSource>& sources) {
  w.begin_array();
  for (const auto& s : sources) {
    uint64_t total = 0;
    for (size_t t = 0; t < kIocTypeCount; ++t) total += s.counts[t];
    w.begin_object().field("name", s.name).field("role", s.role).field("format", s.format);
    w.field("date", s.details.date).field("licence", s.details.licence);
    w.field("total", total).key("counts").begin_object();
    for (size_t t = 0; t < kIocTypeCount; ++t)
      if (s.counts[t]) w.field(ioc_type_name(IocType(t)), s.counts[t]);
    w.end_object();
    w.field("duplicates", s.duplicates).field("deleted", s.deleted).field("skipped", s.skipped);
    w.key("first_skipped").begin_array();
    for (const auto& r : s.first_skipped)
      w.begin_object().field("where", r.where).field("reason", r.reason).end_object();
    w.end_array().end_object();
  }
  w.end_array();
}

// The loops over alerts, hosts and destinations call a function per item, and the parts written
// once are functions of their own: V8 runs a once-called function in its baseline code to the
// end (no on-stack replacement for wasm), so per-item functions are what it optimises, and a
// small build_report() leaves the compiler free for them (see DefaultRules).
[[gnu::noinline]] void write_alert(JsonWriter& w, const Alert& a,
                                   const std::vector<IndicatorSource>& sources,
                                   const AppView& apps) {
  auto source_name = [&](uint32_t id) {
    return id < sources.size() ? std::string_view(sources[id].name) : std::string_view();
  };
  w.begin_object()
      .field("id", a.id)
      .field("level", level_name(a.level))
      .field("host", a.host)
      .field("title", a.title)
      .field("description", a.description);
  w.key("apps");
  apps.write_refs(w, apps.of_alert(a));
  w.key("evidence").begin_object().key("indicators").begin_array();
  for (const Indicator* i : a.indicators) {
    w.begin_object()
        .field("value", i->value)
        .field("type", ioc_type_name(i->type))
        .field("tag", i->tag)
        .field("app", i->app)
        .field("source", source_name(i->source));
    w.key("also_in").begin_array();
    for (const auto& e : i->also)
      w.begin_object()
          .field("source", source_name(e.source))
          .field("tag", e.tag)
          .field("app", e.app)
          .end_object();
    w.end_array().end_object();
  }
  w.end_array();
  w.field("ips", a.ips).field("ports", a.ports).field("names", a.names).field("uids", a.uids);
  w.key("details").begin_object();
  for (const auto& [k, v] : a.details) w.field(k, v);
  w.end_object().end_object().end_object();
}

// A destination or an alert, as a part of its host's view.
struct HostPart {
  std::string_view host;
  const DestinationView* destination;
  const Alert* alert;
};

[[gnu::noinline]] void write_destination(JsonWriter& w, const DestinationView& d,
                                         const std::vector<std::string_view>& ids,
                                         const AppView& apps) {
  w.begin_object()
      .field("ip", d.ip)
      .field("proto", d.proto)
      .field("port", d.port)
      .field("services", d.services)
      .field("host", d.host)
      .field("names", d.names);
  w.key("apps");
  apps.write_refs(w, apps.of_destination(d));
  w.field("connections", d.connections)
      .field("orig_bytes", d.orig_bytes)
      .field("resp_bytes", d.resp_bytes);
  time_or_null(w, "first_ts", d.time.set, d.time.first);
  time_or_null(w, "last_ts", d.time.set, d.time.last);
  w.field("uids", d.uids).field("alerts", ids).end_object();
}

// The report up to the summary: tool, configuration, inputs, indicator sources, coverage and
// the limits reached.
[[gnu::noinline]] void write_head(JsonWriter& w, const ReportInputs& in) {
  const Analysis& an = in.analysis;
  w.begin_object().field("schema", kReportSchema);
  w.key("tool").begin_object().field("name", in.tool.name).field("version", in.tool.version);
  w.field("engine", in.tool.engine).end_object();
  w.field("profile", profile_name(in.config.profile));
  {
    // The configuration is small: its nlohmann document is re-emitted key by key.
    w.key("config").begin_object();
    const nlohmann::ordered_json config = in.config.to_json();
    for (auto it = config.begin(); it != config.end(); ++it) {
      const std::string& k = it.key();
      const auto& v = it.value();
      w.key(k);
      if (v.is_object()) {  // limits: whole numbers
        w.begin_object();
        for (auto l = v.begin(); l != v.end(); ++l) w.field(l.key(), l.value().get<uint64_t>());
        w.end_object();
      } else if (v.is_boolean())
        w.value(v.get<bool>());
      else if (v.is_number_unsigned())
        w.value(v.get<uint64_t>());
      else if (v.is_number_float())
        w.fixed(v.get<double>(), 6);
      else if (v.is_string())
        w.value(v.get<std::string>());
      else if (v.is_array() && (v.empty() || v[0].is_string()))
        w.value(v.get<std::vector<std::string>>());
      else
        w.value(v.get<std::vector<uint64_t>>());
    }
    w.end_object();
  }
  w.key("inputs");
  write_inputs(w, in.inputs);
  w.key("indicators");
  write_sources(w, in.sources);

  w.key("coverage").begin_array();
  for (const auto& c : an.coverage) {
    std::string reason = c.reason;
    if (c.rule == RuleId::kIoc06 && c.evaluated && in.nameserver_domains > 0)
      reason =
          "nameserver answers for " + std::to_string(in.nameserver_answered) + " of " +
          std::to_string(in.nameserver_domains) + " domains" +
          (in.nameserver_failed ? "; " + std::to_string(in.nameserver_failed) + " lookups failed"
                                : std::string());
    w.begin_object()
        .field("rule", c.id)
        .field("evaluated", c.evaluated)
        .field("reason", reason)
        .end_object();
  }
  w.end_array();

  // What a limit left out: the analysis went on without it, so a clean verdict may be partial.
  w.key("limits_reached").begin_array();
  const auto limits = in.config.limits.to_json();
  for (const auto& [limit, skipped] : in.limit_hits) {
    w.begin_object().field("limit", limit);
    if (limits.contains(limit)) w.field("value", limits[limit].get<uint64_t>());
    w.field("skipped", skipped).field("what", limit_skips_what(limit)).end_object();
  }
  w.end_array();
}

using AlertIds = std::unordered_map<std::string_view, std::set<std::string_view>>;
using Bucket = std::vector<std::pair<const DestinationView*, std::vector<std::string_view>>>;

// A destination's alerts (by its address or its host) and its class: suspect, uncategorized or
// whitelisted.
[[gnu::noinline]] void classify(const DestinationView& d, const AlertIds& alerts_by_ip,
                                const AlertIds& alerts_by_host, Bucket (&buckets)[4]) {
  std::set<std::string_view> ids;
  if (auto it = alerts_by_ip.find(d.ip); it != alerts_by_ip.end()) ids = it->second;
  if (auto it = alerts_by_host.find(d.host); it != alerts_by_host.end())
    ids.insert(it->second.begin(), it->second.end());
  int bucket = !ids.empty() ? 0 : d.whitelisted ? 2 : d.inbound ? 3 : 1;
  buckets[bucket].emplace_back(&d, std::vector<std::string_view>(ids.begin(), ids.end()));
}

// Lists reused from one host's view to the next.
struct HostScratch {
  std::vector<std::string_view> ips, names;
  std::vector<const DestinationView*> destinations;
  std::vector<const Alert*> alerts;
};

// One host: its parts (which all name it) and how much it deserves a look.
struct HostGroup {
  std::span<const HostPart> parts;
  HostRisk risk;
};

// The host's alerts, in the order of the alerts section.
[[gnu::noinline]] HostRisk risk_of(std::span<const HostPart> parts,
                                   std::vector<const Alert*>& alerts) {
  alerts.clear();
  for (const HostPart& part : parts)
    if (part.alert) alerts.push_back(part.alert);
  std::sort(alerts.begin(), alerts.end());
  return host_risk(alerts);
}

// The view of one host.
[[gnu::noinline]] void write_host(JsonWriter& w, const HostGroup& g, HostScratch& s,
                                  const AppView& apps) {
  s.ips.clear();
  s.names.clear();
  s.destinations.clear();
  s.alerts.clear();
  uint64_t connections = 0;
  for (const HostPart& part : g.parts) {
    if (const DestinationView* d = part.destination) {
      s.ips.push_back(d->ip);
      s.names.insert(s.names.end(), d->names.begin(), d->names.end());
      s.destinations.push_back(d);
      connections += d->connections;
    } else {
      const Alert* a = part.alert;
      s.ips.insert(s.ips.end(), a->ips.begin(), a->ips.end());
      s.names.insert(s.names.end(), a->names.begin(), a->names.end());
      s.alerts.push_back(a);
    }
  }
  for (auto* list : {&s.ips, &s.names}) {
    std::sort(list->begin(), list->end());
    list->erase(std::unique(list->begin(), list->end()), list->end());
  }
  std::sort(s.alerts.begin(), s.alerts.end());  // in the order of the alerts section
  w.begin_object().field("host", g.parts.front().host);
  w.field("score", g.risk.score).field("reason", g.risk.reason);
  w.field("ips", s.ips).field("names", s.names);
  w.key("apps");
  apps.write_refs(w, apps.of_host(s.destinations, s.alerts));
  w.key("alerts").begin_array();
  for (const Alert* a : s.alerts)
    w.begin_object().field("id", a->id).field("level", level_name(a->level)).end_object();
  w.end_array().field("connections", connections).end_object();
}

// When the phone talked to the hosts the report leads with (those with alerts, at most
// timeline_hosts): each connection's start, duration and bytes, an even sample of at most
// timeline_points of them per host.
[[gnu::noinline]] void write_timeline(JsonWriter& w, const ReportInputs& in,
                                      const std::vector<HostGroup>& groups) {
  TimeRange span = capture_span(in.capture);
  w.key("timeline").begin_object().key("first_ts");
  span.set ? w.fixed(span.first, 6) : w.null();
  w.key("last_ts");
  span.set ? w.fixed(span.last, 6) : w.null();
  w.key("hosts").begin_array();
  std::vector<uint32_t> sources;
  uint64_t drawn = 0;
  for (const HostGroup& g : groups) {
    if (drawn >= in.config.timeline_hosts || g.risk.score == 0) break;
    sources.clear();
    uint64_t connections = 0;
    for (const HostPart& part : g.parts)
      if (const DestinationView* d = part.destination) {
        sources.insert(sources.end(), d->sources.begin(), d->sources.end());
        connections += d->connections;
      }
    std::vector<ConnEvent> events = connection_series(in.capture, sources);
    if (events.empty()) continue;
    ++drawn;
    size_t shown = std::min<size_t>(events.size(), in.config.timeline_points);
    w.begin_object().field("host", g.parts.front().host).field("connections", connections);
    w.field("shown", shown).key("points").begin_array();
    static constexpr int kDecimals[4] = {3, 3, 0, 0};  // times kept to the millisecond
    for (size_t k = 0; k < shown; ++k) {
      const ConnEvent& e = events[k * events.size() / shown];
      const double row[4] = {e.start, e.duration, double(e.orig_bytes), double(e.resp_bytes)};
      w.fixed_row(row, kDecimals);
    }
    w.end_array().end_object();
  }
  w.end_array().end_object();
}

}  // namespace

std::string build_report(const ReportInputs& in, TextSink sink) {
  const Analysis& an = in.analysis;
  JsonWriter w(std::move(sink));
  write_head(w, in);
  const AppView apps(in.capture, an);

  // Which alerts touch each address and host, to classify destinations and build host views.
  // Views of texts the analysis owns, which outlives this function.
  AlertIds alerts_by_ip, alerts_by_host;
  uint64_t counts[3] = {};
  bool stalkerware = false, spyware = false, tracker = false;
  for (const auto& a : an.alerts) {
    alerts_by_host[a.host].insert(a.id);
    for (const auto& ip : a.ips) alerts_by_ip[ip].insert(a.id);
    ++counts[size_t(a.level)];
    for (auto* i : a.indicators) {
      if (a.level == Level::kHigh && (i->tag == "stalkerware" || i->tag == "watchware"))
        stalkerware = true;
      else if (a.level == Level::kHigh && i->tag != "tracker" && a.rule != RuleId::kAdv01)
        spyware = true;
      if (i->tag == "tracker") tracker = true;
    }
  }
  // Destinations by class; every destination and alert as a part of its host's view, sorted
  // by host (the views are written in host order).
  Bucket buckets[4];
  std::vector<HostPart> parts;
  parts.reserve(an.destinations.size() + an.alerts.size());
  for (const auto& d : an.destinations) {
    classify(d, alerts_by_ip, alerts_by_host, buckets);
    parts.push_back({d.host, &d, nullptr});
  }
  for (const auto& a : an.alerts) parts.push_back({a.host, nullptr, &a});
  std::sort(parts.begin(), parts.end(),
            [](const HostPart& a, const HostPart& b) { return text_less(a.host, b.host); });
  size_t host_count = 0;
  for (size_t i = 0; i < parts.size(); ++i)
    host_count += i == 0 || !bytes_equal(parts[i].host, parts[i - 1].host);

  uint64_t skipped_files = 0, skipped_lines = 0, records = 0, not_evaluated = 0;
  for (const auto& s : in.inputs) {
    skipped_files += s.not_a_log;
    skipped_lines += s.skipped_lines;
    records += s.records;
  }
  for (const auto& c : an.coverage) not_evaluated += !c.evaluated;
  VerdictFacts verdict{
      counts[0], counts[1], counts[2], stalkerware, spyware, tracker, in.indicators_checked};
  // Which address was taken for the phone (inbound traffic, redaction).
  std::vector<std::string> phone;
  for (const auto& ip : phone_addresses(in.capture, in.config)) phone.push_back(ip.to_string());
  w.key("phone").begin_object().field("addresses", phone);
  w.field("from", in.config.device_ips.empty() ? "main originator" : "device").end_object();
  w.key("summary").begin_object();
  w.field("verdict", verdict_name(verdict)).field("headline", verdict_headline(verdict));
  w.field("advice", verdict_advice(verdict));
  w.field("notes", input_notes(in.inputs));
  w.field("indicators_checked", in.indicators_checked);
  w.field("high", counts[0]).field("moderate", counts[1]).field("low", counts[2]);
  w.field("stalkerware_indicator", stalkerware).field("spyware_indicator", spyware);
  w.field("tracker_indicator", tracker).field("hosts", host_count);
  w.key("destinations").begin_object().field("suspect", buckets[0].size());
  w.field("uncategorized", buckets[1].size()).field("whitelisted", buckets[2].size());
  w.field("inbound", buckets[3].size()).end_object();
  w.field("files", in.inputs.size()).field("files_skipped", skipped_files);
  w.field("records", records).field("lines_skipped", skipped_lines);
  w.field("rules_not_evaluated", not_evaluated);
  w.field("limits_reached", in.limit_hits.size()).end_object();

  w.key("alerts").begin_array();
  for (const auto& a : an.alerts) write_alert(w, a, in.sources, apps);
  w.end_array();
  w.key("apps");
  apps.write_apps(w, an.alerts);

  // Hosts by risk, highest first; equal scores in host order (the parts are sorted by host).
  HostScratch scratch;
  std::vector<HostGroup> groups;
  for (size_t first = 0, next; first < parts.size(); first = next) {
    for (next = first + 1; next < parts.size() && bytes_equal(parts[next].host, parts[first].host);)
      ++next;
    auto group = std::span<const HostPart>(parts).subspan(first, next - first);
    groups.push_back({group, risk_of(group, scratch.alerts)});
  }
  std::stable_sort(groups.begin(), groups.end(), [](const HostGroup& a, const HostGroup& b) {
    return a.risk.score > b.risk.score;
  });
  w.key("hosts").begin_array();
  for (const HostGroup& g : groups) write_host(w, g, scratch, apps);
  w.end_array();
  write_timeline(w, in, groups);

  w.key("destinations").begin_object();
  const char* names[4] = {"suspect", "uncategorized", "whitelisted", "inbound"};
  for (int b = 0; b < 4; ++b) {
    w.key(names[b]).begin_array();
    for (const auto& [d, ids] : buckets[b]) write_destination(w, *d, ids, apps);
    w.end_array();
  }
  w.end_object().end_object();
  return w.take();
}

bool nested_within(const nlohmann::ordered_json& doc, size_t max_depth) {
  std::vector<std::pair<const nlohmann::ordered_json*, size_t>> pending = {{&doc, 0}};
  while (!pending.empty()) {
    auto [v, depth] = pending.back();
    pending.pop_back();
    if (!v->is_structured()) continue;
    if (depth >= max_depth) return false;
    for (const auto& child : *v) pending.emplace_back(&child, depth + 1);
  }
  return true;
}

std::string dump_report(const nlohmann::ordered_json& report) {
  return report.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace zeekscope
