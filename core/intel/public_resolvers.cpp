#include "intel/public_resolvers.h"

#include "intel/feeds/feed.h"

namespace zeekscope {

namespace embedded {
extern const std::string_view public_resolvers;
}

const IndicatorSet& public_resolvers() {
  static const IndicatorSet set = [] {
    IndicatorSet s;
    IndicatorSource source;
    source.name = "zeekscope built-in: public resolvers";
    // One list of names and addresses: a domain-typed line that parses as an address is stored
    // as an ip4addr/ip6addr indicator (IndicatorSet::add).
    read_text_list(embedded::public_resolvers, IocType::kDomain, "resolver", {s, source, 0});
    return s;
  }();
  return set;
}

bool is_public_resolver_name(std::string_view name) {
  return !name.empty() && !public_resolvers().match_domain(IocType::kDomain, name).empty();
}

bool is_public_resolver_address(const IpAddress& ip) {
  return !public_resolvers().match_ip(ip).empty();
}

}  // namespace zeekscope
