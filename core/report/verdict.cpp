#include "report/verdict.h"

#include "rules/advice.h"

namespace zeekscope {
namespace {

// A verdict's headline, and what it means said to someone helping the phone's owner (the case
// file).
struct VerdictWords {
  std::string_view name, headline, meaning;
};

// clang-format off
const VerdictWords kVerdicts[] = {
  {"high", "Something in this capture matches a known threat or strongly suspicious behaviour.",
   "At least one destination is on a list of known stalkerware, spyware or tracker servers, or "
   "the traffic behaved strongly like spying software. Treat the phone as possibly watched, and "
   "read the findings below before anything on the phone is changed or removed."},
  {"moderate", "Some traffic deserves a closer look.",
   "Nothing matched a known threat list, but some traffic behaved the way spying software often "
   "does (for example regular check-ins, or much more sent than received). These are leads to "
   "check, not proof."},
  {"low", "Only weak signs were found.",
   "Only weak signs were found, of the kind ordinary phones show too. On their own they are not "
   "evidence of spying."},
  {"clean", "No sign of known stalkerware, spyware or trackers in these logs.",
   "The traffic was checked against the indicator lists below and by the behaviour checks, and "
   "nothing was found. That means nothing known was found in this capture, not that the phone is "
   "proven clean: see what the check could not see."},
  {"unchecked", "Not checked against any indicator list: this is not a clean result.",
   "No indicator list was used, so known stalkerware, spyware and tracker servers were not looked "
   "for; only the behaviour checks ran. Check again with the public indicator lists."},
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

std::string_view verdict_meaning(std::string_view name) {
  for (const auto& v : kVerdicts)
    if (v.name == name) return v.meaning;
  return kVerdicts[4].meaning;  // an unknown verdict is never read as clean
}

std::span<const std::string_view> verdict_blind_spots() { return kCannotSee; }

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
