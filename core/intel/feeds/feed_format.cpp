#include "common/text.h"
#include "intel/feeds/feed.h"

namespace zeekscope {

std::string_view feed_format_name(FeedFormat f) {
  switch (f) {
    case FeedFormat::kTinyCheckJson:
      return "tinycheck-json";
    case FeedFormat::kTinyCheckWhitelistJson:
      return "tinycheck-whitelist-json";
    case FeedFormat::kEchapCsv:
      return "echap-csv";
    case FeedFormat::kEchapYaml:
      return "echap-yaml";
    case FeedFormat::kStix2:
      return "stix2";
    case FeedFormat::kText:
      return "text";
  }
  return "unknown";
}

std::optional<FeedFormat> feed_format_from_name(std::string_view name) {
  for (auto f :
       {FeedFormat::kTinyCheckJson, FeedFormat::kTinyCheckWhitelistJson, FeedFormat::kEchapCsv,
        FeedFormat::kEchapYaml, FeedFormat::kStix2, FeedFormat::kText})
    if (feed_format_name(f) == name) return f;
  return std::nullopt;
}

std::optional<FeedFormat> detect_feed_format(std::string_view bytes) {
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
  std::string_view head = trim(bytes.substr(0, 65536));
  if (head.starts_with("{")) {
    // Key order is not fixed: look for the distinguishing keys near the top.
    std::string_view top = head.substr(0, 4096);
    if (top.find("\"iocs\"") != std::string_view::npos) return FeedFormat::kTinyCheckJson;
    if (top.find("\"elements\"") != std::string_view::npos)
      return FeedFormat::kTinyCheckWhitelistJson;
    if (top.find("\"bundle\"") != std::string_view::npos ||
        top.find("\"objects\"") != std::string_view::npos)
      return FeedFormat::kStix2;
    return std::nullopt;
  }
  std::string_view first_line = head.substr(0, head.find('\n'));
  if (trim(first_line) == "type,indicator,app" || first_line.starts_with("type,indicator"))
    return FeedFormat::kEchapCsv;
  // Echap's ioc.yaml / watchware.yaml: a sequence of apps, each "- name: ...".
  for (auto line : split(head.substr(0, 8192), '\n')) {
    std::string_view t = trim(line);
    if (t.empty() || t.starts_with("#") || t == "---") continue;
    if (t.starts_with("- name:")) return FeedFormat::kEchapYaml;
    break;
  }
  return std::nullopt;
}

}  // namespace zeekscope
