#include "protocol/dns_names.h"

namespace zeekscope::protocol {

DnsName read_dns_name(std::span<const uint8_t> message, size_t at, bool lowercase) {
  DnsName out;
  size_t limit = message.size();  // reads stay below this: the message, then the last pointer
  size_t pos = at;
  size_t wire = 1;  // the root label
  bool jumped = false;
  auto fail = [&](DnsNameError e, size_t where) {
    out.error = e;
    out.error_offset = where;
    if (!jumped) out.end = where;
    return out;
  };
  // Each pointer moves strictly backwards and lowers `limit`, so the loop ends; the wire limit
  // bounds the text as well.
  for (;;) {
    if (pos >= limit) return fail(DnsNameError::kTruncated, pos);
    uint8_t length = message[pos];
    if (length == 0) {
      if (!jumped) out.end = pos + 1;
      break;
    }
    if ((length & 0xC0) == 0xC0) {
      if (pos + 1 >= limit) return fail(DnsNameError::kTruncated, pos);
      size_t target = size_t(length & 0x3F) << 8 | message[pos + 1];
      if (!jumped) out.end = pos + 2;
      if (target >= pos) return fail(DnsNameError::kBadPointer, pos);
      jumped = true;
      limit = pos;
      pos = target;
      continue;
    }
    // 0x40 and 0x80 (extended and obsolete label types) read as lengths over 63, as in Zeek.
    if (length > kMaxDnsLabel) return fail(DnsNameError::kLabelTooLong, pos);
    if (pos + 1 + length > limit) return fail(DnsNameError::kTruncated, pos);
    wire += 1 + length;
    if (wire > kMaxDnsName) return fail(DnsNameError::kNameTooLong, pos);
    if (wire != 2 + size_t(length)) out.text.push_back('.');  // not the first label
    for (size_t i = 0; i < length; ++i) {
      char c = char(message[pos + 1 + i]);
      if (lowercase && c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
      out.text.push_back(c);
    }
    pos += 1 + length;
  }
  return out;
}

const char* dns_name_error_text(DnsNameError e) {
  switch (e) {
    case DnsNameError::kNone:
      return "none";
    case DnsNameError::kTruncated:
      return "name truncated";
    case DnsNameError::kBadPointer:
      return "compression pointer not backwards";
    case DnsNameError::kLabelTooLong:
      return "label over 63 bytes";
    case DnsNameError::kNameTooLong:
      return "name over 255 bytes";
  }
  return "?";
}

}  // namespace zeekscope::protocol
