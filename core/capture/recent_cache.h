#pragma once
// A fixed-size cache from recently seen keys (exact bytes) to values: logs repeat the same
// sessions and answers in bursts, so most records hit, and memory stays bounded whatever the
// capture holds. A miss only costs the slow path; results never depend on it. Two-way set
// associative with the least recently used key of a set replaced: with one way, two busy keys
// that shared a slot evicted each other (14% of the benchmark's ssl records missed; 42k sessions
// in 64k slots).
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/flat_key_map.h"

namespace zeekscope {

template <typename Value>
class RecentCache {
 public:
  // At most 2^max_slots_log2 slots (at least one set of two).
  explicit RecentCache(size_t max_slots_log2 = 16)
      : max_slots_(size_t(1) << std::max<size_t>(max_slots_log2, 1)) {}

  // The value stored for `key`, or nullptr.
  Value* find(std::string_view key, uint64_t hash) {
    if (slots_.empty()) return nullptr;
    Slot* set = set_of(hash);
    if (holds(set[0], key, hash)) return &set[0].value;
    if (!holds(set[1], key, hash)) return nullptr;
    std::swap(set[0], set[1]);  // the most recently used key is kept first
    return &set[0].value;
  }
  // Stores `key` (replacing the least recently used key of its set) and returns its value, reset.
  Value& put(std::string_view key, uint64_t hash) {
    // It starts small and doubles, keeping what it holds, while misses keep coming (as many as
    // it has slots since the last doubling), so a short log costs little and a long one gets
    // the full size.
    if (slots_.empty()) {
      slots_.assign(std::min<size_t>(256, max_slots_), Slot{});
    } else if (++puts_ > slots_.size() && slots_.size() < max_slots_) {
      grow();
    }
    Slot& s = take_slot(hash);
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
  // The slot of `hash`'s set to fill: the set's least recently used one, moved first.
  Slot& take_slot(uint64_t hash) {
    Slot* set = set_of(hash);
    std::swap(set[0], set[1]);
    return set[0];
  }
  void grow() {
    std::vector<Slot> old(slots_.size() * 2);
    old.swap(slots_);
    puts_ = 0;
    // Each old set's less recent key first, so that the more recent one stays first.
    for (size_t i = 0; i < old.size(); i += 2)
      for (Slot* s : {&old[i + 1], &old[i]})
        if (s->used) take_slot(s->hash) = std::move(*s);
  }
  static bool holds(const Slot& s, std::string_view key, uint64_t hash) {
    return s.used && s.hash == hash && bytes_equal(s.key, key);
  }
  Slot* set_of(uint64_t hash) { return &slots_[hash & (slots_.size() - 1) & ~size_t(1)]; }

  size_t max_slots_;
  size_t puts_ = 0;
  std::vector<Slot> slots_;
};

}  // namespace zeekscope
