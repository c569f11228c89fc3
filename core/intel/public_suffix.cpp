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

// Looked up by string_view: registrable_domain() is asked for every name of a capture.
struct TextHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};
using TextSet = std::unordered_set<std::string, TextHash, std::equal_to<>>;

struct SuffixRules {
  TextSet exact, wildcard_parents, exceptions;
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
  constexpr size_t npos = std::string_view::npos;
  // Each suffix of whole labels, longest first; `longer` starts the one a label longer.
  size_t start = 0, longer = npos;
  for (;;) {
    std::string_view candidate = name.substr(start);
    size_t dot = name.find('.', start);
    size_t next = dot == npos ? npos : dot + 1;
    if (r.exceptions.count(candidate)) return std::string(candidate);
    if (r.exact.count(candidate) || (next != npos && r.wildcard_parents.count(name.substr(next)))) {
      if (longer == npos) return std::nullopt;  // the name is itself a public suffix
      return std::string(name.substr(longer));
    }
    if (next == npos) break;
    longer = start;
    start = next;
  }
  // The implicit "*" rule: the last label is a public suffix.
  if (longer == npos) return std::nullopt;
  return std::string(name.substr(longer));
}

}  // namespace zeekscope
