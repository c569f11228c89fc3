#pragma once
// Member access for RapidJSON documents in feed readers. (Comparing RapidJSON 1.1's member
// iterators is ambiguous under C++20 in clang, so lookups go through HasMember.)
#include <rapidjson/document.h>

#include <string_view>

namespace zeekscope {

inline const rapidjson::Value* json_member(const rapidjson::Value& obj, const char* key) {
  if (!obj.IsObject() || !obj.HasMember(key)) return nullptr;
  return &obj[key];
}

inline std::string_view json_string(const rapidjson::Value& obj, const char* key) {
  const rapidjson::Value* v = json_member(obj, key);
  if (!v || !v->IsString()) return {};
  return {v->GetString(), v->GetStringLength()};
}

}  // namespace zeekscope
