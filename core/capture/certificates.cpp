#include "capture/certificates.h"

namespace zeekscope {

ServerCertificate server_certificate(const Capture& c, const TlsSession& s) {
  ServerCertificate out;
  out.chain_listed = !s.chain_fps.empty() || !s.chain_fuids.empty();
  for (StrId fp : s.chain_fps) {
    auto it = c.certificates.find(fp);  // zeekscope's own x509.log also gives the SHA-1
    out.chain.push_back({it != c.certificates.end() ? it->second.sha1 : StrId(0), fp});
  }
  for (StrId fuid : s.chain_fuids) {
    auto h = c.file_hashes.find(fuid);
    if (h != c.file_hashes.end()) out.chain.push_back({h->second.first, h->second.second});
  }
  if (s.has_issuer) {  // ssl.log before Zeek 4.1
    out.names_known = true;
    out.issuer = c.strings.view(s.issuer);
    out.subject = c.strings.view(s.subject);
    return out;
  }
  // Zeek 4.1+: the leaf's x509.log record, keyed by fingerprint (or by file id before that).
  StrId leaf = !s.chain_fps.empty()     ? s.chain_fps[0]
               : !s.chain_fuids.empty() ? s.chain_fuids[0]
                                        : 0;
  if (leaf == 0) return out;
  auto it = c.certificates.find(leaf);
  if (it == c.certificates.end()) return out;
  out.names_known = true;
  out.issuer = c.strings.view(it->second.issuer);
  out.subject = c.strings.view(it->second.subject);
  return out;
}

FileHosts file_hosts(const Capture& c, const CertificateFile& f) {
  if (!f.tx_list.empty())  // files.log before Zeek 5.1
    return {c.strings.view(f.tx_list[0]), c.strings.view(f.rx_hosts)};
  // Zeek 5.1+: is_orig says whether the connection's originator sent the file.
  bool from_orig = f.has_is_orig && f.is_orig;
  return {c.strings.view(from_orig ? f.orig_h : f.resp_h),
          c.strings.view(from_orig ? f.resp_h : f.orig_h)};
}

}  // namespace zeekscope
