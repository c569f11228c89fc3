#include "report/verdict.h"

#include "rules/advice.h"

namespace zeekscope {
namespace {

struct VerdictWords {
  std::string_view name, headline;
};

// clang-format off
const VerdictWords kVerdicts[] = {
  {"high", "Something in this capture matches a known threat or strongly suspicious behaviour."},
  {"moderate", "Some traffic deserves a closer look."},
  {"low", "Only weak signs were found."},
  {"clean", "No sign of known stalkerware, spyware or trackers in these logs."},
  {"unchecked", "Not checked against any indicator list: this is not a clean result."},
};
// clang-format on

const std::string_view kCleanDetail =
    "Nothing matched the loaded indicators, and no traffic looked suspicious to the checks.";

// What no verdict of this check can rule out, said with every clean verdict.
const std::string_view kCannotSee[] = {
    "What this check cannot see: it sees only the traffic in these files. A phone that was "
    "silent, switched to mobile data, or captured for a short time may hide things.",
    "It cannot read encrypted content; it judges destinations, names and certificates.",
    "Indicator lists find only what they list: update them, and treat \"nothing found\" as "
    "\"nothing known found\".",
};

// Said whenever no indicator list was used, with how to get one.
const std::string_view kNoIndicatorList =
    "No indicator list was used, so known stalkerware, spyware and tracker servers were not looked "
    "for: only the behaviour checks ran. Get the public indicator lists (on the page: \"Get the "
    "public indicator lists\"; on the command line: zeekscope fetch-feeds, then --feeds DIR) and "
    "check again.";

const VerdictWords& words(const VerdictFacts& f) {
  return kVerdicts[f.high ? 0 : f.moderate ? 1 : f.low ? 2 : f.indicators_checked ? 3 : 4];
}

}  // namespace

std::string_view verdict_name(const VerdictFacts& f) { return words(f).name; }

std::string_view verdict_headline(const VerdictFacts& f) { return words(f).headline; }

std::vector<std::string> verdict_advice(const VerdictFacts& f) {
  std::vector<std::string> out;
  if (!f.high && !f.moderate && !f.low) {
    out.emplace_back(f.indicators_checked ? kCleanDetail : kNoIndicatorList);
    for (auto p : kCannotSee) out.emplace_back(p);
    return out;
  }
  out.push_back(std::to_string(f.high) + " high, " + std::to_string(f.moderate) + " moderate and " +
                std::to_string(f.low) + " low alerts.");
  if (f.stalkerware_indicator)
    out.push_back(
        "A known stalkerware indicator matched: someone may be able to see this phone's "
        "messages, location or calls. " +
        std::string(kSafetyAdvice));
  else if (f.spyware_indicator)
    out.emplace_back(
        "A known spyware indicator matched. Get help from a digital security specialist before "
        "you change anything on the phone.");
  if (f.tracker_indicator)
    out.emplace_back(
        "A known tracker matched: an app on the phone reports data to a tracking service. "
        "Check which apps you did not install, or do not use.");
  if (!f.indicators_checked) out.emplace_back(kNoIndicatorList);
  return out;
}

}  // namespace zeekscope
