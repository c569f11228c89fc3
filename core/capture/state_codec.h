#pragma once
// The byte format of an exported analysis state: unsigned LEB128 integers, 8-byte doubles (the
// engine's native little-endian form: states only travel between workers of one build) and
// length-prefixed byte strings. Plain writes and bounds-checked reads, with no document tree in
// between: a state of a large capture is written and read in a fraction of the time a JSON or
// msgpack tree takes. A state may still arrive damaged, so every read checks the bytes it has.
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>

namespace zeekscope {

// A state that cannot be read: truncated, or holding a value its place does not allow.
class StateError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class StateWriter {
 public:
  void u64(uint64_t v) {
    while (v >= 0x80) {
      out_.push_back(char(v | 0x80));
      v >>= 7;
    }
    out_.push_back(char(v));
  }
  void f64(double v) {
    char b[8];
    std::memcpy(b, &v, 8);
    out_.append(b, 8);
  }
  void flag(bool v) { out_.push_back(v ? 1 : 0); }
  void bytes(std::string_view s) {
    u64(s.size());
    out_.append(s);
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

class StateReader {
 public:
  explicit StateReader(std::string_view in) : in_(in) {}

  uint64_t u64() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      uint8_t b = uint8_t(next(1)[0]);
      v |= uint64_t(b & 0x7F) << shift;
      if (!(b & 0x80)) return v;
    }
    throw StateError("an integer longer than 64 bits");
  }
  double f64() {
    double v;
    std::memcpy(&v, next(8), 8);
    return v;
  }
  bool flag() {
    char b = next(1)[0];
    if (b != 0 && b != 1) throw StateError("a flag that is neither 0 nor 1");
    return b == 1;
  }
  std::string_view bytes() {
    uint64_t n = u64();
    if (n > in_.size() - pos_) throw StateError("a string longer than the state");
    return std::string_view(next(size_t(n)), size_t(n));
  }
  // The length of a list whose items take at least one byte each: never more than the bytes
  // left, so a damaged length cannot make the reader reserve or loop beyond the state's size.
  size_t count() {
    uint64_t n = u64();
    if (n > in_.size() - pos_) throw StateError("a list longer than the state");
    return size_t(n);
  }
  bool at_end() const { return pos_ == in_.size(); }

 private:
  const char* next(size_t n) {
    if (n > in_.size() - pos_) throw StateError("the state ends early");
    const char* p = in_.data() + pos_;
    pos_ += n;
    return p;
  }

  std::string_view in_;
  size_t pos_ = 0;
};

}  // namespace zeekscope
