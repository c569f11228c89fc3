#include "flow/flow_table.h"

#include <algorithm>

#include "flow/flow_uid.h"

namespace zeekscope::flow {
namespace {

bool is_broadcast(const IpAddress& ip) {
  const auto& b = ip.bytes();
  return ip.is_v4() && b[12] == 0xFF && b[13] == 0xFF && b[14] == 0xFF && b[15] == 0xFF;
}

// Zeek's rules for who the originator is, given the connection's first packet.
bool flip_at_start(const packet::PacketView& view, const Endpoints& e, const FlowConfig& config) {
  if (!view.is_tcp() && !view.is_udp()) return false;  // ICMP and others: never
  bool src_server = config.likely_server_ports.count(port_key(e.protocol, e.src_port)) > 0;
  bool dst_server = config.likely_server_ports.count(port_key(e.protocol, e.dst_port)) > 0;
  bool flip = false;
  if (view.is_tcp()) {
    bool syn = view.tcp_flags & packet::tcp_flag::kSyn;
    bool syn_ack = syn && (view.tcp_flags & packet::tcp_flag::kAck);
    if (!syn || syn_ack) {
      if (src_server && !dst_server)
        flip = true;
      else if (src_server && dst_server && !syn_ack && e.src_port < e.dst_port)
        flip = true;
    }
  } else {
    flip = src_server && !dst_server;
  }
  return flip && !is_broadcast(e.dst);
}

void at_least_one(int64_t& us) { us = std::max<int64_t>(us, 1); }

}  // namespace

FlowTable::FlowTable(ConnRecordSink& sink, FlowConfig config, FlowLimits limits)
    : sink_(sink), config_(std::move(config)), limits_(limits) {
  // Timers of zero would never let time move on.
  for (int64_t* us :
       {&config_.tcp_attempt_delay_us, &config_.tcp_close_delay_us, &config_.tcp_inactivity_us,
        &config_.udp_inactivity_us, &config_.icmp_inactivity_us, &config_.unknown_inactivity_us})
    at_least_one(*us);
  config_.dns_session_timeout_us = std::max<int64_t>(config_.dns_session_timeout_us, 1'000'001);
  limits_.max_connections = std::max<size_t>(limits_.max_connections, 1);
}

FlowTable::~FlowTable() = default;

void FlowTable::on_view(const packet::PacketView& view) {
  ++stats_.packets;
  if (!config_.ignore_checksums) {
    if (!view.ip_checksum_ok) {
      ++stats_.ip_checksum_dropped;
      return;
    }
    if (view.length_from_capture) {
      ++stats_.ip_length_zero_dropped;
      return;
    }
  }
  bool known = view.is_tcp() || view.is_udp() || view.is_icmp();
  if (known && view.transport_truncated) {
    ++stats_.transport_truncated;
    return;
  }
  if (!known && !config_.log_unknown_transport) {
    ++stats_.unknown_transport_ignored;
    return;
  }
  const int64_t t = view.micros();
  now_us_ = std::max(now_us_, t);
  run_timers(now_us_);

  Endpoints e = endpoints_of(view);
  FlowKey key = key_of(e);
  bool checksum_bad =
      !config_.ignore_checksums && view.transport_checksum == packet::PacketView::Checksum::kBad;
  if (checksum_bad) ++stats_.transport_checksum_bad;

  Connection* connection = nullptr;
  if (auto it = by_key_.find(key); it != by_key_.end()) {
    connection = connections_.at(it->second).connection.get();
    if (view.is_tcp() && connection->is_reuse(view)) {
      ++stats_.reused;
      remove(connection->id());
      connection = nullptr;
    }
  }
  if (!connection) connection = &create(view, e, t);
  Entry& entry = connections_.at(connection->id());
  if (view.has_app) connection->note_app(view.app_uid);
  if (connection->skipping()) {
    ++stats_.skipped;
    return;
  }
  if (connection->add(view, connection->sent_by_orig(e), t, checksum_bad)) {
    ++stats_.packets_used;
    if (observer_) {
      FlowPacket packet{view, connection->sent_by_orig(e), view.seq, view.payload};
      observer_->on_packet(*connection, packet);
    }
  }
  reschedule(entry);
  touch(entry);
}

Connection& FlowTable::create(const packet::PacketView& view, const Endpoints& e, int64_t t) {
  while (connections_.size() >= limits_.max_connections && !recency_.empty()) {
    ++stats_.evicted;
    remove(recency_.begin()->second);
  }
  bool flip = flip_at_start(view, e, config_);
  Endpoints orig = e;
  if (flip) {
    std::swap(orig.src, orig.dst);
    std::swap(orig.src_port, orig.dst_port);
  }
  uint64_t id = next_id_++;
  ++stats_.connections;
  auto connection = std::make_unique<Connection>(
      id, orig, flip, t, make_uid(config_.uid_seed, t, orig, id), config_, limits_, stats_);
  Connection& ref = *connection;
  FlowKey key = key_of(e);
  connections_.emplace(id, Entry{std::move(connection), key, Connection::kNever, 0});
  by_key_[key] = id;
  return ref;
}

void FlowTable::reschedule(Entry& entry) {
  uint64_t id = entry.connection->id();
  int64_t next = entry.connection->next_deadline();
  if (next == entry.deadline) return;
  deadlines_.erase({entry.deadline, id});
  entry.deadline = next;
  deadlines_.insert({next, id});
}

void FlowTable::touch(Entry& entry) {
  uint64_t id = entry.connection->id();
  recency_.erase({int64_t(entry.touched), id});
  entry.touched = ++touches_;
  recency_.insert({int64_t(entry.touched), id});
}

void FlowTable::run_timers(int64_t now) {
  while (!deadlines_.empty() && deadlines_.begin()->first <= now) {
    uint64_t id = deadlines_.begin()->second;
    Entry& entry = connections_.at(id);
    switch (entry.connection->run_timers(now)) {
      case Removal::kNone:
        reschedule(entry);
        continue;
      case Removal::kAttempt:
        ++stats_.removed_attempt;
        break;
      case Removal::kClose:
        ++stats_.removed_close;
        break;
      case Removal::kInactivity:
        ++stats_.removed_inactivity;
        break;
      case Removal::kDns:
        ++stats_.removed_dns;
        break;
    }
    remove(id);
  }
}

void FlowTable::remove(uint64_t id) {
  auto it = connections_.find(id);
  if (it == connections_.end()) return;
  Entry& entry = it->second;
  if (observer_) observer_->on_end(*entry.connection);
  ConnRecord record = entry.connection->record();
  if (record.has_app && app_names_) {
    if (auto name = app_names_->find(record.app_uid); name != app_names_->end()) {
      record.app_package = name->second.package;
      record.app_name = name->second.label;
    }
  }
  deadlines_.erase({entry.deadline, id});
  recency_.erase({int64_t(entry.touched), id});
  if (auto k = by_key_.find(entry.key); k != by_key_.end() && k->second == id) by_key_.erase(k);
  connections_.erase(it);
  ++stats_.records;
  sink_.on_conn(record);
}

void FlowTable::finish() {
  while (!connections_.empty()) {
    ++stats_.flushed_at_end;
    remove(connections_.begin()->first);
  }
}

}  // namespace zeekscope::flow
