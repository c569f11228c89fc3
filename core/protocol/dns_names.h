#pragma once
// DNS names as they sit in a message (RFC 1035 section 4.1.4): labels, each at most 63 bytes,
// ending in the root label or in a compression pointer to an earlier place in the message, the
// whole at most 255 bytes on the wire. A pointer must point before the pointer itself (as in
// Zeek: no forward or self pointers), so following pointers always ends; the bytes it leads to
// are read only up to the pointer (Zeek's bound too). Text is Zeek's: the label bytes as they
// are, joined with '.', no trailing dot, the root name "", ASCII letters lowercased when asked.
// Bytes outside printable ASCII are kept raw; escaping them (\xHH) is the log writer's job.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace zeekscope::protocol {

enum class DnsNameError : uint8_t {
  kNone,
  kTruncated,     // the message ends inside the name
  kBadPointer,    // a compression pointer to itself or to a later byte
  kLabelTooLong,  // a label over 63 bytes (the 0x40 and 0x80 label types included)
  kNameTooLong,   // over 255 bytes on the wire
};

inline constexpr size_t kMaxDnsLabel = 63;
inline constexpr size_t kMaxDnsName = 255;  // wire bytes, the root label included

struct DnsName {
  std::string text;
  size_t end = 0;  // the offset just after the name where it started (after its pointer, if any)
  DnsNameError error = DnsNameError::kNone;
  size_t error_offset = 0;
};

// Reads the name at `at` in `message`. On error, `text` holds the labels read so far.
DnsName read_dns_name(std::span<const uint8_t> message, size_t at, bool lowercase = true);

const char* dns_name_error_text(DnsNameError e);

}  // namespace zeekscope::protocol
