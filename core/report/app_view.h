#pragma once
// Which Android apps a report names (PCAPdroid captures): for each destination, alert and host,
// the apps whose connections it holds, and the per-app view: each app, the hosts it talked to,
// its connections and bytes, and the alerts on those hosts. A capture without app attribution
// names none.
#include <span>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "capture/capture.h"
#include "report/json_writer.h"
#include "rules/alert.h"
#include "rules/engine.h"

namespace zeekscope {

class AppView {
 public:
  AppView(const Capture& capture, const Analysis& analysis);
  bool empty() const { return capture_.apps.empty(); }

  // Apps (indices in Capture::apps, ascending) of a destination of analysis.destinations.
  std::span<const uint32_t> of_destination(const DestinationView& d) const;
  // Apps of an alert: those of the destinations on its host or its addresses.
  std::vector<uint32_t> of_alert(const Alert& a) const;
  // Apps of a host's view: its destinations' and its alerts'.
  std::vector<uint32_t> of_host(std::span<const DestinationView* const> destinations,
                                std::span<const Alert* const> alerts) const;

  // A list of apps as [{uid, package, name}].
  void write_refs(JsonWriter& w, std::span<const uint32_t> apps) const;
  // The per-app view: apps with alerts first (highest level first), then by connections.
  void write_apps(JsonWriter& w, const std::vector<Alert>& alerts) const;

 private:
  void write_ref_fields(JsonWriter& w, uint32_t app) const;
  static void add_all(std::vector<uint32_t>& into, std::span<const uint32_t> apps);

  const Capture& capture_;
  const Analysis& analysis_;
  std::vector<std::vector<uint32_t>> by_destination_;  // parallel to analysis.destinations
  std::unordered_map<std::string_view, std::vector<uint32_t>> by_host_, by_ip_;
};

}  // namespace zeekscope
