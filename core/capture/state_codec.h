#pragma once
// The byte format of an exported analysis state: unsigned LEB128 integers, 8-byte doubles (the
// engine's native little-endian form: states only travel between workers of one build) and
// length-prefixed byte strings. Plain writes and bounds-checked reads, with no document tree in
// between: a state of a large capture is written and read in a fraction of the time a JSON or
// msgpack tree takes. A state may still arrive damaged, so every read checks the bytes it has.
//
// Small records (the input statistics) are written through their field list, declared once in
// the struct and followed by both directions, so no reader depends on a field's position:
//   template <typename Self, typename Visit>
//   static void fields(Self& s, Visit&& visit) { visit("name", s.name); visit("bytes", s.bytes); }
// A list of records is preceded by its schema (the fields' names and types, see state_schema)
// and the reader refuses a list whose schema is not its own, saying so.
//
// The engine's whole state (encode_engine_state): a tag and the format's version, the input
// statistics as such a list, then the capture (Aggregator::snapshot, snapshot.cpp).
#include <cstdint>
#include <cstring>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace zeekscope {

// A state that cannot be read: truncated, or holding a value its place does not allow.
class StateError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

namespace state_detail {
template <typename T>
struct Optional : std::false_type {};
template <typename T>
struct Optional<std::optional<T>> : std::true_type {};
template <typename T>
struct List : std::false_type {};
template <typename T>
struct List<std::vector<T>> : std::true_type {};
template <typename T>
struct NamedMap : std::false_type {};  // keyed by strings
template <typename T>
struct NamedMap<std::map<std::string, T>> : std::true_type {};
}  // namespace state_detail

// A field type's schema: s string, u unsigned integer, b flag, d double, ?T optional, [T] list,
// {T} map from strings, (name:T,...) record.
template <typename T>
std::string state_schema() {
  using namespace state_detail;
  if constexpr (std::is_same_v<T, std::string>) {
    return "s";
  } else if constexpr (std::is_same_v<T, uint64_t>) {
    return "u";
  } else if constexpr (std::is_same_v<T, bool>) {
    return "b";
  } else if constexpr (std::is_same_v<T, double>) {
    return "d";
  } else if constexpr (Optional<T>::value) {
    return "?" + state_schema<typename T::value_type>();
  } else if constexpr (List<T>::value) {
    return "[" + state_schema<typename T::value_type>() + "]";
  } else if constexpr (NamedMap<T>::value) {
    return "{" + state_schema<typename T::mapped_type>() + "}";
  } else {
    std::string out = "(";
    T sample{};
    T::fields(sample, [&](std::string_view name, const auto& field) {
      if (out.size() > 1) out += ",";
      out.append(name).append(":");
      out += state_schema<std::remove_cvref_t<decltype(field)>>();
    });
    return out + ")";
  }
}

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
  // A value of any type state_schema describes.
  template <typename T>
  void value(const T& v) {
    using namespace state_detail;
    if constexpr (std::is_same_v<T, std::string>) {
      bytes(v);
    } else if constexpr (std::is_same_v<T, uint64_t>) {
      u64(v);
    } else if constexpr (std::is_same_v<T, bool>) {
      flag(v);
    } else if constexpr (std::is_same_v<T, double>) {
      f64(v);
    } else if constexpr (Optional<T>::value) {
      flag(v.has_value());
      if (v) value(*v);
    } else if constexpr (List<T>::value || NamedMap<T>::value) {
      u64(v.size());
      for (const auto& item : v) {
        if constexpr (NamedMap<T>::value) {
          bytes(item.first);
          value(item.second);
        } else {
          value(item);
        }
      }
    } else {
      T::fields(v, [this](std::string_view, const auto& field) { this->value(field); });
    }
  }
  // A list of records, after its schema.
  template <typename T>
  void records(const std::vector<T>& list) {
    bytes(state_schema<T>());
    value(list);
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

  template <typename T>
  void value(T& v) {
    using namespace state_detail;
    if constexpr (std::is_same_v<T, std::string>) {
      v = std::string(bytes());
    } else if constexpr (std::is_same_v<T, uint64_t>) {
      v = u64();
    } else if constexpr (std::is_same_v<T, bool>) {
      v = flag();
    } else if constexpr (std::is_same_v<T, double>) {
      v = f64();
    } else if constexpr (Optional<T>::value) {
      v.reset();
      if (flag()) value(v.emplace());
    } else if constexpr (List<T>::value) {
      // One item at a time: every item takes a byte at least, so a damaged count ends early.
      v.clear();
      for (size_t n = count(), i = 0; i < n; ++i) value(v.emplace_back());
    } else if constexpr (NamedMap<T>::value) {
      v.clear();
      for (size_t n = count(), i = 0; i < n; ++i) {
        std::string key(bytes());
        value(v[key]);
      }
    } else {
      T::fields(v, [this](std::string_view, auto& field) { this->value(field); });
    }
  }
  // A list of records written by StateWriter::records; a list written with other fields than
  // this build's (`what` names it) is refused, naming both.
  template <typename T>
  std::vector<T> records(std::string_view what) {
    std::string_view theirs = bytes();
    std::string ours = state_schema<T>();
    if (theirs != ours)
      throw StateError(std::string(what) + " written with the fields " + std::string(theirs) +
                       ", where this engine reads " + ours);
    std::vector<T> list;
    value(list);
    return list;
  }

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

class Aggregator;
struct InputStats;

// The engine's state after reading some files: their input statistics and the capture.
std::string encode_engine_state(const std::vector<InputStats>& inputs, const Aggregator& capture);
// Appends a state's input statistics to `inputs` and merges its capture into `capture`, as if
// its files had been read after this capture's. Throws StateError with a message for the user
// ("not a zeekscope analysis state", "a damaged analysis state: ...").
void decode_engine_state(std::string_view state, std::vector<InputStats>& inputs,
                         Aggregator& capture);

}  // namespace zeekscope
