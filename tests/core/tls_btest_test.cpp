// ssl.log from the hellos, against Zeek's ssl.log for every btest trace that has one: each TCP
// connection's directions are put together by the test (stream_assembly.h) and parsed; server
// name, version and cipher are compared field by field on the connection key. Each trace's
// counts must stay at or above the table below (docs/CAPTURES.md explains every shortfall).
// With tshark, the server names of TCP connections must also be tshark's.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <iomanip>
#include <set>
#include <sstream>

#include "protocol/tls_hello.h"
#include "stream_assembly.h"

namespace zeekscope::protocol {
namespace {

using test::AssembledFlow;

std::span<const uint8_t> bytes_of(const std::string& s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

// The hellos of one connection. STARTTLS (FTP, POP3, SMTP, XMPP, IRC, LDAP) and RDP start TLS
// after a plaintext exchange; Zeek hands over to its SSL analyzer there. The test instead looks
// for the first offset where a hello parses (a test-side stand-in for those analyzers).
struct Hellos {
  bool client = false, server = false;
  TlsClientHello c;
  TlsServerHello s;
  size_t client_at = 0, server_at = 0;
};

template <typename Parse>
bool find_hello(const std::string& stream, uint8_t hs_type, Parse&& parse, size_t& at) {
  for (size_t i = 0; i + 6 <= stream.size() && i < 64 * 1024; ++i) {
    auto b = reinterpret_cast<const uint8_t*>(stream.data()) + i;
    bool record = b[0] == 0x16 && b[1] == 3 && b[2] <= 4 && b[5] == hs_type;
    bool sslv2 = i == 0 && (b[0] & 0x80);
    if (!record && !sslv2) continue;
    if (parse(bytes_of(stream).subspan(i))) {
      at = i;
      return true;
    }
  }
  return false;
}

Hellos hellos_of(const AssembledFlow& f) {
  Hellos h;
  h.client = find_hello(
      f.orig_bytes, 1,
      [&](std::span<const uint8_t> b) {
        auto r = parse_tls_client(b);
        h.c = r.hello;
        return r.status == TlsStatus::kDone;
      },
      h.client_at);
  h.server = find_hello(
      f.resp_bytes, 2,
      [&](std::span<const uint8_t> b) {
        auto r = parse_tls_server(b);
        h.s = r.hello;
        return r.status == TlsStatus::kDone;
      },
      h.server_at);
  return h;
}

struct Counts {
  int zeek = 0, ours = 0, matched = 0, server_name = 0, version = 0, cipher = 0;
};

// Per trace: the least each count may be (records Zeek wrote, matched on the connection key,
// then agreement per field). QUIC and DTLS records are not produced here (QUIC's hellos are
// encrypted in its Initial packets; DTLS is not parsed).
const std::map<std::string, Counts> kExpected = {
    // trace folder: {zeek, ours, matched, server_name, version, cipher}
    {"scripts.base.files.x509.disable-certificate-events-known-certs", {8, 8, 8, 8, 8, 8}},
    {"scripts.base.protocols.ftp.ftp-auth-tls", {1, 1, 1, 1, 1, 1}},
    {"scripts.base.protocols.ftp.gridftp", {2, 1, 1, 1, 1, 1}},
    {"scripts.base.protocols.irc.starttls", {1, 1, 1, 1, 1, 1}},
    {"scripts.base.protocols.ldap.starttls", {1, 1, 1, 1, 1, 1}},
    {"scripts.base.protocols.pop3.starttls", {1, 1, 1, 1, 1, 1}},
    {"scripts.base.protocols.quic.chromium", {1, 0, 0, 0, 0, 0}},
    {"scripts.base.protocols.quic.interop.quic-go_quic-go.handshake", {1, 0, 0, 0, 0, 0}},
    {"scripts.base.protocols.quic.merlinc2", {1, 0, 0, 0, 0, 0}},
    {"scripts.base.protocols.quic.quicdoq", {1, 0, 0, 0, 0, 0}},
    {"scripts.base.protocols.quic.quicv2-echo-443", {1, 0, 0, 0, 0, 0}},
    {"scripts.base.protocols.quic.run-pcap", {1, 0, 0, 0, 0, 0}},
    {"scripts.base.protocols.rdp.rdp-to-ssl", {2, 2, 2, 2, 2, 2}},
    {"scripts.base.protocols.smtp.starttls", {1, 1, 1, 1, 1, 1}},
    {"scripts.base.protocols.ssl.basic", {1, 1, 1, 1, 1, 1}},
    {"scripts.base.protocols.ssl.dhe", {1, 1, 1, 1, 1, 1}},
    {"scripts.base.protocols.ssl.dtls-stun-dpd", {1, 0, 0, 0, 0, 0}},
    {"scripts.base.protocols.ssl.ecdhe", {1, 1, 1, 1, 1, 1}},
    {"scripts.base.protocols.ssl.fragment", {1, 1, 1, 1, 1, 1}},
    {"scripts.base.protocols.ssl.ml-dsa-44-cert", {1, 1, 1, 1, 1, 1}},
    {"scripts.base.protocols.ssl.tls13-version", {1, 1, 1, 1, 1, 1}},
    {"scripts.base.protocols.ssl.tls13_encrypted_handshake_events", {1, 1, 1, 1, 1, 1}},
    {"scripts.base.protocols.ssl.tls1_1", {1, 1, 1, 1, 1, 1}},
    {"scripts.base.protocols.xmpp.starttls", {1, 1, 1, 1, 1, 1}},
};

std::string tshark_names(const test::BtestTrace& t, const std::set<uint16_t>& tls_ports) {
  std::string decode;
  for (uint16_t p : tls_ports) decode += " -d tcp.port==" + std::to_string(p) + ",tls";
  std::string cmd = "tshark -r '" + t.path + "'" + decode +
                    " -Y 'tcp && tls.handshake.extensions_server_name' -T fields -e "
                    "tls.handshake.extensions_server_name 2>/dev/null";
  std::string out;
  test::run_command(cmd, out);
  return out;
}

TEST(TlsBtest, HellosGiveZeeksSslLog) {
  ZS_REQUIRE_SHARED(test::btest_dir());
  auto traces = test::btest_traces_with("ssl.log");
  ASSERT_FALSE(traces.empty());
  std::ostringstream table;
  table << std::left << std::setw(66) << "trace"
        << " zeek ours match  sni  ver ciph\n";
  Counts total;
  for (const auto& t : traces) {
    if (t.name.ends_with(".gz") && !test::can_read_gzip()) continue;
    SCOPED_TRACE(t.folder);
    auto flows = test::assemble(t);
    std::map<std::string, Hellos> ours;
    std::set<uint16_t> tls_ports;
    std::multiset<std::string> our_names;
    for (const auto& f : flows) {
      if (!f->tcp) continue;
      Hellos h = hellos_of(*f);
      if (!h.client && !h.server) continue;
      ours[f->key()] = h;
      if (h.client && h.client_at == 0 && f->resp.port != 443) tls_ports.insert(f->resp.port);
      // tshark does not dissect TLS inside RDP's X.224 negotiation (3389): left out there.
      if (h.client && !h.c.server_name.empty() && f->resp.port != 3389)
        our_names.insert(h.c.server_name);
    }
    Counts c;
    c.ours = int(ours.size());
    for (const auto& r : test::zeek_records(
             t.folder.empty() ? "" : test::btest_dir() + "/" + t.folder + "/ssl.log")) {
      ++c.zeek;
      auto it = ours.find(test::zeek_key(r));
      if (it == ours.end()) continue;
      ++c.matched;
      const Hellos& h = it->second;
      TlsSummary s = summarize_tls(h.client ? &h.c : nullptr, h.server ? &h.s : nullptr);
      auto agree = [&](const char* field, const std::string& mine, int& count) {
        std::string theirs = test::zeek_value(r, field);
        if (theirs == mine)
          ++count;
        else
          std::cout << "  " << t.folder << " " << it->first << " " << field << ": zeek '" << theirs
                    << "' ours '" << mine << "'\n";
      };
      agree("server_name", s.server_name, c.server_name);
      agree("version", s.version, c.version);
      agree("cipher", s.cipher, c.cipher);
    }
    table << std::left << std::setw(66) << t.folder << std::right << std::setw(5) << c.zeek
          << std::setw(5) << c.ours << std::setw(6) << c.matched << std::setw(5) << c.server_name
          << std::setw(5) << c.version << std::setw(5) << c.cipher << "\n";
    total.zeek += c.zeek, total.ours += c.ours, total.matched += c.matched;
    total.server_name += c.server_name, total.version += c.version, total.cipher += c.cipher;
    auto want = kExpected.find(t.folder);
    Counts w = want == kExpected.end() ? Counts{} : want->second;
    EXPECT_NE(want, kExpected.end()) << "no row in kExpected";
    EXPECT_EQ(c.zeek, w.zeek);
    EXPECT_GE(c.ours, w.ours);
    EXPECT_GE(c.matched, w.matched);
    EXPECT_GE(c.server_name, w.server_name);
    EXPECT_GE(c.version, w.version);
    EXPECT_GE(c.cipher, w.cipher);

    if (test::tshark_available()) {
      std::multiset<std::string> theirs;
      std::istringstream lines(tshark_names(t, tls_ports));
      std::string line;
      while (std::getline(lines, line))
        if (!line.empty()) theirs.insert(line.substr(0, line.find(',')));
      EXPECT_EQ(std::set<std::string>(our_names.begin(), our_names.end()),
                std::set<std::string>(theirs.begin(), theirs.end()))
          << "server names against tshark";
    }
  }
  table << std::left << std::setw(66) << "total" << std::right << std::setw(5) << total.zeek
        << std::setw(5) << total.ours << std::setw(6) << total.matched << std::setw(5)
        << total.server_name << std::setw(5) << total.version << std::setw(5) << total.cipher
        << "\n";
  std::cout << table.str();
}

}  // namespace
}  // namespace zeekscope::protocol
