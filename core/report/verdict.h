#pragma once
// The verdict's words: a headline and paragraphs of advice, chosen from the summary's counts
// and the kinds of indicator that matched. Written into the report (summary.headline and
// summary.advice) so that every renderer (text summary, HTML export, page) says the same.
#include <string>
#include <string_view>
#include <vector>

namespace zeekscope {

struct VerdictFacts {
  uint64_t high = 0, moderate = 0, low = 0;
  bool stalkerware_indicator = false, spyware_indicator = false, tracker_indicator = false;
};

std::string_view verdict_name(const VerdictFacts& f);  // high, moderate, low or clean
std::string_view verdict_headline(const VerdictFacts& f);
std::vector<std::string> verdict_advice(const VerdictFacts& f);

}  // namespace zeekscope
