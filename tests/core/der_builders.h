#pragma once
// Test-only: DER and X.509 certificates built by hand, for the DER reader's and the
// certificate parser's edge cases. The encodings are minimal DER unless a test breaks them.
#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

namespace zeekscope::test {

using Bytes = std::vector<uint8_t>;

inline Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

inline Bytes der_length(size_t n) {
  if (n < 0x80) return {uint8_t(n)};
  Bytes digits;
  for (; n; n >>= 8) digits.insert(digits.begin(), uint8_t(n));
  digits.insert(digits.begin(), uint8_t(0x80 | digits.size()));
  return digits;
}

inline Bytes der(uint8_t tag, const Bytes& contents) {
  return cat({{tag}, der_length(contents.size()), contents});
}
inline Bytes der_text(uint8_t tag, const std::string& s) {
  return der(tag, Bytes(s.begin(), s.end()));
}
inline Bytes seq(std::initializer_list<Bytes> parts) { return der(0x30, cat(parts)); }
inline Bytes set(std::initializer_list<Bytes> parts) { return der(0x31, cat(parts)); }

// An OBJECT IDENTIFIER from its dotted text.
inline Bytes oid(const std::string& dotted) {
  std::vector<uint64_t> arcs;
  size_t at = 0;
  while (at <= dotted.size()) {
    size_t dot = dotted.find('.', at);
    if (dot == std::string::npos) dot = dotted.size();
    arcs.push_back(std::stoull(dotted.substr(at, dot - at)));
    at = dot + 1;
  }
  Bytes body;
  auto put = [&](uint64_t v) {
    Bytes b{uint8_t(v & 0x7f)};
    for (v >>= 7; v; v >>= 7) b.insert(b.begin(), uint8_t(0x80 | (v & 0x7f)));
    body.insert(body.end(), b.begin(), b.end());
  };
  put(arcs[0] * 40 + arcs[1]);
  for (size_t i = 2; i < arcs.size(); ++i) put(arcs[i]);
  return der(0x06, body);
}

// One attribute of a Name: (type OID, string tag, value).
struct NameAttribute {
  std::string type;
  uint8_t tag = 0x13;  // PrintableString
  std::string value;
  bool joins_previous = false;  // in the same (multi-valued) RDN as the attribute before it
};
inline Bytes name(const std::vector<NameAttribute>& attributes) {
  Bytes rdns;
  Bytes current;
  for (size_t i = 0; i < attributes.size(); ++i) {
    const auto& a = attributes[i];
    if (i > 0 && !a.joins_previous) {
      Bytes s = der(0x31, current);
      rdns.insert(rdns.end(), s.begin(), s.end());
      current.clear();
    }
    Bytes atv = seq({oid(a.type), der_text(a.tag, a.value)});
    current.insert(current.end(), atv.begin(), atv.end());
  }
  if (!attributes.empty()) {
    Bytes s = der(0x31, current);
    rdns.insert(rdns.end(), s.begin(), s.end());
  }
  return der(0x30, rdns);
}

struct CertificateParts {
  Bytes version = der(0xa0, der(0x02, {0x02}));  // v3; empty for v1 (absent)
  Bytes serial = der(0x02, {0x01, 0x23});
  Bytes issuer = name({{"2.5.4.3", 0x13, "Test CA"}});
  Bytes subject = name({{"2.5.4.3", 0x13, "leaf.example"}});
  Bytes not_before = der_text(0x17, "200101000000Z");
  Bytes not_after = der_text(0x18, "20501231235959Z");
  // rsaEncryption, 1024-bit modulus (top bit set), exponent 65537
  Bytes spki = seq({seq({oid("1.2.840.113549.1.1.1"), der(0x05, {})}),
                    der(0x03, cat({{0x00},
                                   seq({der(0x02, cat({{0x00, 0x80}, Bytes(127, 0x11)})),
                                        der(0x02, {0x01, 0x00, 0x01})})}))});
  std::vector<Bytes> extensions;  // each an Extension SEQUENCE
  Bytes sig_alg = seq({oid("1.2.840.113549.1.1.11"), der(0x05, {})});
};

inline Bytes extension(const std::string& id, const Bytes& value, bool critical = false) {
  if (critical) return seq({oid(id), der(0x01, {0xff}), der(0x04, value)});
  return seq({oid(id), der(0x04, value)});
}

inline Bytes certificate(const CertificateParts& p) {
  Bytes exts;
  if (!p.extensions.empty()) {
    Bytes list;
    for (const auto& e : p.extensions) list.insert(list.end(), e.begin(), e.end());
    exts = der(0xa3, der(0x30, list));
  }
  Bytes tbs = der(0x30, cat({p.version, p.serial, p.sig_alg, p.issuer,
                             seq({p.not_before, p.not_after}), p.subject, p.spki, exts}));
  return seq({tbs, p.sig_alg, der(0x03, {0x00, 0xde, 0xad})});
}

}  // namespace zeekscope::test
