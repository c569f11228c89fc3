#include "rules/certificate_issuer.h"

#include "common/text.h"

namespace zeekscope {

std::optional<std::string> dn_attribute(std::string_view dn, std::string_view key) {
  std::string part;
  auto check = [&]() -> std::optional<std::string> {
    std::string_view p = trim(part);
    if (p.size() > key.size() && p[key.size()] == '=' && iequals(p.substr(0, key.size()), key))
      return std::string(p.substr(key.size() + 1));
    return std::nullopt;
  };
  for (size_t i = 0; i < dn.size(); ++i) {
    if (dn[i] == '\\' && i + 1 < dn.size()) {
      part.push_back(dn[++i]);
      continue;
    }
    if (dn[i] == ',') {
      if (auto v = check()) return v;
      part.clear();
      continue;
    }
    part.push_back(dn[i]);
  }
  return check();
}

bool issuer_matches(std::string_view issuer, const std::vector<std::string>& entries) {
  if (issuer.empty()) return false;
  // The issuer's O=, read once, and only if an entry names an organisation alone.
  bool org_read = false;
  std::optional<std::string> org;
  for (const auto& e : entries) {
    if (e.starts_with("O=") && e.find(',') == std::string::npos) {
      if (!org_read) org = dn_attribute(issuer, "O"), org_read = true;
      if (org && *org == std::string_view(e).substr(2)) return true;
    } else if (issuer == e) {
      return true;
    }
  }
  return false;
}

}  // namespace zeekscope
