// STIX 2.1 bundles (Amnesty, MVT, Echap): indicators whose pattern compares domain names, IP
// addresses or X.509 certificate hashes, OR-ed together; the malware an indicator `indicates`
// names its app. Other pattern kinds (files, processes, e-mail) are counted as skipped.
#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <unordered_map>

#include "common/text.h"
#include "intel/feeds/feed.h"
#include "intel/feeds/json_access.h"

namespace zeekscope {
namespace {

struct Comparison {
  std::string path;
  std::string value;
};

// Parses "[a:b = 'v' OR c:d = 'w']" (also "[..] OR [..]"). Returns false on AND, other
// operators, or a syntax it does not know.
bool parse_pattern(std::string_view p, std::vector<Comparison>& out, std::string& error) {
  size_t i = 0;
  auto skip = [&] {
    while (i < p.size() && (p[i] == ' ' || p[i] == '[' || p[i] == ']' || p[i] == '(' ||
                            p[i] == ')' || p[i] == '\t' || p[i] == '\n'))
      ++i;
  };
  while (true) {
    skip();
    if (i >= p.size()) break;
    size_t start = i;
    while (i < p.size() && p[i] != ' ' && p[i] != '=' && p[i] != '!') {
      if (p[i] == '\'') {  // quoted part of a path: hashes.'SHA-1'
        size_t close = p.find('\'', i + 1);
        if (close == std::string_view::npos) break;
        i = close;
      }
      ++i;
    }
    std::string path(p.substr(start, i - start));
    while (i < p.size() && p[i] == ' ') ++i;
    if (i >= p.size() || p[i] != '=') {
      error = "unsupported operator in pattern";
      return false;
    }
    ++i;
    while (i < p.size() && p[i] == ' ') ++i;
    if (i >= p.size() || p[i] != '\'') {
      error = "expected a quoted value in pattern";
      return false;
    }
    std::string value;
    ++i;
    while (i < p.size() && p[i] != '\'') {
      if (p[i] == '\\' && i + 1 < p.size()) ++i;
      value.push_back(p[i++]);
    }
    if (i >= p.size()) {
      error = "unterminated value in pattern";
      return false;
    }
    ++i;
    out.push_back({std::move(path), std::move(value)});
    skip();
    if (i >= p.size()) break;
    if (p.substr(i, 2) == "OR") {
      i += 2;
      continue;
    }
    error = p.substr(i, 3) == "AND" ? "AND patterns are not single indicators"
                                    : "unsupported pattern syntax";
    return false;
  }
  if (out.empty()) error = "empty pattern";
  return !out.empty();
}

std::optional<IocType> type_for_path(std::string path, std::string_view value) {
  std::string p = to_lower(path);
  std::erase(p, '\'');
  std::erase(p, '-');
  bool has_slash = value.find('/') != std::string_view::npos;
  if (p == "domainname:value") return IocType::kDomain;
  if (p == "ipv4addr:value") return has_slash ? IocType::kCidr : IocType::kIp4;
  if (p == "ipv6addr:value") return has_slash ? IocType::kCidr : IocType::kIp6;
  if (p == "x509certificate:hashes.sha1") return IocType::kSha1Cert;
  if (p == "x509certificate:hashes.sha256") return IocType::kSha256Cert;
  return std::nullopt;
}

}  // namespace

void read_stix2(std::string_view bytes, FeedTarget t) {
  rapidjson::Document doc;
  doc.Parse(bytes.data(), bytes.size());
  if (doc.HasParseError())
    throw FeedError(std::string("invalid JSON at byte ") + std::to_string(doc.GetErrorOffset()) +
                    ": " + rapidjson::GetParseError_En(doc.GetParseError()));
  if (!doc.IsObject() || !doc.HasMember("objects") || !doc["objects"].IsArray())
    throw FeedError("not a STIX 2 bundle: no \"objects\" array");
  const auto& objects = doc["objects"];
  std::unordered_map<std::string, std::pair<std::string, std::string>> malware;  // id -> name, tag
  std::unordered_map<std::string, std::string> indicates;  // indicator id -> malware id
  for (const auto& o : objects.GetArray()) {
    if (!o.IsObject()) continue;
    std::string_view type = json_string(o, "type");
    if (type == "malware" || type == "tool") {
      std::string tag = "spyware";
      const rapidjson::Value* mt = json_member(o, "malware_types");
      if (mt && mt->IsArray())
        for (const auto& v : mt->GetArray())
          if (v.IsString() && (std::string_view(v.GetString()) == "stalkerware" ||
                               std::string_view(v.GetString()) == "spyware"))
            tag = v.GetString();
      malware[std::string(json_string(o, "id"))] = {std::string(json_string(o, "name")), tag};
    } else if (type == "relationship" && json_string(o, "relationship_type") == "indicates") {
      indicates[std::string(json_string(o, "source_ref"))] =
          std::string(json_string(o, "target_ref"));
    }
  }
  for (const auto& o : objects.GetArray()) {
    if (!o.IsObject() || json_string(o, "type") != "indicator") continue;
    std::string id(json_string(o, "id"));
    std::string where = "object " + id;
    std::string_view pattern_type = json_string(o, "pattern_type");
    if (!pattern_type.empty() && pattern_type != "stix") {
      t.source.skip(where, "pattern type " + std::string(pattern_type) + " is not STIX");
      continue;
    }
    std::vector<Comparison> comparisons;
    std::string error;
    if (!parse_pattern(json_string(o, "pattern"), comparisons, error)) {
      t.source.skip(where, error);
      continue;
    }
    std::string app, tag = "spyware";
    if (auto rel = indicates.find(id); rel != indicates.end()) {
      if (auto m = malware.find(rel->second); m != malware.end()) std::tie(app, tag) = m->second;
    }
    if (app.empty()) app = std::string(json_string(o, "name"));
    bool any = false;
    std::string unsupported;
    for (const auto& c : comparisons) {
      auto type = type_for_path(c.path, c.value);
      if (!type) {
        unsupported = c.path;
        continue;
      }
      std::string add_error = t.set.add(*type, c.value, tag, app, t.source_id, t.source);
      if (!add_error.empty())
        t.source.skip(where, add_error);
      else
        any = true;
    }
    if (!any && !unsupported.empty())
      t.source.skip(where, "not a network indicator: " + unsupported.substr(0, 60));
  }
}

}  // namespace zeekscope
