#pragma once
// One DNS message (RFC 1035 section 4) parsed from its bytes: the header, the questions and the
// resource records, each record with the text Zeek's dns.log puts in `answers` for it. Like
// Zeek's analyzer (spec section 6), the parser reads the question and answer sections and, by
// default, skips the authority and additional ones (dns_skip_all_auth / _addl), except for a
// dynamic update, whose authority section is its update section. A problem stops the parse and
// is reported in `error`; what was parsed before it stays, as Zeek keeps the events it already
// raised. Nothing is thrown.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace zeekscope::protocol {

struct DnsHeader {
  uint16_t id = 0;
  bool qr = false;  // a response
  uint8_t opcode = 0;
  bool aa = false, tc = false, rd = false, ra = false;
  uint8_t z = 0;  // the three bits after RA (Z, AD, CD), as Zeek's Z
  uint8_t rcode = 0;
  uint16_t qdcount = 0, ancount = 0, nscount = 0, arcount = 0;
};

struct DnsQuestion {
  std::string name;  // lowercased (Zeek's query)
  uint16_t qtype = 0, qclass = 0;
};

enum class DnsSection : uint8_t { kAnswer, kAuthority, kAdditional };

struct DnsResourceRecord {
  DnsSection section = DnsSection::kAnswer;
  std::string name;  // the owner, lowercased
  uint16_t type = 0, rclass = 0;
  uint32_t ttl = 0;
  // Zeek's base scripts handle this type (the record then sets AA, RA and rtt and may name
  // the query); `text` is what they add to answers, none when empty (WKS, a TXT without
  // strings). HINFO, CAA, OPT, TSIG, TKEY, SVCB and HTTPS are not handled.
  bool handled = false;
  std::string text;
};

enum class DnsError : uint8_t {
  kNone,
  kShortHeader,       // under 12 bytes: nothing else is read
  kTooManyQuestions,  // QDCOUNT over the limit (Zeek's dns_max_queries, 25): nothing is read
  kTruncated,         // the message ends inside a name, question or record
  kBadPointer,        // a compression pointer to itself or forward
  kLabelTooLong,
  kNameTooLong,
  kBadRdata,      // record data too short for its type, or a name running past it
  kZeroRdlength,  // an empty record that is not the last thing in the message (Zeek stops)
  kCount
};

struct DnsMessage {
  bool has_header = false;
  DnsHeader header;
  std::vector<DnsQuestion> questions;
  std::vector<DnsResourceRecord> records;  // in message order
  DnsError error = DnsError::kNone;
  size_t error_offset = 0;
  bool ok() const { return error == DnsError::kNone; }
};

struct DnsParseOptions {
  bool all_sections = false;  // also the authority and additional sections
  uint16_t max_questions = 25;
};

DnsMessage parse_dns_message(std::span<const uint8_t> bytes, const DnsParseOptions& options = {});

const char* dns_error_text(DnsError e);

}  // namespace zeekscope::protocol
