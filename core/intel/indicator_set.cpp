#include "intel/indicator_set.h"

#include <algorithm>
#include <unordered_map>

#include "common/text.h"

namespace zeekscope {
namespace {
bool is_hex(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

bool is_domain_like(std::string_view s) {
  if (s.empty() || s.size() > 253) return false;
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u <= ' ' || c == '/' || c == '\\' || c == '"' || c == '\'' || c == '@' || c == ',')
      return false;
  }
  return true;
}
}  // namespace

std::string IndicatorSet::normalize(IocType type, std::string_view value, std::string& error) {
  value = trim(value);
  switch (type) {
    case IocType::kIp4:
    case IocType::kIp6: {
      auto ip = IpAddress::parse(value);
      if (!ip) {
        error = "not an IP address: " + std::string(value.substr(0, 80));
        return {};
      }
      return ip->to_string();
    }
    case IocType::kCidr: {
      auto net = IpNetwork::parse(value);
      if (!net) {
        error = "not a CIDR: " + std::string(value.substr(0, 80));
        return {};
      }
      return net->to_string();
    }
    case IocType::kSha1Cert:
    case IocType::kSha256Cert: {
      std::string h = to_lower(value);
      h.erase(std::remove(h.begin(), h.end(), ':'), h.end());
      size_t want = type == IocType::kSha1Cert ? 40 : 64;
      if (h.size() != want || !is_hex(h)) {
        error = "not a " + std::to_string(want / 2) +
                "-byte hex hash: " + std::string(value.substr(0, 80));
        return {};
      }
      return h;
    }
    case IocType::kTld: {
      std::string d = normalize_domain(value);
      while (!d.empty() && d.front() == '.') d.erase(d.begin());
      if (!is_domain_like(d)) {
        error = "not a top-level domain: " + std::string(value.substr(0, 80));
        return {};
      }
      return d;
    }
    default: {
      std::string d = normalize_domain(value);
      if (d.starts_with("*.")) d.erase(0, 2);  // a wildcard covers the domain and its subdomains
      if (!is_domain_like(d)) {
        error = "not a domain name: " + std::string(value.substr(0, 80));
        return {};
      }
      return d;
    }
  }
}

std::string IndicatorSet::add(IocType type, std::string_view value, std::string_view tag,
                              std::string_view app, uint32_t source, IndicatorSource& stats) {
  // An IP given as a domain-like value (some feeds mix them) is stored as an IP.
  if (type == IocType::kDomain) {
    if (auto ip = IpAddress::parse(trim(value))) type = ip->is_v4() ? IocType::kIp4 : IocType::kIp6;
  }
  if (type == IocType::kIp4 || type == IocType::kIp6) {
    if (auto ip = IpAddress::parse(trim(value))) type = ip->is_v4() ? IocType::kIp4 : IocType::kIp6;
  }
  std::string error;
  std::string norm = normalize(type, value, error);
  if (!error.empty()) return error;
  std::string lower_tag = to_lower(trim(tag));
  // A TLD ".com" and a domain "com" are different indicators (as in TinyCheck's database).
  std::string key = type == IocType::kTld ? "." + norm : norm;
  if (items_.size() >= limit_ && !by_value_.contains(key)) {
    ++stats.over_limit;
    return "over the limit of " + std::to_string(limit_) + " indicators (max_indicators)";
  }
  auto [it, inserted] = by_value_.emplace(std::move(key), items_.size());
  if (!inserted) {
    Indicator& existing = items_[it->second];
    if (existing.deleted) {
      existing = Indicator{type, norm, to_lower(trim(value)), lower_tag, std::string(app), source,
                           {},   false};
      ++stats.counts[size_t(type)];
      index_ready_ = false;
      return {};
    }
    ++stats.duplicates;
    existing.also.push_back({source, lower_tag, std::string(app)});
    return {};
  }
  items_.push_back(Indicator{type,
                             std::move(norm),
                             to_lower(trim(value)),
                             lower_tag,
                             std::string(app),
                             source,
                             {},
                             false});
  ++stats.counts[size_t(type)];
  index_ready_ = false;
  return {};
}

bool IndicatorSet::remove(std::string_view value) {
  for (IocType t :
       {IocType::kDomain, IocType::kIp4, IocType::kCidr, IocType::kSha1Cert, IocType::kTld}) {
    std::string error;
    std::string norm = normalize(t, value, error);
    if (!error.empty()) continue;
    auto it = by_value_.find(t == IocType::kTld ? "." + norm : norm);
    if (it != by_value_.end() && !items_[it->second].deleted) {
      items_[it->second].deleted = true;
      index_ready_ = false;
      return true;
    }
  }
  return false;
}

namespace {
size_t lead16(const IpAddress& ip, bool v4) {
  const auto& b = ip.bytes();
  size_t at = v4 ? 12 : 0;
  return size_t(b[at]) << 8 | b[at + 1];
}
}  // namespace

void IndicatorSet::build_index() const {
  ips_.clear();
  for (auto& row : cidrs_)
    for (auto& m : row) m.clear();
  cidr_prefixes_.clear();
  for (auto& lead : cidr_lead16_) lead.reset();
  // Names are gathered in hash maps (a parent may come before its value), then laid flat.
  using Staged = std::unordered_map<std::string_view, uint32_t, TextHash, std::equal_to<>>;
  std::array<Staged, kIocTypeCount> staged;
  auto add_name = [&](Staged& table, std::string_view value, uint32_t item) {
    auto [it, added] = table.try_emplace(value, item);
    if (!added && it->second == kNoItem) it->second = item;  // was only a parent of another
    for_each_domain_suffix(value, [&](std::string_view parent) {
      if (parent.size() < value.size()) table.try_emplace(parent, kNoItem);
    });
  };
  for (size_t i = 0; i < items_.size(); ++i) {
    const Indicator& ind = items_[i];
    if (ind.deleted) continue;
    switch (ind.type) {
      case IocType::kIp4:
      case IocType::kIp6:
        ips_[*IpAddress::parse(ind.value)].push_back(i);
        break;
      case IocType::kCidr: {
        auto net = *IpNetwork::parse(ind.value);
        bool v4 = net.base.is_v4();
        auto key = std::make_pair(net.prefix, v4);
        if (std::find(cidr_prefixes_.begin(), cidr_prefixes_.end(), key) == cidr_prefixes_.end())
          cidr_prefixes_.push_back(key);
        cidrs_[net.prefix][v4][net.base].push_back(i);
        // The base is masked: a prefix under 16 bits covers an aligned run of leads.
        size_t first = lead16(net.base, v4);
        size_t span = net.prefix >= 16 ? 1 : size_t(1) << (16 - net.prefix);
        for (size_t lead = first; lead < first + span; ++lead) cidr_lead16_[v4].set(lead);
        break;
      }
      default:
        add_name(staged[size_t(ind.type)], ind.value, uint32_t(i));
        break;
    }
  }
  for (size_t t = 0; t < kIocTypeCount; ++t) {
    names_[t] = FlatKeyMap();
    for (const auto& [name, item] : staged[t]) names_[t].insert(name, hash_bytes(name), item);
  }
  index_ready_ = true;
}

std::vector<const Indicator*> IndicatorSet::match_ip(const IpAddress& ip) const {
  if (!index_ready_) build_index();
  std::vector<const Indicator*> out;
  if (auto it = ips_.find(ip); it != ips_.end())
    for (size_t i : it->second) out.push_back(&items_[i]);
  return out;
}

std::vector<const Indicator*> IndicatorSet::match_cidr(const IpAddress& ip) const {
  if (!index_ready_) build_index();
  std::vector<const Indicator*> out;
  bool v4 = ip.is_v4();
  if (!cidr_lead16_[v4].test(lead16(ip, v4))) return out;
  for (auto [prefix, family_v4] : cidr_prefixes_) {
    if (family_v4 != v4) continue;
    const auto& table = cidrs_[prefix][v4];
    if (auto it = table.find(ip.masked(prefix)); it != table.end())
      for (size_t i : it->second) out.push_back(&items_[i]);
  }
  std::sort(out.begin(), out.end(), [&](auto* a, auto* b) { return a < b; });
  return out;
}

std::vector<const Indicator*> IndicatorSet::match_domain(IocType type,
                                                         std::string_view name) const {
  if (!index_ready_) build_index();
  std::vector<const Indicator*> out;
  const FlatKeyMap& table = names_[size_t(type)];
  if (table.size() == 0 || name.empty()) return out;
  for_each_domain_suffix_shortest_first(name, [&](std::string_view suffix) {
    uint32_t item = table.find(suffix);
    if (item == FlatKeyMap::kNone) return false;  // no value ends with it, nor a longer one
    if (item != kNoItem) out.push_back(&items_[item]);
    return true;
  });
  std::reverse(out.begin(), out.end());  // longest suffix first
  return out;
}

const Indicator* IndicatorSet::find_exact(IocType type, std::string_view value) const {
  if (!index_ready_) build_index();
  uint32_t item = names_[size_t(type)].find(value);
  return item == FlatKeyMap::kNone || item == kNoItem ? nullptr : &items_[item];
}

std::vector<const Indicator*> IndicatorSet::of_type(IocType type) const {
  std::vector<const Indicator*> out;
  for (const auto& ind : items_)
    if (!ind.deleted && ind.type == type) out.push_back(&ind);
  return out;
}

size_t IndicatorSet::count(IocType type) const {
  size_t n = 0;
  for (const auto& ind : items_)
    if (!ind.deleted && ind.type == type) ++n;
  return n;
}

size_t IndicatorSet::size() const {
  size_t n = 0;
  for (const auto& ind : items_) n += !ind.deleted;
  return n;
}

}  // namespace zeekscope
