#include "protocol/dns_transactions.h"

#include <algorithm>

#include "protocol/dns_constants.h"

namespace zeekscope::protocol {

DnsTransactions::DnsTransactions(DnsTransactionSink& sink, const DnsPairingLimits& limits)
    : sink_(sink), limits_(limits) {}

DnsTransaction DnsTransactions::take(ById& table, uint16_t id) {
  auto it = table.find(id);
  DnsTransaction t = std::move(it->second.front());
  it->second.pop_front();
  if (it->second.empty()) table.erase(it);
  --pending_total_;
  return t;
}

void DnsTransactions::write(const DnsTransaction& t) {
  ++stats_.records;
  if (t.saw_query && t.saw_reply) ++stats_.paired;
  sink_.on_dns(t);
}

void DnsTransactions::write_all(ById& table) {
  for (auto& [id, queue] : table) {
    for (const DnsTransaction& t : queue) write(t);
    pending_total_ -= queue.size();
  }
  table.clear();
}

void DnsTransactions::enqueue(ById& table, DnsTransaction t) {
  // Zeek's enqueue_new_msg: past the limits, what is pending is written unmatched.
  auto it = table.find(t.trans_id);
  if (it == table.end()) {
    if (table.size() > limits_.max_pending_ids) {
      for (auto& [id, queue] : table) stats_.flushed_for_limit += queue.size();
      write_all(table);
    }
    it = table.emplace(t.trans_id, Queue()).first;
  } else if (it->second.size() > limits_.max_pending_per_id) {
    stats_.flushed_for_limit += it->second.size();
    for (const DnsTransaction& queued : it->second) write(queued);
    pending_total_ -= it->second.size();
    it->second.clear();
  }
  it->second.push_back(std::move(t));
  ++pending_total_;
}

void DnsTransactions::apply(DnsTransaction& t, int64_t now, const DnsMessage& m) {
  const DnsHeader& h = m.header;
  const bool update = h.opcode == dns_opcode::kUpdate;
  t.opcode = h.opcode;
  if (!h.qr) {
    // dns_request, once per question: the last one wins. An update's zone is not a question.
    if (!update) {
      for (const DnsQuestion& q : m.questions) {
        t.RD = h.rd;
        t.TC = h.tc;
        t.Z = h.z;
        t.qclass = q.qclass;
        t.qtype = q.qtype;
        t.query = q.name;
      }
    }
    t.saw_query = true;
    return;
  }
  t.rcode = h.rcode;
  if (h.rcode != 0 && h.qdcount == 0) t.rejected = true;
  // dns_rejected: a question in a reply without any record.
  if (!update && !m.questions.empty() && h.ancount == 0 && h.nscount == 0 && h.arcount == 0)
    t.rejected = true;
  for (const DnsResourceRecord& rr : m.records) {
    bool counted =
        rr.section == DnsSection::kAnswer || (update && rr.section == DnsSection::kAuthority);
    if (!counted || !rr.handled) continue;
    if (!t.query) t.query = rr.name;
    t.AA = h.aa;
    t.RA = h.ra;
    if (!t.rtt_ns) {
      t.rtt_ns = now - t.ts_ns;
      if (*t.rtt_ns == 0) t.rtt_ns.reset();  // Zeek takes 0 to mean a reply alone
    }
    if (!rr.text.empty()) {
      t.answers.push_back(rr.text);
      t.ttls.push_back(rr.ttl);
    }
  }
  t.saw_reply = true;
}

void DnsTransactions::on_message(uint64_t connection, int64_t time_ns, const DnsMessage& m,
                                 bool responder_multicast) {
  ++stats_.messages;
  if (!m.has_header) {
    ++stats_.not_dns;
    return;
  }
  if (!m.ok()) {
    ++stats_.with_error;
    ++stats_.errors[size_t(m.error)];
  }
  const DnsHeader& h = m.header;
  if (h.opcode != dns_opcode::kQuery && h.opcode != dns_opcode::kNotify &&
      h.opcode != dns_opcode::kUpdate) {
    ++stats_.other_opcode;
    return;
  }
  now_ns_ = std::max(now_ns_, time_ns);
  auto fresh = [&] {
    DnsTransaction t;
    t.connection = connection;
    t.ts_ns = now_ns_;
    t.trans_id = h.id;
    return t;
  };

  if (responder_multicast) {
    DnsTransaction t = fresh();
    t.saw_query = t.saw_reply = true;
    apply(t, now_ns_, m);
    write(t);
    return;
  }

  Connection& c = connections_[connection];
  DnsTransaction t;
  enum class Keep { kNo, kFirstQuery, kQueries, kReplies } keep = Keep::kNo;
  if (!h.qr) {
    if (c.replies.count(h.id)) {
      t = take(c.replies, h.id);
    } else {
      t = fresh();
      keep = c.first_query ? Keep::kQueries : Keep::kFirstQuery;
    }
  } else if (c.first_query && c.first_query->trans_id == h.id) {
    t = std::move(*c.first_query);
    c.first_query.reset();
    --pending_total_;
    // Refill the fast path: the next query of this id, else any (Zeek: an arbitrary one; here
    // the lowest id).
    if (c.queries.count(h.id)) {
      c.first_query = take(c.queries, h.id);
      ++pending_total_;
    } else if (!c.queries.empty()) {
      c.first_query = take(c.queries, c.queries.begin()->first);
      ++pending_total_;
    }
  } else if (c.queries.count(h.id)) {
    t = take(c.queries, h.id);
  } else {
    t = fresh();
    keep = Keep::kReplies;
  }

  apply(t, now_ns_, m);
  if (t.saw_query && t.saw_reply) {
    write(t);
  } else if (pending_total_ >= limits_.max_pending_total) {
    ++stats_.over_total_limit;
    write(t);
  } else if (keep == Keep::kFirstQuery) {
    c.first_query = std::move(t);
    ++pending_total_;
  } else if (keep == Keep::kQueries) {
    enqueue(c.queries, std::move(t));
  } else if (keep == Keep::kReplies) {
    enqueue(c.replies, std::move(t));
  }
  if (!c.first_query && c.queries.empty() && c.replies.empty()) connections_.erase(connection);
}

void DnsTransactions::finish_connection(uint64_t connection) {
  auto it = connections_.find(connection);
  if (it == connections_.end()) return;
  Connection& c = it->second;
  if (c.first_query) {
    write(*c.first_query);
    --pending_total_;
  }
  write_all(c.queries);
  write_all(c.replies);
  connections_.erase(it);
}

void DnsTransactions::finish() {
  while (!connections_.empty()) finish_connection(connections_.begin()->first);
}

}  // namespace zeekscope::protocol
