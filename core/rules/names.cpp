#include "rules/names.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

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
  for (const auto& [ip, names] : c.names) {
    const SeenName* n = earliest(c, names.dns);
    if (!n) n = earliest(c, names.sni);
    if (n) display_.emplace(ip, n->name);
  }
}

std::string DestinationNames::display(const std::optional<IpAddress>& ip,
                                      std::string_view ip_text) const {
  if (ip)
    if (auto it = display_.find(*ip); it != display_.end())
      return std::string(c_.strings.view(it->second));
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
  const auto& n = it->second;
  // Each text once (one text is one id in the pool). An address has a handful of names as a
  // rule, so they are searched in `out` until there are many; it is asked once per destination.
  constexpr size_t kFew = 16;
  std::unordered_set<StrId> added;
  auto add = [&](StrId id) {
    std::string_view text = c_.strings.view(id);
    if (added.empty()) {
      if (std::find(out.begin(), out.end(), text) != out.end()) return;
      out.emplace_back(text);
      if (out.size() > kFew)
        for (const auto& t : out) added.insert(*c_.strings.find(t));
    } else if (added.insert(id).second) {
      out.emplace_back(text);
    }
  };
  auto before = [&](const SeenName& a, const SeenName& b) {
    if (a.first_ts != b.first_ts) return a.first_ts < b.first_ts;
    return c_.strings.view(a.name) < c_.strings.view(b.name);
  };
  std::vector<SeenName> sorted;
  for (const auto* list : {&n.dns, &n.cname, &n.sni, &n.http}) {
    if (std::is_sorted(list->begin(), list->end(), before)) {  // mostly: no copy to sort
      for (const auto& seen : *list) add(seen.name);
      continue;
    }
    sorted.assign(list->begin(), list->end());
    std::sort(sorted.begin(), sorted.end(), before);
    for (const auto& seen : sorted) add(seen.name);
  }
  return out;
}

}  // namespace zeekscope
