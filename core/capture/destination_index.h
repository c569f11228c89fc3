#pragma once
// The conn record's lookup: a destination's key -> its index in Capture::destinations. An
// open-addressing table of 8-byte (hash, index) slots, a few hundred KiB for tens of thousands
// of destinations, so it stays in cache; the key itself is compared in the destination, whose
// first cache lines (key and counters) the record updates next anyway. One trip to memory per
// record, where a table holding the keys took two.
#include <cstdint>
#include <string_view>
#include <vector>

#include "capture/capture.h"
#include "common/text.h"

namespace zeekscope {

class DestinationIndex {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;

  uint32_t find(std::string_view key, uint64_t hash, const std::vector<Destination>& all) const {
    if (slots_.empty()) return kNone;
    uint64_t tag = uint64_t(uint32_t(hash)) << 32;
    size_t mask = slots_.size() - 1;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
      uint64_t s = slots_[i];
      if (s == 0) return kNone;
      if ((s & kTagMask) == tag) {
        uint32_t index = uint32_t(s) - 1;
        if (bytes_equal(all[index].key(), key)) return index;
      }
    }
  }
  // The index in the first slot `hash` looks at when its tag matches (where find() most
  // likely ends), else kNone; a read that brings the slot into cache.
  uint32_t first_candidate(uint64_t hash) const {
    if (slots_.empty()) return kNone;
    uint64_t s = slots_[hash & (slots_.size() - 1)];
    return s != 0 && (s & kTagMask) == uint64_t(uint32_t(hash)) << 32 ? uint32_t(s) - 1 : kNone;
  }
  // Adds a destination whose key (of hash `hash`) is not in the index yet.
  void insert(uint64_t hash, uint32_t index) {
    if ((count_ + 1) * 4 > slots_.size() * 3) grow();
    place((uint64_t(uint32_t(hash)) << 32) | (uint64_t(index) + 1));
    ++count_;
  }

 private:
  static constexpr uint64_t kTagMask = 0xFFFFFFFF00000000ULL;
  // A slot holds the hash's low 32 bits (its position and a tag) and index + 1; 0 is empty.
  void place(uint64_t slot) {
    size_t mask = slots_.size() - 1;
    size_t i = size_t(slot >> 32) & mask;
    while (slots_[i] != 0) i = (i + 1) & mask;
    slots_[i] = slot;
  }
  void grow() {
    std::vector<uint64_t> bigger(slots_.empty() ? 1024 : slots_.size() * 2, 0);
    bigger.swap(slots_);
    for (uint64_t s : bigger)
      if (s != 0) place(s);
  }

  std::vector<uint64_t> slots_;
  size_t count_ = 0;
};

}  // namespace zeekscope
