#include "report/host_risk.h"

#include "rules/rule_table.h"

namespace zeekscope {
namespace {

// One High outweighs any number of Moderate alerts a host can have (a rule counts once per host,
// and there are fewer than a hundred Moderate rules), and one Moderate outweighs the Low ones
// (fewer than ten rules can be Low on one host).
uint64_t weight(Level level) {
  switch (level) {
    case Level::kHigh:
      return 1000;
    case Level::kModerate:
      return 10;
    case Level::kLow:
      return 1;
  }
  return 0;
}

}  // namespace

HostRisk host_risk(std::span<const Alert* const> alerts) {
  HostRisk risk;
  bool first_level = true;
  Level current = Level::kHigh;
  const Alert* previous = nullptr;
  for (const Alert* a : alerts) {
    if (a->rule == RuleId::kAdv01) continue;  // a count of the others: neither score nor reason
    // The seed profile keeps one alert per variant: a rule counts once per level.
    if (previous && previous->rule == a->rule && previous->level == a->level) continue;
    previous = a;
    risk.score += weight(a->level);
    if (first_level || a->level != current) {
      if (!first_level) risk.reason += "; ";
      risk.reason += level_name(a->level);
      risk.reason += ": ";
      current = a->level;
      first_level = false;
    } else {
      risk.reason += ", ";
    }
    risk.reason += rule_spec(a->rule).name;
  }
  return risk;
}

}  // namespace zeekscope
