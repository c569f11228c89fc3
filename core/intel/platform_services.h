#pragma once
// The built-in list of the phone platforms' own services (iocs/builtin/platform-services.txt):
// names whose traffic on the platforms' push ports is expected. Parsed once.
#include <string_view>

#include "intel/indicator_set.h"

namespace zeekscope {

const IndicatorSet& platform_services();
bool is_platform_service(std::string_view name);  // the name or a parent is listed

}  // namespace zeekscope
