#include "common/text.h"
#include "intel/feeds/feed.h"

namespace zeekscope {

void read_text_list(std::string_view bytes, IocType type, std::string_view tag, FeedTarget t) {
  if (bytes.find('\0') != std::string_view::npos)
    throw FeedError("not a text list: the file contains NUL bytes");
  size_t number = 0;
  for (auto raw : split(bytes, '\n')) {
    ++number;
    std::string_view line = raw;
    if (auto hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    line = trim(line);
    if (line.empty()) continue;
    // hosts-file style "0.0.0.0 name": the name is the indicator.
    if (auto space = line.find_first_of(" \t"); space != std::string_view::npos) {
      std::string_view first = line.substr(0, space);
      if (type != IocType::kIp4 && type != IocType::kIp6 && type != IocType::kCidr &&
          (first == "0.0.0.0" || first == "127.0.0.1" || first == "::" || first == "::1"))
        line = trim(line.substr(space));
    }
    std::string error = t.set.add(type, line, tag, "", t.source_id, t.source);
    if (!error.empty()) t.source.skip("line " + std::to_string(number), error);
  }
}

IndicatorSet read_builtin_list(std::string_view bytes, std::string source_name,
                               std::string_view tag) {
  IndicatorSet set;
  IndicatorSource source;
  source.name = std::move(source_name);
  read_text_list(bytes, IocType::kDomain, tag, {set, source, 0});
  return set;
}

}  // namespace zeekscope
