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

// 64-bit hash of a short byte string: two words at a time in two independent multiply chains
// (an ssl session's key is a few hundred bytes), the last 1 to 7 bytes read in pieces that stay
// inside the text (a variable-length memcpy is a call into musl's byte loop in wasm), then a
// final mix. Hashes are never stored or ordered by: they only place keys in tables.
inline uint64_t hash_bytes(std::string_view s) {
  constexpr uint64_t kMul1 = 0x87C37B91114253D5ULL, kMul2 = 0x4CF5AD432745937FULL;
  uint64_t a = 0x9E3779B97F4A7C15ULL ^ (s.size() * 0xC2B2AE3D27D4EB4FULL);
  uint64_t b = 0x165667B19E3779F9ULL;
  const char* p = s.data();
  size_t n = s.size();
  for (; n >= 16; p += 16, n -= 16) {
    a = (a ^ (load_word(p) * kMul1)) * kMul2;
    b = (b ^ (load_word(p + 8) * kMul1)) * kMul2;
    a ^= a >> 29;
    b ^= b >> 29;
  }
  if (n >= 8) {
    a = (a ^ (load_word(p) * kMul1)) * kMul2;
    a ^= a >> 29;
    p += 8;
    n -= 8;
  }
  uint64_t tail = 0;
  if (n >= 4) {  // two 4-byte pieces that may overlap
    tail = load_word<uint32_t>(p) | (uint64_t(load_word<uint32_t>(p + n - 4)) << 32);
  } else if (n > 0) {  // first, middle and last byte
    tail = uint64_t(uint8_t(p[0])) | uint64_t(uint8_t(p[n / 2])) << 8 |
           uint64_t(uint8_t(p[n - 1])) << 16;
  }
  uint64_t h = (a ^ (tail * kMul1)) * kMul2;
  h ^= (b * 0xD6E8FEB86659FD93ULL) ^ (h >> 32);
  h *= 0xD6E8FEB86659FD93ULL;
  return h ^ (h >> 32);
}

// hash_bytes() for the standard containers, with std::string keys looked up by string_view
// (no key built per lookup).
struct TextHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const noexcept { return size_t(hash_bytes(s)); }
};

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
