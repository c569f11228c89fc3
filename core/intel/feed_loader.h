#pragma once
// Loading indicator and whitelist files: which format a file is read as (given, recognised by
// content, or a plain list), which set it goes into, and the per-source counts the report lists.
// The session only hands bytes over; the formats themselves are in intel/feeds/.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "intel/indicator.h"
#include "intel/indicator_set.h"

namespace zeekscope {

// The format string that recognises a feed by its content and, when it is no known format,
// reads it as a plain list of domains (text:domain): what the CLIs do for a FILE given without
// TYPE, and what the page asks for. Content that looks like JSON is never read as a list.
inline constexpr std::string_view kAutoOrDomains = "auto-or-domains";

// What loading one file gave.
struct FeedLoad {
  // What the bytes were read as, in the form `format` takes: a feed format name (e.g.
  // "tinycheck-json") or "text:<type>" / "text:<type>/<tag>"; "" when they were not read.
  std::string format;
  // "" or the reason the file was not read, naming it; the source is then listed with the
  // reason as its skipped item and the analysis goes on.
  std::string error;
  uint64_t loaded = 0;   // values added (duplicates and refused values not counted)
  uint64_t skipped = 0;  // values or lines left out, with reasons in the source
};

// The loaded indicators and whitelist, and every file (source) read into them, in load order:
// a value's evidence refers to its source by index.
class FeedLoader {
 public:
  // Loads a file. `format`: "" to recognise it by content, kAutoOrDomains, a format name
  // (tinycheck-json, tinycheck-whitelist-json, echap-csv, echap-yaml, stix2), or "text:<type>" /
  // "text:<type>/<tag>" for a plain list (tag: "suspect", or "whitelist" for a whitelist).
  FeedLoad load(std::string_view bytes, std::string_view source_name, std::string_view format,
                SourceRole role, const SourceDetails& details = {});

  // Whether an indicator source other than the demo sets gave at least one indicator: only
  // then has the capture been checked against a real list.
  bool real_indicators() const { return real_indicators_; }

  // At most `n` distinct values in a set (see IndicatorSet::set_limit).
  void set_limit(bool whitelist, size_t n) { (whitelist ? whitelist_ : indicators_).set_limit(n); }

  const IndicatorSet& indicators() const { return indicators_; }
  const IndicatorSet& whitelist() const { return whitelist_; }
  const std::vector<IndicatorSource>& sources() const { return sources_; }
  const std::vector<std::string>& source_names() const { return source_names_; }

 private:
  IndicatorSet indicators_, whitelist_;
  std::vector<IndicatorSource> sources_;
  std::vector<std::string> source_names_;
  bool real_indicators_ = false;
};

}  // namespace zeekscope
