#pragma once
// A de-duplicated set of indicators (or whitelist entries) with the indexes the rules need:
// exact IPs, CIDRs grouped by prefix length, and domain-like values looked up label by label,
// so a name is checked in O(labels) whatever the number of indicators.
#include <array>
#include <bitset>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/flat_key_map.h"
#include "common/ip_address.h"
#include "intel/indicator.h"

namespace zeekscope {

class IndicatorSet {
 public:
  // Adds a value. Returns an error text when the value is not valid for its type.
  // A value already present keeps its first type and tag; the new source is kept as evidence.
  std::string add(IocType type, std::string_view value, std::string_view tag, std::string_view app,
                  uint32_t source, IndicatorSource& stats);
  // At most `n` distinct values: a new value over it is refused (counted in stats.over_limit).
  void set_limit(size_t n) { limit_ = n; }
  // Removes a value (TinyCheck's to_delete); returns true if it was present.
  bool remove(std::string_view value);

  // Lookups (the index is rebuilt on the first lookup after a change).
  std::vector<const Indicator*> match_ip(const IpAddress& ip) const;  // ip4addr/ip6addr
  std::vector<const Indicator*> match_cidr(const IpAddress& ip) const;
  // Indicators of `type` equal to `name` or to one of its parents on a label boundary.
  std::vector<const Indicator*> match_domain(IocType type, std::string_view name) const;
  const Indicator* find_exact(IocType type, std::string_view value) const;

  // All live indicators of a type, in load order (the seed profile scans them linearly).
  std::vector<const Indicator*> of_type(IocType type) const;
  size_t count(IocType type) const;
  size_t size() const;

 private:
  void build_index() const;
  static std::string normalize(IocType type, std::string_view value, std::string& error);

  std::vector<Indicator> items_;
  std::unordered_map<std::string, size_t> by_value_;
  size_t limit_ = SIZE_MAX;

  mutable bool index_ready_ = false;
  mutable std::unordered_map<IpAddress, std::vector<size_t>, IpAddressHash> ips_;
  // CIDRs: for each prefix length that occurs, masked base -> indicators (v4 and v6 apart).
  mutable std::vector<std::pair<int, bool>> cidr_prefixes_;  // (prefix, is_v4)
  mutable std::unordered_map<IpAddress, std::vector<size_t>, IpAddressHash> cidrs_[129][2];
  // The leading 16 bits (of the IPv4 address for v4) of every address a CIDR covers, v6 and v4
  // apart: most addresses fall outside them and need no look-up at each prefix length.
  mutable std::bitset<65536> cidr_lead16_[2];
  // Domain-like values of each type -> position in items_, and every parent of a value on a
  // label boundary -> kNoItem: a name's suffixes are looked up shortest first, and the search
  // stops at the first suffix no value ends with (most names share no more than the TLD).
  static constexpr uint32_t kNoItem = FlatKeyMap::kNone - 1;
  mutable std::array<FlatKeyMap, kIocTypeCount> names_;
};

}  // namespace zeekscope
