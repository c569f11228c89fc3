#pragma once
// The verdict's words: a headline and paragraphs of advice, chosen from the summary's counts
// and the kinds of indicator that matched. Written into the report (summary.headline and
// summary.advice) so that every renderer (text summary, HTML export, page) says the same.
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace zeekscope {

struct VerdictFacts {
  uint64_t high = 0, moderate = 0, low = 0;
  bool stalkerware_indicator = false, spyware_indicator = false, tracker_indicator = false;
  // A real indicator list was used; without one, nothing found is "unchecked", never "clean".
  bool indicators_checked = true;
};

// high, moderate, low, clean, or unchecked (no alert, and no indicator list was used)
std::string_view verdict_name(const VerdictFacts& f);
std::string_view verdict_headline(const VerdictFacts& f);
std::vector<std::string> verdict_advice(const VerdictFacts& f);
// What a verdict (by its name) means, said to someone helping the phone's owner.
std::string_view verdict_meaning(std::string_view name);
// What no verdict of this check can rule out.
std::span<const std::string_view> verdict_blind_spots();

}  // namespace zeekscope
