#include "x509/object_names.h"

namespace zeekscope::x509 {
namespace {

struct OidName {
  std::string_view oid, name;
};

template <size_t N>
std::string_view find(const OidName (&table)[N], std::string_view oid) {
  for (const auto& e : table)
    if (e.oid == oid) return e.name;
  return {};
}

constexpr OidName kAttributes[] = {
    {"2.5.4.3", "CN"},
    {"2.5.4.4", "SN"},
    {"2.5.4.5", "serialNumber"},
    {"2.5.4.6", "C"},
    {"2.5.4.7", "L"},
    {"2.5.4.8", "ST"},
    {"2.5.4.9", "street"},
    {"2.5.4.10", "O"},
    {"2.5.4.11", "OU"},
    {"2.5.4.12", "title"},
    {"2.5.4.13", "description"},
    {"2.5.4.15", "businessCategory"},
    {"2.5.4.17", "postalCode"},
    {"2.5.4.18", "postOfficeBox"},
    {"2.5.4.41", "name"},
    {"2.5.4.42", "GN"},
    {"2.5.4.43", "initials"},
    {"2.5.4.44", "generationQualifier"},
    {"2.5.4.45", "x500UniqueIdentifier"},
    {"2.5.4.46", "dnQualifier"},
    {"2.5.4.65", "pseudonym"},
    {"2.5.4.72", "role"},
    {"2.5.4.97", "organizationIdentifier"},
    {"1.2.840.113549.1.9.1", "emailAddress"},
    {"1.2.840.113549.1.9.2", "unstructuredName"},
    {"1.2.840.113549.1.9.8", "unstructuredAddress"},
    {"0.9.2342.19200300.100.1.1", "UID"},
    {"0.9.2342.19200300.100.1.25", "DC"},
    {"1.3.6.1.4.1.311.60.2.1.1", "jurisdictionL"},
    {"1.3.6.1.4.1.311.60.2.1.2", "jurisdictionST"},
    {"1.3.6.1.4.1.311.60.2.1.3", "jurisdictionC"},
};

constexpr OidName kAlgorithms[] = {
    {"1.2.840.113549.1.1.1", "rsaEncryption"},
    {"1.2.840.113549.1.1.2", "md2WithRSAEncryption"},
    {"1.2.840.113549.1.1.4", "md5WithRSAEncryption"},
    {"1.2.840.113549.1.1.5", "sha1WithRSAEncryption"},
    {"1.2.840.113549.1.1.10", "rsassaPss"},
    {"1.2.840.113549.1.1.11", "sha256WithRSAEncryption"},
    {"1.2.840.113549.1.1.12", "sha384WithRSAEncryption"},
    {"1.2.840.113549.1.1.13", "sha512WithRSAEncryption"},
    {"1.2.840.113549.1.1.14", "sha224WithRSAEncryption"},
    {"1.2.840.10040.4.1", "dsaEncryption"},
    {"1.2.840.10040.4.3", "dsaWithSHA1"},
    {"2.16.840.1.101.3.4.3.2", "dsa_with_SHA256"},
    {"1.2.840.10045.2.1", "id-ecPublicKey"},
    {"1.2.840.10045.4.1", "ecdsa-with-SHA1"},
    {"1.2.840.10045.4.3.1", "ecdsa-with-SHA224"},
    {"1.2.840.10045.4.3.2", "ecdsa-with-SHA256"},
    {"1.2.840.10045.4.3.3", "ecdsa-with-SHA384"},
    {"1.2.840.10045.4.3.4", "ecdsa-with-SHA512"},
    {"1.3.101.112", "ED25519"},
    {"1.3.101.113", "ED448"},
    {"2.16.840.1.101.3.4.3.17", "ML-DSA-44"},
    {"2.16.840.1.101.3.4.3.18", "ML-DSA-65"},
    {"2.16.840.1.101.3.4.3.19", "ML-DSA-87"},
};

}  // namespace

std::string_view attribute_short_name(std::string_view oid) { return find(kAttributes, oid); }

std::string_view algorithm_long_name(std::string_view oid) { return find(kAlgorithms, oid); }

PublicKeyKind public_key_kind(std::string_view oid) {
  PublicKeyKind k;
  if (oid == "1.2.840.113549.1.1.1") {
    k.key_type = "rsa";
    k.rsa = true;
  } else if (oid == "1.2.840.10040.4.1") {
    k.key_type = "dsa";
    k.dsa = true;
  } else if (oid == "1.2.840.10045.2.1") {
    k.key_type = "ecdsa";
    k.ec = true;
  } else if (oid == "1.3.101.112") {
    k.key_type = "ED25519";
    k.fixed_bits = 253;
  } else if (oid == "1.3.101.113") {
    k.key_type = "ED448";
    k.fixed_bits = 456;
  } else if (oid == "2.16.840.1.101.3.4.3.17") {
    k.key_type = "ML-DSA-44";
    k.fixed_bits = 1312 * 8;
  } else if (oid == "2.16.840.1.101.3.4.3.18") {
    k.key_type = "ML-DSA-65";
    k.fixed_bits = 1952 * 8;
  } else if (oid == "2.16.840.1.101.3.4.3.19") {
    k.key_type = "ML-DSA-87";
    k.fixed_bits = 2592 * 8;
  }
  return k;
}

NamedCurve named_curve(std::string_view oid) {
  static constexpr struct {
    std::string_view oid;
    NamedCurve curve;
  } kCurves[] = {
      {"1.2.840.10045.3.1.7", {"prime256v1", 256}}, {"1.3.132.0.34", {"secp384r1", 384}},
      {"1.3.132.0.35", {"secp521r1", 521}},         {"1.3.132.0.33", {"secp224r1", 224}},
      {"1.3.132.0.10", {"secp256k1", 256}},         {"1.2.840.10045.3.1.1", {"prime192v1", 192}},
  };
  for (const auto& c : kCurves)
    if (c.oid == oid) return c.curve;
  return {};
}

}  // namespace zeekscope::x509
