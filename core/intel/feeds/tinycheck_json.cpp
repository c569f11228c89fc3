// TinyCheck's feed JSON: {"iocs":[{"type","tag","tlp","value"}], "to_delete":[{"value"}]} and its
// whitelist feed {"elements":[{"type","element"}], "to_delete":[{"element"}]}.
#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include "intel/feeds/feed.h"
#include "intel/feeds/json_access.h"

namespace zeekscope {
void read_tinycheck_json(std::string_view bytes, FeedTarget t) {
  rapidjson::Document doc;
  doc.Parse(bytes.data(), bytes.size());
  if (doc.HasParseError())
    throw FeedError(std::string("invalid JSON at byte ") + std::to_string(doc.GetErrorOffset()) +
                    ": " + rapidjson::GetParseError_En(doc.GetParseError()));
  if (!doc.IsObject()) throw FeedError("not a TinyCheck feed: the top level is not an object");
  bool whitelist = doc.HasMember("elements");
  const char* list_key = whitelist ? "elements" : "iocs";
  const char* value_key = whitelist ? "element" : "value";
  if (!doc.HasMember(list_key) || !doc[list_key].IsArray())
    throw FeedError(std::string("not a TinyCheck feed: no \"") + list_key + "\" array");
  const auto& list = doc[list_key];
  for (rapidjson::SizeType i = 0; i < list.Size(); ++i) {
    std::string where = std::string(list_key) + "[" + std::to_string(i) + "]";
    const auto& item = list[i];
    if (!item.IsObject()) {
      t.source.skip(where, "not an object");
      continue;
    }
    std::string_view type_name = json_string(item, "type");
    std::string_view value = json_string(item, value_key);
    if (type_name == "snort") {
      t.source.skip(where, "snort rules are not network indicators");
      continue;
    }
    auto type = ioc_type_from_name(type_name);
    if (!type) {
      t.source.skip(where, "unknown type \"" + std::string(type_name.substr(0, 40)) + "\"");
      continue;
    }
    if (value.empty()) {
      t.source.skip(where, std::string("no \"") + value_key + "\"");
      continue;
    }
    std::string_view tag = whitelist ? std::string_view("whitelist") : json_string(item, "tag");
    std::string error =
        t.set.add(*type, value, tag.empty() ? "suspect" : tag, "", t.source_id, t.source);
    if (!error.empty()) t.source.skip(where, error);
  }
  const rapidjson::Value* del = json_member(doc, "to_delete");
  if (del && del->IsArray()) {
    for (const auto& item : del->GetArray()) {
      std::string_view v = item.IsObject() ? json_string(item, value_key) : std::string_view();
      if (v.empty() && item.IsObject()) v = json_string(item, whitelist ? "value" : "element");
      if (!v.empty() && t.set.remove(v)) ++t.source.deleted;
    }
  }
}

}  // namespace zeekscope
