#include "report/app_view.h"

#include <algorithm>
#include <charconv>
#include <map>

#include "common/text.h"

namespace zeekscope {

AppView::AppView(const Capture& capture, const Analysis& analysis)
    : capture_(capture), analysis_(analysis) {
  if (empty()) return;
  by_destination_.resize(analysis.destinations.size());
  for (size_t i = 0; i < analysis.destinations.size(); ++i) {
    const DestinationView& d = analysis.destinations[i];
    std::vector<uint32_t>& apps = by_destination_[i];
    for (uint32_t source : d.sources)
      for (const AppUse& use : capture.destinations[source].apps) apps.push_back(use.app);
    std::sort(apps.begin(), apps.end());
    apps.erase(std::unique(apps.begin(), apps.end()), apps.end());
    if (apps.empty()) continue;
    add_all(by_host_[d.host], apps);
    add_all(by_ip_[d.ip], apps);
  }
}

void AppView::add_all(std::vector<uint32_t>& into, std::span<const uint32_t> apps) {
  into.insert(into.end(), apps.begin(), apps.end());
  std::sort(into.begin(), into.end());
  into.erase(std::unique(into.begin(), into.end()), into.end());
}

std::span<const uint32_t> AppView::of_destination(const DestinationView& d) const {
  if (empty()) return {};
  return by_destination_[size_t(&d - analysis_.destinations.data())];
}

std::vector<uint32_t> AppView::of_alert(const Alert& a) const {
  std::vector<uint32_t> apps;
  if (empty()) return apps;
  if (auto it = by_host_.find(a.host); it != by_host_.end()) add_all(apps, it->second);
  for (const std::string& ip : a.ips)
    if (auto it = by_ip_.find(ip); it != by_ip_.end()) add_all(apps, it->second);
  return apps;
}

std::vector<uint32_t> AppView::of_host(std::span<const DestinationView* const> destinations,
                                       std::span<const Alert* const> alerts) const {
  std::vector<uint32_t> apps;
  if (empty()) return apps;
  for (const DestinationView* d : destinations) add_all(apps, of_destination(*d));
  for (const Alert* a : alerts) add_all(apps, of_alert(*a));
  return apps;
}

void AppView::write_ref_fields(JsonWriter& w, uint32_t app) const {
  const App& a = capture_.apps[app];
  std::string_view uid = capture_.strings.view(a.uid);
  int64_t number = 0;
  auto [end, error] = std::from_chars(uid.data(), uid.data() + uid.size(), number);
  w.key("uid");
  // A uid that is no number (a hostile conn.log) is shown as it was written.
  if (error == std::errc() && end == uid.data() + uid.size())
    w.value(number);
  else
    w.value(uid);
  w.field("package", capture_.strings.view(a.package));
  w.field("name", capture_.strings.view(a.name));
}

void AppView::write_refs(JsonWriter& w, std::span<const uint32_t> apps) const {
  w.begin_array();
  for (uint32_t app : apps) {
    w.begin_object();
    write_ref_fields(w, app);
    w.end_object();
  }
  w.end_array();
}

void AppView::write_apps(JsonWriter& w, const std::vector<Alert>& alerts) const {
  struct Totals {
    uint64_t connections = 0, orig_bytes = 0, resp_bytes = 0;
    std::map<std::string_view, uint64_t> hosts;  // host -> connections
    std::vector<const Alert*> alerts;
    int best_level = 3;  // no alert
  };
  std::vector<Totals> totals(capture_.apps.size());
  for (const DestinationView& d : analysis_.destinations)
    for (uint32_t source : d.sources)
      for (const AppUse& use : capture_.destinations[source].apps) {
        Totals& t = totals[use.app];
        t.connections += use.connections;
        t.orig_bytes += use.orig_bytes;
        t.resp_bytes += use.resp_bytes;
        t.hosts[d.host] += use.connections;
      }
  for (const Alert& a : alerts)
    for (uint32_t app : of_alert(a)) {
      totals[app].alerts.push_back(&a);
      totals[app].best_level = std::min(totals[app].best_level, int(a.level));
    }
  std::vector<uint32_t> order;
  for (uint32_t app = 0; app < totals.size(); ++app)
    if (totals[app].connections || !totals[app].alerts.empty()) order.push_back(app);
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    const Totals &x = totals[a], &y = totals[b];
    if (x.best_level != y.best_level) return x.best_level < y.best_level;
    if (x.alerts.size() != y.alerts.size()) return x.alerts.size() > y.alerts.size();
    return x.connections > y.connections;
  });

  w.begin_array();
  for (uint32_t app : order) {
    const Totals& t = totals[app];
    w.begin_object();
    write_ref_fields(w, app);
    w.field("connections", t.connections).field("orig_bytes", t.orig_bytes);
    w.field("resp_bytes", t.resp_bytes);
    w.key("alerts").begin_array();
    for (const Alert* a : t.alerts)
      w.begin_object()
          .field("id", a->id)
          .field("level", level_name(a->level))
          .field("host", a->host)
          .end_object();
    w.end_array();
    // Its hosts, most connections first.
    std::vector<std::pair<std::string_view, uint64_t>> hosts(t.hosts.begin(), t.hosts.end());
    std::stable_sort(hosts.begin(), hosts.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    w.key("hosts").begin_array();
    for (const auto& [host, connections] : hosts)
      w.begin_object().field("host", host).field("connections", connections).end_object();
    w.end_array().end_object();
  }
  w.end_array();
}

}  // namespace zeekscope
