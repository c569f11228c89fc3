#pragma once
// Redaction of a report a person hands to someone else: the phone's own addresses and names,
// MAC addresses and the apps no alert concerns are replaced by stable placeholders
// ("local-address-1", "mac-address-1", "local-name-1", "app-1"; the same value gets the same
// placeholder everywhere in the report), and a "redaction" section lists what was replaced.
// Remote destinations, indicators and findings are left as they are: they are what a helper
// needs to see.
#include <nlohmann/json.hpp>

namespace zeekscope {

// Redacts a report document (schema zeekscope-report/1) in place. A report already redacted is
// left as it is.
void redact_report(nlohmann::ordered_json& report);

}  // namespace zeekscope
