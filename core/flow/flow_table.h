#pragma once
// The connection table: packet views in capture order become connections (Zeek's session
// layer: five-tuple key without VLAN, originator rules, TCP states and history, byte and
// packet counts), and each connection, once a timer on packet time removes it, the table is
// over its limit, or the capture ends, becomes a ConnRecord for the sink. A protocol layer
// may watch each connection's packets through a FlowObserver and set its service.
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <unordered_map>
#include <utility>

#include "flow/conn_record.h"
#include "flow/connection.h"
#include "flow/flow_config.h"
#include "flow/flow_key.h"
#include "packet/packet_decoder.h"

namespace zeekscope::flow {

class FlowObserver {
 public:
  virtual ~FlowObserver() = default;
  // A packet that passed the checksum policy, after the connection took it (so its direction
  // reflects any flip). The observer may set the service or flip the roles.
  virtual void on_packet(Connection& connection, const FlowPacket& packet) = 0;
  // The connection is about to become a record (its last chance to set the service).
  virtual void on_end(Connection& connection) { (void)connection; }
};

class FlowTable final : public packet::PacketViewSink {
 public:
  explicit FlowTable(ConnRecordSink& sink, FlowConfig config = {}, FlowLimits limits = {});
  ~FlowTable() override;
  void set_observer(FlowObserver* observer) { observer_ = observer; }
  // Where the names of PCAPdroid's app uids are (the decoder's, filled as the file is read).
  void set_app_names(const packet::AppNames* names) { app_names_ = names; }

  void on_view(const packet::PacketView& view) override;
  // The end of the capture: every connection left becomes a record, oldest first.
  void finish();

  size_t size() const { return connections_.size(); }
  const FlowStats& stats() const { return stats_; }
  const FlowConfig& config() const { return config_; }

 private:
  using Schedule = std::set<std::pair<int64_t, uint64_t>>;  // (time, connection id)
  struct Entry {
    std::unique_ptr<Connection> connection;
    FlowKey key;
    int64_t deadline;
    uint64_t touched;
  };

  void run_timers(int64_t now_us);
  Connection& create(const packet::PacketView& view, const Endpoints& e, int64_t t_us);
  void reschedule(Entry& entry);
  void touch(Entry& entry);
  void remove(uint64_t id);

  ConnRecordSink& sink_;
  FlowConfig config_;
  FlowLimits limits_;
  FlowStats stats_;
  FlowObserver* observer_ = nullptr;
  const packet::AppNames* app_names_ = nullptr;
  std::map<uint64_t, Entry> connections_;  // by id: creation order
  std::unordered_map<FlowKey, uint64_t, FlowKeyHash> by_key_;
  Schedule deadlines_;
  Schedule recency_;  // (touch counter, id): the least recently active first
  uint64_t next_id_ = 0, touches_ = 0;
  int64_t now_us_ = INT64_MIN;
};

}  // namespace zeekscope::flow
