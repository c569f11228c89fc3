#pragma once
// A fixed-size, direct-mapped cache from recently seen keys (exact bytes) to values: logs repeat
// the same sessions and answers in bursts, so most records hit, and memory stays bounded
// whatever the capture holds. A miss only costs the slow path; results never depend on it.
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/flat_key_map.h"

namespace zeekscope {

template <typename Value>
class RecentCache {
 public:
  explicit RecentCache(size_t max_slots_log2 = 16) : max_slots_(size_t(1) << max_slots_log2) {}

  // The value stored for `key`, or nullptr.
  Value* find(std::string_view key, uint64_t hash) {
    if (slots_.empty()) return nullptr;
    Slot& s = slot(hash);
    return s.used && s.hash == hash && bytes_equal(s.key, key) ? &s.value : nullptr;
  }
  // Stores `key` (replacing whatever shared its slot) and returns its value, reset.
  Value& put(std::string_view key, uint64_t hash) {
    // It starts small and doubles (forgetting what it held) while misses keep coming, so a
    // short log costs little and a long one gets the full size.
    if (slots_.empty() || (++puts_ > 2 * slots_.size() && slots_.size() < max_slots_)) {
      slots_.assign(slots_.empty() ? std::min<size_t>(256, max_slots_) : slots_.size() * 2, Slot{});
      puts_ = 0;
    }
    Slot& s = slot(hash);
    s.used = true;
    s.hash = hash;
    s.key.assign(key);
    s.value = Value{};
    return s.value;
  }

 private:
  struct Slot {
    bool used = false;
    uint64_t hash = 0;
    std::string key;
    Value value;
  };
  Slot& slot(uint64_t hash) { return slots_[hash & (slots_.size() - 1)]; }

  size_t max_slots_;
  size_t puts_ = 0;
  std::vector<Slot> slots_;
};

}  // namespace zeekscope
