#pragma once
// The scanning algorithms of the log readers' hot paths and of the report writer's strings,
// each written once over the blocks of simd_block.h: the same code runs on SSE2, SIMD128 or
// plain words (the backend B, the machine's by default; the tests run each with both).
#include <bit>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/simd_block.h"

namespace zeekscope {

// The first `c` in [p, end), or end.
template <class B = simd::Native>
inline const char* find_byte(const char* p, const char* end, char c) {
  const char* hit = end;
  simd::scan<simd::Block16<B>>(p, p, end, [&](const auto& block) {
    auto m = block.mask(block.bytes.eq(c));
    if (m) hit = block.base + std::countr_zero(m);
    return m == 0;
  });
  return hit;
}

// The first byte in [p, end) that ends a JSON string's plain run: '"', '\\' or a control byte
// (< 0x20); end if none. Bytes from `floor` (<= p) on may be read.
template <class B = simd::Native>
inline const char* find_string_stop(const char* floor, const char* p, const char* end) {
  const char* hit = end;
  simd::scan<simd::Block16<B>>(floor, p, end, [&](const auto& block) {
    const auto& b = block.bytes;
    auto m = block.mask(b.eq('"') | b.eq('\\') | b.below(0x20));
    if (m) hit = block.base + std::countr_zero(m);
    return m == 0;
  });
  return hit;
}

// True when no byte of `s` is '"', '\\', below 0x20 or above 0x7F: the text goes between a
// JSON string's quotes as it is.
template <class B = simd::Native>
inline bool is_plain_json_text(std::string_view s) {
  const char* p = s.data();
  return simd::scan<simd::Block16<B>>(p, p, p + s.size(), [](const auto& block) {
    const auto& b = block.bytes;
    return !block.any(b.eq('"') | b.eq('\\') | b.below(0x20) | b.high());
  });
}

// Calls on_cell(index, cell) for each cell of `line` split on the single byte `sep` whose index
// is below `emit_below`, in order, and returns the number of cells (those past `emit_below`
// are only counted: a reader that needs the first columns of a wide log skips the rest's
// bookkeeping). Sets `has_backslash` when the line holds a '\', so callers can skip
// unescaping the common, escape-free line. One pass finds both.
template <class B = simd::Native, typename OnCell>
inline size_t for_each_cell(std::string_view line, char sep, bool& has_backslash, OnCell&& on_cell,
                            size_t emit_below = SIZE_MAX) {
  const char* begin = line.data();
  const char* end = begin + line.size();
  const char* cell = begin;
  size_t index = 0;
  bool backslash = false;
  simd::scan<simd::Block16<B>>(begin, begin, end, [&](const auto& block) {
    backslash |= block.any(block.bytes.eq('\\'));
    for (auto mask = block.mask(block.bytes.eq(sep)); mask; mask &= mask - 1) {
      if (index >= emit_below) {
        index += size_t(std::popcount(mask));
        break;
      }
      const char* hit = block.base + std::countr_zero(mask);
      on_cell(index++, std::string_view(cell, size_t(hit - cell)));
      cell = hit + 1;
    }
    return true;
  });
  if (index < emit_below) on_cell(index, std::string_view(cell, size_t(end - cell)));
  has_backslash = backslash;
  return index + 1;
}

// Walks the complete lines of `text` (each ended by '\n') and their cells (split on `sep`), 64
// bytes at a time, and returns the length of the lines walked: those up to the line on_line()
// stopped at, that one included, or all (an unfinished last line is left). For each line:
// on_cell(column, begin, end) for each of its cells whose column is below `keep_below` (the
// others are only counted), then on_line(begin, newline, cells, last_cell_empty, escaped),
// which returns false to stop. `escaped` is true when the line may hold a backslash: a
// backslash marks every line that starts in its 64-byte block or before.
template <class B = simd::Native, typename OnCell, typename OnLine>
inline size_t for_each_line_and_cell(std::string_view text, char sep, size_t keep_below,
                                     OnCell&& on_cell, OnLine&& on_line) {
  const char* const begin = text.data();
  const char* line = begin;          // the current line's first byte
  const char* cell = begin;          // the current cell's first byte
  size_t column = 0;                 // the current cell's index
  const char* escaped_to = nullptr;  // a line that starts at or before this may hold a backslash
  simd::scan<simd::Block64<B>>(begin, begin, begin + text.size(), [&](const auto& block) {
    const auto& b = block.bytes;
    uint64_t newlines = block.mask(b.eq('\n'));
    uint64_t bits = newlines | block.mask(b.eq(sep));
    if (block.any(b.eq('\\'))) escaped_to = block.base + (block.size - 1);
    while (bits) {
      if (column >= keep_below) {
        // Past the last kept column, the separators before the next newline are only counted.
        uint64_t next_newline = bits & newlines & (0 - (bits & newlines));
        uint64_t before = next_newline ? next_newline - 1 : ~uint64_t(0);
        if (uint64_t counted = bits & before) {
          column += size_t(std::popcount(counted));
          cell = block.base + (64 - std::countl_zero(counted));  // after the last of them
        }
        bits &= ~before;
        if (!bits) break;
      }
      int at = std::countr_zero(bits);
      bits &= bits - 1;
      const char* hit = block.base + at;
      if (column < keep_below) on_cell(column, cell, hit);
      if ((newlines >> at) & 1) {
        bool go_on = on_line(line, hit, column + 1, cell == hit, escaped_to && escaped_to >= line);
        line = cell = hit + 1;
        column = 0;
        if (!go_on) return false;
      } else {
        ++column;
        cell = hit + 1;
      }
    }
    return true;
  });
  return size_t(line - begin);
}

}  // namespace zeekscope
