#include "protocol/dns_message.h"

#include "common/ip_address.h"
#include "packet/byte_order.h"
#include "protocol/dns_constants.h"
#include "protocol/dns_names.h"

namespace zeekscope::protocol {
namespace {

using packet::load_be16;
using packet::load_be32;

DnsError from_name_error(DnsNameError e) {
  switch (e) {
    case DnsNameError::kNone:
      return DnsError::kNone;
    case DnsNameError::kTruncated:
      return DnsError::kTruncated;
    case DnsNameError::kBadPointer:
      return DnsError::kBadPointer;
    case DnsNameError::kLabelTooLong:
      return DnsError::kLabelTooLong;
    case DnsNameError::kNameTooLong:
      return DnsError::kNameTooLong;
  }
  return DnsError::kTruncated;
}

// Reads a record's data: the message, where its data starts and ends.
struct Rdata {
  std::span<const uint8_t> message;
  size_t begin, end;
  DnsError error = DnsError::kNone;
  size_t error_offset = 0;

  size_t size() const { return end - begin; }
  const uint8_t* at(size_t offset) const { return message.data() + begin + offset; }
  bool fail(DnsError e, size_t where) {
    error = e;
    error_offset = where;
    return false;
  }
  // A name at `offset` in the data; it must end inside the data.
  bool name(size_t offset, std::string& out, size_t* next = nullptr) {
    if (offset >= size()) return fail(DnsError::kBadRdata, begin + offset);
    DnsName n = read_dns_name(message, begin + offset);
    if (n.error != DnsNameError::kNone) return fail(from_name_error(n.error), n.error_offset);
    if (n.end > end) return fail(DnsError::kBadRdata, begin + offset);
    out = std::move(n.text);
    if (next) *next = n.end - begin;
    return true;
  }
  // A <character-string> at `offset`; false when it does not fit.
  bool character_string(size_t& offset, std::string& out) const {
    if (offset >= size()) return false;
    size_t length = *at(offset);
    if (offset + 1 + length > size()) return false;
    out.assign(reinterpret_cast<const char*>(at(offset + 1)), length);
    offset += 1 + length;
    return true;
  }
};

std::string text_strings(const Rdata& d, const char* tag) {
  // Zeek's dns_TXT_reply / dns_SPF_reply rendering: "TXT <length> <bytes>" per string, joined by
  // spaces; a string that would run past the data ends the list.
  std::string out, s;
  size_t offset = 0;
  while (d.character_string(offset, s)) {
    if (!out.empty()) out.push_back(' ');
    out += tag;
    out += ' ' + std::to_string(s.size()) + ' ';
    out += s;
  }
  return out;
}

// Zeek's rendering of one record of a standard message (the dns_*_reply handlers of
// scripts/base/protocols/dns/main.zeek). Returns false when the data cannot be read.
bool render(DnsResourceRecord& rr, Rdata& d, bool update) {
  using namespace dns_type;
  rr.handled = true;
  switch (rr.type) {
    case kA:
    case kAaaa:
    case kA6: {
      size_t want = rr.type == kA ? 4 : 16;
      if (d.size() != want) return d.fail(DnsError::kBadRdata, d.begin);
      IpAddress a = rr.type == kA ? IpAddress::from_v4(d.at(0)) : IpAddress::from_v6(d.at(0));
      rr.text = a.to_string();
      if (update) rr.text = dns_qtype_name(rr.type) + " " + rr.name + " " + rr.text;
      return true;
    }
    case kNs:
    case kCname:
    case kPtr:
      return d.name(0, rr.text);
    case kSoa: {
      size_t next = 0;
      std::string rname;
      if (!d.name(0, rr.text, &next) || !d.name(next, rname, &next)) return false;
      if (d.size() - next < 20) return d.fail(DnsError::kBadRdata, d.begin + next);
      return true;
    }
    case kMx:
      if (d.size() < 3) return d.fail(DnsError::kBadRdata, d.begin);
      return d.name(2, rr.text);
    case kSrv:
      if (d.size() < 7) return d.fail(DnsError::kBadRdata, d.begin);
      return d.name(6, rr.text);
    case kTxt:
      rr.text = text_strings(d, "TXT");
      return true;
    case kSpf:
      rr.text = text_strings(d, "SPF");
      return true;
    case kWks:
      return true;  // handled, nothing added
    case kNaptr: {
      if (d.size() < 4) return d.fail(DnsError::kBadRdata, d.begin);
      size_t offset = 4;
      std::string flags, service, regexp, replacement;
      if (!d.character_string(offset, flags) || !d.character_string(offset, service) ||
          !d.character_string(offset, regexp))
        return d.fail(DnsError::kBadRdata, d.begin + offset);
      if (!d.name(offset, replacement)) return false;
      std::string tail = regexp;
      if (!replacement.empty()) tail += (tail.empty() ? "" : " ") + replacement;
      rr.text = "NAPTR " + std::to_string(load_be16(d.at(0))) + " " +
                std::to_string(load_be16(d.at(2))) + " " + flags + " " + service + " " + tail;
      return true;
    }
    case kRrsig: {
      if (d.size() < 19) return d.fail(DnsError::kBadRdata, d.begin);
      std::string signer;
      if (!d.name(18, signer)) return false;
      rr.text = "RRSIG " + std::to_string(load_be16(d.at(0))) + " " +
                (signer.empty() ? std::string("<Root>") : signer);
      return true;
    }
    case kDnskey:
      if (d.size() < 4) return d.fail(DnsError::kBadRdata, d.begin);
      rr.text = "DNSKEY " + std::to_string(*d.at(3));
      return true;
    case kNsec: {
      std::string next;
      if (!d.name(0, next)) return false;
      rr.text = "NSEC " + rr.name + " " + next;
      return true;
    }
    case kNsec3:
      if (d.size() < 6) return d.fail(DnsError::kBadRdata, d.begin);
      rr.text = "NSEC3";
      return true;
    case kNsec3Param:
      rr.text = "NSEC3PARAM";
      return true;
    case kDs:
      if (d.size() < 4) return d.fail(DnsError::kBadRdata, d.begin);
      rr.text = "DS " + std::to_string(*d.at(2)) + " " + std::to_string(*d.at(3));
      return true;
    case kBinds:
      rr.text = "BIND9 signing signal";
      return true;
    case kSshfp: {
      if (d.size() < 2) return d.fail(DnsError::kBadRdata, d.begin);
      static const char kHex[] = "0123456789abcdef";
      rr.text = "SSHFP: ";
      for (size_t i = 2; i < d.size(); ++i) {
        rr.text.push_back(kHex[*d.at(i) >> 4]);
        rr.text.push_back(kHex[*d.at(i) & 15]);
      }
      return true;
    }
    case kLoc:
      if (d.size() < 4) return d.fail(DnsError::kBadRdata, d.begin);
      rr.text = "LOC:  " + std::to_string(*d.at(1)) + " " + std::to_string(*d.at(2)) + " " +
                std::to_string(*d.at(3));
      return true;
    case kHinfo:
    case kCaa:
    case kOpt:
    case kTsig:
    case kTkey:
    case kSvcb:
    case kHttps:
    case 32:  // NetBIOS NB: Zeek reads it and raises nothing
      rr.handled = false;
      return true;
    default:
      rr.text = "<unknown type=" + std::to_string(rr.type) + ">";
      return true;
  }
}

// A dynamic update's prerequisite (answer section) and update (authority section) records, as
// Zeek 8.1+ renders them: "pre: ...", "del: ..." and "add: <the record as in a reply>".
bool render_update(DnsResourceRecord& rr, Rdata& d) {
  using dns_class::kAny;
  using dns_class::kNone;
  std::string type = dns_qtype_name(rr.type);
  if (rr.section == DnsSection::kAnswer) {
    rr.handled = true;
    if (rr.rclass == kNone && rr.type == dns_type::kAny)
      rr.text = "pre: NameNotInUse " + rr.name;
    else if (rr.rclass == kAny && rr.type == dns_type::kAny)
      rr.text = "pre: NameInUse " + rr.name;
    else if (rr.rclass == kNone)
      rr.text = "pre: NoRRSet " + type + " " + rr.name;
    else
      rr.text = "pre: RRSetExists " + type + " " + rr.name;
    return true;
  }
  if (rr.rclass == kAny || rr.rclass == kNone) {
    rr.handled = true;
    if (rr.rclass == kAny && rr.type == dns_type::kAny)
      rr.text = "del: RRSet * " + rr.name;
    else if (rr.rclass == kNone)
      rr.text = "del: RR " + type + " " + rr.name;
    else
      rr.text = "del: RRSet " + type;
    return true;
  }
  if (!render(rr, d, true)) return false;
  if (!rr.text.empty()) rr.text = "add: " + rr.text;
  return true;
}

}  // namespace

DnsMessage parse_dns_message(std::span<const uint8_t> bytes, const DnsParseOptions& options) {
  DnsMessage m;
  const size_t size = bytes.size();
  if (size < 12) {
    m.error = DnsError::kShortHeader;
    return m;
  }
  const uint8_t* p = bytes.data();
  DnsHeader& h = m.header;
  m.has_header = true;
  h.id = load_be16(p);
  uint16_t flags = load_be16(p + 2);
  h.qr = flags & 0x8000;
  h.opcode = uint8_t((flags >> 11) & 0xF);
  h.aa = flags & 0x0400;
  h.tc = flags & 0x0200;
  h.rd = flags & 0x0100;
  h.ra = flags & 0x0080;
  h.z = uint8_t((flags >> 4) & 0x7);
  h.rcode = uint8_t(flags & 0xF);
  h.qdcount = load_be16(p + 4);
  h.ancount = load_be16(p + 6);
  h.nscount = load_be16(p + 8);
  h.arcount = load_be16(p + 10);

  auto fail = [&](DnsError e, size_t where) {
    m.error = e;
    m.error_offset = where;
    return m;
  };
  if (options.max_questions > 0 && h.qdcount > options.max_questions)
    return fail(DnsError::kTooManyQuestions, 4);

  size_t pos = 12;
  for (uint16_t i = 0; i < h.qdcount; ++i) {
    DnsName n = read_dns_name(bytes, pos);
    if (n.error != DnsNameError::kNone) return fail(from_name_error(n.error), n.error_offset);
    if (size - n.end < 4) return fail(DnsError::kTruncated, n.end);
    m.questions.push_back({std::move(n.text), load_be16(p + n.end), load_be16(p + n.end + 2)});
    pos = n.end + 4;
  }

  const bool update = h.opcode == dns_opcode::kUpdate;
  struct Part {
    DnsSection section;
    uint16_t count;
    bool read;
  } parts[] = {{DnsSection::kAnswer, h.ancount, true},
               {DnsSection::kAuthority, h.nscount, options.all_sections || update},
               {DnsSection::kAdditional, h.arcount, options.all_sections}};
  for (const Part& part : parts) {
    if (!part.read) break;
    for (uint16_t i = 0; i < part.count; ++i) {
      DnsName n = read_dns_name(bytes, pos);
      if (n.error != DnsNameError::kNone) return fail(from_name_error(n.error), n.error_offset);
      if (size - n.end < 10) return fail(DnsError::kTruncated, n.end);
      DnsResourceRecord rr;
      rr.section = part.section;
      rr.name = std::move(n.text);
      rr.type = load_be16(p + n.end);
      rr.rclass = load_be16(p + n.end + 2);
      rr.ttl = load_be32(p + n.end + 4);
      size_t rdlength = load_be16(p + n.end + 8);
      size_t begin = n.end + 10;
      if (rdlength > size - begin) return fail(DnsError::kTruncated, n.end + 8);
      if (rdlength == 0 && begin < size && !update) return fail(DnsError::kZeroRdlength, n.end + 8);
      Rdata d{bytes, begin, begin + rdlength};
      bool good = update && part.section != DnsSection::kAdditional ? render_update(rr, d)
                                                                    : render(rr, d, false);
      if (!good) return fail(d.error, d.error_offset);
      m.records.push_back(std::move(rr));
      pos = begin + rdlength;
    }
  }
  return m;
}

const char* dns_error_text(DnsError e) {
  switch (e) {
    case DnsError::kNone:
      return "none";
    case DnsError::kShortHeader:
      return "shorter than a header";
    case DnsError::kTooManyQuestions:
      return "too many questions";
    case DnsError::kTruncated:
      return "truncated";
    case DnsError::kBadPointer:
      return "compression pointer not backwards";
    case DnsError::kLabelTooLong:
      return "label over 63 bytes";
    case DnsError::kNameTooLong:
      return "name over 255 bytes";
    case DnsError::kBadRdata:
      return "bad record data";
    case DnsError::kZeroRdlength:
      return "empty record data before the end";
    case DnsError::kCount:
      break;
  }
  return "?";
}

}  // namespace zeekscope::protocol
