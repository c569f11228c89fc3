// The configuration parser: any text is either a configuration or a ConfigError.
#include "rules/config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    auto config =
        zeekscope::Config::from_json(std::string_view(reinterpret_cast<const char*>(data), size));
    (void)config.to_json().dump();
  } catch (const zeekscope::ConfigError&) {
  }
  return 0;
}
