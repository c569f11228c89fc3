#pragma once
// The capture's view of certificates, the same whatever the Zeek version wrote: a TLS session's
// server certificate (chain fingerprints, leaf subject and issuer) and a certificate file's
// sender and receiver. Zeek moved these between logs over the years (ssl.log's issuer, subject
// and cert_chain_fuids before 4.1, x509.log fingerprints and cert_chain_fps after; files.log's
// tx_hosts/rx_hosts before 5.1, is_orig with the connection's hosts after); the era is decided
// here and nowhere else.
#include <string_view>
#include <vector>

#include "capture/capture.h"

namespace zeekscope {

// One certificate of a chain, by the fingerprints the logs give (0 when unknown).
struct CertificateFingerprints {
  StrId sha1 = 0, sha256 = 0;
};

struct ServerCertificate {
  // The chain, server certificate first. Zeek 4.1+ logs give SHA-256 fingerprints; older logs
  // give file ids, whose hashes files.log may or may not carry (those it lacks are left out).
  std::vector<CertificateFingerprints> chain;
  bool chain_listed = false;  // the log named a chain (even one whose hashes are unknown)
  bool names_known = false;   // subject and issuer below come from the logs
  std::string_view subject, issuer;
};

ServerCertificate server_certificate(const Capture& c, const TlsSession& s);

// The hosts a certificate file went between (texts in the capture's pool).
struct FileHosts {
  std::string_view sender;    // the server that sent the certificate
  std::string_view receiver;  // the host it was sent to
};

FileHosts file_hosts(const Capture& c, const CertificateFile& f);

}  // namespace zeekscope
