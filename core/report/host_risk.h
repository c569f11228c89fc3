#pragma once
// How much a host deserves a look: a score from its alerts and a one-line reason built from
// them. The report orders its hosts by it (highest first), so the real threat leads and the
// platform noise follows.
#include <span>
#include <string>

#include "rules/alert.h"

namespace zeekscope {

struct HostRisk {
  uint64_t score = 0;
  std::string reason;  // "" when the host has no alert
};

// From the host's alerts, in the order of the alerts section (level, then id).
HostRisk host_risk(std::span<const Alert* const> alerts);

}  // namespace zeekscope
