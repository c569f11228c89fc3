#pragma once
// One connection as Zeek's session layer sees it: its originator and responder, per side the
// packets, IP bytes and (TCP) endpoint state, the history letters, and its timers on packet
// time. The table feeds it the packets of its five-tuple; it decides nothing about removal
// itself but says when its next timer is due and what happens then.
#include <array>
#include <cstdint>
#include <limits>
#include <span>
#include <string>

#include "flow/conn_record.h"
#include "flow/flow_config.h"
#include "flow/flow_key.h"
#include "flow/tcp_endpoint.h"
#include "packet/packet_view.h"

namespace zeekscope::flow {

// A packet as a connection's protocol layer receives it.
struct FlowPacket {
  const packet::PacketView& view;
  bool from_orig = true;
  uint32_t seq = 0;  // TCP
  std::span<const uint8_t> payload;
};

enum class Removal { kNone, kAttempt, kClose, kInactivity, kDns };

class Connection {
 public:
  static constexpr int64_t kNever = std::numeric_limits<int64_t>::max();

  // `orig`: the first packet's endpoints, turned round when Zeek's port rules `flipped` them.
  Connection(uint64_t id, const Endpoints& orig, bool flipped, int64_t ts_us, std::string uid,
             const FlowConfig& config, const FlowLimits& limits, FlowStats& stats);

  uint64_t id() const { return id_; }
  const std::string& uid() const { return uid_; }
  const IpAddress& orig_h() const { return orig_.src; }
  const IpAddress& resp_h() const { return orig_.dst; }
  uint16_t orig_p() const { return orig_.src_port; }
  uint16_t resp_p() const { return orig_.dst_port; }
  uint8_t protocol() const { return orig_.protocol; }
  int64_t ts_us() const { return ts_us_; }
  const std::string& history() const { return history_; }
  const std::string& service() const { return service_; }
  void set_service(std::string service) { service_ = std::move(service); }
  // Swaps originator and responder (with their counts and states) and adds '^'.
  void flip_roles();
  // Zeek's skip_further_processing (e.g. the GridFTP script on a detected data channel): later
  // packets are counted in FlowStats only and change nothing, the record stays as it is.
  void skip_further_processing() { skipping_ = true; }
  bool skipping() const { return skipping_; }
  // PCAPdroid's app of a packet: the connection keeps the first uid named, unless that one was
  // "unknown" (-1) and a later packet names another.
  void note_app(int32_t uid) {
    if (has_app_ && !(app_uid_ == -1 && uid != -1)) return;
    has_app_ = true;
    app_uid_ = uid;
  }
  // A protocol layer reached one of Zeek's analysis limits: 'X' in history, once (Zeek 9.0+).
  void analysis_limit_reached() {
    if (limit_reached_) return;
    limit_reached_ = true;
    add_history('X', true);
  }

  bool sent_by_orig(const Endpoints& e) const {
    return e.src == orig_.src && e.src_port == orig_.src_port && e.dst == orig_.dst &&
           e.dst_port == orig_.dst_port;
  }
  // Whether this TCP packet (a SYN) starts a new connection on the tuple (Zeek's IsReuse).
  bool is_reuse(const packet::PacketView& view) const;
  // Takes one packet. `checksum_bad`: it failed the transport checksum under Zeek's policy.
  // Returns false when the packet only marked history (it is not given to protocol layers).
  bool add(const packet::PacketView& view, bool from_orig, int64_t t_us, bool checksum_bad);

  // The earliest timer, and what the timers due at `now_us` do.
  int64_t next_deadline() const;
  Removal run_timers(int64_t now_us);

  ConnRecord record() const;

 private:
  struct Side {
    uint64_t packets = 0, ip_bytes = 0, payload_bytes = 0;
    bool active = false;  // UDP: sent a packet that passed the checksum
    TcpEndpoint tcp;
  };

  void add_history(char letter, bool from_orig);
  bool check_history(uint32_t mask, char letter, bool from_orig);  // true if seen before
  void scaled_history(char letter, ScaledCounter& counter, bool from_orig);
  bool add_tcp(const packet::PacketView& view, bool from_orig, int64_t t_us);
  void add_udp(const packet::PacketView& view, bool from_orig);
  void tcp_state_machine(const packet::PacketView& view, bool& from_orig, int64_t t_us,
                         bool& do_close);
  void closed(bool from_orig);
  void use_tcp_timeout();
  std::string conn_state() const;
  int64_t inactivity_timeout() const;

  uint64_t id_;
  Endpoints orig_;  // orig_.src is the originator
  int64_t ts_us_, last_us_;
  std::string uid_, service_, history_;
  uint64_t missed_bytes_ = 0;
  uint32_t history_seen_ = 0;    // Zeek's hist_seen: originator's bits low, responder's high
  std::array<Side, 2> sides_{};  // [0] originator, [1] responder
  const FlowConfig& config_;
  const FlowLimits& limits_;
  FlowStats& stats_;
  bool tcp_timeout_ = false;  // TCP: the TCP inactivity timeout applies (an endpoint left SYN)
  bool dns_ = false;          // UDP to a DNS port: dns_session_timeout, the QR flip
  bool dns_message_seen_ = false;
  bool limit_reached_ = false;
  bool has_app_ = false;
  int32_t app_uid_ = 0;
  bool skipping_ = false;
  int64_t attempt_at_ = kNever, close_at_ = kNever, dns_at_ = kNever;
};

}  // namespace zeekscope::flow
