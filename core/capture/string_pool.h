#pragma once
// Interns the names, IPs and other texts a capture repeats millions of times, so the aggregated
// state holds each distinct string once and compares ids instead of text.
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>

#include "common/flat_key_map.h"

namespace zeekscope {

using StrId = uint32_t;

class StringPool {
 public:
  StringPool() { intern(""); }  // id 0 is the empty string
  StrId intern(std::string_view s) {
    uint64_t h = hash_bytes(s);
    uint32_t found = ids_.find(s, h);
    if (found != FlatKeyMap::kNone) return found;
    store_.emplace_back(s);
    StrId id = StrId(store_.size() - 1);
    ids_.insert(s, h, id);
    return id;
  }
  std::string_view view(StrId id) const { return store_[id]; }
  std::optional<StrId> find(std::string_view s) const {
    uint32_t found = ids_.find(s);
    if (found == FlatKeyMap::kNone) return std::nullopt;
    return found;
  }
  size_t size() const { return store_.size(); }

 private:
  std::deque<std::string> store_;  // stable addresses: views stay valid as the pool grows
  FlatKeyMap ids_;
};

}  // namespace zeekscope
