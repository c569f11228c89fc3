#include "intel/platform_services.h"

#include "intel/feeds/feed.h"

namespace zeekscope {

namespace embedded {
extern const std::string_view platform_services;
}

const IndicatorSet& platform_services() {
  static const IndicatorSet set = read_builtin_list(
      embedded::platform_services, "zeekscope built-in: platform services", "platform");
  return set;
}

bool is_platform_service(std::string_view name) {
  return !name.empty() && !platform_services().match_domain(IocType::kDomain, name).empty();
}

}  // namespace zeekscope
