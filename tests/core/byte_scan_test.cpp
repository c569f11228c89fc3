// The scanning algorithms run with the plain-words backend forced and with the machine's (SSE2
// natively, SIMD128 in the wasm build of this suite), on hostile bytes, over every start and
// length up to 200 bytes, each range ending where its buffer ends (the sanitizer build catches a
// read past it); both must agree with each other and with a byte loop.
#include "common/byte_scan.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace zeekscope {
namespace {

using simd::Native;
using simd::Scalar;

// The bytes the algorithms look for, their neighbours and the extremes.
constexpr char kHostile[] = {'\n', '\t', '\\', '"', '\0', '\x1f', ' ', '\x7f', '\x80', '\xff',
                             '\r', ',',  '#',  '{', '[',  '\x01', ']', '\x0b', '\x08', 'a'};

// A buffer of exactly `size` bytes: dense (every byte hostile) or sparse (mostly 'a').
std::unique_ptr<char[]> hostile_buffer(size_t size, std::mt19937& rng, bool dense) {
  auto buffer = std::make_unique<char[]>(size);
  for (size_t i = 0; i < size; ++i) {
    bool pick = dense || rng() % 23 == 0;
    buffer[i] = pick ? kHostile[rng() % sizeof kHostile] : 'a';
  }
  return buffer;
}

// Calls f(begin, start, end) for every length 0..200 and every start in it, each buffer in a
// dense and a sparse version.
template <class F>
void for_every_range(F&& f) {
  std::mt19937 rng(17);
  for (size_t size = 0; size <= 200; ++size) {
    for (bool dense : {true, false}) {
      auto buffer = hostile_buffer(size, rng, dense);
      const char* begin = buffer.get();
      for (size_t start = 0; start <= size; ++start) f(begin, begin + start, begin + size);
    }
  }
}

bool json_special(char ch) {
  auto c = static_cast<unsigned char>(ch);
  return c < 0x20 || c >= 0x80 || c == '"' || c == '\\';
}

// The primitive itself: every byte value, in every lane, against a byte loop.
template <class Block>
void check_block_lanes() {
  constexpr size_t kSize = Block::kSize;
  std::mt19937 rng(5);
  for (int round = 0; round < 64; ++round) {
    char bytes[kSize];
    for (size_t i = 0; i < kSize; ++i)
      bytes[i] = char(round * int(kSize) + int(i) + int(rng() % 3));
    Block block = Block::load(bytes);
    for (int c = 0; c < 256; ++c) {
      uint64_t eq = 0, below = 0, high = 0;
      for (size_t i = 0; i < kSize; ++i) {
        auto b = static_cast<unsigned char>(bytes[i]);
        eq |= uint64_t(b == c) << i;
        below |= uint64_t(c <= 0x80 && b < c) << i;
        high |= uint64_t(b >= 0x80) << i;
      }
      ASSERT_EQ(uint64_t(block.eq(char(c)).mask()), eq) << c;
      ASSERT_EQ(block.eq(char(c)).any(), eq != 0) << c;
      if (c <= 0x80) {
        ASSERT_EQ(uint64_t(block.below(uint8_t(c)).mask()), below) << c;
      }
      ASSERT_EQ(uint64_t(block.high().mask()), high);
      ASSERT_EQ(uint64_t((block.eq(char(c)) | block.high()).mask()), eq | high) << c;
      ASSERT_EQ((block.eq(char(c)) | block.high()).any(), (eq | high) != 0) << c;
    }
  }
}

TEST(ByteScan, BlocksAnswerEveryByteValueInEveryLane) {
  check_block_lanes<simd::Block16<Scalar>>();
  check_block_lanes<simd::Block64<Scalar>>();
  check_block_lanes<simd::Block16<Native>>();
  check_block_lanes<simd::Block64<Native>>();
}

TEST(ByteScan, FindByteAgreesWithAByteLoop) {
  for_every_range([](const char*, const char* p, const char* end) {
    for (char c : {'\n', '\0', '\\', '\xff', 'a'}) {
      const char* expected = p;
      while (expected < end && *expected != c) ++expected;
      ASSERT_EQ(find_byte<Scalar>(p, end, c), expected) << (end - p);
      ASSERT_EQ(find_byte<Native>(p, end, c), expected) << (end - p);
    }
  });
}

TEST(ByteScan, FindStringStopAgreesWithAByteLoop) {
  for_every_range([](const char* begin, const char* p, const char* end) {
    const char* expected = p;
    while (expected < end && *expected != '"' && *expected != '\\' &&
           static_cast<unsigned char>(*expected) >= 0x20)
      ++expected;
    for (const char* floor : {begin, p}) {
      ASSERT_EQ(find_string_stop<Scalar>(floor, p, end), expected) << (end - p);
      ASSERT_EQ(find_string_stop<Native>(floor, p, end), expected) << (end - p);
    }
  });
}

TEST(ByteScan, PlainJsonTextAgreesWithAByteLoop) {
  for_every_range([](const char*, const char* p, const char* end) {
    std::string_view text(p, size_t(end - p));
    bool expected = true;
    for (char c : text) expected = expected && !json_special(c);
    ASSERT_EQ(is_plain_json_text<Scalar>(text), expected) << text.size();
    ASSERT_EQ(is_plain_json_text<Native>(text), expected) << text.size();
  });
}

// A line's cells as for_each_cell() gives them: (count, backslash, cells handed over).
template <class B>
std::tuple<size_t, bool, std::vector<std::string_view>> cells_of(std::string_view line, char sep,
                                                                 size_t emit_below) {
  std::vector<std::string_view> cells;
  bool backslash = false;
  size_t count = for_each_cell<B>(
      line, sep, backslash,
      [&](size_t index, std::string_view cell) {
        EXPECT_EQ(index, cells.size());
        cells.push_back(cell);
      },
      emit_below);
  return {count, backslash, cells};
}

TEST(ByteScan, ForEachCellAgreesWithASplitByBytes) {
  for_every_range([](const char*, const char* p, const char* end) {
    std::string_view line(p, size_t(end - p));
    for (char sep : {'\t', ',', '\\'}) {
      std::vector<std::string_view> all;
      size_t from = 0;
      for (size_t at = 0; at <= line.size(); ++at)
        if (at == line.size() || line[at] == sep) {
          all.push_back(line.substr(from, at - from));
          from = at + 1;
        }
      bool backslash = line.find('\\') != std::string_view::npos;
      for (size_t emit_below : {size_t(0), size_t(1), size_t(3), SIZE_MAX}) {
        std::vector<std::string_view> kept(all.begin(),
                                           all.begin() + std::min(emit_below, all.size()));
        auto expected = std::make_tuple(all.size(), backslash, kept);
        ASSERT_EQ(cells_of<Scalar>(line, sep, emit_below), expected) << line.size();
        ASSERT_EQ(cells_of<Native>(line, sep, emit_below), expected) << line.size();
      }
    }
  });
}

// What for_each_line_and_cell() hands over, as text: one entry per kept cell and per line.
template <class B>
std::pair<size_t, std::vector<std::string>> lines_of(std::string_view text, char sep,
                                                     size_t keep_below, size_t stop_after) {
  std::vector<std::string> events;
  size_t lines = 0;
  size_t used = for_each_line_and_cell<B>(
      text, sep, keep_below,
      [&](size_t column, const char* begin, const char* end) {
        events.push_back("cell " + std::to_string(column) + " " +
                         std::to_string(begin - text.data()) + " " + std::string(begin, end));
      },
      [&](const char* line, const char* newline, size_t cells, bool last_cell_empty, bool escaped) {
        std::string_view whole(line, size_t(newline - line));
        EXPECT_TRUE(whole.find('\\') == std::string_view::npos || escaped)
            << whole;  // never misses a backslash
        events.push_back("line " + std::to_string(line - text.data()) + " " + std::string(whole) +
                         " " + std::to_string(cells) + (last_cell_empty ? " empty" : "") +
                         (escaped ? " escaped" : ""));
        return ++lines < stop_after;
      });
  return {used, events};
}

// The same by bytes, without the escaped flag (which marks whole blocks, so only the backends
// are compared on it).
std::pair<size_t, std::vector<std::string>> lines_by_bytes(std::string_view text, char sep,
                                                           size_t keep_below, size_t stop_after) {
  std::vector<std::string> events;
  size_t line = 0, cell = 0, column = 0, lines = 0;
  for (size_t at = 0; at < text.size(); ++at) {
    bool newline = text[at] == '\n';
    if (!newline && text[at] != sep) continue;
    if (column < keep_below)
      events.push_back("cell " + std::to_string(column) + " " + std::to_string(cell) + " " +
                       std::string(text.substr(cell, at - cell)));
    if (!newline) {
      ++column;
      cell = at + 1;
      continue;
    }
    events.push_back("line " + std::to_string(line) + " " +
                     std::string(text.substr(line, at - line)) + " " + std::to_string(column + 1) +
                     (cell == at ? " empty" : ""));
    line = cell = at + 1;
    column = 0;
    if (++lines >= stop_after) break;
  }
  return {line, events};
}

std::vector<std::string> without_escaped(std::vector<std::string> events) {
  for (auto& e : events)
    if (e.ends_with(" escaped")) e.resize(e.size() - 8);
  return events;
}

TEST(ByteScan, ForEachLineAndCellAgreesWithASplitByBytes) {
  for_every_range([](const char*, const char* p, const char* end) {
    std::string_view text(p, size_t(end - p));
    for (char sep : {'\t', ','}) {
      for (size_t keep_below : {size_t(0), size_t(2), SIZE_MAX}) {
        for (size_t stop_after : {size_t(1), size_t(3), SIZE_MAX}) {
          auto scalar = lines_of<Scalar>(text, sep, keep_below, stop_after);
          ASSERT_EQ(lines_of<Native>(text, sep, keep_below, stop_after), scalar) << text.size();
          auto expected = lines_by_bytes(text, sep, keep_below, stop_after);
          ASSERT_EQ(scalar.first, expected.first) << text.size();
          ASSERT_EQ(without_escaped(scalar.second), expected.second) << text.size();
        }
      }
    }
  });
}

}  // namespace
}  // namespace zeekscope
