#pragma once
// Indicator feed formats (RULES.md section 7). Each reader adds what it can to an IndicatorSet,
// skips and counts bad items with where they were, and throws FeedError when the bytes are not
// the format at all.
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "intel/indicator.h"
#include "intel/indicator_set.h"

namespace zeekscope {

class FeedError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class FeedFormat {
  kTinyCheckJson,
  kTinyCheckWhitelistJson,
  kEchapCsv,
  kEchapYaml,
  kStix2,
  kText
};
std::string_view feed_format_name(FeedFormat f);
std::optional<FeedFormat> feed_format_from_name(std::string_view name);
// Recognises a feed by its content; nullopt for a plain list (whose type the caller gives).
std::optional<FeedFormat> detect_feed_format(std::string_view bytes);

struct FeedTarget {
  IndicatorSet& set;
  IndicatorSource& source;
  uint32_t source_id;
};

void read_tinycheck_json(std::string_view bytes, FeedTarget target);
void read_echap_csv(std::string_view bytes, FeedTarget target);
void read_echap_yaml(std::string_view bytes, FeedTarget target);
void read_stix2(std::string_view bytes, FeedTarget target);
// One value per line, '#' comments; also reads hosts-file lines ("0.0.0.0 name").
void read_text_list(std::string_view bytes, IocType type, std::string_view tag, FeedTarget target);
// A built-in list of domains (iocs/builtin/, compiled in) as a set of its own; a line that parses
// as an address is stored as one (IndicatorSet::add).
IndicatorSet read_builtin_list(std::string_view bytes, std::string source_name,
                               std::string_view tag);

}  // namespace zeekscope
