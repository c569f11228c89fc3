#include "intel/platform_services.h"

#include "intel/feeds/feed.h"

namespace zeekscope {

namespace embedded {
extern const std::string_view platform_services;
}

const IndicatorSet& platform_services() {
  static const IndicatorSet set = [] {
    IndicatorSet s;
    IndicatorSource source;
    source.name = "zeekscope built-in: platform services";
    read_text_list(embedded::platform_services, IocType::kDomain, "platform", {s, source, 0});
    return s;
  }();
  return set;
}

bool is_platform_service(std::string_view name) {
  return !name.empty() && !platform_services().match_domain(IocType::kDomain, name).empty();
}

}  // namespace zeekscope
