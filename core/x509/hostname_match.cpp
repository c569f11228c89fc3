#include "x509/hostname_match.h"

#include <algorithm>

namespace zeekscope::x509 {

bool name_matches_host(std::string_view name, std::string_view host) {
  if (name == host) return true;
  size_t star = name.find('*');
  size_t dot = name.find('.');
  if (star == std::string_view::npos || dot == std::string_view::npos || star + 1 != dot)
    return false;
  if (std::count(name.begin(), name.end(), '.') < 2) return false;
  size_t host_dot = host.find('.');
  if (host_dot == std::string_view::npos || host.substr(host_dot) != name.substr(dot)) return false;
  // The host's first label must begin with the text before the '*'.
  return star <= host_dot && host.substr(0, star) == name.substr(0, star);
}

bool matches_host(const Certificate& c, std::string_view host) {
  if (!c.has_san) return !c.common_name.empty() && name_matches_host(c.common_name, host);
  for (const std::string& name : c.san_dns)
    if (!name.empty() && name_matches_host(name, host)) return true;
  return false;
}

}  // namespace zeekscope::x509
