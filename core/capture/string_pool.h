#pragma once
// Interns the names, IPs and other texts a capture repeats millions of times, so the aggregated
// state holds each distinct string once and compares ids instead of text.
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace zeekscope {

using StrId = uint32_t;

class StringPool {
 public:
  StringPool() { intern(""); }  // id 0 is the empty string
  StrId intern(std::string_view s) {
    auto it = ids_.find(s);
    if (it != ids_.end()) return it->second;
    store_.emplace_back(s);
    StrId id = StrId(store_.size() - 1);
    ids_.emplace(store_.back(), id);
    return id;
  }
  std::string_view view(StrId id) const { return store_[id]; }
  std::optional<StrId> find(std::string_view s) const {
    auto it = ids_.find(s);
    if (it == ids_.end()) return std::nullopt;
    return it->second;
  }
  size_t size() const { return store_.size(); }

 private:
  std::deque<std::string> store_;  // stable addresses for the map's keys
  std::unordered_map<std::string_view, StrId> ids_;
};

}  // namespace zeekscope
