// x509 records from packets against Zeek's x509.log, for every btest trace that has one. The
// certificates are found two ways: (1) from the trace's TCP streams (stream_assembly.h), whose
// TLS handshake records are put together by the test and whose Certificate messages go through
// parse_tls_certificate_message; (2) with tshark, when it is installed (its own reassembly, a
// second reference). Each Zeek row is matched on its fingerprint (SHA-256 of the DER) and then
// compared field by field with parse_certificate. Each trace's counts must stay at or above the
// table below (docs/CAPTURES.md, "Certificates (library layer)", explains every shortfall).
#include <gtest/gtest.h>

#include <iomanip>
#include <map>
#include <set>
#include <sstream>

#include "common/sha256.h"
#include "protocol/tls_certificate.h"
#include "stream_assembly.h"
#include "x509/certificate.h"

namespace zeekscope::x509 {
namespace {

using Der = std::vector<uint8_t>;

// The plaintext handshake messages of one direction: from the first TLS handshake record (after
// any STARTTLS exchange) through consecutive handshake records, up to the first record of
// another type (ChangeCipherSpec, alert, application data) or the end of the in-order prefix.
// Each Certificate message's list goes to `out`, keyed by SHA-256.
void certificates_of(const std::string& stream, std::map<std::string, Der>& out) {
  auto b = reinterpret_cast<const uint8_t*>(stream.data());
  size_t at = 0;
  for (; at + 6 <= stream.size() && at < 64 * 1024; ++at)
    if (b[at] == 0x16 && b[at + 1] == 3 && b[at + 2] <= 3 && (b[at + 5] == 1 || b[at + 5] == 2))
      break;
  std::string handshake;
  while (at + 5 <= stream.size() && b[at] == 0x16 && b[at + 1] == 3) {
    size_t len = (size_t(b[at + 3]) << 8) | b[at + 4];
    if (at + 5 + len > stream.size()) break;
    handshake.append(stream, at + 5, len);
    at += 5 + len;
  }
  auto h = reinterpret_cast<const uint8_t*>(handshake.data());
  for (size_t m = 0; m + 4 <= handshake.size();) {
    size_t len = (size_t(h[m + 1]) << 16) | (size_t(h[m + 2]) << 8) | h[m + 3];
    if (m + 4 + len > handshake.size()) break;
    if (h[m] == 11) {
      auto list = protocol::parse_tls_certificate_message({h + m + 4, len});
      EXPECT_TRUE(list.ok()) << list.error;
      for (auto der : list.certificates) out[sha256_hex(der)] = Der(der.begin(), der.end());
    }
    m += 4 + len;
  }
}

std::map<std::string, Der> stream_certificates(const test::BtestTrace& t) {
  std::map<std::string, Der> out;
  for (const auto& f : test::assemble(t)) {
    if (!f->tcp) continue;
    certificates_of(f->orig_bytes, out);
    certificates_of(f->resp_bytes, out);
  }
  return out;
}

// tshark's certificates; TLS on ports tshark does not know (Zeek found it by its content) is
// named with -d, from the ports of Zeek's ssl.log.
std::map<std::string, Der> tshark_certificates(const test::BtestTrace& t) {
  std::set<std::string> ports;
  std::string ssl_log = test::btest_dir() + "/" + t.folder + "/ssl.log";
  if (test::exists(ssl_log))
    for (const auto& r : test::zeek_records(ssl_log))
      ports.insert(test::zeek_value(r, "id.resp_p"));
  std::string decode;
  for (const auto& p : ports)
    if (p != "443" && p != "25" && p != "110" && p != "5222" && !p.empty())
      decode += " -d tcp.port==" + p + ",tls";
  std::string out;
  test::run_command("tshark -r '" + t.path + "'" + decode +
                        " -o tls.desegment_ssl_records:TRUE -o tcp.desegment_tcp_streams:TRUE"
                        " -Y tls.handshake.certificate -T fields -e tls.handshake.certificate"
                        " 2>/dev/null",
                    out);
  std::map<std::string, Der> certs;
  std::string hex;
  auto flush = [&] {
    Der der;
    for (size_t i = 0; i + 1 < hex.size(); i += 2)
      der.push_back(uint8_t(std::stoi(hex.substr(i, 2), nullptr, 16)));
    if (!der.empty()) certs[sha256_hex(der)] = der;
    hex.clear();
  };
  for (char c : out) {
    if (c == ',' || c == '\n')
      flush();
    else if (c != ':' && c != '\r')
      hex += c;
  }
  flush();
  return certs;
}

std::string joined(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ",") + x;
  return s;
}

// Our certificate's value of an x509.log field, as Zeek writes it ("" for unset or empty).
std::string field(const Certificate& c, const std::string& name) {
  if (name == "certificate.version") return std::to_string(c.version);
  if (name == "certificate.serial") return c.serial;
  if (name == "certificate.subject") return c.subject;
  if (name == "certificate.issuer") return c.issuer;
  if (name == "certificate.not_valid_before") return std::to_string(c.not_valid_before) + ".000000";
  if (name == "certificate.not_valid_after") return std::to_string(c.not_valid_after) + ".000000";
  if (name == "certificate.key_alg") return c.key_alg;
  if (name == "certificate.sig_alg") return c.sig_alg;
  if (name == "certificate.key_type") return c.key_type;
  if (name == "certificate.key_length") return c.key_length ? std::to_string(*c.key_length) : "";
  if (name == "certificate.exponent") return c.exponent;
  if (name == "certificate.curve") return c.curve;
  if (name == "san.dns") return joined(c.san_dns);
  if (name == "san.uri") return joined(c.san_uri);
  if (name == "san.email") return joined(c.san_email);
  if (name == "san.ip") return joined(c.san_ip);
  if (name == "basic_constraints.ca")
    return c.basic_constraints_ca ? (*c.basic_constraints_ca ? "T" : "F") : "";
  if (name == "basic_constraints.path_len")
    return c.basic_constraints_path_len ? std::to_string(*c.basic_constraints_path_len) : "";
  return "?";
}

const char* const kFields[] = {"certificate.version",
                               "certificate.serial",
                               "certificate.subject",
                               "certificate.issuer",
                               "certificate.not_valid_before",
                               "certificate.not_valid_after",
                               "certificate.key_alg",
                               "certificate.sig_alg",
                               "certificate.key_type",
                               "certificate.key_length",
                               "certificate.exponent",
                               "certificate.curve",
                               "san.dns",
                               "san.uri",
                               "san.email",
                               "san.ip",
                               "basic_constraints.ca",
                               "basic_constraints.path_len"};

struct Counts {
  // Zeek's rows; rows whose certificate the streams gave, and tshark gave; rows parsed; rows
  // with every field of kFields equal; field comparisons equal (of rows parsed x fields).
  int zeek = 0, stream = 0, tshark = 0, parsed = 0, all_fields = 0, fields_equal = 0;
};

// Per trace, the least each count may be (tshark's column is checked only where it runs).
const std::map<std::string, Counts> kExpected = {
    // trace folder: {zeek, stream, tshark, parsed, all_fields, fields_equal}
    {"scripts.base.files.x509.disable-certificate-events-known-certs", {4, 4, 4, 4, 4, 72}},
    {"scripts.base.files.x509.event-caching", {6, 6, 6, 6, 6, 108}},
    {"scripts.base.files.x509.tbs_sig_alg", {3, 3, 3, 3, 3, 54}},
    // The control channel's TLS is base64 inside FTP ADAT commands (Zeek's GSSAPI handling
    // decodes it): its server certificate, seen nowhere else, is missed.
    {"scripts.base.protocols.ftp.gridftp", {12, 11, 11, 11, 11, 198}},
    {"scripts.base.protocols.irc.starttls", {1, 1, 1, 1, 1, 18}},
    {"scripts.base.protocols.pop3.starttls", {1, 1, 1, 1, 1, 18}},
    {"scripts.base.protocols.smtp.starttls", {3, 3, 3, 3, 3, 54}},
    {"scripts.base.protocols.ssl.basic", {2, 2, 2, 2, 2, 36}},
    {"scripts.base.protocols.ssl.ecdhe", {3, 3, 3, 3, 3, 54}},
    {"scripts.base.protocols.ssl.ml-dsa-44-cert", {1, 1, 1, 1, 1, 18}},
    {"scripts.base.protocols.ssl.tls1_1", {3, 3, 3, 3, 3, 54}},
    {"scripts.base.protocols.xmpp.starttls", {2, 2, 2, 2, 2, 36}},
};

TEST(X509Btest, CertificatesGiveZeeksX509Log) {
  ZS_REQUIRE_SHARED(test::btest_dir());
  auto traces = test::btest_traces_with("x509.log");
  ASSERT_FALSE(traces.empty());
  bool tshark = test::tshark_available();
  if (!tshark) std::cout << "[ note ] tshark not installed: its column is not checked\n";
  std::ostringstream table;
  table << std::left << std::setw(64) << "trace"
        << " zeek strm tshk pars  all fields\n";
  Counts total;
  size_t self_signed = 0;
  for (const auto& t : traces) {
    if (t.name.ends_with(".gz") && !test::can_read_gzip()) continue;
    SCOPED_TRACE(t.folder);
    auto ours = stream_certificates(t);
    auto theirs = tshark ? tshark_certificates(t) : std::map<std::string, Der>{};
    // Every certificate tshark finds, the streams find too, with the same bytes.
    for (const auto& [fp, der] : theirs) EXPECT_TRUE(ours.count(fp)) << "tshark's " << fp;
    Counts c;
    for (const auto& r : test::zeek_records(test::btest_dir() + "/" + t.folder + "/x509.log")) {
      ++c.zeek;
      std::string fp = test::zeek_value(r, "fingerprint");
      c.tshark += theirs.count(fp) ? 1 : 0;
      const Der* der = nullptr;
      if (auto it = ours.find(fp); it != ours.end()) {
        ++c.stream;
        der = &it->second;
      } else if (auto it2 = theirs.find(fp); it2 != theirs.end()) {
        der = &it2->second;
      }
      if (!der) continue;
      auto p = parse_certificate(*der);
      EXPECT_EQ(p.certificate.sha256, fp);
      EXPECT_TRUE(p.ok()) << fp << ": " << p.error;
      if (!p.ok()) continue;
      ++c.parsed;
      self_signed += p.certificate.self_signed;
      bool all = true;
      for (const char* f : kFields) {
        std::string zeek = test::zeek_value(r, f), mine = field(p.certificate, f);
        if (zeek == mine) {
          ++c.fields_equal;
        } else {
          all = false;
          std::cout << "  " << t.folder << " " << fp.substr(0, 12) << " " << f << ": zeek '" << zeek
                    << "' ours '" << mine << "'\n";
        }
      }
      c.all_fields += all;
    }
    table << std::left << std::setw(64) << t.folder << std::right << std::setw(5) << c.zeek
          << std::setw(5) << c.stream << std::setw(5) << c.tshark << std::setw(5) << c.parsed
          << std::setw(5) << c.all_fields << std::setw(7) << c.fields_equal << "\n";
    total.zeek += c.zeek, total.stream += c.stream, total.tshark += c.tshark;
    total.parsed += c.parsed, total.all_fields += c.all_fields,
        total.fields_equal += c.fields_equal;
    auto want = kExpected.find(t.folder);
    EXPECT_NE(want, kExpected.end()) << "no row in kExpected";
    Counts w = want == kExpected.end() ? Counts{} : want->second;
    EXPECT_EQ(c.zeek, w.zeek);
    EXPECT_GE(c.stream, w.stream);
    if (tshark) {
      EXPECT_GE(c.tshark, w.tshark);
    }
    EXPECT_GE(c.parsed, w.parsed);
    EXPECT_GE(c.all_fields, w.all_fields);
    EXPECT_GE(c.fields_equal, w.fields_equal);
  }
  table << std::left << std::setw(64) << "total" << std::right << std::setw(5) << total.zeek
        << std::setw(5) << total.stream << std::setw(5) << total.tshark << std::setw(5)
        << total.parsed << std::setw(5) << total.all_fields << std::setw(7) << total.fields_equal
        << "\n";
  std::cout << table.str()
            << "self-signed (issuer == subject) among the rows parsed: " << self_signed << "\n";
}

}  // namespace
}  // namespace zeekscope::x509
