// Echap's generated/network.csv: "type,indicator,app" with type domain or ipv4.
#include "common/text.h"
#include "intel/feeds/feed.h"

namespace zeekscope {

void read_echap_csv(std::string_view bytes, FeedTarget t) {
  auto lines = split(bytes, '\n');
  if (lines.empty() || !trim(lines[0]).starts_with("type,indicator"))
    throw FeedError("not an Echap network.csv: the first line is not \"type,indicator,app\"");
  for (size_t i = 1; i < lines.size(); ++i) {
    std::string_view line = trim(lines[i]);
    if (line.empty()) continue;
    std::string where = "line " + std::to_string(i + 1);
    auto cols = split(line, ',');
    if (cols.size() < 2) {
      t.source.skip(where, "expected type,indicator,app");
      continue;
    }
    auto type = ioc_type_from_name(cols[0]);
    if (!type) {
      t.source.skip(where, "unknown type \"" + std::string(cols[0].substr(0, 40)) + "\"");
      continue;
    }
    std::string_view app = cols.size() > 2 ? trim(cols[2]) : std::string_view();
    std::string error = t.set.add(*type, cols[1], "stalkerware", app, t.source_id, t.source);
    if (!error.empty()) t.source.skip(where, error);
  }
}

}  // namespace zeekscope
