#pragma once
// The names OpenSSL prints for the object identifiers found in certificates, which are the
// names Zeek's x509.log shows: short names for Name attributes (CN, O, emailAddress), long
// names for algorithms (rsaEncryption, sha256WithRSAEncryption, id-ecPublicKey), short names
// for curves (prime256v1). Only the common ones are listed; docs/CAPTURES.md says what an
// identifier missing here looks like.
#include <cstdint>
#include <string_view>

namespace zeekscope::x509 {

// A Name attribute's short name; empty when not listed.
std::string_view attribute_short_name(std::string_view dotted_oid);
// A signature or public key algorithm's long name; empty when not listed.
std::string_view algorithm_long_name(std::string_view dotted_oid);

struct PublicKeyKind {
  std::string_view key_type;  // x509.log key_type: rsa, dsa, ecdsa, or the short name
  bool rsa = false, dsa = false, ec = false;
  uint32_t fixed_bits = 0;  // key length for kinds with a fixed size (Ed25519, ML-DSA)
};
// The key kind of a public key algorithm; key_type empty when not listed.
PublicKeyKind public_key_kind(std::string_view dotted_oid);

struct NamedCurve {
  std::string_view short_name;  // prime256v1, secp384r1 ...
  uint32_t bits = 0;            // the size of the curve's order, x509.log's key_length
};
// A named curve; short_name empty when not listed.
NamedCurve named_curve(std::string_view dotted_oid);

}  // namespace zeekscope::x509
