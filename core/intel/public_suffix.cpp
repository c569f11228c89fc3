#include "intel/public_suffix.h"

#include <string>
#include <unordered_set>
#include <vector>

#include "common/text.h"

namespace zeekscope {
namespace embedded {
extern const std::string_view public_suffix_list;
}

namespace {

struct SuffixRules {
  std::unordered_set<std::string> exact, wildcard_parents, exceptions;
};

const SuffixRules& rules() {
  static const SuffixRules r = [] {
    SuffixRules out;
    bool icann = false;
    for (auto raw : split(embedded::public_suffix_list, '\n')) {
      std::string_view line = trim(raw);
      if (line.find("===BEGIN ICANN DOMAINS===") != std::string_view::npos) icann = true;
      if (line.find("===END ICANN DOMAINS===") != std::string_view::npos) icann = false;
      if (!icann || line.empty() || line.starts_with("//")) continue;
      line = line.substr(0, line.find_first_of(" \t"));
      if (line.starts_with("!"))
        out.exceptions.insert(to_lower(line.substr(1)));
      else if (line.starts_with("*."))
        out.wildcard_parents.insert(to_lower(line.substr(2)));
      else
        out.exact.insert(to_lower(line));
    }
    return out;
  }();
  return r;
}

}  // namespace

std::optional<std::string> registrable_domain(std::string_view name) {
  if (name.empty() || name.front() == '.' || name.back() == '.') return std::nullopt;
  const SuffixRules& r = rules();
  std::vector<size_t> starts{0};  // offsets of each label
  for (size_t i = 0; i < name.size(); ++i)
    if (name[i] == '.') starts.push_back(i + 1);
  size_t n = starts.size();
  size_t suffix_label = n - 1;  // the implicit "*" rule: the last label is a public suffix
  std::string key;
  for (size_t i = 0; i < n; ++i) {  // longest candidate first
    key.assign(name.substr(starts[i]));
    if (r.exceptions.count(key)) {
      suffix_label = i + 1;
      break;
    }
    if (r.exact.count(key)) {
      suffix_label = i;
      break;
    }
    if (i + 1 < n && r.wildcard_parents.count(std::string(name.substr(starts[i + 1])))) {
      suffix_label = i;
      break;
    }
  }
  if (suffix_label == 0 || suffix_label > n - 1 + 1) return std::nullopt;
  return std::string(name.substr(starts[suffix_label - 1]));
}

}  // namespace zeekscope
