#include "intel/public_resolvers.h"

#include "intel/feeds/feed.h"

namespace zeekscope {

namespace embedded {
extern const std::string_view public_resolvers;
}

const IndicatorSet& public_resolvers() {
  static const IndicatorSet set = read_builtin_list(
      embedded::public_resolvers, "zeekscope built-in: public resolvers", "resolver");
  return set;
}

bool is_public_resolver_name(std::string_view name) {
  return !name.empty() && !public_resolvers().match_domain(IocType::kDomain, name).empty();
}

bool is_public_resolver_address(const IpAddress& ip) {
  return !public_resolvers().match_ip(ip).empty();
}

}  // namespace zeekscope
