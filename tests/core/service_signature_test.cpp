// Service detection from first payloads: each protocol's content check on hand-built bytes
// (and what it must not take), the port rules, and a comparison with the service column of
// Zeek's conn.log for every btest trace that has one, on the services recognised here.
#include "protocol/service_signature.h"

#include <gtest/gtest.h>

#include <iomanip>
#include <set>
#include <sstream>

#include "stream_assembly.h"
#include "tls_builders.h"

namespace zeekscope::protocol {
namespace {

using test::tls::Bytes;

Bytes bytes(std::string_view s) { return Bytes(s.begin(), s.end()); }

std::string services(Transport t, uint16_t orig_port, uint16_t resp_port, const Bytes& orig,
                     const Bytes& resp) {
  return service_field({t, orig_port, resp_port, orig, resp});
}

Bytes client_hello() {
  using namespace test::tls;
  return records(message(1, client_hello_body(0x0303, {0x1301}, sni({"a.test"}))));
}

Bytes dns_query() {
  Bytes q{0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0};
  for (std::string_view label : {"www", "example", "com"}) {
    q.push_back(uint8_t(label.size()));
    q.insert(q.end(), label.begin(), label.end());
  }
  q.insert(q.end(), {0, 0, 1, 0, 1});
  return q;
}

TEST(ServiceSignature, Tls) {
  EXPECT_EQ(services(Transport::kTcp, 50000, 443, client_hello(), {}), "ssl");
  EXPECT_EQ(services(Transport::kTcp, 50000, 9999, client_hello(), {}), "ssl");  // any port
  // A ServerHello alone does not confirm.
  using namespace test::tls;
  Bytes server = records(message(2, server_hello_body(0x0303, 0x1301, {})));
  EXPECT_TRUE(looks_like_tls_server_hello(server));
  EXPECT_EQ(services(Transport::kTcp, 50000, 443, {}, server), "");
  // A ClientHello whose hello version is TLS 1.3's (not Zeek's signature).
  Bytes v13 = records(message(1, client_hello_body(0x0304, {0x1301}, {})));
  EXPECT_EQ(services(Transport::kTcp, 50000, 443, v13, {}), "");
  // SSLv2-format hellos only on the SSL ports.
  Bytes v2{0x80, 0x1C, 1, 3, 1, 0, 3, 0, 0, 0, 16, 0x01, 0x00, 0x80};
  v2.resize(v2.size() + 16, 1);
  EXPECT_EQ(services(Transport::kTcp, 50000, 443, v2, {}), "ssl");
  EXPECT_EQ(services(Transport::kTcp, 50000, 9999, v2, {}), "");
}

TEST(ServiceSignature, Http) {
  Bytes get = bytes("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
  Bytes ok = bytes("HTTP/1.1 200 OK\r\n\r\n");
  EXPECT_EQ(services(Transport::kTcp, 50000, 80, get, {}), "http");
  EXPECT_EQ(services(Transport::kTcp, 50000, 8080, bytes("FOO /x HTTP/1.1\r\n\r\n"), {}), "http");
  // Elsewhere the signature needs a known method and a reply.
  EXPECT_EQ(services(Transport::kTcp, 50000, 22, get, ok), "http");
  EXPECT_EQ(services(Transport::kTcp, 50000, 22, get, {}), "");
  EXPECT_EQ(services(Transport::kTcp, 50000, 22, bytes("FOO /x HTTP/1.1\r\n\r\n"), ok), "");
  EXPECT_EQ(services(Transport::kTcp, 50000, 80, bytes("\x16\x03\x01"), {}), "");
  EXPECT_TRUE(looks_like_http_request(bytes("\r\n GET /"), false));
  EXPECT_FALSE(looks_like_http_request(bytes("GETX /"), false));
  EXPECT_FALSE(looks_like_http_reply(bytes("HTTP/x")));
}

TEST(ServiceSignature, Udp) {
  EXPECT_EQ(services(Transport::kUdp, 50000, 53, dns_query(), {}), "dns");
  EXPECT_EQ(services(Transport::kUdp, 5353, 5353, dns_query(), {}), "dns");
  EXPECT_EQ(services(Transport::kUdp, 50000, 5000, dns_query(), {}), "");  // port only
  Bytes cut = dns_query();
  cut.resize(cut.size() - 3);
  EXPECT_EQ(services(Transport::kUdp, 50000, 53, cut, {}), "");
  EXPECT_FALSE(looks_like_dns(Bytes(12, 0)));  // no question, no answer
  // DNS over TCP: a two-byte length first.
  Bytes tcp{0, uint8_t(dns_query().size())};
  test::tls::append(tcp, dns_query());
  EXPECT_EQ(services(Transport::kTcp, 50000, 53, tcp, {}), "dns");

  Bytes initial{0xC3, 0, 0, 0, 1, 8, 1, 2, 3, 4, 5, 6, 7, 8, 0};
  initial.resize(1200, 0);
  EXPECT_EQ(services(Transport::kUdp, 50000, 443, initial, {}), "quic,ssl");
  Bytes v2 = initial;
  v2[0] = 0xD3;
  v2[1] = 0x6b, v2[2] = 0x33, v2[3] = 0x43, v2[4] = 0xcf;
  EXPECT_EQ(services(Transport::kUdp, 50000, 4433, v2, {}), "quic,ssl");
  Bytes retry{0xF0, 0, 0, 0, 1, 8, 1, 2, 3, 4, 5, 6, 7, 8, 8};
  retry.resize(100, 0x22);
  EXPECT_EQ(services(Transport::kUdp, 50000, 443, initial, retry), "");
  Bytes short_header = initial;
  short_header[0] = 0x43;
  EXPECT_EQ(services(Transport::kUdp, 50000, 443, short_header, {}), "");

  Bytes dhcp(300, 0);
  dhcp[0] = 1, dhcp[1] = 1, dhcp[2] = 6;
  dhcp[236] = 0x63, dhcp[237] = 0x82, dhcp[238] = 0x53, dhcp[239] = 0x63;
  EXPECT_EQ(services(Transport::kUdp, 68, 67, dhcp, {}), "dhcp");
  dhcp[239] = 0;
  EXPECT_EQ(services(Transport::kUdp, 68, 67, dhcp, {}), "");

  Bytes ntp(48, 0);
  ntp[0] = 0x23;  // version 4, client
  EXPECT_EQ(services(Transport::kUdp, 123, 123, ntp, {}), "ntp");
  EXPECT_EQ(services(Transport::kUdp, 50000, 124, ntp, {}), "");
  ntp[0] = 0x00;
  EXPECT_EQ(services(Transport::kUdp, 123, 123, ntp, {}), "");

  Bytes dtls{0x16, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 60, 1};
  dtls.resize(25, 0);
  dtls.insert(dtls.end(), {0xFE, 0xFD});
  dtls.resize(80, 0);
  EXPECT_EQ(services(Transport::kUdp, 50000, 443, dtls, {}), "dtls");
}

TEST(ServiceSignature, Ssh) {
  Bytes banner = bytes("SSH-2.0-OpenSSH_9.6\r\n");
  EXPECT_EQ(services(Transport::kTcp, 50000, 22, banner, banner), "ssh");
  EXPECT_EQ(services(Transport::kTcp, 50000, 2222, banner, banner), "ssh");
  EXPECT_EQ(services(Transport::kTcp, 50000, 2222, banner, {}), "");
  EXPECT_EQ(services(Transport::kTcp, 50000, 22, banner, {}), "");  // half duplex
  EXPECT_EQ(services(Transport::kTcp, 50000, 22, bytes("SSH-3.0-x"), {}), "");
}

// The services detect_services knows; other names in conn.log are left out of the comparison.
const std::set<std::string> kKnown = {"ssl", "http", "dns", "quic", "dhcp", "ntp", "ssh", "dtls"};

std::string known_part(const std::string& field) {
  std::string out;
  std::stringstream in(field);
  std::string name;
  while (std::getline(in, name, ','))
    if (kKnown.count(name)) out += (out.empty() ? "" : ",") + name;
  return out;
}

// Per trace: connections matched on key and protocol, and how many of them agree.
struct Counts {
  int zeek = 0, matched = 0, agree = 0;
};
const std::map<std::string, Counts> kExpected = {
    // trace folder: {zeek, matched, agree}
    {"core.erspanII", {0, 0, 0}},
    {"core.mpls-in-vlan", {3, 3, 3}},
    {"core.pcapng-pktsrc", {3, 3, 3}},
    {"core.ppp", {1, 1, 1}},
    {"core.pppoe", {2, 2, 2}},
    {"core.q-in-q", {2, 2, 2}},
    {"core.radiotap", {2, 0, 0}},
    {"core.tcp-padding", {1, 1, 1}},
    {"core.tcp.large-file-reassembly", {3, 3, 3}},
    {"core.tcp.miss-end-data", {1, 1, 1}},
    {"core.tcp.missing-syn", {1, 1, 1}},
    {"core.tcp.reassembly-known-ports", {1, 1, 1}},
    {"core.tunnels.analyzer-confirmation", {2, 1, 1}},
    {"core.tunnels.geneve", {2, 1, 1}},
    {"core.tunnels.geneve-ipv6", {2, 1, 1}},
    {"core.tunnels.geneve-truncated", {1, 1, 1}},
    {"core.tunnels.gre", {5, 0, 0}},
    {"core.tunnels.gre-in-gre", {2, 0, 0}},
    {"core.tunnels.gre-over-udp", {6, 4, 4}},
    {"core.tunnels.gtp.outer_ip_frag", {2, 1, 1}},
    {"core.tunnels.teredo", {18, 16, 15}},
    {"core.tunnels.vxlan", {4, 4, 4}},
    {"core.unknown-ip-protocol", {0, 0, 0}},
    {"core.vlan-mpls", {3, 3, 3}},
    {"core.vntag", {0, 0, 0}},
    {"core.wlanmon", {2, 0, 0}},
    {"scripts.base.protocols.dhcp.dhcp-all-msg-types", {4, 2, 2}},
    {"scripts.base.protocols.ftp.cwd-navigation", {1, 1, 1}},
    {"scripts.base.protocols.ftp.ftp-auth-tls", {1, 1, 0}},
    {"scripts.base.protocols.ftp.ftp-ipv4", {5, 5, 5}},
    {"scripts.base.protocols.ftp.gridftp", {2, 2, 1}},
    {"scripts.base.protocols.http.concurrent-range-requests", {3, 3, 3}},
    {"scripts.base.protocols.http.deeply-nested-mime", {0, 0, 0}},
    {"scripts.base.protocols.http.http-connect", {1, 1, 1}},
    {"scripts.base.protocols.http.http-no-crlf", {1, 1, 1}},
    {"scripts.base.protocols.irc.basic", {3, 3, 3}},
    {"scripts.base.protocols.irc.starttls", {1, 1, 0}},
    {"scripts.base.protocols.ldap.gap", {0, 0, 0}},
    {"scripts.base.protocols.ldap.sasl-signed-clear", {3, 3, 3}},
    {"scripts.base.protocols.ldap.starttls", {1, 1, 0}},
    {"scripts.base.protocols.ntp.misordered-ntp", {1, 0, 0}},
    {"scripts.base.protocols.pop3.starttls", {1, 1, 0}},
    {"scripts.base.protocols.rdp.rdpeudp-handshake-success", {1, 1, 1}},
    {"scripts.base.protocols.redis.django-cloud", {1, 1, 1}},
    {"scripts.base.protocols.ssh.basic", {25, 25, 25}},
    {"scripts.base.protocols.ssh.half-duplex-client", {25, 25, 25}},
    {"scripts.base.protocols.ssh.http-port-22", {1, 1, 1}},
    {"scripts.base.protocols.xmpp.starttls", {1, 1, 0}},
};

TEST(ServiceSignature, ZeekConnLogServices) {
  ZS_REQUIRE_SHARED(test::btest_dir());
  std::ostringstream table;
  Counts total;
  for (const auto& t : test::btest_traces_with("conn.log")) {
    SCOPED_TRACE(t.folder);
    auto flows = test::assemble(t);
    std::map<std::string, std::shared_ptr<test::AssembledFlow>> by_key;
    for (const auto& f : flows) by_key[(f->tcp ? "tcp " : "udp ") + f->key()] = f;
    Counts c;
    for (const auto& r : test::zeek_records(test::btest_dir() + "/" + t.folder + "/conn.log")) {
      std::string proto = test::zeek_value(r, "proto");
      if (proto != "tcp" && proto != "udp") continue;
      ++c.zeek;
      auto it = by_key.find(proto + " " + test::zeek_key(r));
      if (it == by_key.end()) continue;
      ++c.matched;
      const auto& f = *it->second;
      auto first = [](const std::string& s) {
        return std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(s.data()),
                                        std::min<size_t>(s.size(), 1024));
      };
      std::string mine = service_field({f.tcp ? Transport::kTcp : Transport::kUdp, f.orig.port,
                                        f.resp.port, first(f.orig_bytes), first(f.resp_bytes)});
      std::string theirs = known_part(test::zeek_value(r, "service"));
      if (mine == theirs)
        ++c.agree;
      else
        std::cout << "  " << t.folder << " " << it->first << ": zeek '" << theirs << "' ours '"
                  << mine << "'\n";
    }
    table << std::left << std::setw(60) << t.folder << std::right << std::setw(5) << c.zeek
          << std::setw(6) << c.matched << std::setw(6) << c.agree << "\n";
    total.zeek += c.zeek, total.matched += c.matched, total.agree += c.agree;
    auto want = kExpected.find(t.folder);
    Counts w = want == kExpected.end() ? Counts{} : want->second;
    EXPECT_NE(want, kExpected.end()) << "no row in kExpected";
    EXPECT_EQ(c.zeek, w.zeek);
    EXPECT_GE(c.matched, w.matched);
    EXPECT_GE(c.agree, w.agree);
  }
  table << std::left << std::setw(60) << "total" << std::right << std::setw(5) << total.zeek
        << std::setw(6) << total.matched << std::setw(6) << total.agree << "\n";
  std::cout << std::left << std::setw(60) << "trace"
            << " zeek match agree\n"
            << table.str();
}

}  // namespace
}  // namespace zeekscope::protocol
