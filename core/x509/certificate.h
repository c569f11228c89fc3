#pragma once
// One X.509 certificate (RFC 5280) from its DER, as the fields of a Zeek x509.log record
// (spec section 7.2). The whole encoding is checked first (der_check: definite minimal
// lengths, every element inside its parent, bounded nesting); then the TBSCertificate is read
// field by field. Errors are values: `error` says why, and the fingerprints are set anyway,
// since they only need the bytes (Zeek logs a fingerprint for what it could hash).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace zeekscope::x509 {

struct CertificateLimits {
  size_t max_size = 64 * 1024;    // bytes of DER; a larger certificate is refused
  size_t max_san_entries = 1024;  // names kept per SAN list
};

struct Certificate {
  uint32_t version = 0;         // X.509 version + 1, as Zeek writes it (v3 -> 3)
  std::string serial;           // upper-case hex of the INTEGER's magnitude, "-" first if negative
  std::string subject, issuer;  // RFC 2253 one-line form (distinguished_name.h)
  int64_t not_valid_before = 0, not_valid_after = 0;  // seconds since the epoch
  std::string key_alg, sig_alg;        // OpenSSL long names, or the dotted OID when not listed
  std::string key_type;                // rsa, dsa, ecdsa, or the algorithm's short name
  std::optional<uint32_t> key_length;  // bits (RSA modulus, DSA p, EC curve order)
  std::string exponent;                // RSA public exponent, decimal
  std::string curve;                   // EC named curve
  std::vector<std::string> san_dns, san_uri, san_email, san_ip;
  bool has_san = false;               // one subjectAltName extension, even one without DNS names
  std::string_view unread_extension;  // why a SAN or basicConstraints was malformed and left out
  std::string common_name;  // the subject's last CN as OpenSSL prints it (hostname_match.h)
  std::optional<bool> basic_constraints_ca;  // unset without the extension
  std::optional<uint64_t> basic_constraints_path_len;
  // issuer == subject, compared as Name DER bytes. This is not a signature check, and not
  // what Zeek's validation_status says: a certificate that names itself as its issuer.
  bool self_signed = false;
  std::string sha1, sha256;  // fingerprints of the whole DER, lower-case hex
};

struct CertificateParse {
  Certificate certificate;  // complete when error is empty; partly filled otherwise
  std::string_view error;   // empty when the certificate parsed
  bool ok() const { return error.empty(); }
};

CertificateParse parse_certificate(std::span<const uint8_t> der,
                                   const CertificateLimits& limits = {});

// i2a_ASN1_INTEGER's text for an INTEGER's contents (as Zeek writes certificate.serial).
std::string serial_text(std::span<const uint8_t> integer);

}  // namespace zeekscope::x509
