#pragma once
// Whether a server certificate names the host a TLS client asked for, as Zeek decides ssl.log's
// sni_matches_cert (x509_check_cert_hostname): the subjectAltName's DNS names when the
// certificate has that extension (its other names, and the subject, are then not looked at),
// else the subject's last commonName. Names are compared byte for byte, case included (Zeek
// does not fold case). A name with a '*' matches when the '*' ends its first label, the name
// has at least two dots, and the host has that label's prefix and then exactly the name's text
// from its first dot: "*.example.com" and "ww*.example.com" match "www.example.com", but
// neither "example.com" nor "a.b.example.com"; the '*' may stand for nothing.
#include <string_view>

#include "x509/certificate.h"

namespace zeekscope::x509 {

bool name_matches_host(std::string_view certificate_name, std::string_view host);
bool matches_host(const Certificate& certificate, std::string_view host);

}  // namespace zeekscope::x509
