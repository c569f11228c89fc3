// Echap's ioc.yaml and watchware.yaml: a list of apps with name, type (stalkerware, watchware)
// and c2.domains / c2.ips. Package names, app-signing certificates and websites are not
// network indicators of the phone's traffic and are not read.
#include "common/text.h"
#include "intel/feeds/feed.h"
#include "intel/feeds/yaml_subset.h"

namespace zeekscope {

void read_echap_yaml(std::string_view bytes, FeedTarget t) {
  nlohmann::json doc = parse_yaml_subset(bytes);
  if (!doc.is_array()) throw FeedError("not an Echap YAML file: the top level is not a list");
  for (size_t i = 0; i < doc.size(); ++i) {
    const auto& app = doc[i];
    std::string where = "app[" + std::to_string(i) + "]";
    if (!app.is_object() || !app.contains("name") || !app["name"].is_string()) {
      t.source.skip(where, "an app without a name");
      continue;
    }
    std::string name = app["name"].get<std::string>();
    std::string tag = app.contains("type") && app["type"].is_string()
                          ? app["type"].get<std::string>()
                          : "stalkerware";
    if (!app.contains("c2") || !app["c2"].is_object()) continue;
    const auto& c2 = app["c2"];
    for (auto [key, type] : {std::pair{"domains", IocType::kDomain}, {"ips", IocType::kIp4}}) {
      if (!c2.contains(key) || c2[key].is_null()) continue;
      if (!c2[key].is_array()) {
        t.source.skip(where + " (" + name + ")", std::string("c2.") + key + " is not a list");
        continue;
      }
      for (const auto& v : c2[key]) {
        if (!v.is_string()) {
          t.source.skip(where + " (" + name + ")", std::string("c2.") + key + ": not a string");
          continue;
        }
        std::string error = t.set.add(type, v.get<std::string>(), tag, name, t.source_id, t.source);
        if (!error.empty()) t.source.skip(where + " (" + name + ")", error);
      }
    }
  }
}

}  // namespace zeekscope
