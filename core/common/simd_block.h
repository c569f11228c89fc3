#pragma once
// The one place that knows the machine's vectors. A backend compares 16 bytes at a time:
// SSE2 natively on x86-64, SIMD128 in WebAssembly (Emscripten's memchr is scalar), and 64-bit
// words anywhere else (and in the tests, as the reference every other backend is checked
// against). On top of it, written once for every backend: blocks of 16 or 64 bytes and scan(),
// which walks a range block by block, the last block included. The scanning algorithms
// (byte_scan.h) are written once over these, as simdjson writes its scanner once over simd8.
//
// A backend B has two types:
//   B::Bytes  16 bytes read from memory (load(p)) or made of two words (from_words(lo, hi),
//             the bytes of lo first), and a lane (a yes or no) per byte for
//             eq(c) (the byte is c), below(n) (the byte is below n, unsigned, n <= 0x80) and
//             high() (the byte is 0x80 or above);
//   B::Lanes  the answer per byte: a | b, mask() (bit i for lane i), any().
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "common/text.h"

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#elif defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace zeekscope::simd {

// Two 64-bit words whose bytes are compared with the "has a zero byte" word tricks, in their
// exact form (no carry crosses a byte): a lane is the top bit of its byte.
struct Scalar {
  static_assert(std::endian::native == std::endian::little);
  static constexpr uint64_t k01 = 0x0101010101010101ULL, k7F = k01 * 0x7F, k80 = k01 * 0x80;

  struct Lanes {
    uint64_t lo, hi;  // 0x80 in the bytes that answer yes, 0 elsewhere
    Lanes operator|(Lanes o) const { return {lo | o.lo, hi | o.hi}; }
    // The top bits of the eight bytes, gathered into the top byte by one multiplication
    // (each lands on its own bit, with no carries) and shifted down.
    static uint32_t gather(uint64_t w) {
      return uint32_t(((w >> 7) * 0x0102040810204080ULL) >> 56);
    }
    uint32_t mask() const { return gather(lo) | gather(hi) << 8; }
    bool any() const { return (lo | hi) != 0; }
  };

  struct Bytes {
    uint64_t lo, hi;
    static Bytes load(const char* p) { return {load_word(p), load_word(p + 8)}; }
    static Bytes from_words(uint64_t lo, uint64_t hi) { return {lo, hi}; }
    static uint64_t zero(uint64_t w) { return ~(((w & k7F) + k7F) | w) & k80; }
    static uint64_t below(uint64_t w, unsigned char n) {
      return ~(((w & k7F) + k01 * uint64_t(0x80 - n)) | w) & k80;
    }
    Lanes eq(char c) const {
      uint64_t s = k01 * static_cast<unsigned char>(c);
      return {zero(lo ^ s), zero(hi ^ s)};
    }
    Lanes below(unsigned char n) const { return {below(lo, n), below(hi, n)}; }
    Lanes high() const { return {lo & k80, hi & k80}; }
  };
};

#if defined(__wasm_simd128__)
// WebAssembly SIMD128: a lane is a byte of all ones or all zeros.
struct Wasm128 {
  struct Lanes {
    v128_t v;
    Lanes operator|(Lanes o) const { return {wasm_v128_or(v, o.v)}; }
    uint32_t mask() const { return wasm_i8x16_bitmask(v); }
    bool any() const { return wasm_v128_any_true(v); }
  };
  struct Bytes {
    v128_t v;
    static Bytes load(const char* p) { return {wasm_v128_load(p)}; }
    static Bytes from_words(uint64_t lo, uint64_t hi) { return {wasm_i64x2_make(lo, hi)}; }
    Lanes eq(char c) const { return {wasm_i8x16_eq(v, wasm_i8x16_splat(c))}; }
    Lanes below(unsigned char n) const { return {wasm_u8x16_lt(v, wasm_u8x16_splat(n))}; }
    Lanes high() const { return {wasm_i8x16_lt(v, wasm_i8x16_splat(0))}; }
  };
};
using Native = Wasm128;
#elif defined(__SSE2__)
// SSE2: a lane is the top bit of its byte (what movemask reads).
struct Sse2 {
  struct Lanes {
    __m128i v;
    Lanes operator|(Lanes o) const { return {_mm_or_si128(v, o.v)}; }
    uint32_t mask() const { return uint32_t(_mm_movemask_epi8(v)); }
    bool any() const { return _mm_movemask_epi8(v) != 0; }
  };
  struct Bytes {
    __m128i v;
    static Bytes load(const char* p) {
      return {_mm_loadu_si128(reinterpret_cast<const __m128i*>(p))};
    }
    static Bytes from_words(uint64_t lo, uint64_t hi) {
      return {_mm_set_epi64x(int64_t(hi), int64_t(lo))};
    }
    Lanes eq(char c) const { return {_mm_cmpeq_epi8(v, _mm_set1_epi8(c))}; }
    // v < n exactly when max(v, n - 1) == n - 1 (unsigned); nothing is below 0.
    Lanes below(unsigned char n) const {
      if (n == 0) return {_mm_setzero_si128()};
      __m128i top = _mm_set1_epi8(char(n - 1));
      return {_mm_cmpeq_epi8(_mm_max_epu8(v, top), top)};
    }
    Lanes high() const { return {v}; }
  };
};
using Native = Sse2;
#else
using Native = Scalar;
#endif

// 16 bytes: one of the backend's vectors.
template <class B>
struct Block16 {
  using Mask = uint32_t;
  using Lanes = typename B::Lanes;
  static constexpr size_t kSize = 16;
  typename B::Bytes bytes;
  static Block16 load(const char* p) { return {B::Bytes::load(p)}; }
  // The n (< 16) bytes at p, zeros after them: words that may overlap, put together in
  // registers (report texts are mostly shorter than a block).
  static Block16 load_short(const char* p, size_t n) {
    uint64_t lo = 0, hi = 0;
    if (n >= 8) {
      lo = load_word(p);
      if (n > 8) hi = load_word(p + n - 8) >> (8 * (16 - n));
    } else if (n >= 4) {
      lo = uint64_t(load_word<uint32_t>(p)) | uint64_t(load_word<uint32_t>(p + n - 4))
                                                  << (8 * (n - 4));
    } else if (n > 0) {
      auto byte = [&](size_t i) { return uint64_t(static_cast<unsigned char>(p[i])) << (8 * i); };
      lo = byte(0) | byte(n / 2) | byte(n - 1);
    }
    return {B::Bytes::from_words(lo, hi)};
  }
  Lanes eq(char c) const { return bytes.eq(c); }
  Lanes below(unsigned char n) const { return bytes.below(n); }
  Lanes high() const { return bytes.high(); }
};

// 64 bytes: four of them, with masks of 64 bits.
template <class B>
struct Block64 {
  using Mask = uint64_t;
  struct Lanes {
    typename B::Lanes part[4];
    Lanes operator|(const Lanes& o) const {
      return {{part[0] | o.part[0], part[1] | o.part[1], part[2] | o.part[2], part[3] | o.part[3]}};
    }
    Mask mask() const {
      return Mask(part[0].mask()) | Mask(part[1].mask()) << 16 | Mask(part[2].mask()) << 32 |
             Mask(part[3].mask()) << 48;
    }
    bool any() const { return (part[0] | part[1] | part[2] | part[3]).any(); }
  };
  static constexpr size_t kSize = 64;
  typename B::Bytes part[4];
  static Block64 load(const char* p) {
    return {{B::Bytes::load(p), B::Bytes::load(p + 16), B::Bytes::load(p + 32),
             B::Bytes::load(p + 48)}};
  }
  // The n (< 64) bytes at p, zeros after them: a copy, out of line (it ends a long range at
  // most, and the scanning loops stay free of its buffer).
  [[gnu::noinline]] static Block64 load_short(const char* p, size_t n) {
    char copy[kSize] = {};
    std::memcpy(copy, p, n < kSize ? n : kSize);
    return load(copy);
  }
  template <class F>
  Lanes each(F&& f) const {
    return {{f(part[0]), f(part[1]), f(part[2]), f(part[3])}};
  }
  Lanes eq(char c) const {
    return each([c](const auto& b) { return b.eq(c); });
  }
  Lanes below(unsigned char n) const {
    return each([n](const auto& b) { return b.below(n); });
  }
  Lanes high() const {
    return each([](const auto& b) { return b.high(); });
  }
};

// A block of a scan, whose bytes [base, base + size) belong to the range: a whole block
// (size == kSize), whose masks are the block's own...
template <class Block>
struct WholeBlock {
  using Mask = typename Block::Mask;
  Block bytes;
  const char* base;
  static constexpr size_t size = Block::kSize;
  Mask mask(const typename Block::Lanes& lanes) const { return lanes.mask(); }
  bool any(const typename Block::Lanes& lanes) const { return lanes.any(); }
};

// ... or the range's last, shorter one: bit i of its masks is the byte base[i], and there are
// no bits past `size`.
template <class Block>
struct LastBlock {
  using Mask = typename Block::Mask;
  Block bytes;  // lane skip + i is the byte base[i]
  const char* base;
  size_t size;
  unsigned skip;
  Mask mask(const typename Block::Lanes& lanes) const {
    return Mask(lanes.mask() >> skip) & Mask((uint64_t(1) << size) - 1);
  }
  bool any(const typename Block::Lanes& lanes) const { return mask(lanes) != 0; }
};

// Hands f each block of [p, end), in order, as a WholeBlock or (the last, when shorter) a
// LastBlock; f(block) returns false to stop. Nothing outside [floor, end) is read: the last
// block is the kSize bytes that end at `end` when those are in it (floor <= p), else its bytes
// followed by zeros (Block::load_short). Returns false when f stopped it.
template <class Block, class F>
inline bool scan(const char* floor, const char* p, const char* end, F&& f) {
  constexpr size_t kSize = Block::kSize;
  for (; size_t(end - p) >= kSize; p += kSize)
    if (!f(WholeBlock<Block>{Block::load(p), p})) return false;
  if (p == end) return true;
  size_t n = size_t(end - p);
  if (size_t(end - floor) >= kSize)
    return f(LastBlock<Block>{Block::load(end - kSize), p, n, unsigned(kSize - n)});
  return f(LastBlock<Block>{Block::load_short(p, n), p, n, 0});
}

}  // namespace zeekscope::simd
