// The dns.log pairing of queries and replies (spec section 6, Zeek's dns/main.zeek): what a
// record holds, when it is written, unanswered queries, replies alone, retransmissions, several
// questions or replies, multicast, the pending limits, connection and capture end.
#include "protocol/dns_transactions.h"

#include <gtest/gtest.h>

#include "dns_builders.h"
#include "protocol/dns_constants.h"

namespace zeekscope::protocol {
namespace {

using test::dns::Bytes;
using test::dns::bytes;
namespace pkt = test::pkt;
using test::dns::Message;
namespace t = dns_type;

constexpr int64_t kMs = 1'000'000;

struct Collect : DnsTransactionSink {
  std::vector<DnsTransaction> records;
  void on_dns(const DnsTransaction& r) override { records.push_back(r); }
};

DnsMessage query(uint16_t id, const std::string& name, uint16_t qtype = t::kA,
                 uint16_t flags = 0x0100) {
  Message m(id, flags, 1, 0);
  m.question(name, qtype);
  return parse_dns_message(m.span());
}

// A reply with one A answer per address (AA set), and an SOA in authority when none.
DnsMessage reply(uint16_t id, const std::string& name, std::vector<std::string> addresses,
                 uint8_t rcode = 0, uint16_t flags = 0x8580) {
  Message m(id, uint16_t(flags | rcode), 1, uint16_t(addresses.size()), addresses.empty() ? 1 : 0);
  m.question(name, t::kA);
  for (const std::string& a : addresses) {
    auto ip = IpAddress::parse(a)->bytes();
    m.pointer(12).fields(t::kA, 60, std::string(reinterpret_cast<const char*>(ip.data()) + 12, 4));
  }
  if (addresses.empty())
    m.rr("example", t::kSoa, 30,
         test::dns::wire_name("ns") + test::dns::wire_name("h") + std::string(20, '\1'));
  return parse_dns_message(m.span());
}

TEST(DnsTransactions, QueryThenReply) {
  Collect out;
  DnsTransactions pairs(out);
  pairs.on_message(1, 1000 * kMs, query(42, "WWW.Example.com", t::kA, 0x0110));
  EXPECT_TRUE(out.records.empty());
  EXPECT_EQ(pairs.pending(), 1u);
  pairs.on_message(1, 1079 * kMs, reply(42, "www.example.com", {"192.0.2.1", "192.0.2.2"}));
  ASSERT_EQ(out.records.size(), 1u);  // written at the reply
  const DnsTransaction& r = out.records[0];
  EXPECT_EQ(r.connection, 1u);
  EXPECT_EQ(r.ts_ns, 1000 * kMs);
  EXPECT_EQ(r.trans_id, 42);
  EXPECT_EQ(r.rtt_ns, 79 * kMs);
  EXPECT_EQ(r.query, "www.example.com");
  EXPECT_EQ(r.qtype, t::kA);
  EXPECT_EQ(r.qclass, 1);
  EXPECT_EQ(r.rcode, 0);
  EXPECT_TRUE(r.AA && r.RA && r.RD);
  EXPECT_FALSE(r.TC);
  EXPECT_EQ(r.Z, 1);  // the query's CD bit
  EXPECT_EQ(r.answers, (std::vector<std::string>{"192.0.2.1", "192.0.2.2"}));
  EXPECT_EQ(r.ttls, (std::vector<uint32_t>{60, 60}));
  EXPECT_FALSE(r.rejected);
  EXPECT_TRUE(r.saw_query && r.saw_reply);
  EXPECT_EQ(pairs.pending(), 0u);
  EXPECT_EQ(pairs.stats().paired, 1u);
}

TEST(DnsTransactions, ReplyWithoutAnswers) {
  Collect out;
  DnsTransactions pairs(out);
  pairs.on_message(1, 0, query(1, "nx.example"));
  pairs.on_message(1, 5 * kMs, reply(1, "nx.example", {}, 3));
  ASSERT_EQ(out.records.size(), 1u);
  const DnsTransaction& r = out.records[0];
  EXPECT_EQ(r.rcode, 3);
  EXPECT_EQ(dns_rcode_name(*r.rcode), "NXDOMAIN");
  EXPECT_FALSE(r.AA);  // AA and RA only from a reply with answers
  EXPECT_FALSE(r.RA);
  EXPECT_FALSE(r.rtt_ns);  // no answer, no rtt
  EXPECT_TRUE(r.answers.empty());
  EXPECT_FALSE(r.rejected);  // it has an authority record

  // No record at all: rejected, whatever the rcode; rcode != 0 without a question too.
  Message bare(2, 0x8180, 1, 0);
  bare.question("a.example", t::kA);
  pairs.on_message(1, 0, query(2, "a.example"));
  pairs.on_message(1, 1, parse_dns_message(bare.span()));
  EXPECT_TRUE(out.records.back().rejected);
  Message refused(3, 0x8185, 0, 0);
  pairs.on_message(1, 0, query(3, "b.example"));
  pairs.on_message(1, 1, parse_dns_message(refused.span()));
  EXPECT_TRUE(out.records.back().rejected);
  EXPECT_EQ(out.records.back().query, "b.example");
}

TEST(DnsTransactions, UnansweredAndReplyOnly) {
  Collect out;
  DnsTransactions pairs(out);
  pairs.on_message(7, 10, query(5, "unanswered.example", t::kAaaa));
  pairs.on_message(7, 20, reply(6, "Lonely.Example", {"10.0.0.1"}));
  EXPECT_TRUE(out.records.empty());  // both wait for their other half
  pairs.finish_connection(7);
  ASSERT_EQ(out.records.size(), 2u);  // queries first, then replies
  EXPECT_EQ(out.records[0].query, "unanswered.example");
  EXPECT_EQ(out.records[0].qtype, t::kAaaa);
  EXPECT_FALSE(out.records[0].rcode);
  EXPECT_FALSE(out.records[0].saw_reply);
  const DnsTransaction& alone = out.records[1];
  EXPECT_EQ(alone.query, "lonely.example");  // the first answer's owner
  EXPECT_FALSE(alone.qtype);                 // only a query sets these
  EXPECT_FALSE(alone.qclass);
  EXPECT_FALSE(alone.rtt_ns);  // 0: a reply alone
  EXPECT_EQ(alone.rcode, 0);
  EXPECT_EQ(alone.answers, std::vector<std::string>{"10.0.0.1"});
  EXPECT_EQ(pairs.pending(), 0u);
  pairs.finish_connection(7);  // nothing left
  EXPECT_EQ(out.records.size(), 2u);

  // A reply seen before its query pairs with it when the query comes.
  pairs.on_message(8, 100, reply(9, "early.example", {"10.0.0.2"}));
  pairs.on_message(8, 200, query(9, "early.example", t::kA, 0x0300));
  ASSERT_EQ(out.records.size(), 3u);
  EXPECT_EQ(out.records[2].ts_ns, 100);
  EXPECT_FALSE(out.records[2].rtt_ns);
  EXPECT_EQ(out.records[2].qtype, t::kA);
  EXPECT_TRUE(out.records[2].TC);
}

TEST(DnsTransactions, RetransmissionAndExtraReplies) {
  // btest core.ipv6-frag: a query sent twice, one reply. The reply pairs with the first; the
  // second is written unanswered at the end.
  Collect out;
  DnsTransactions pairs(out);
  pairs.on_message(1, 0, query(40849, "txt.example", t::kTxt));
  pairs.on_message(1, 5000 * kMs, query(40849, "txt.example", t::kTxt));
  pairs.on_message(1, 5084 * kMs, reply(40849, "txt.example", {"10.1.1.1"}));
  ASSERT_EQ(out.records.size(), 1u);
  EXPECT_EQ(out.records[0].rtt_ns, 5084 * kMs);
  // A second reply finds no query: it waits, and is written alone.
  pairs.on_message(1, 5090 * kMs, reply(40849, "txt.example", {"10.1.1.1"}));
  EXPECT_EQ(out.records.size(), 2u);  // it paired with the retransmitted query
  EXPECT_EQ(out.records[1].ts_ns, 5000 * kMs);
  pairs.on_message(1, 5095 * kMs, reply(40849, "txt.example", {"10.1.1.1"}));
  pairs.finish();
  ASSERT_EQ(out.records.size(), 3u);
  EXPECT_FALSE(out.records[2].saw_query);
  EXPECT_FALSE(out.records[2].qtype);
}

TEST(DnsTransactions, InterleavedIdsAndConnections) {
  Collect out;
  DnsTransactions pairs(out);
  pairs.on_message(1, 1, query(1, "one.example"));
  pairs.on_message(1, 2, query(2, "two.example"));
  pairs.on_message(1, 3, query(3, "three.example"));
  pairs.on_message(2, 4, reply(1, "other.example", {"10.0.0.9"}));  // another connection
  pairs.on_message(1, 5, reply(2, "two.example", {"10.0.0.2"}));
  pairs.on_message(1, 6, reply(1, "one.example", {"10.0.0.1"}));
  pairs.on_message(1, 7, reply(3, "three.example", {"10.0.0.3"}));
  ASSERT_EQ(out.records.size(), 3u);
  EXPECT_EQ(out.records[0].query, "two.example");
  EXPECT_EQ(out.records[0].answers[0], "10.0.0.2");
  EXPECT_EQ(out.records[1].query, "one.example");
  EXPECT_EQ(out.records[2].query, "three.example");
  EXPECT_EQ(out.records[2].rtt_ns, 4);
  pairs.finish();
  ASSERT_EQ(out.records.size(), 4u);
  EXPECT_EQ(out.records[3].connection, 2u);
  EXPECT_FALSE(out.records[3].saw_query);
}

TEST(DnsTransactions, SeveralQuestionsTheLastWins) {
  Collect out;
  DnsTransactions pairs(out);
  Message m(4, 0x0100, 2, 0);
  m.question("first.example", t::kA).question("second.example", t::kMx);
  pairs.on_message(1, 0, parse_dns_message(m.span()));
  pairs.finish();
  ASSERT_EQ(out.records.size(), 1u);
  EXPECT_EQ(out.records[0].query, "second.example");
  EXPECT_EQ(out.records[0].qtype, t::kMx);
}

TEST(DnsTransactions, MulticastIsNotPaired) {
  // btest dns.mdns-no-assoc: one record per message, written at once.
  Collect out;
  DnsTransactions pairs(out);
  pairs.on_message(1, 10, query(0, "a.local"), true);
  pairs.on_message(1, 20, reply(0, "a.local", {"192.168.0.2"}), true);
  ASSERT_EQ(out.records.size(), 2u);
  EXPECT_EQ(out.records[0].query, "a.local");
  EXPECT_FALSE(out.records[0].rcode);
  EXPECT_FALSE(out.records[1].qtype);
  EXPECT_EQ(out.records[1].rcode, 0);
  EXPECT_TRUE(out.records[1].AA);
  EXPECT_FALSE(out.records[1].rtt_ns);
  EXPECT_EQ(pairs.pending(), 0u);
}

TEST(DnsTransactions, OpcodesAndErrors) {
  Collect out;
  DnsTransactions pairs(out);
  Message status(1, 2 << 11, 0, 0);  // STATUS: not logged by Zeek
  pairs.on_message(1, 0, parse_dns_message(status.span()));
  pairs.on_message(1, 0, parse_dns_message({}));
  EXPECT_EQ(pairs.stats().other_opcode, 1u);
  EXPECT_EQ(pairs.stats().not_dns, 1u);
  // A reply cut inside its second answer still gives the first.
  Message m(8, 0x8180, 1, 2);
  m.question("cut.example", t::kA);
  m.pointer(12).fields(t::kA, 9, bytes({10, 0, 0, 1}));
  m.pointer(12).fields(t::kA, 9, bytes({10, 0, 0, 2}));
  pairs.on_message(1, 0, query(8, "cut.example"));
  pairs.on_message(1, 1, parse_dns_message(m.span().first(m.size() - 2)));
  ASSERT_EQ(out.records.size(), 1u);
  EXPECT_EQ(out.records[0].answers, std::vector<std::string>{"10.0.0.1"});
  EXPECT_EQ(pairs.stats().with_error, 1u);
  EXPECT_EQ(pairs.stats().errors[size_t(DnsError::kTruncated)], 1u);
  // Dynamic update: no question fields; answers from the reply's prerequisite and update
  // sections; the query is the first one's owner.
  Message upd(47952, 0x2800, 1, 1, 1, 0);
  upd.question("zone.org", t::kSoa);
  upd.rr("Host.zone.org", t::kCname, 0, "", dns_class::kNone);
  upd.rr("Host.zone.org", t::kA, 1200, bytes({192, 168, 1, 106}));
  pairs.on_message(2, 100, parse_dns_message(upd.span()));
  upd.b[2] = char(0xA8);
  upd.b[3] = 0x05;  // the reply: REFUSED
  pairs.on_message(2, 200, parse_dns_message(upd.span()));
  ASSERT_EQ(out.records.size(), 2u);
  const DnsTransaction& u = out.records[1];
  EXPECT_EQ(u.opcode, dns_opcode::kUpdate);
  EXPECT_EQ(u.query, "host.zone.org");
  EXPECT_FALSE(u.qtype);
  EXPECT_EQ(u.rcode, 5);
  EXPECT_EQ(u.rtt_ns, 100);
  EXPECT_EQ(u.answers, (std::vector<std::string>{"pre: NoRRSet CNAME host.zone.org",
                                                 "add: A host.zone.org 192.168.1.106"}));
  EXPECT_EQ(u.ttls, (std::vector<uint32_t>{0, 1200}));
  EXPECT_FALSE(u.rejected);
}

TEST(DnsTransactions, TimeNeverGoesBack) {
  Collect out;
  DnsTransactions pairs(out);
  pairs.on_message(1, 1000, query(1, "a.example"));
  pairs.on_message(1, 900, reply(1, "a.example", {"10.0.0.1"}));  // captured out of order
  ASSERT_EQ(out.records.size(), 1u);
  EXPECT_FALSE(out.records[0].rtt_ns);  // network time stood still: 0
  pairs.on_message(1, 950, query(2, "b.example"));
  pairs.finish();
  EXPECT_EQ(out.records[1].ts_ns, 1000);
}

TEST(DnsTransactions, PendingLimits) {
  Collect out;
  DnsPairingLimits small;
  small.max_pending_ids = 2;
  small.max_pending_per_id = 2;
  DnsTransactions pairs(out, small);
  // The first query waits apart (Zeek's fast path); then ids 2, 3 and 4 queue; a fifth id finds
  // more than two queued and they are written unmatched.
  for (uint16_t id = 1; id <= 4; ++id) pairs.on_message(1, id, query(id, "q.example"));
  EXPECT_TRUE(out.records.empty());
  pairs.on_message(1, 5, query(5, "q.example"));
  EXPECT_EQ(out.records.size(), 3u);
  EXPECT_EQ(pairs.stats().flushed_for_limit, 3u);
  EXPECT_EQ(pairs.pending(), 2u);  // the fast path one and id 5
  // The fast path still pairs.
  pairs.on_message(1, 6, reply(1, "q.example", {"10.0.0.1"}));
  EXPECT_EQ(out.records.back().trans_id, 1);
  EXPECT_TRUE(out.records.back().saw_query);
  // Per id: after the fast path, more than two queued of one id are written.
  for (int i = 0; i < 4; ++i) pairs.on_message(2, 10 + i, query(7, "same.example"));
  EXPECT_EQ(out.records.size(), 4u);
  pairs.on_message(2, 20, query(7, "same.example"));
  EXPECT_EQ(out.records.size(), 7u);

  Collect capped_out;
  DnsPairingLimits capped;
  capped.max_pending_total = 2;
  DnsTransactions capped_pairs(capped_out, capped);
  for (uint16_t id = 1; id <= 3; ++id) capped_pairs.on_message(id, id, query(id, "x.example"));
  EXPECT_EQ(capped_out.records.size(), 1u);  // the third is written alone
  EXPECT_EQ(capped_pairs.stats().over_total_limit, 1u);
  EXPECT_EQ(capped_pairs.pending(), 2u);
  capped_pairs.finish();
  EXPECT_EQ(capped_out.records.size(), 3u);
  EXPECT_EQ(capped_pairs.pending(), 0u);
}

}  // namespace
}  // namespace zeekscope::protocol
