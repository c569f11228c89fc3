#include "intel/public_suffix.h"

#include <string>
#include <unordered_map>
#include <vector>

#include "common/flat_key_map.h"
#include "common/text.h"

namespace zeekscope {
namespace embedded {
extern const std::string_view public_suffix_list;
}

namespace {

// What the list says of one suffix of whole labels, as bits. Every suffix of every rule is in
// the table (0 when it is not a rule itself), so a name's suffixes are looked up shortest first,
// once each, and the walk stops at the first one no rule ends with: no longer suffix can match.
constexpr uint32_t kExact = 1, kWildcardParent = 2, kException = 4;

const FlatKeyMap& rules() {
  static const FlatKeyMap r = [] {
    std::unordered_map<std::string, uint32_t> facts;  // gathered first: a rule may be a tail too
    bool icann = false;
    for (auto raw : split(embedded::public_suffix_list, '\n')) {
      std::string_view line = trim(raw);
      if (line.find("===BEGIN ICANN DOMAINS===") != std::string_view::npos) icann = true;
      if (line.find("===END ICANN DOMAINS===") != std::string_view::npos) icann = false;
      if (!icann || line.empty() || line.starts_with("//")) continue;
      line = line.substr(0, line.find_first_of(" \t"));
      uint32_t fact = kExact;
      if (line.starts_with("!")) {
        line.remove_prefix(1);
        fact = kException;
      } else if (line.starts_with("*.")) {
        line.remove_prefix(2);
        fact = kWildcardParent;
      }
      std::string rule = to_lower(line);
      facts[rule] |= fact;
      for_each_domain_suffix(rule, [&](std::string_view tail) { facts[std::string(tail)]; });
    }
    FlatKeyMap out;
    for (const auto& [suffix, bits] : facts) out.insert(suffix, hash_bytes(suffix), bits);
    return out;
  }();
  return r;
}

}  // namespace

std::optional<std::string_view> registrable_suffix(std::string_view name) {
  if (name.empty() || name.front() == '.' || name.back() == '.') return std::nullopt;
  const FlatKeyMap& r = rules();
  // The longest suffix a rule matches decides, an exception before the others: the suffix
  // itself is then registrable, else the suffix is public and the name's suffix one label
  // longer is. With no rule, the last label is the public suffix (the implicit "*" rule).
  constexpr size_t npos = std::string_view::npos;
  size_t matched = npos;  // where the longest matching suffix starts
  bool exception = false;
  uint32_t shorter = 0;  // the facts of the suffix a label shorter
  for_each_domain_suffix_shortest_first(name, [&](std::string_view tail) {
    size_t start = name.size() - tail.size();
    uint32_t facts = r.find(tail);
    bool known = facts != FlatKeyMap::kNone;
    if (known && (facts & kException)) {
      matched = start, exception = true;
    } else if ((known && (facts & kExact)) || (shorter & kWildcardParent)) {
      matched = start, exception = false;
    }
    shorter = facts;
    return known;  // no rule ends with an unknown suffix, nor with a longer one
  });
  if (matched != npos && exception) return name.substr(matched);
  size_t suffix = matched;
  if (suffix == npos) {
    size_t last_dot = name.rfind('.');
    suffix = last_dot == npos ? 0 : last_dot + 1;
  }
  if (suffix == 0) return std::nullopt;  // the name is itself a public suffix
  size_t dot = name.rfind('.', suffix - 2);
  return name.substr(dot == npos ? 0 : dot + 1);
}

std::optional<std::string> registrable_domain(std::string_view name) {
  auto suffix = registrable_suffix(name);
  if (!suffix) return std::nullopt;
  return std::string(*suffix);
}

}  // namespace zeekscope
