#include "x509/certificate.h"

#include <algorithm>

#include "common/ip_address.h"
#include "common/sha1.h"
#include "common/sha256.h"
#include "x509/der.h"
#include "x509/distinguished_name.h"
#include "x509/object_names.h"

namespace zeekscope::x509 {
namespace {

constexpr std::string_view kSubjectAltName = "2.5.29.17";
constexpr std::string_view kBasicConstraints = "2.5.29.19";

// An INTEGER's magnitude in bits (0 for zero); the INTEGER is taken as non-negative.
uint32_t bit_length(std::span<const uint8_t> integer) {
  while (!integer.empty() && integer[0] == 0) integer = integer.subspan(1);
  if (integer.empty()) return 0;
  uint32_t bits = uint32_t(integer.size() - 1) * 8;
  for (uint8_t b = integer[0]; b; b >>= 1) ++bits;
  return bits;
}

constexpr size_t kMaxExponentBytes = 256;

// A non-negative INTEGER in decimal, by repeated division of a copy of its bytes (quadratic in
// its length: callers bound it).
std::string decimal_text(std::span<const uint8_t> integer) {
  std::vector<uint8_t> n(integer.begin(), integer.end());
  std::string digits;
  auto nonzero = [&] { return std::any_of(n.begin(), n.end(), [](uint8_t b) { return b; }); };
  while (nonzero()) {
    uint32_t rem = 0;
    for (auto& b : n) {
      uint32_t cur = (rem << 8) | b;
      b = uint8_t(cur / 10);
      rem = cur % 10;
    }
    digits += char('0' + rem);
  }
  if (digits.empty()) digits.push_back('0');
  std::reverse(digits.begin(), digits.end());
  return digits;
}

std::string algorithm_name(const std::string& oid) {
  std::string_view name = algorithm_long_name(oid);
  return name.empty() ? oid : std::string(name);
}

// AlgorithmIdentifier ::= SEQUENCE { algorithm OID, parameters ANY OPTIONAL }
bool read_algorithm(const DerElement& seq, std::string& oid, DerElement& params, bool& has_params) {
  DerReader r(seq.value);
  DerElement id;
  if (!r.next(der_tag::kOid, id)) return false;
  auto text = der_oid_text(id.value);
  if (!text) return false;
  oid = std::move(*text);
  has_params = !r.at_end();
  if (has_params && !r.next(params)) return false;
  return r.at_end();
}

std::string_view read_public_key(const DerElement& spki, Certificate& c) {
  DerReader r(spki.value);
  DerElement alg, key, params;
  bool has_params = false;
  std::string oid;
  if (!r.next(der_tag::kSequence, alg) || !read_algorithm(alg, oid, params, has_params))
    return "bad public key algorithm";
  if (!r.next(der_tag::kBitString, key) || !r.at_end()) return "bad public key";
  if (key.value.empty() || key.value[0] > 7) return "bad public key bit string";
  c.key_alg = algorithm_name(oid);
  PublicKeyKind kind = public_key_kind(oid);
  c.key_type = kind.key_type.empty() ? c.key_alg : std::string(kind.key_type);
  auto key_bytes = key.value.subspan(1);
  if (kind.fixed_bits) {
    c.key_length = kind.fixed_bits;
  } else if (kind.rsa) {
    // RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }
    DerReader outer(key_bytes);
    DerElement seq, n, e;
    if (!outer.next(der_tag::kSequence, seq) || !outer.at_end()) return "bad RSA key";
    DerReader fields(seq.value);
    if (!fields.next(der_tag::kInteger, n) || !fields.next(der_tag::kInteger, e) ||
        !fields.at_end() || !der_integer_minimal(n.value) || !der_integer_minimal(e.value) ||
        (n.value[0] & 0x80) || (e.value[0] & 0x80))
      return "bad RSA key";
    c.key_length = bit_length(n.value);
    // Real exponents take 1 to 4 bytes; a longer one (a hostile certificate can make it fill
    // 60 KiB) is left unset rather than converted at quadratic cost.
    if (e.value.size() <= kMaxExponentBytes) c.exponent = decimal_text(e.value);
  } else if (kind.dsa && has_params && params.tag == der_tag::kSequence) {
    // Dss-Parms ::= SEQUENCE { p INTEGER, q INTEGER, g INTEGER }
    DerReader fields(params.value);
    DerElement p;
    if (fields.next(der_tag::kInteger, p)) c.key_length = bit_length(p.value);
  } else if (kind.ec && has_params && params.tag == der_tag::kOid) {
    if (auto curve_oid = der_oid_text(params.value)) {
      NamedCurve curve = named_curve(*curve_oid);
      c.curve = curve.short_name.empty() ? *curve_oid : std::string(curve.short_name);
      if (curve.bits) c.key_length = curve.bits;
    }
  }
  return {};
}

std::string_view read_validity(const DerElement& validity, Certificate& c) {
  DerReader r(validity.value);
  DerElement before, after;
  if (!r.next(before) || !r.next(after) || !r.at_end()) return "bad validity";
  auto b = der_time(before.tag, before.value);
  auto a = der_time(after.tag, after.value);
  if (!b || !a) return "bad validity time";
  c.not_valid_before = *b;
  c.not_valid_after = *a;
  return {};
}

std::string_view read_subject_alt_name(std::span<const uint8_t> value, Certificate& c,
                                       const CertificateLimits& limits) {
  DerReader outer(value);
  DerElement names;
  if (!outer.next(der_tag::kSequence, names) || !outer.at_end()) return "bad subjectAltName";
  DerReader r(names.value);
  while (!r.at_end()) {
    DerElement name;
    if (!r.next(name)) return "bad subjectAltName entry";
    std::vector<std::string>* list = nullptr;
    std::string text;
    switch (name.tag) {
      case der_tag::kContext | 1:
        list = &c.san_email;
        break;
      case der_tag::kContext | 2:
        list = &c.san_dns;
        break;
      case der_tag::kContext | 6:
        list = &c.san_uri;
        break;
      case der_tag::kContext | 7:
        if (name.value.size() == 4)
          text = IpAddress::from_v4(name.value.data()).to_string();
        else if (name.value.size() == 16)
          text = IpAddress::from_v6(name.value.data()).to_string();
        else
          continue;  // Zeek skips other lengths (weird x509_san_ip_length)
        list = &c.san_ip;
        break;
      default:
        continue;  // otherName, directoryName ...: not in x509.log
    }
    if (list->size() >= limits.max_san_entries) continue;
    if (text.empty()) text.assign(name.value.begin(), name.value.end());
    list->push_back(std::move(text));
  }
  return {};
}

std::string_view read_basic_constraints(std::span<const uint8_t> value, Certificate& c) {
  DerReader outer(value);
  DerElement seq, ca, path_len;
  if (!outer.next(der_tag::kSequence, seq) || !outer.at_end()) return "bad basicConstraints";
  DerReader r(seq.value);
  bool is_ca = false;
  if (r.next_if(der_tag::kBoolean, ca)) {
    auto b = der_boolean(ca.value);
    if (!b) return "bad basicConstraints";
    is_ca = *b;
  }
  if (!r.error().empty()) return "bad basicConstraints";
  if (r.next_if(der_tag::kInteger, path_len)) {
    auto n = der_small_unsigned(path_len.value);
    if (!n) return "bad basicConstraints path length";
    c.basic_constraints_path_len = *n;
  }
  if (!r.error().empty() || !r.at_end()) return "bad basicConstraints";
  c.basic_constraints_ca = is_ca;
  return {};
}

// Extensions ::= SEQUENCE OF Extension; Extension ::= SEQUENCE { extnID OID, critical BOOLEAN
// DEFAULT FALSE, extnValue OCTET STRING }. As in OpenSSL, an extension that occurs more than
// once is not used.
std::string_view read_extensions(const DerElement& explicit_tag, Certificate& c,
                                 const CertificateLimits& limits) {
  DerReader outer(explicit_tag.value);
  DerElement list;
  if (!outer.next(der_tag::kSequence, list) || !outer.at_end()) return "bad extensions";
  std::span<const uint8_t> san, constraints;
  int san_count = 0, constraints_count = 0;
  DerReader r(list.value);
  while (!r.at_end()) {
    DerElement ext, id, critical, value;
    if (!r.next(der_tag::kSequence, ext)) return "bad extension";
    DerReader fields(ext.value);
    if (!fields.next(der_tag::kOid, id)) return "bad extension";
    if (fields.next_if(der_tag::kBoolean, critical) && !der_boolean(critical.value))
      return "bad extension";
    if (!fields.error().empty() || !fields.next(der_tag::kOctetString, value) || !fields.at_end())
      return "bad extension";
    auto oid = der_oid_text(id.value);
    if (!oid) return "bad extension id";
    if (*oid == kSubjectAltName) {
      san = value.value;
      ++san_count;
    } else if (*oid == kBasicConstraints) {
      constraints = value.value;
      ++constraints_count;
    }
  }
  // A malformed subjectAltName or basicConstraints leaves that extension unread, not the
  // certificate: OpenSSL decodes extensions only when asked, so Zeek still logs the rest (and
  // matches no name: its hostname check fails on the undecodable SAN).
  c.has_san = san_count == 1;
  if (san_count == 1)
    if (auto e = read_subject_alt_name(san, c, limits); !e.empty()) {
      c.san_dns.clear();
      c.san_uri.clear();
      c.san_email.clear();
      c.san_ip.clear();
      c.unread_extension = e;
    }
  if (constraints_count == 1)
    if (auto e = read_basic_constraints(constraints, c); !e.empty()) {
      c.basic_constraints_ca.reset();
      c.basic_constraints_path_len.reset();
      c.unread_extension = e;
    }
  return {};
}

std::string_view read_certificate(std::span<const uint8_t> der, Certificate& c,
                                  const CertificateLimits& limits) {
  if (auto e = der_check(der); !e.empty()) return e;
  DerReader top(der);
  DerElement cert, tbs, sig_alg, sig;
  if (!top.next(der_tag::kSequence, cert)) return "not a SEQUENCE";
  DerReader parts(cert.value);
  if (!parts.next(der_tag::kSequence, tbs) || !parts.next(der_tag::kSequence, sig_alg) ||
      !parts.next(der_tag::kBitString, sig) || !parts.at_end())
    return "not a Certificate";
  std::string oid;
  DerElement params;
  bool has_params = false;
  if (!read_algorithm(sig_alg, oid, params, has_params)) return "bad signature algorithm";
  c.sig_alg = algorithm_name(oid);

  DerReader f(tbs.value);
  DerElement version, serial, tbs_sig, issuer, validity, subject, spki, ext;
  c.version = 1;
  if (f.next_if(der_tag::kContext | der_tag::kConstructed | 0, version)) {
    DerReader v(version.value);
    DerElement n;
    if (!v.next(der_tag::kInteger, n) || !v.at_end()) return "bad version";
    auto number = der_small_unsigned(n.value);
    if (!number || *number > 2) return "bad version";
    c.version = uint32_t(*number) + 1;
  }
  if (!f.error().empty()) return f.error();
  if (!f.next(der_tag::kInteger, serial) || !der_integer_minimal(serial.value))
    return "bad serial number";
  c.serial = serial_text(serial.value);
  if (!f.next(der_tag::kSequence, tbs_sig)) return "bad signature algorithm";
  if (!f.next(der_tag::kSequence, issuer)) return "bad issuer";
  if (auto e = format_name_rfc2253(issuer.value, c.issuer); !e.empty()) return e;
  if (!f.next(der_tag::kSequence, validity)) return "bad validity";
  if (auto e = read_validity(validity, c); !e.empty()) return e;
  if (!f.next(der_tag::kSequence, subject)) return "bad subject";
  if (auto e = format_name_rfc2253(subject.value, c.subject, &c.common_name); !e.empty()) return e;
  c.self_signed = std::equal(issuer.whole.begin(), issuer.whole.end(), subject.whole.begin(),
                             subject.whole.end());
  if (!f.next(der_tag::kSequence, spki)) return "bad public key";
  if (auto e = read_public_key(spki, c); !e.empty()) return e;
  DerElement unique_id;
  for (uint8_t n : {1, 2})  // issuerUniqueID, subjectUniqueID: skipped
    if (!f.next_if(der_tag::kContext | n, unique_id) && !f.error().empty()) return f.error();
  if (f.next_if(der_tag::kContext | der_tag::kConstructed | 3, ext)) {
    if (auto e = read_extensions(ext, c, limits); !e.empty()) return e;
  } else if (!f.error().empty()) {
    return f.error();
  }
  if (!f.at_end()) return "unexpected field in TBSCertificate";
  return {};
}

}  // namespace

std::string serial_text(std::span<const uint8_t> integer) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::vector<uint8_t> magnitude(integer.begin(), integer.end());
  std::string out;
  if (!magnitude.empty() && (magnitude[0] & 0x80)) {
    out = "-";  // two's complement: the magnitude is the negation
    for (auto& b : magnitude) b = uint8_t(~b);
    for (size_t i = magnitude.size(); i-- > 0;)
      if (++magnitude[i] != 0) break;
  }
  size_t start = 0;
  while (start < magnitude.size() && magnitude[start] == 0) ++start;
  if (start == magnitude.size()) return out + "00";
  for (size_t i = start; i < magnitude.size(); ++i) {
    if (i != start && (i - start) % 35 == 0) out += "\\\n";  // OpenSSL's line breaks
    out += kHex[magnitude[i] >> 4];
    out += kHex[magnitude[i] & 0xf];
  }
  return out;
}

CertificateParse parse_certificate(std::span<const uint8_t> der, const CertificateLimits& limits) {
  CertificateParse p;
  p.certificate.sha1 = sha1_hex(der);
  p.certificate.sha256 = sha256_hex(der);
  if (der.size() > limits.max_size)
    p.error = "certificate larger than the limit";
  else
    p.error = read_certificate(der, p.certificate, limits);
  return p;
}

}  // namespace zeekscope::x509
