#pragma once
// Alerts, their evidence, and the set that merges them by identity and orders them.
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "intel/indicator.h"
#include "rules/rule_id.h"

namespace zeekscope {

enum class Level : uint8_t { kHigh = 0, kModerate = 1, kLow = 2 };
std::string_view level_name(Level level);

struct Alert {
  RuleId rule = RuleId::kProto01;
  std::string_view id;  // the rule's id, from the rule table
  Level level = Level::kLow;
  std::string host;
  std::string title;  // written by the rule table's wording once the evidence is complete
  std::string description;
  // tinycheck-2020 only: what made the seed's alert texts differ for one (id, level, host).
  std::string variant;
  std::vector<const Indicator*> indicators;
  std::set<std::string> ips, names, uids;
  std::set<uint64_t> ports;
  std::map<std::string, std::set<std::string>> details;  // e.g. "issuer", "nameserver"
};

// Collects alerts. With `merge_levels` (default profile) one alert is kept per (id, host) at the
// highest level; otherwise (seed profile) per (id, level, host, variant). Evidence is merged.
class AlertSet {
 public:
  explicit AlertSet(bool merge_levels) : merge_levels_(merge_levels) {}
  Alert& add(Alert alert);
  // The alerts, ordered by level, id, host, then title; the set is empty afterwards.
  std::vector<Alert> take_sorted();
  const std::map<std::string, Alert>& items() const { return items_; }

 private:
  bool merge_levels_;
  std::map<std::string, Alert> items_;
};

}  // namespace zeekscope
