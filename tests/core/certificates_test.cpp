// The capture's certificate view is the same whatever Zeek version wrote the logs: the rules
// read a session's server certificate and a certificate file's hosts from it alone.
#include "capture/certificates.h"

#include "test_support.h"

using namespace zeekscope;

TEST(Certificates, Pre41SessionNamesFromSslLogAndChainFromFileHashes) {
  Capture c;
  TlsSession s;
  s.has_issuer = true;
  s.issuer = c.strings.intern("CN=R3,O=Let's Encrypt,C=US");
  s.subject = c.strings.intern("CN=example.org");
  StrId known = c.strings.intern("Fa1"), unknown = c.strings.intern("Fb2");
  s.chain_fuids = {known, unknown};
  c.file_hashes[known] = {c.strings.intern("aa11"), c.strings.intern("bb22")};
  ServerCertificate cert = server_certificate(c, s);
  EXPECT_TRUE(cert.names_known);
  EXPECT_EQ(cert.issuer, "CN=R3,O=Let's Encrypt,C=US");
  EXPECT_EQ(cert.subject, "CN=example.org");
  EXPECT_TRUE(cert.chain_listed);
  ASSERT_EQ(cert.chain.size(), 1u);  // the file whose hashes files.log lacks is left out
  EXPECT_EQ(c.strings.view(cert.chain[0].sha1), "aa11");
  EXPECT_EQ(c.strings.view(cert.chain[0].sha256), "bb22");
}

TEST(Certificates, Zeek41SessionNamesFromTheLeafsX509Record) {
  Capture c;
  TlsSession s;
  StrId leaf = c.strings.intern("1111"), ca = c.strings.intern("2222");
  s.chain_fps = {leaf, ca};
  Certificate x509;
  x509.subject = c.strings.intern("CN=self");
  x509.issuer = c.strings.intern("CN=self");
  c.certificates[leaf] = x509;
  ServerCertificate cert = server_certificate(c, s);
  EXPECT_TRUE(cert.names_known);
  EXPECT_EQ(cert.subject, "CN=self");
  ASSERT_EQ(cert.chain.size(), 2u);
  EXPECT_EQ(cert.chain[0].sha1, 0u);
  EXPECT_EQ(c.strings.view(cert.chain[0].sha256), "1111");
  EXPECT_EQ(c.strings.view(cert.chain[1].sha256), "2222");

  c.certificates.clear();  // no x509.log: the names are unknown, the chain is not
  cert = server_certificate(c, s);
  EXPECT_FALSE(cert.names_known);
  EXPECT_EQ(cert.issuer, "");
  EXPECT_EQ(cert.chain.size(), 2u);
}

TEST(Certificates, SessionWithoutChainOrIssuer) {
  Capture c;
  ServerCertificate cert = server_certificate(c, TlsSession{});
  EXPECT_FALSE(cert.names_known);
  EXPECT_FALSE(cert.chain_listed);
  EXPECT_TRUE(cert.chain.empty());
}

TEST(Certificates, FileHostsFromTxHostsOrDirection) {
  Capture c;
  CertificateFile old;  // before Zeek 5.1
  old.tx_list = {c.strings.intern("203.0.113.5"), c.strings.intern("203.0.113.6")};
  old.rx_hosts = c.strings.intern("10.0.0.2");
  EXPECT_EQ(file_hosts(c, old).sender, "203.0.113.5");
  EXPECT_EQ(file_hosts(c, old).receiver, "10.0.0.2");

  CertificateFile now;  // Zeek 5.1+: the server is the responder unless is_orig says otherwise
  now.orig_h = c.strings.intern("10.0.0.2");
  now.resp_h = c.strings.intern("198.51.100.7");
  now.has_is_orig = true;
  now.is_orig = false;
  EXPECT_EQ(file_hosts(c, now).sender, "198.51.100.7");
  EXPECT_EQ(file_hosts(c, now).receiver, "10.0.0.2");
  now.is_orig = true;
  EXPECT_EQ(file_hosts(c, now).sender, "10.0.0.2");
  EXPECT_EQ(file_hosts(c, now).receiver, "198.51.100.7");
}
