#include "rules/names.h"

#include <algorithm>
#include <unordered_map>

namespace zeekscope {
namespace {
const SeenName* earliest(const Capture& c, const std::vector<SeenName>& names) {
  const SeenName* best = nullptr;
  for (const auto& n : names)
    if (!best || n.first_ts < best->first_ts ||
        (n.first_ts == best->first_ts && c.strings.view(n.name) < c.strings.view(best->name)))
      best = &n;
  return best;
}
}  // namespace

DestinationNames::DestinationNames(const Capture& c) : c_(c) {
  // Grouped by interned id (one hash lookup per sighting), then sorted by text once.
  std::unordered_map<StrId, size_t> group_of;
  for_each_name_sighting(c, [&](StrId name, const IpAddress* ip) {
    auto [it, added] = group_of.try_emplace(name, every_name_.size());
    if (added) every_name_.push_back({c.strings.view(name), {}});
    if (ip) every_name_[it->second].ips.push_back(*ip);
  });
  std::sort(every_name_.begin(), every_name_.end(),
            [](const NamedAddresses& a, const NamedAddresses& b) { return a.name < b.name; });
  for (auto& entry : every_name_) {
    std::sort(entry.ips.begin(), entry.ips.end());
    entry.ips.erase(std::unique(entry.ips.begin(), entry.ips.end()), entry.ips.end());
  }
}

std::string DestinationNames::display(const std::optional<IpAddress>& ip,
                                      std::string_view ip_text) const {
  if (ip) {
    if (auto it = c_.names.find(*ip); it != c_.names.end()) {
      if (auto* n = earliest(c_, it->second.dns)) return std::string(c_.strings.view(n->name));
      if (auto* n = earliest(c_, it->second.sni)) return std::string(c_.strings.view(n->name));
    }
  }
  return std::string(ip_text);
}

bool DestinationNames::resolved(const std::optional<IpAddress>& ip) const {
  if (!ip) return false;
  auto it = c_.names.find(*ip);
  return it != c_.names.end() && !it->second.dns.empty();
}

std::vector<std::string> DestinationNames::all(const std::optional<IpAddress>& ip) const {
  std::vector<std::string> out;
  if (!ip) return out;
  auto it = c_.names.find(*ip);
  if (it == c_.names.end()) return out;
  for (const auto* list : {&it->second.dns, &it->second.cname, &it->second.sni, &it->second.http}) {
    std::vector<SeenName> sorted = *list;
    std::sort(sorted.begin(), sorted.end(), [&](const SeenName& a, const SeenName& b) {
      if (a.first_ts != b.first_ts) return a.first_ts < b.first_ts;
      return c_.strings.view(a.name) < c_.strings.view(b.name);
    });
    for (const auto& n : sorted) {
      std::string s(c_.strings.view(n.name));
      if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(std::move(s));
    }
  }
  return out;
}

}  // namespace zeekscope
