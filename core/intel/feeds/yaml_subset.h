#pragma once
// A reader for the block-style YAML subset that indicator feeds use (Echap's ioc.yaml, MVT's
// indicators.yaml): nested mappings and sequences by indentation, "- " items at the parent's
// indentation, plain and quoted scalars, comments. No anchors, tags or multi-line scalars.
#include <nlohmann/json.hpp>
#include <string_view>

namespace zeekscope {

// Throws FeedError naming the line on input outside the subset.
nlohmann::json parse_yaml_subset(std::string_view text);

}  // namespace zeekscope
