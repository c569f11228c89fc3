// The DNS message parser on hand-built messages: the header, each record type as Zeek renders
// it in dns.log's answers, dynamic updates, name compression (good, forward, self, looping,
// over-long), limits, truncation at every byte of a real message, and DNS over TCP framing.
#include "protocol/dns_message.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "dns_builders.h"
#include "protocol/dns_constants.h"
#include "protocol/dns_names.h"
#include "protocol/dns_tcp_framing.h"

namespace zeekscope::protocol {
namespace {

using test::dns::Bytes;
using test::dns::bytes;
namespace pkt = test::pkt;
using test::dns::character_string;
using test::dns::Message;
using test::dns::wire_name;
namespace t = dns_type;

constexpr uint16_t kReply = 0x8180;  // QR, RD, RA

// A reply to `qname` with one answer of `type` carrying `rdata`.
DnsMessage one_answer(uint16_t type, const std::string& rdata, uint32_t ttl = 300) {
  Message m(7, kReply, 1, 1);
  m.question("Example.COM", type);
  m.pointer(12).fields(type, ttl, rdata);
  return parse_dns_message(m.span());
}

std::string answer_text(uint16_t type, const std::string& rdata) {
  DnsMessage d = one_answer(type, rdata);
  EXPECT_TRUE(d.ok()) << dns_error_text(d.error);
  EXPECT_EQ(d.records.size(), 1u);
  return d.records.empty() ? "" : d.records[0].text;
}

TEST(DnsMessage, Header) {
  Message m(0xBEEF, 0x8000 | (4 << 11) | 0x0400 | 0x0200 | 0x0100 | 0x0080 | 0x0070 | 5, 0, 0);
  DnsMessage d = parse_dns_message(m.span());
  ASSERT_TRUE(d.ok());
  EXPECT_TRUE(d.has_header);
  EXPECT_EQ(d.header.id, 0xBEEF);
  EXPECT_TRUE(d.header.qr);
  EXPECT_EQ(d.header.opcode, 4);
  EXPECT_TRUE(d.header.aa && d.header.tc && d.header.rd && d.header.ra);
  EXPECT_EQ(d.header.z, 7);
  EXPECT_EQ(d.header.rcode, 5);
  Message q(1, 0x0010, 0, 0);  // CD alone: Zeek's Z is 1
  EXPECT_EQ(parse_dns_message(q.span()).header.z, 1);
  EXPECT_FALSE(parse_dns_message(q.span()).header.qr);
}

TEST(DnsMessage, QuestionsAreLowercased) {
  Message m(1, 0x0100, 2, 0);
  m.question("WWW.Example.Org", t::kAaaa).question("", t::kNs, 3);
  DnsMessage d = parse_dns_message(m.span());
  ASSERT_TRUE(d.ok());
  ASSERT_EQ(d.questions.size(), 2u);
  EXPECT_EQ(d.questions[0].name, "www.example.org");
  EXPECT_EQ(d.questions[0].qtype, t::kAaaa);
  EXPECT_EQ(d.questions[0].qclass, 1);
  EXPECT_EQ(d.questions[1].name, "");  // the root
  EXPECT_EQ(d.questions[1].qclass, 3);
}

TEST(DnsMessage, AddressRecords) {
  EXPECT_EQ(answer_text(t::kA, bytes({192, 0, 2, 1})), "192.0.2.1");
  EXPECT_EQ(
      answer_text(t::kAaaa, bytes({0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1})),
      "2001:db8::1");
  // Zeek keeps IPv4-mapped addresses as IPv4.
  EXPECT_EQ(answer_text(t::kAaaa, bytes({0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 0, 0, 1})),
            "10.0.0.1");
  DnsMessage d = one_answer(t::kA, bytes({1, 2, 3, 4}), 86400);
  EXPECT_EQ(d.records[0].ttl, 86400u);
  EXPECT_EQ(d.records[0].name, "example.com");
  EXPECT_EQ(d.records[0].section, DnsSection::kAnswer);
  EXPECT_TRUE(d.records[0].handled);
  // An A record of 5 bytes cannot be read: the parse stops there.
  EXPECT_EQ(one_answer(t::kA, bytes({1, 2, 3, 4, 5})).error, DnsError::kBadRdata);
  EXPECT_EQ(one_answer(t::kAaaa, bytes({1, 2, 3, 4})).error, DnsError::kBadRdata);
}

TEST(DnsMessage, NameRecords) {
  EXPECT_EQ(answer_text(t::kCname, wire_name("Edge.CDN.example.NET")), "edge.cdn.example.net");
  EXPECT_EQ(answer_text(t::kNs, wire_name("ns1.example.com")), "ns1.example.com");
  EXPECT_EQ(answer_text(t::kPtr, wire_name("host.example")), "host.example");
  EXPECT_EQ(answer_text(t::kMx, pkt::be16(10) + wire_name("MX.example.com")), "mx.example.com");
  EXPECT_EQ(answer_text(t::kSrv, pkt::be16(1) + pkt::be16(2) + pkt::be16(5060) +
                                     wire_name("sip.example.com")),
            "sip.example.com");
  Bytes soa = wire_name("ns.example.com") + wire_name("admin.example.com") + pkt::be32(1) +
              pkt::be32(2) + pkt::be32(3) + pkt::be32(4) + pkt::be32(5);
  EXPECT_EQ(answer_text(t::kSoa, soa), "ns.example.com");
  EXPECT_EQ(one_answer(t::kSoa, soa.substr(0, soa.size() - 1)).error, DnsError::kBadRdata);
  // A name in the data may point back into the message (12: the question's name).
  Message m(7, kReply, 1, 1);
  m.question("example.com", t::kCname);
  m.pointer(12).fields(t::kCname, 60, Bytes("\3www", 4) + pkt::be16(0xC000 | 12));
  DnsMessage d = parse_dns_message(m.span());
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d.records[0].text, "www.example.com");
  // ... but not run past its record's data.
  EXPECT_EQ(one_answer(t::kCname, Bytes("\3www", 4)).error, DnsError::kTruncated);
}

TEST(DnsMessage, TextRecords) {
  // Zeek: "TXT <length> <bytes>" per string, joined by spaces; case is kept.
  EXPECT_EQ(answer_text(t::kTxt, character_string("v=spf1 -all") + character_string("Two")),
            "TXT 11 v=spf1 -all TXT 3 Two");
  EXPECT_EQ(answer_text(t::kTxt, character_string("")), "TXT 0 ");
  EXPECT_EQ(answer_text(t::kSpf, character_string("v=spf1")), "SPF 6 v=spf1");
  // A string running past the data ends the list; what came before stays.
  EXPECT_EQ(answer_text(t::kTxt, character_string("ok") + Bytes("\x09short", 6)), "TXT 2 ok");
  // Binary bytes stay raw (the log writer escapes them).
  EXPECT_EQ(answer_text(t::kTxt, character_string(Bytes("a\0\xff", 3))), Bytes("TXT 3 a\0\xff", 9));
}

TEST(DnsMessage, DnssecAndOtherRecords) {
  Bytes rrsig = pkt::be16(1) + bytes({13, 2}) + pkt::be32(300) + pkt::be32(2) + pkt::be32(1) +
                pkt::be16(4242) + wire_name("Upenn.edu") + "signature";
  EXPECT_EQ(answer_text(t::kRrsig, rrsig), "RRSIG 1 upenn.edu");
  Bytes root_rrsig = rrsig.substr(0, 18) + wire_name("") + "sig";
  EXPECT_EQ(answer_text(t::kRrsig, root_rrsig), "RRSIG 1 <Root>");
  EXPECT_EQ(answer_text(t::kDnskey, bytes({1, 1, 3, 8}) + "key"), "DNSKEY 8");
  EXPECT_EQ(answer_text(t::kDs, bytes({0x12, 0x34, 13, 2}) + "digest"), "DS 13 2");
  EXPECT_EQ(answer_text(t::kNsec, wire_name("next.example.com") + bytes({0, 1, 0x40})),
            "NSEC example.com next.example.com");
  EXPECT_EQ(answer_text(t::kNsec3, bytes({1, 0, 0, 10, 0, 0})), "NSEC3");
  EXPECT_EQ(answer_text(t::kNsec3Param, bytes({1, 0, 0, 10, 0})), "NSEC3PARAM");
  EXPECT_EQ(answer_text(t::kBinds, bytes({13, 1, 2, 0, 0})), "BIND9 signing signal");
  EXPECT_EQ(answer_text(t::kSshfp, bytes({1, 2, 0xAB, 0x01})), "SSHFP: ab01");
  EXPECT_EQ(answer_text(t::kLoc, bytes({0, 18, 21, 19, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})),
            "LOC:  18 21 19");
  EXPECT_EQ(answer_text(t::kNaptr, pkt::be16(100) + pkt::be16(10) + character_string("S") +
                                       character_string("SIP+D2U") + character_string("") +
                                       wire_name("_sip._udp.example.com")),
            "NAPTR 100 10 S SIP+D2U _sip._udp.example.com");
  EXPECT_EQ(answer_text(999, "anything"), "<unknown type=999>");
  EXPECT_EQ(answer_text(t::kNsec3 + 1000, ""), "<unknown type=1050>");
  // Handled, nothing added (WKS); not handled at all (HINFO, CAA, HTTPS, SVCB, OPT).
  DnsMessage wks = one_answer(t::kWks, bytes({1, 2, 3, 4, 6}));
  EXPECT_TRUE(wks.records[0].handled);
  EXPECT_EQ(wks.records[0].text, "");
  for (uint16_t type : {t::kHinfo, t::kCaa, t::kHttps, t::kSvcb, t::kOpt}) {
    DnsMessage d = one_answer(type, character_string("x") + character_string("y"));
    ASSERT_TRUE(d.ok()) << type;
    EXPECT_FALSE(d.records[0].handled) << type;
  }
}

TEST(DnsMessage, SectionsAndLimits) {
  Message m(9, kReply, 1, 1, 1, 1);
  m.question("a.example", t::kA);
  m.rr("a.example", t::kA, 5, bytes({10, 0, 0, 1}));
  m.rr("example", t::kNs, 5, wire_name("ns.example"));
  m.rr("ns.example", t::kA, 5, bytes({10, 0, 0, 53}));
  DnsMessage d = parse_dns_message(m.span());
  ASSERT_TRUE(d.ok());
  ASSERT_EQ(d.records.size(), 1u);  // authority and additional skipped, as Zeek by default
  DnsParseOptions all;
  all.all_sections = true;
  d = parse_dns_message(m.span(), all);
  ASSERT_EQ(d.records.size(), 3u);
  EXPECT_EQ(d.records[1].section, DnsSection::kAuthority);
  EXPECT_EQ(d.records[1].text, "ns.example");
  EXPECT_EQ(d.records[2].section, DnsSection::kAdditional);

  Message many(1, 0, 26, 0);
  for (int i = 0; i < 26; ++i) many.question("x", t::kA);
  EXPECT_EQ(parse_dns_message(many.span()).error, DnsError::kTooManyQuestions);
  EXPECT_TRUE(parse_dns_message(many.span()).questions.empty());

  // An empty record that is not the last thing in the message stops the parse (Zeek's
  // DNS_zero_rdlength); an empty one at the very end is read.
  Message empty_first(3, kReply, 0, 2);
  empty_first.rr("a", 999, 1, "").rr("b", t::kA, 1, bytes({1, 1, 1, 1}));
  EXPECT_EQ(parse_dns_message(empty_first.span()).error, DnsError::kZeroRdlength);
  Message empty_last(3, kReply, 0, 2);
  empty_last.rr("b", t::kA, 1, bytes({1, 1, 1, 1})).rr("a", 999, 1, "");
  EXPECT_TRUE(parse_dns_message(empty_last.span()).ok());
  EXPECT_EQ(parse_dns_message(empty_last.span()).records.size(), 2u);

  // Counts larger than the records present: truncated, what was read stays.
  Message short_of(4, kReply, 0, 3);
  short_of.rr("a", t::kA, 1, bytes({1, 1, 1, 1}));
  d = parse_dns_message(short_of.span());
  EXPECT_EQ(d.error, DnsError::kTruncated);
  EXPECT_EQ(d.records.size(), 1u);
}

TEST(DnsMessage, DynamicUpdate) {
  // The trace of btest dns.dynamic-update, rebuilt: zone, one prerequisite, three updates.
  Message m(47952, 0xA805, 1, 1, 3, 0);
  m.question("StratoLab.org", t::kSoa);
  m.rr("NWin2.StratoLab.org", t::kCname, 0, "", dns_class::kNone);
  m.rr("NWin2.StratoLab.org", t::kAaaa, 0, "", dns_class::kAny);
  m.rr("NWin2.StratoLab.org", t::kA, 0, "", dns_class::kAny);
  m.rr("NWin2.StratoLab.org", t::kA, 1200, bytes({192, 168, 1, 106}));
  DnsMessage d = parse_dns_message(m.span());
  ASSERT_TRUE(d.ok()) << dns_error_text(d.error);
  ASSERT_EQ(d.records.size(), 4u);
  EXPECT_EQ(d.records[0].text, "pre: NoRRSet CNAME nwin2.stratolab.org");
  EXPECT_EQ(d.records[1].text, "del: RRSet AAAA");
  EXPECT_EQ(d.records[2].text, "del: RRSet A");
  EXPECT_EQ(d.records[3].text, "add: A nwin2.stratolab.org 192.168.1.106");
  Message other(1, 0x2800, 1, 3, 2, 0);
  other.question("zone", t::kSoa);
  other.rr("a.zone", dns_type::kAny, 0, "", dns_class::kNone);
  other.rr("b.zone", dns_type::kAny, 0, "", dns_class::kAny);
  other.rr("c.zone", t::kTxt, 0, "", dns_class::kAny);
  other.rr("d.zone", dns_type::kAny, 0, "", dns_class::kAny);
  other.rr("e.zone", t::kA, 0, bytes({1, 2, 3, 4}), dns_class::kNone);
  d = parse_dns_message(other.span());
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d.records[0].text, "pre: NameNotInUse a.zone");
  EXPECT_EQ(d.records[1].text, "pre: NameInUse b.zone");
  EXPECT_EQ(d.records[2].text, "pre: RRSetExists TXT c.zone");
  EXPECT_EQ(d.records[3].text, "del: RRSet * d.zone");
  EXPECT_EQ(d.records[4].text, "del: RR A e.zone");
}

// --- names ---

DnsName name_at(const Message& m, size_t at) { return read_dns_name(m.span(), at); }

TEST(DnsNames, Compression) {
  Message m(0, 0, 0, 0);
  size_t base = m.size();
  m.name("Example.com");  // 12
  size_t www = m.size();
  m.name_then_pointer("WWW", uint16_t(base));  // www -> example.com
  size_t deeper = m.size();
  m.name_then_pointer("a.b", uint16_t(www));  // a.b -> www -> example.com
  size_t only_pointer = m.size();
  m.pointer(uint16_t(deeper));
  DnsName n = name_at(m, deeper);
  EXPECT_EQ(n.error, DnsNameError::kNone);
  EXPECT_EQ(n.text, "a.b.www.example.com");
  EXPECT_EQ(n.end, only_pointer);  // after the pointer, where the name started
  n = name_at(m, only_pointer);
  EXPECT_EQ(n.text, "a.b.www.example.com");
  EXPECT_EQ(n.end, only_pointer + 2);
  EXPECT_EQ(read_dns_name(m.span(), www, false).text, "WWW.Example.com");
}

TEST(DnsNames, BadPointers) {
  Message m(0, 0, 0, 0);
  size_t self = m.size();
  m.pointer(uint16_t(self));
  EXPECT_EQ(name_at(m, self).error, DnsNameError::kBadPointer);
  size_t forward = m.size();
  m.pointer(uint16_t(forward + 2)).name("later");
  EXPECT_EQ(name_at(m, forward).error, DnsNameError::kBadPointer);
  // A loop needs one pointer to go forward: label "x" then a pointer to itself's start.
  size_t loop = m.size();
  m.u8(1).raw("x").pointer(uint16_t(loop));
  // The bytes pointed to are read only up to the pointer, so "x" is read again and then the
  // bound is met (Zeek ends the name there instead, as "x.x").
  EXPECT_EQ(name_at(m, loop).error, DnsNameError::kTruncated);
  Message two(0, 0, 0, 0);
  size_t first = two.size();
  two.pointer(uint16_t(first + 2)).pointer(uint16_t(first));  // A -> B (forward), B -> A
  EXPECT_EQ(name_at(two, first).error, DnsNameError::kBadPointer);
  EXPECT_EQ(name_at(two, first + 2).error, DnsNameError::kBadPointer);  // B -> A -> B
  // A pointer cut in half, and a pointer past the message.
  Message half(0, 0, 0, 0);
  half.u8(0xC0);
  EXPECT_EQ(name_at(half, 12).error, DnsNameError::kTruncated);
  Message past(0, 0, 0, 0);
  past.pointer(0x3FFF);
  EXPECT_EQ(name_at(past, 12).error, DnsNameError::kBadPointer);
}

TEST(DnsNames, Limits) {
  Message m(0, 0, 0, 0);
  m.u8(64).raw(Bytes(64, 'a')).u8(0);
  EXPECT_EQ(name_at(m, 12).error, DnsNameError::kLabelTooLong);
  Message ok63(0, 0, 0, 0);
  ok63.u8(63).raw(Bytes(63, 'a')).u8(0);
  EXPECT_EQ(name_at(ok63, 12).text, Bytes(63, 'a'));
  // 4 labels of 63 = 256 wire bytes with the root: over; 3 of 63 and one of 61 = 255: fine.
  std::string l63(63, 'b');
  Message longest(0, 0, 0, 0);
  longest.name(l63 + "." + l63 + "." + l63 + "." + std::string(61, 'c'));
  DnsName n = name_at(longest, 12);
  EXPECT_EQ(n.error, DnsNameError::kNone);
  EXPECT_EQ(n.text.size(), 253u);
  Message too_long(0, 0, 0, 0);
  too_long.name(l63 + "." + l63 + "." + l63 + "." + std::string(62, 'c'));
  EXPECT_EQ(name_at(too_long, 12).error, DnsNameError::kNameTooLong);
  // Over the limit through pointers: each pointer adds a 63-byte label to the one before.
  Message chain(0, 0, 0, 0);
  size_t prev = chain.size();
  chain.name(l63);
  for (int i = 0; i < 5; ++i) {
    size_t here = chain.size();
    chain.u8(63).raw(l63).pointer(uint16_t(prev));
    prev = here;
  }
  EXPECT_EQ(name_at(chain, prev).error, DnsNameError::kNameTooLong);
  // Label types 01 and 10 read as over-long labels, as Zeek reads them.
  Message ext(0, 0, 0, 0);
  ext.u8(0x41).raw(Bytes(65, 'a')).u8(0);
  EXPECT_EQ(name_at(ext, 12).error, DnsNameError::kLabelTooLong);
  Message obsolete(0, 0, 0, 0);
  obsolete.u8(0x80).u8(0);
  EXPECT_EQ(name_at(obsolete, 12).error, DnsNameError::kLabelTooLong);
  // Odd bytes are kept raw; a dot inside a label is not escaped (Zeek does not either).
  Message odd(0, 0, 0, 0);
  odd.u8(3).raw(Bytes("a.\xff", 3)).u8(2).raw("Zz").u8(0);
  EXPECT_EQ(name_at(odd, 12).text, Bytes("a.\xff.zz", 6));
}

// A reply as resolvers write them (compression everywhere), cut at every length: never a
// crash, an error for every cut, and what was parsed is a prefix of the whole.
TEST(DnsMessage, TruncatedAtEveryByte) {
  Message m(0x1234, kReply, 1, 4);
  m.question("www.example.com", t::kA);
  m.pointer(12).fields(t::kCname, 300, Bytes("\4edge", 5) + pkt::be16(0xC000 | 16));
  // 45: the CNAME's target, edge.example.com
  m.pointer(45).fields(t::kA, 60, bytes({192, 0, 2, 10}));
  m.pointer(45).fields(t::kTxt, 60, character_string("hello") + character_string("world"));
  m.pointer(12).fields(t::kMx, 60, pkt::be16(5) + pkt::be16(0xC000 | 45));
  DnsMessage whole = parse_dns_message(m.span());
  ASSERT_TRUE(whole.ok()) << dns_error_text(whole.error) << " at " << whole.error_offset;
  ASSERT_EQ(whole.records.size(), 4u);
  EXPECT_EQ(whole.records[0].text, "edge.example.com");
  EXPECT_EQ(whole.records[1].name, "edge.example.com");
  EXPECT_EQ(whole.records[2].text, "TXT 5 hello TXT 5 world");
  EXPECT_EQ(whole.records[3].text, "edge.example.com");
  for (size_t cut = 0; cut < m.size(); ++cut) {
    DnsMessage d = parse_dns_message(m.span().first(cut));
    SCOPED_TRACE(cut);
    EXPECT_FALSE(d.ok());
    EXPECT_EQ(d.has_header, cut >= 12);
    if (cut < 12) {
      EXPECT_EQ(d.error, DnsError::kShortHeader);
    }
    EXPECT_LE(d.error_offset, cut);
    ASSERT_LE(d.records.size(), whole.records.size());
    for (size_t i = 0; i < d.records.size(); ++i)
      EXPECT_EQ(d.records[i].text, whole.records[i].text);
  }
}

// --- TCP framing ---

TEST(DnsTcpFraming, CutsWholeMessages) {
  Bytes a = Message(1, 0, 0, 0).b, b = Message(2, 0x8000, 0, 0).b;
  Bytes stream = pkt::be16(uint16_t(a.size())) + a + pkt::be16(uint16_t(b.size())) + b +
                 pkt::be16(0) + pkt::be16(40) + "partial";
  DnsTcpCut cut = cut_dns_tcp_messages(test::dns::span(stream));
  ASSERT_EQ(cut.messages.size(), 3u);
  EXPECT_EQ(parse_dns_message(cut.messages[0]).header.id, 1);
  EXPECT_EQ(parse_dns_message(cut.messages[1]).header.id, 2);
  EXPECT_TRUE(cut.messages[2].empty());
  EXPECT_TRUE(cut.need_more);
  EXPECT_EQ(cut.consumed, stream.size() - 9);
  cut = cut_dns_tcp_messages(test::dns::span(stream), 1);
  EXPECT_EQ(cut.messages.size(), 1u);
  EXPECT_FALSE(cut.need_more);
  EXPECT_EQ(cut.consumed, 2 + a.size());
  EXPECT_FALSE(cut_dns_tcp_messages({}).need_more);
  EXPECT_TRUE(cut_dns_tcp_messages(test::dns::span(Bytes(1, '\0'))).need_more);
}

TEST(DnsTcpFraming, StreamAcrossEverySplit) {
  Message big(3, kReply, 1, 1);
  big.question("example.com", t::kTxt);
  big.pointer(12).fields(t::kTxt, 1, character_string(std::string(200, 'x')));
  Bytes msgs[] = {Message(1, 0, 0, 0).b, big.b, Message(2, 0x8000, 0, 0).b};
  Bytes stream;
  for (const Bytes& m : msgs) stream += pkt::be16(uint16_t(m.size())) + m;
  for (size_t first = 0; first <= stream.size(); ++first) {
    for (size_t second : {first, (first + stream.size()) / 2, stream.size()}) {
      if (second < first) continue;
      DnsTcpStream s;
      std::vector<Bytes> got;
      auto on = [&](std::span<const uint8_t> m) {
        got.emplace_back(reinterpret_cast<const char*>(m.data()), m.size());
      };
      s.feed(test::dns::span(stream.substr(0, first)), on);
      s.feed(test::dns::span(stream.substr(first, second - first)), on);
      s.feed(test::dns::span(stream.substr(second)), on);
      ASSERT_EQ(got.size(), 3u) << first << " " << second;
      for (size_t i = 0; i < 3; ++i) EXPECT_EQ(got[i], msgs[i]);
      EXPECT_EQ(s.held(), 0u);
    }
  }
  // Byte by byte, and a partial message forgotten by reset().
  DnsTcpStream s;
  size_t count = 0;
  for (char c : stream.substr(0, stream.size() - 3))
    s.feed(test::dns::span(Bytes(1, c)), [&](std::span<const uint8_t>) { ++count; });
  EXPECT_EQ(count, 2u);
  EXPECT_GT(s.held(), 0u);
  EXPECT_LE(s.held(), 2u + 65535u);
  s.reset();
  EXPECT_EQ(s.held(), 0u);
}

TEST(DnsConstants, ZeekNames) {
  EXPECT_EQ(dns_qtype_name(1), "A");
  EXPECT_EQ(dns_qtype_name(28), "AAAA");
  EXPECT_EQ(dns_qtype_name(65), "HTTPS");
  EXPECT_EQ(dns_qtype_name(255), "*");
  EXPECT_EQ(dns_qtype_name(30), "NXT");
  EXPECT_EQ(dns_qtype_name(65534), "query-65534");
  EXPECT_EQ(dns_qtype_name(54), "query-54");
  EXPECT_EQ(dns_qclass_name(1), "C_INTERNET");
  EXPECT_EQ(dns_qclass_name(255), "C_ANY");
  EXPECT_EQ(dns_qclass_name(5), "qclass-5");
  EXPECT_EQ(dns_rcode_name(0), "NOERROR");
  EXPECT_EQ(dns_rcode_name(3), "NXDOMAIN");
  EXPECT_EQ(dns_rcode_name(5), "REFUSED");
  EXPECT_EQ(dns_rcode_name(8), "NXRRSet");
  EXPECT_EQ(dns_rcode_name(12), "unassigned-12");
  EXPECT_EQ(dns_rcode_name(3842), "BADSIG");
  EXPECT_EQ(dns_rcode_name(24), "rcode-24");
  EXPECT_EQ(dns_opcode_name(0), "query");
  EXPECT_EQ(dns_opcode_name(4), "notify");
  EXPECT_EQ(dns_opcode_name(5), "dynamic-update");
  EXPECT_EQ(dns_opcode_name(2), "opcode-2");
}

}  // namespace
}  // namespace zeekscope::protocol
