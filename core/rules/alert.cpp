#include "rules/alert.h"

#include <algorithm>

namespace zeekscope {

std::string_view level_name(Level level) {
  switch (level) {
    case Level::kHigh:
      return "High";
    case Level::kModerate:
      return "Moderate";
    case Level::kLow:
      return "Low";
  }
  return "Low";
}

Alert& AlertSet::add(Alert a) {
  std::string key = std::string(a.id) + '\x1f' + a.host;
  if (!merge_levels_) key += '\x1f' + std::string(level_name(a.level)) + '\x1f' + a.variant;
  auto [it, inserted] = items_.try_emplace(key, std::move(a));
  if (inserted) return it->second;
  Alert& e = it->second;
  if (a.level < e.level) e.level = a.level;  // the highest level wins
  for (auto* ind : a.indicators)
    if (std::find(e.indicators.begin(), e.indicators.end(), ind) == e.indicators.end())
      e.indicators.push_back(ind);
  e.ips.insert(a.ips.begin(), a.ips.end());
  e.names.insert(a.names.begin(), a.names.end());
  e.uids.insert(a.uids.begin(), a.uids.end());
  e.ports.insert(a.ports.begin(), a.ports.end());
  for (auto& [k, v] : a.details) e.details[k].insert(v.begin(), v.end());
  return e;
}

std::vector<Alert> AlertSet::take_sorted() {
  std::vector<Alert> out;
  out.reserve(items_.size());
  for (auto& [k, a] : items_) out.push_back(std::move(a));
  items_.clear();
  std::sort(out.begin(), out.end(), [](const Alert& a, const Alert& b) {
    if (a.level != b.level) return a.level < b.level;
    if (a.id != b.id) return a.id < b.id;
    if (a.host != b.host) return a.host < b.host;
    if (a.title != b.title) return a.title < b.title;
    return a.variant < b.variant;
  });
  return out;
}

}  // namespace zeekscope
