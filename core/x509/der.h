#pragma once
// A strict reader of DER (ITU-T X.690 distinguished encoding rules) for X.509 certificates:
// single-byte tags only (tag numbers below 31, all X.509 needs), definite lengths only, in
// their minimal form, at most 4 length bytes, and every element inside the bytes it was given.
// A reader walks one level; `der_check` walks a whole encoding with an explicit stack, so no
// input can make either recurse. Errors are values: a reason, never an exception.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace zeekscope::x509 {

namespace der_tag {
constexpr uint8_t kBoolean = 0x01, kInteger = 0x02, kBitString = 0x03, kOctetString = 0x04,
                  kNull = 0x05, kOid = 0x06, kUtf8String = 0x0c, kPrintableString = 0x13,
                  kT61String = 0x14, kIa5String = 0x16, kUtcTime = 0x17, kGeneralizedTime = 0x18,
                  kBmpString = 0x1e, kSequence = 0x30, kSet = 0x31;
constexpr uint8_t kConstructed = 0x20;
constexpr uint8_t kContext = 0x80;  // context-specific class: [n] is kContext | n
}  // namespace der_tag

// Deeper than any certificate needs (a Name's attribute value is at depth 6).
constexpr size_t kMaxDerDepth = 16;

struct DerElement {
  uint8_t tag = 0;                 // the identifier byte: class, constructed bit, number
  std::span<const uint8_t> value;  // the contents
  std::span<const uint8_t> whole;  // identifier, length and contents
  bool constructed() const { return tag & der_tag::kConstructed; }
};

// The elements of one level, one after another.
class DerReader {
 public:
  explicit DerReader(std::span<const uint8_t> data) : rest_(data) {}
  bool at_end() const { return rest_.empty(); }
  // The next element; false, with error() set, when none is left or it is malformed.
  bool next(DerElement& out);
  // next() that also requires `tag`.
  bool next(uint8_t tag, DerElement& out);
  // Reads the next element only when it has `tag` (OPTIONAL and DEFAULT fields); false
  // otherwise, and error() is set only when the input is malformed.
  bool next_if(uint8_t tag, DerElement& out);
  std::string_view error() const { return error_; }

 private:
  std::span<const uint8_t> rest_;
  std::string_view error_;
};

// Checks the whole encoding: one top element filling `data` exactly, every constructed element
// filled exactly by its children, nesting at most `max_depth`, primitive and constructed forms
// where DER requires them. Empty when it is well formed, else the reason.
std::string_view der_check(std::span<const uint8_t> data, size_t max_depth = kMaxDerDepth);

// Contents decoders; each refuses what DER forbids.
std::optional<bool> der_boolean(std::span<const uint8_t> value);
// A non-negative INTEGER that fits in 64 bits.
std::optional<uint64_t> der_small_unsigned(std::span<const uint8_t> value);
// An INTEGER in minimal form (no redundant leading 0x00 or 0xff byte).
bool der_integer_minimal(std::span<const uint8_t> value);
// An OBJECT IDENTIFIER in dotted form ("2.5.4.3"); nullopt when malformed.
std::optional<std::string> der_oid_text(std::span<const uint8_t> value);
// UTCTime (YYMMDDHHMM[SS]) or GeneralizedTime (YYYYMMDDHHMMSS[.fff]), each ending in Z or an
// offset +hhmm/-hhmm, as seconds since the epoch. Years 50-99 of UTCTime are 19xx.
std::optional<int64_t> der_time(uint8_t tag, std::span<const uint8_t> value);

}  // namespace zeekscope::x509
