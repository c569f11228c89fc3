#include "x509/distinguished_name.h"

#include <vector>

#include "x509/der.h"
#include "x509/object_names.h"

namespace zeekscope::x509 {
namespace {

struct Attribute {
  size_t rdn = 0;  // index of its RDN
  std::string oid;
  DerElement value;
};

constexpr char kHex[] = "0123456789ABCDEF";

void put_hex_byte(std::string& out, uint8_t b) {
  out += '\\';
  out += kHex[b >> 4];
  out += kHex[b & 0xf];
}

// One byte of a value after UTF-8 conversion, escaped the RFC 2253 way. As in OpenSSL, a
// one-character value counts as last, not first.
void put_escaped(std::string& out, uint8_t c, bool first, bool last) {
  if (c >= 0x80 || c < 0x20 || c == 0x7f) {
    put_hex_byte(out, c);
    return;
  }
  bool special = c == ',' || c == '+' || c == '"' || c == '\\' || c == '<' || c == '>' ||
                 c == ';' || (first && (c == '#' || c == ' ')) || (last && c == ' ');
  if (special) out += '\\';
  out += char(c);
}

size_t put_utf8(uint8_t* buf, uint32_t c) {
  if (c < 0x80) {
    buf[0] = uint8_t(c);
    return 1;
  }
  if (c < 0x800) {
    buf[0] = uint8_t(0xc0 | (c >> 6));
    buf[1] = uint8_t(0x80 | (c & 0x3f));
    return 2;
  }
  if (c < 0x10000) {
    if (c >= 0xd800 && c <= 0xdfff) return 0;  // a surrogate: written as nothing
    buf[0] = uint8_t(0xe0 | (c >> 12));
    buf[1] = uint8_t(0x80 | ((c >> 6) & 0x3f));
    buf[2] = uint8_t(0x80 | (c & 0x3f));
    return 3;
  }
  if (c < 0x110000) {
    buf[0] = uint8_t(0xf0 | (c >> 18));
    buf[1] = uint8_t(0x80 | ((c >> 12) & 0x3f));
    buf[2] = uint8_t(0x80 | ((c >> 6) & 0x3f));
    buf[3] = uint8_t(0x80 | (c & 0x3f));
    return 4;
  }
  return 0;
}

void put_dump(std::string& out, std::span<const uint8_t> whole) {
  out += '#';
  for (uint8_t b : whole) {
    out += kHex[b >> 4];
    out += kHex[b & 0xf];
  }
}

// Bytes per character of a string type, 0 for UTF8String (bytes as they are), -1 for a type
// that is dumped as hex.
int char_width(uint8_t tag) {
  switch (tag) {
    case der_tag::kUtf8String:
      return 0;
    case 0x12:  // NumericString
    case der_tag::kPrintableString:
    case der_tag::kT61String:
    case der_tag::kIa5String:
    case der_tag::kUtcTime:
    case der_tag::kGeneralizedTime:
    case 0x1a:  // VisibleString
      return 1;
    case 0x1c:  // UniversalString
      return 4;
    case der_tag::kBmpString:
      return 2;
    default:
      return -1;
  }
}

// False when the value cannot be printed (a width that does not divide its length).
bool put_value(std::string& out, const DerElement& v) {
  int width = char_width(v.tag);
  if (width < 0) {
    put_dump(out, v.whole);
    return true;
  }
  auto bytes = v.value;
  if (width == 0) {
    for (size_t i = 0; i < bytes.size(); ++i) {
      bool last = i + 1 == bytes.size();
      put_escaped(out, bytes[i], i == 0 && !last, last);
    }
    return true;
  }
  if (bytes.size() % size_t(width) != 0) return false;
  for (size_t i = 0; i < bytes.size(); i += size_t(width)) {
    uint32_t c = 0;
    for (int j = 0; j < width; ++j) c = (c << 8) | bytes[i + size_t(j)];
    bool first = i == 0, last = i + size_t(width) == bytes.size();
    uint8_t utf8[4];
    size_t n = put_utf8(utf8, c);
    for (size_t j = 0; j < n; ++j) put_escaped(out, utf8[j], first && !last, last);
  }
  return true;
}

}  // namespace

std::string_view format_name_rfc2253(std::span<const uint8_t> rdn_sequence, std::string& out,
                                     std::string* last_common_name) {
  out.clear();
  std::vector<Attribute> attributes;
  DerReader rdns(rdn_sequence);
  for (size_t rdn_index = 0; !rdns.at_end(); ++rdn_index) {
    DerElement rdn;
    if (!rdns.next(der_tag::kSet, rdn)) return "Name: bad RDN";
    DerReader atvs(rdn.value);
    if (atvs.at_end()) return "Name: empty RDN";
    while (!atvs.at_end()) {
      DerElement atv, oid, value;
      if (!atvs.next(der_tag::kSequence, atv)) return "Name: bad attribute";
      DerReader fields(atv.value);
      if (!fields.next(der_tag::kOid, oid) || !fields.next(value) || !fields.at_end())
        return "Name: bad attribute";
      auto text = der_oid_text(oid.value);
      if (!text) return "Name: bad attribute type";
      if (last_common_name && *text == "2.5.4.3") {
        last_common_name->clear();
        for (uint8_t b : value.value) {
          if (b == '\n' || last_common_name->size() >= kMaxNameText - 1) break;
          bool plain = (b >= 0x20 && b <= 0x7e) || b == '\r';
          last_common_name->push_back(plain ? char(b) : '.');
        }
      }
      attributes.push_back({rdn_index, std::move(*text), value});
    }
  }
  for (size_t i = attributes.size(); i-- > 0;) {
    const Attribute& a = attributes[i];
    if (i + 1 < attributes.size()) out += attributes[i + 1].rdn == a.rdn ? '+' : ',';
    std::string_view name = attribute_short_name(a.oid);
    out += name.empty() ? std::string_view(a.oid) : name;
    out += '=';
    if (name.empty()) {
      put_dump(out, a.value.whole);
    } else if (!put_value(out, a.value)) {
      break;  // OpenSSL stops printing here; what was written stays
    }
    if (out.size() >= kMaxNameText) break;
  }
  if (out.size() > kMaxNameText) out.resize(kMaxNameText);
  return {};
}

}  // namespace zeekscope::x509
