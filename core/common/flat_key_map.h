#pragma once
// A map from byte strings to indexes, built for the per-record lookups of the hot path: one
// open-addressing table of (hash, index), keys stored back to back in one arena, so a lookup is
// a hash, a probe and one memcmp, with no allocation and no pointer chasing.
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "common/text.h"

namespace zeekscope {

// 64-bit hash of a short byte string (a few words at a time, then a final mix).
inline uint64_t hash_bytes(std::string_view s) {
  uint64_t h = 0x9E3779B97F4A7C15ULL ^ (s.size() * 0xC2B2AE3D27D4EB4FULL);
  const char* p = s.data();
  size_t n = s.size();
  while (n >= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    h = (h ^ (w * 0x87C37B91114253D5ULL)) * 0x4CF5AD432745937FULL;
    h ^= h >> 29;
    p += 8;
    n -= 8;
  }
  uint64_t tail = 0;
  if (n) std::memcpy(&tail, p, n);  // an empty view may have no data pointer at all
  h = (h ^ (tail * 0x87C37B91114253D5ULL)) * 0x4CF5AD432745937FULL;
  h ^= h >> 32;
  h *= 0xD6E8FEB86659FD93ULL;
  return h ^ (h >> 32);
}

class FlatKeyMap {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;

  // The value stored for `key`, or kNone.
  uint32_t find(std::string_view key) const { return find(key, hash_bytes(key)); }
  uint32_t find(std::string_view key, uint64_t h) const {
    if (slots_.empty()) return kNone;
    size_t mask = slots_.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      const Slot& s = slots_[i];
      if (s.value == kNone) return kNone;
      if (s.hash == h && bytes_equal(key_of(s), key)) return s.value;
    }
  }
  // Adds `key` (which must not be present) with `value`.
  void insert(std::string_view key, uint64_t h, uint32_t value) {
    if ((count_ + 1) * 4 > slots_.size() * 3) grow();
    Slot s{h, uint32_t(arena_.size()), uint32_t(key.size()), value};
    arena_.append(key);
    place(s);
    ++count_;
  }
  size_t size() const { return count_; }

 private:
  struct Slot {
    uint64_t hash = 0;
    uint32_t offset = 0, length = 0;
    uint32_t value = kNone;
  };
  std::string_view key_of(const Slot& s) const {
    return std::string_view(arena_).substr(s.offset, s.length);
  }
  void place(const Slot& s) {
    size_t mask = slots_.size() - 1;
    size_t i = s.hash & mask;
    while (slots_[i].value != kNone) i = (i + 1) & mask;
    slots_[i] = s;
  }
  void grow() {
    // The new table is filled before it replaces the old one: a failed allocation leaves the
    // map as it was.
    std::vector<Slot> bigger(slots_.empty() ? 1024 : slots_.size() * 2, Slot{});
    bigger.swap(slots_);
    for (const Slot& s : bigger)
      if (s.value != kNone) place(s);
  }

  std::vector<Slot> slots_;
  std::string arena_;
  size_t count_ = 0;
};

}  // namespace zeekscope
