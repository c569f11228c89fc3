#pragma once
// What the report says about how the inputs were read, when it changes what the alerts mean:
// packet captures and Zeek logs read together, a capture with no DNS (names hidden), a capture
// without a link layer (a phone capture app's made-up headers).
#include <string>
#include <vector>

#include "log/input_stats.h"

namespace zeekscope {

std::vector<std::string> input_notes(const std::vector<InputStats>& inputs);

}  // namespace zeekscope
