#include "rules/behaviour/generated_names.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <unordered_map>
#include <vector>

#include "common/flat_key_map.h"
#include "common/text.h"
#include "intel/public_suffix.h"

namespace zeekscope {

double label_entropy(std::string_view label) {
  if (label.empty()) return 0;
  uint32_t counts[256] = {};
  for (unsigned char c : label) ++counts[c];
  const double n = double(label.size());
  double bits = 0;
  for (unsigned char c : label) {  // each byte value once, in the label's order: deterministic
    if (counts[c] == 0) continue;
    double p = counts[c] / n;
    bits -= p * std::log2(p);
    counts[c] = 0;
  }
  return bits;
}

namespace {

// The first few names in text order, kept while the names stream by.
class FirstNames {
 public:
  void add(std::string_view name) {
    constexpr size_t kMax = GeneratedNamesFinding::kExamples;
    if (names_.size() == kMax && !text_less(name, names_.back())) return;
    names_.insert(std::upper_bound(names_.begin(), names_.end(), name, text_less), name);
    if (names_.size() > kMax) names_.pop_back();
  }
  std::vector<std::string> copy() const { return {names_.begin(), names_.end()}; }

 private:
  std::vector<std::string_view> names_;
};

struct DomainTally {
  uint64_t unique_names = 0, random_names = 0, queries = 0;
  double first_ts = 0, last_ts = 0;
  FirstNames all, random;
  std::vector<uint32_t> members;  // the names under it, by position in the input
};

// Reverse lookups name addresses, and multicast DNS names stay on the link: neither can be a
// channel to a remote server, and a phone sweeping its network makes many of both.
bool is_reverse_or_link_local(std::string_view name) {
  return matches_domain(name, "arpa") || matches_domain(name, "local");
}

bool has_random_label(std::string_view labels, const GeneratedNameThresholds& t) {
  while (!labels.empty()) {
    size_t dot = labels.find('.');
    std::string_view label = labels.substr(0, dot);
    if (label.size() >= t.min_label_length && label_entropy(label) >= t.min_label_entropy)
      return true;
    if (dot == std::string_view::npos) break;
    labels.remove_prefix(dot + 1);
  }
  return false;
}

}  // namespace

namespace {

// Counts one name under its registrable domain `domain`.
void count_name(DomainTally& d, const QueriedName& q, std::string_view domain,
                const GeneratedNameThresholds& t) {
  // The labels left of the registrable domain ("" for the domain itself).
  std::string_view sub = q.name.size() > domain.size()
                             ? q.name.substr(0, q.name.size() - domain.size() - 1)
                             : std::string_view();
  if (d.unique_names == 0 || q.first_ts < d.first_ts) d.first_ts = q.first_ts;
  if (d.unique_names == 0 || q.first_ts > d.last_ts) d.last_ts = q.first_ts;
  ++d.unique_names;
  d.queries += q.count;
  d.all.add(q.name);
  if (has_random_label(sub, t)) {
    ++d.random_names;
    d.random.add(q.name);
  }
}

// The name's last two labels: every name under a registrable domain shares them, so a group of
// fewer names than a threshold holds no domain that reaches it.
std::string_view last_two_labels(std::string_view name) {
  size_t dot = name.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return name;
  size_t before = name.rfind('.', dot - 1);
  return before == std::string_view::npos ? name : name.substr(before + 1);
}

bool reaches(const DomainTally& d, const GeneratedNameThresholds& t) {
  return (t.min_unique_names > 0 && d.unique_names >= t.min_unique_names) ||
         (t.min_random_names > 0 && d.random_names >= t.min_random_names);
}

}  // namespace

std::vector<GeneratedNamesFinding> find_generated_names(std::span<const QueriedName> names,
                                                        const GeneratedNameThresholds& t,
                                                        const SkipName& skip) {
  // Counted first without `skip` (an allow-list lookup per name costs more than the count);
  // a domain that reaches a threshold is counted again over its own names, with it.
  std::unordered_map<std::string_view, DomainTally, TextHash> tallies;  // views into the names
  // The public suffix list is consulted only for names in a group large enough to matter.
  uint64_t least = std::min(t.min_unique_names ? t.min_unique_names : UINT64_MAX,
                            t.min_random_names ? t.min_random_names : UINT64_MAX);
  if (least == UINT64_MAX) return {};
  std::unordered_map<std::string_view, uint64_t, TextHash> groups;
  std::vector<const uint64_t*> group_of;  // each name's group size (map values stay in place)
  group_of.reserve(names.size());
  for (const QueriedName& q : names) group_of.push_back(&++groups[last_two_labels(q.name)]);
  for (size_t i = 0; i < names.size(); ++i) {
    const QueriedName& q = names[i];
    if (q.name.empty() || *group_of[i] < least || is_reverse_or_link_local(q.name)) continue;
    std::optional<std::string_view> domain = registrable_suffix(q.name);
    if (!domain) continue;
    DomainTally& d = tallies[*domain];
    count_name(d, q, *domain, t);
    d.members.push_back(uint32_t(i));
  }
  if (skip)
    for (auto& [domain, d] : tallies) {
      if (!reaches(d, t)) continue;
      std::vector<uint32_t> under = std::move(d.members);
      d = DomainTally();
      for (uint32_t i : under)
        if (!skip(names[i].name)) count_name(d, names[i], domain, t);
    }

  std::vector<GeneratedNamesFinding> out;
  for (auto& [domain, d] : tallies) {
    bool many = t.min_unique_names > 0 && d.unique_names >= t.min_unique_names;
    bool random = t.min_random_names > 0 && d.random_names >= t.min_random_names;
    if (!many && !random) continue;
    GeneratedNamesFinding f;
    f.domain = std::string(domain);
    f.unique_names = d.unique_names;
    f.random_names = d.random_names;
    f.queries = d.queries;
    f.first_ts = d.first_ts;
    f.last_ts = d.last_ts;
    f.examples = random ? d.random.copy() : d.all.copy();
    f.many_names = many;
    f.random_labels = random;
    out.push_back(std::move(f));
  }
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return text_less(a.domain, b.domain); });
  return out;
}

}  // namespace zeekscope
