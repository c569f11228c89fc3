#pragma once
// Finding separators and special bytes 16 at a time: SSE2 natively, SIMD128 in WebAssembly
// (Emscripten's memchr is scalar), plain loops elsewhere. The log readers' hot path and the
// report writer's strings run through here.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "common/text.h"

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#define ZS_SIMD 1
#elif defined(__SSE2__)
#include <emmintrin.h>
#define ZS_SIMD 1
#endif

namespace zeekscope {

#ifdef ZS_SIMD
// Bit i is set when p[i] == c, for i in 0..15.
inline uint32_t match_mask16(const char* p, char c) {
#if defined(__wasm_simd128__)
  v128_t v = wasm_v128_load(p);
  return wasm_i8x16_bitmask(wasm_i8x16_eq(v, wasm_i8x16_splat(c)));
#else
  __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  return uint32_t(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(c))));
#endif
}

// 64 bytes at p, read once: bit i of `first` (of `second`) is set when p[i] is the byte `a`
// (`b`); `any_c` says whether the byte `c` is among them. The TSV reader's structure (newlines
// and separators, and whether a backslash asks for unescaping) in one pass.
struct Masks64 {
  uint64_t first, second;
  bool any_c;
};
inline Masks64 masks64(const char* p, char a, char b, char c) {
#if defined(__wasm_simd128__)
  v128_t va = wasm_i8x16_splat(a), vb = wasm_i8x16_splat(b), vc = wasm_i8x16_splat(c);
  Masks64 m{0, 0, false};
  v128_t cs = wasm_i64x2_splat(0);
  for (int i = 0; i < 4; ++i) {
    v128_t v = wasm_v128_load(p + 16 * i);
    m.first |= uint64_t(wasm_i8x16_bitmask(wasm_i8x16_eq(v, va))) << (16 * i);
    m.second |= uint64_t(wasm_i8x16_bitmask(wasm_i8x16_eq(v, vb))) << (16 * i);
    cs = wasm_v128_or(cs, wasm_i8x16_eq(v, vc));
  }
  m.any_c = wasm_v128_any_true(cs);
  return m;
#else
  __m128i va = _mm_set1_epi8(a), vb = _mm_set1_epi8(b), vc = _mm_set1_epi8(c);
  Masks64 m{0, 0, false};
  __m128i cs = _mm_setzero_si128();
  for (int i = 0; i < 4; ++i) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * i));
    m.first |= uint64_t(uint32_t(_mm_movemask_epi8(_mm_cmpeq_epi8(v, va)))) << (16 * i);
    m.second |= uint64_t(uint32_t(_mm_movemask_epi8(_mm_cmpeq_epi8(v, vb)))) << (16 * i);
    cs = _mm_or_si128(cs, _mm_cmpeq_epi8(v, vc));
  }
  m.any_c = _mm_movemask_epi8(cs) != 0;
  return m;
#endif
}

// Bit i is set when p[i] ends a JSON string's plain run: '"', '\\' or a control byte (< 0x20).
inline uint32_t string_stop_mask16(const char* p) {
#if defined(__wasm_simd128__)
  v128_t v = wasm_v128_load(p);
  v128_t stop = wasm_v128_or(wasm_v128_or(wasm_i8x16_eq(v, wasm_i8x16_splat('"')),
                                          wasm_i8x16_eq(v, wasm_i8x16_splat('\\'))),
                             wasm_u8x16_lt(v, wasm_i8x16_splat(0x20)));
  return wasm_i8x16_bitmask(stop);
#else
  __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  __m128i low = _mm_set1_epi8(0x1F);  // v <= 0x1F exactly when max(v, 0x1F) == 0x1F (unsigned)
  __m128i stop = _mm_or_si128(
      _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))),
      _mm_cmpeq_epi8(_mm_max_epu8(v, low), low));
  return uint32_t(_mm_movemask_epi8(stop));
#endif
}

// Bit i is set when p[i] cannot be written as it is inside a JSON string of ASCII text: '"',
// '\\', a control byte (< 0x20) or a byte of a multi-byte UTF-8 sequence (>= 0x80).
inline uint32_t json_special_mask16(const char* p) {
#if defined(__wasm_simd128__)
  return string_stop_mask16(p) | wasm_i8x16_bitmask(wasm_v128_load(p));
#else
  return string_stop_mask16(p) |
         uint32_t(_mm_movemask_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p))));
#endif
}
#endif

// Nonzero when one of the bytes packed in `w` is '"', '\\', below 0x20 or above 0x7F (the
// "has a zero byte" and "has a byte below n" word tricks; exact for "any", which is all asked).
template <typename Word>
inline Word json_special_bytes(Word w) {
  constexpr Word k01 = Word(~Word(0)) / 255, k80 = k01 * 0x80;
  auto zero_byte = [&](Word x) { return Word((x - k01) & ~x & k80); };
  return Word((w & k80) | zero_byte(w ^ (k01 * '"')) | zero_byte(w ^ (k01 * '\\')) |
              ((w - k01 * 0x20) & ~w & k80));
}

// True when no byte of `s` is '"', '\\', below 0x20 or above 0x7F: the text goes between a
// JSON string's quotes as it is. Report texts are mostly short: those are read as two words
// that overlap rather than byte by byte.
inline bool is_plain_json_text(std::string_view s) {
  const char* p = s.data();
  const size_t n = s.size();
#ifdef ZS_SIMD
  if (n >= 16) {
    const char* end = p + n;
    for (; end - p > 16; p += 16)
      if (json_special_mask16(p)) return false;
    return json_special_mask16(end - 16) == 0;  // the last block, overlapping the one before
  }
#endif
  if (n >= 8) {
    for (size_t at = 0; at + 8 < n; at += 8)  // only without SIMD: longer texts
      if (json_special_bytes(load_word(p + at))) return false;
    return json_special_bytes(load_word(p + n - 8)) == 0;
  }
  if (n >= 4)
    return json_special_bytes(load_word<uint32_t>(p)) == 0 &&
           json_special_bytes(load_word<uint32_t>(p + n - 4)) == 0;
  for (size_t i = 0; i < n; ++i) {
    auto c = static_cast<unsigned char>(p[i]);
    if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') return false;
  }
  return true;
}

// The first `c` in [p, end), or end.
inline const char* find_byte(const char* p, const char* end, char c) {
#ifdef ZS_SIMD
  while (end - p >= 16) {
    if (uint32_t m = match_mask16(p, c)) return p + __builtin_ctz(m);
    p += 16;
  }
#endif
  const void* hit = std::memchr(p, c, size_t(end - p));
  return hit ? static_cast<const char*>(hit) : end;
}

// Calls on_cell(index, cell) for each cell of `line` split on the single byte `sep` whose index
// is below `emit_below`, in order, and returns the number of cells (those past `emit_below`
// are only counted: a reader that needs the first columns of a wide log skips the rest's
// bookkeeping). Sets `has_backslash` when the line holds a '\', so callers can skip
// unescaping the common, escape-free line. One pass finds both.
template <typename OnCell>
inline size_t for_each_cell(std::string_view line, char sep, bool& has_backslash, OnCell&& on_cell,
                            size_t emit_below = SIZE_MAX) {
  const char* begin = line.data();
  const char* p = begin;
  const char* end = begin + line.size();
  const char* cell = begin;
  size_t index = 0;
  bool backslash = false;
#ifdef ZS_SIMD
  // Emits the cells ended by the separators in `mask`, whose bit 0 is the byte at `base`;
  // past emit_below it only counts them.
  auto emit = [&](uint32_t mask, const char* base) {
    while (mask) {
      if (index >= emit_below) {
        index += size_t(__builtin_popcount(mask));
        return;
      }
      const char* hit = base + __builtin_ctz(mask);
      on_cell(index++, std::string_view(cell, size_t(hit - cell)));
      cell = hit + 1;
      mask &= mask - 1;
    }
  };
  while (end - p >= 16) {
    backslash |= match_mask16(p, '\\') != 0;
    emit(match_mask16(p, sep), p);
    p += 16;
  }
  if (p < end && end - begin >= 16) {
    // The last partial block: the line's final 16 bytes, minus those already scanned.
    int seen = 16 - int(end - p);
    backslash |= (match_mask16(end - 16, '\\') >> seen) != 0;
    emit(match_mask16(end - 16, sep) >> seen, p);
    p = end;
  }
#endif
  for (; p < end; ++p) {
    if (*p == sep) {
      if (index < emit_below) on_cell(index, std::string_view(cell, size_t(p - cell)));
      ++index;
      cell = p + 1;
    } else if (*p == '\\') {
      backslash = true;
    }
  }
  if (index < emit_below) on_cell(index, std::string_view(cell, size_t(end - cell)));
  ++index;
  has_backslash = backslash;
  return index;
}

}  // namespace zeekscope
