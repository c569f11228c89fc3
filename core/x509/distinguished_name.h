#pragma once
// An X.509 Name as Zeek's x509.log writes certificate.subject and .issuer: OpenSSL's one-line
// RFC 2253 form (X509_NAME_print_ex with XN_FLAG_RFC2253), rebuilt from its documented rules:
// - attributes in reverse DER order, RDNs joined by ",", the attributes of one multi-valued RDN
//   by "+", "=" without spaces, OpenSSL's short attribute names (CN, O, emailAddress);
// - an attribute OpenSSL does not know: its dotted OID, "=#" and the upper-case hex of the
//   value's whole DER; so is a value of a non-string type;
// - string values: BMPString and UniversalString characters (and each byte of Printable, IA5,
//   T61 and other one-byte strings) converted to UTF-8, UTF8String bytes taken as they are;
//   then every byte >= 0x80 and every control byte written as \XX (upper-case hex), and
//   , + " \ < > ; escaped with a backslash, as are '#' or ' ' first and ' ' last in a value.
// Zeek reads the text through a 2048-byte buffer: longer names are cut there.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace zeekscope::x509 {

constexpr size_t kMaxNameText = 2048;

// `rdn_sequence` is the contents of the Name's SEQUENCE. Writes the text to `out`; returns the
// reason when the Name is malformed (an empty view when it is fine). With `last_common_name`,
// also the value of the Name's last commonName as OpenSSL's ASN1_STRING_print gives it (the
// name Zeek matches a server name against when a certificate has no subjectAltName): the
// value's bytes, each outside 0x20-0x7E but CR and LF written as '.', cut at the first LF.
std::string_view format_name_rfc2253(std::span<const uint8_t> rdn_sequence, std::string& out,
                                     std::string* last_common_name = nullptr);

}  // namespace zeekscope::x509
