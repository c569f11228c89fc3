#include "flow/connection.h"

#include <algorithm>
#include <cctype>

namespace zeekscope::flow {
namespace {

namespace hist {
constexpr uint32_t kSyn = 1, kFin = 2, kRst = 4, kFinRst = 8, kAck = 16, kData = 32, kMulti = 64;
}

constexpr int32_t kTooLargeSeqDelta = 1048576;  // Zeek's TOO_LARGE_SEQ_DELTA

bool is_multicast(const IpAddress& ip) {
  const auto& b = ip.bytes();
  return ip.is_v4() ? (b[12] & 0xF0) == 0xE0 : b[0] == 0xFF;
}

// ^?S[^HAFGIQ]*R.* : an originator that sent a SYN, then nothing handshaking, then a RST.
bool syn_then_reset(const std::string& history) {
  size_t i = !history.empty() && history[0] == '^' ? 1 : 0;
  if (i >= history.size() || history[i] != 'S') return false;
  for (++i; i < history.size(); ++i) {
    char c = history[i];
    if (c == 'R') return true;
    if (std::string_view("HAFGIQ").find(c) != std::string_view::npos) return false;
  }
  return false;
}

}  // namespace

Connection::Connection(uint64_t id, const Endpoints& orig, bool flipped, int64_t ts_us,
                       std::string uid, const FlowConfig& config, const FlowLimits& limits,
                       FlowStats& stats)
    : id_(id),
      orig_(orig),
      ts_us_(ts_us),
      last_us_(ts_us),
      uid_(std::move(uid)),
      config_(config),
      limits_(limits),
      stats_(stats) {
  if (flipped) {
    history_.push_back('^');
    ++stats_.flipped;
  }
  if (orig_.protocol == packet::ip_protocol::kUdp && config_.dns_ports.count(orig_.dst_port)) {
    dns_ = true;
    dns_at_ = ts_us + config_.dns_session_timeout_us;
  }
}

void Connection::flip_roles() {
  std::swap(orig_.src, orig_.dst);
  std::swap(orig_.src_port, orig_.dst_port);
  std::swap(sides_[0], sides_[1]);
  if (history_.size() < limits_.max_history) history_ += '^';
  ++stats_.flipped;
}

void Connection::add_history(char letter, bool from_orig) {
  if (!from_orig) letter = char(std::tolower(static_cast<unsigned char>(letter)));
  if (history_.size() >= limits_.max_history) {
    ++stats_.history_truncated;
    return;
  }
  history_ += letter;
}

bool Connection::check_history(uint32_t mask, char letter, bool from_orig) {
  if (!from_orig) mask <<= 16;
  if (history_seen_ & mask) return true;
  history_seen_ |= mask;
  add_history(letter, from_orig);
  return false;
}

void Connection::scaled_history(char letter, ScaledCounter& counter, bool from_orig) {
  if (counter.step()) add_history(letter, from_orig);
}

bool Connection::is_reuse(const packet::PacketView& view) const {
  using namespace packet::tcp_flag;
  if (!(view.tcp_flags & kSyn)) return false;
  const TcpEndpoint& orig = sides_[0].tcp;
  const TcpEndpoint& resp = sides_[1].tcp;
  const TcpEndpoint* conn_orig = &orig;
  if (view.tcp_flags & kAck) {
    if (orig.state != TcpState::kInactive) return false;  // only half connections
    conn_orig = &resp;
  }
  if (!(orig.did_close || resp.did_close)) {
    if (view.seq == conn_orig->start) return false;
    // A SYN and its SYN-ACK captured in reverse order: not a reuse.
    if (!(view.tcp_flags & kAck) && conn_orig->state == TcpState::kSynAckSent &&
        resp.state == TcpState::kInactive && view.seq + 1 == conn_orig->ack_sent)
      return false;
  }
  return true;
}

bool Connection::add(const packet::PacketView& view, bool from_orig, int64_t t_us,
                     bool checksum_bad) {
  Side& side = sides_[from_orig ? 0 : 1];
  if (checksum_bad) {
    if (view.is_tcp() || view.is_udp()) scaled_history('C', side.tcp.bad_checksums, from_orig);
    return false;
  }
  side.packets += 1;
  // IPv4 total length 0 (segmentation offload, read only under -C) adds 0, as in Zeek.
  side.ip_bytes += view.length_from_capture ? 0 : view.ip_length;
  if (view.is_tcp()) return add_tcp(view, from_orig, t_us);
  last_us_ = t_us;
  if (view.is_udp()) {
    add_udp(view, from_orig);
  } else if (view.is_icmp()) {
    side.payload_bytes += view.payload_length;
  }
  return true;
}

void Connection::add_udp(const packet::PacketView& view, bool from_orig) {
  Side& side = sides_[from_orig ? 0 : 1];
  side.active = true;
  side.payload_bytes += view.payload_length;
  check_history(hist::kData, 'D', from_orig);
  // Zeek's DNS analyzer: when the first message it parses is a response sent by the
  // originator, the roles were guessed wrong (unless the responder is a multicast group).
  if (dns_ && !dns_message_seen_ && view.payload.size() >= 12) {
    dns_message_seen_ = true;
    bool response = view.payload[2] & 0x80;
    if (response && from_orig && !is_multicast(orig_.dst)) flip_roles();
  }
}

void Connection::use_tcp_timeout() { tcp_timeout_ = true; }

bool Connection::add_tcp(const packet::PacketView& view, bool from_orig, int64_t t_us) {
  using namespace packet::tcp_flag;
  const uint8_t flags = view.tcp_flags;
  const bool syn = flags & kSyn, fin = flags & kFin, rst = flags & kRst, ack = flags & kAck;
  const int bits = int(syn) + int(fin) + int(rst);
  const uint32_t len = view.payload_length;

  // A SYN-ACK seen first, then a pure ACK or data: the SYN was missed, so flip.
  if (history_.size() == 1 && history_[0] == 'H' && bits == 0 && (len > 0 || ack)) {
    std::swap(orig_.src, orig_.dst);
    std::swap(orig_.src_port, orig_.dst_port);
    std::swap(sides_[0], sides_[1]);
    from_orig = !from_orig;
    history_.clear();
    history_.push_back('^');
    history_.push_back('h');
    ++stats_.flipped;
  }

  TcpEndpoint* ep = &sides_[from_orig ? 0 : 1].tcp;
  TcpEndpoint* peer = &sides_[from_orig ? 1 : 0].tcp;
  const uint32_t seq = view.seq;
  const uint32_t seq_len = len + (syn ? 1 : 0) + (fin ? 1 : 0);
  const uint32_t next = seq + seq_len;

  // Zeek's init_endpoint: the sequence space starts at the SYN, or as if one preceded.
  switch (ep->state) {
    case TcpState::kInactive:
      if (syn) {
        ep->init_sequence(seq, next);
      } else {
        ep->init_sequence(seq - 1, seq);
      }
      break;
    case TcpState::kSynSent:
    case TcpState::kSynAckSent:
      if (syn && seq != ep->start) ep->init_sequence(seq, next);
      break;
    case TcpState::kEstablished:
    case TcpState::kPartial:
      if (syn) ep->init_sequence(seq, next);
      break;
    case TcpState::kReset:
      if (syn && ep->prev_state == TcpState::kInactive) ep->init_sequence(seq, next);
      break;
    default:
      break;
  }
  const int64_t rel = ep->offset_of(seq);

  // History letters (Zeek's update_history).
  if (bits > 1) {
    if (fin && rst)
      check_history(hist::kFinRst, 'I', from_orig);
    else
      check_history(hist::kMulti, 'Q', from_orig);
  } else if (bits == 1) {
    if (syn) {
      char code = ack ? 'H' : 'S';
      if (check_history(hist::kSyn, code, from_orig) && rel != ep->hist_last_syn)
        add_history(code, from_orig);
      ep->hist_last_syn = rel;
    }
    if (fin) {
      if (check_history(hist::kFin, 'F', from_orig) && rel + len != ep->hist_last_fin)
        add_history('F', from_orig);
      ep->hist_last_fin = rel + len;
    }
    if (rst) {
      if (check_history(hist::kRst, 'R', from_orig) && rel != ep->hist_last_rst)
        add_history('R', from_orig);
      ep->hist_last_rst = rel;
    }
  } else if (len > 0) {
    check_history(hist::kData, 'D', from_orig);
  } else if (ack) {
    check_history(hist::kAck, 'A', from_orig);
  }
  if (view.window == 0 && !rst && peer->state != TcpState::kClosed && ep->state != TcpState::kReset)
    scaled_history('W', ep->zero_windows, from_orig);

  // Once both sides closed, the time stops (the last ACK is not part of the duration).
  if (!(ep->did_close && peer->did_close)) last_us_ = t_us;

  if (fin) {
    ++ep->fin_count;
    ep->fin_end = rel + seq_len;
  }

  // Zeek's update_last_seq.
  int32_t delta_last = int32_t(next - ep->last);
  if ((syn || rst) && (delta_last > kTooLargeSeqDelta || delta_last < -kTooLargeSeqDelta)) {
    // untrusted
  } else if (fin && ep->last == ep->start + 1) {
    ep->set_last(next);
  } else if (ep->state == TcpState::kReset) {
    // nothing after a RST is trusted
  } else if (delta_last > 0) {
    ep->advance_last(next);
  } else if (len > 0) {
    scaled_history('T', ep->retransmits, from_orig);
  }

  if (ack) ep->ack_sent = view.ack;
  bool do_close = false;
  tcp_state_machine(view, from_orig, t_us, do_close);
  ep = &sides_[from_orig ? 0 : 1].tcp;
  peer = &sides_[from_orig ? 1 : 0].tcp;

  if (ack && peer->state != TcpState::kInactive) {
    peer->advance_ack(view.ack);
    uint64_t missing = peer->acknowledged(peer->ack_offset);
    auto established = [](const TcpEndpoint& e) {
      return e.state == TcpState::kEstablished ||
             (e.state == TcpState::kClosed && e.prev_state == TcpState::kEstablished);
    };
    if (missing > 0 && established(*ep) && established(*peer)) {
      missed_bytes_ += missing;
      scaled_history('G', peer->gaps, !from_orig);
    }
  }
  // Payload not captured whole is not delivered (Zeek: truncated_tcp_payload).
  if (len > 0 && view.payload.size() == len)
    ep->add_data(rel + (syn ? 1 : 0), len, limits_.max_gap_ranges, stats_.gap_ranges_dropped);

  if (do_close) closed(from_orig);
  return true;
}

void Connection::tcp_state_machine(const packet::PacketView& view, bool& from_orig, int64_t t_us,
                                   bool& do_close) {
  using namespace packet::tcp_flag;
  const uint8_t flags = view.tcp_flags;
  const bool syn = flags & kSyn, fin = flags & kFin, rst = flags & kRst, ack = flags & kAck;
  TcpEndpoint* ep = &sides_[from_orig ? 0 : 1].tcp;
  TcpEndpoint* peer = &sides_[from_orig ? 1 : 0].tcp;
  auto set = [this](TcpEndpoint* e, TcpState s) {
    e->set_state(s);
    if (s == TcpState::kEstablished || s == TcpState::kPartial) use_tcp_timeout();
  };

  switch (ep->state) {
    case TcpState::kInactive: {
      if (syn) {
        if (from_orig) {
          set(ep, ack ? TcpState::kSynAckSent : TcpState::kSynSent);
          if (attempt_at_ == kNever) attempt_at_ = t_us + config_.tcp_attempt_delay_us;
        } else {
          if (!ack && peer->state == TcpState::kSynAckSent && view.seq + 1 == peer->ack_sent) {
            // SYN and SYN-ACK captured in reverse order: flip and establish.
            flip_roles();
            from_orig = true;
            ep = &sides_[0].tcp;
            peer = &sides_[1].tcp;
            set(peer, TcpState::kEstablished);
          }
          if (peer->state == TcpState::kSynSent) set(peer, TcpState::kEstablished);
          set(ep, TcpState::kEstablished);
        }
      }
      if (fin) {
        set(ep, TcpState::kClosed);
        do_close = true;
      }
      if (rst) {
        set(ep, TcpState::kReset);
        do_close = true;
      }
      if (ep->state == TcpState::kInactive) {
        if (!from_orig && view.payload_length == 0 && peer->state == TcpState::kSynSent) {
          // an ACK of a SYN before the SYN-ACK: not a partial connection
        } else if (ack && peer->state == TcpState::kEstablished) {
          set(ep, TcpState::kEstablished);  // the SYN was missed, the SYN-ACK seen
        } else {
          set(ep, TcpState::kPartial);
        }
      }
      break;
    }
    case TcpState::kSynSent:
    case TcpState::kSynAckSent:
      if (fin) {
        set(ep, TcpState::kClosed);
        do_close = true;
      }
      if (rst) {
        set(ep, TcpState::kReset);
        do_close = true;
      }
      break;
    case TcpState::kEstablished:
    case TcpState::kPartial:
      if (syn && ep->state == TcpState::kPartial && peer->state == TcpState::kInactive && !ack)
        set(ep, TcpState::kSynSent);
      if (fin && !rst) {
        set(ep, TcpState::kClosed);
        do_close = true;
        // The peer closed and then reset: both count as closed (btest irc.starttls: SF).
        if (peer->state == TcpState::kReset && peer->prev_state == TcpState::kClosed)
          peer->set_state(TcpState::kClosed);
      }
      if (rst) {
        set(ep, TcpState::kReset);
        do_close = true;
      }
      break;
    case TcpState::kClosed:
      // A RST after both sides closed leaves the close as it was (btest pop3.starttls: SF).
      if (rst && peer->state != TcpState::kClosed) {
        set(ep, TcpState::kReset);
        do_close = true;
      }
      break;
    case TcpState::kReset:
      break;
  }
}

void Connection::closed(bool from_orig) {
  TcpEndpoint& ep = sides_[from_orig ? 0 : 1].tcp;
  TcpEndpoint& peer = sides_[from_orig ? 1 : 0].tcp;
  if (ep.did_close) return;
  ep.did_close = true;
  bool complete =
      ep.state == TcpState::kReset || peer.did_close || peer.state == TcpState::kInactive;
  if (complete) {
    close_at_ = std::min(close_at_, last_us_ + config_.tcp_close_delay_us);
    attempt_at_ = kNever;
  }
  // A half-closed connection is left to the inactivity timeout: Zeek keeps it past
  // tcp_connection_linger (btest http-no-crlf: the second FIN 25 s after the first).
}

int64_t Connection::inactivity_timeout() const {
  switch (orig_.protocol) {
    case packet::ip_protocol::kTcp:
      return tcp_timeout_ ? config_.tcp_inactivity_us : config_.udp_inactivity_us;
    case packet::ip_protocol::kUdp:
      return config_.udp_inactivity_us;
    case packet::ip_protocol::kIcmp:
    case packet::ip_protocol::kIcmp6:
      return config_.icmp_inactivity_us;
    default:
      return config_.unknown_inactivity_us;
  }
}

int64_t Connection::next_deadline() const {
  int64_t inactivity =
      last_us_ > kNever - inactivity_timeout() ? kNever : last_us_ + inactivity_timeout();
  return std::min({attempt_at_, close_at_, dns_at_, inactivity});
}

Removal Connection::run_timers(int64_t now) {
  if (close_at_ <= now) return Removal::kClose;
  if (attempt_at_ <= now) {
    attempt_at_ = kNever;
    const TcpEndpoint& o = sides_[0].tcp;
    if ((o.state == TcpState::kSynSent || o.state == TcpState::kSynAckSent) &&
        sides_[1].tcp.state == TcpState::kInactive)
      return Removal::kAttempt;
  }
  if (dns_at_ <= now) {
    if (now - last_us_ >= config_.dns_session_timeout_us - 1'000'000) return Removal::kDns;
    dns_at_ = now + config_.dns_session_timeout_us;
  }
  if (last_us_ <= now - inactivity_timeout()) return Removal::kInactivity;
  return Removal::kNone;
}

std::string Connection::conn_state() const {
  switch (orig_.protocol) {
    case packet::ip_protocol::kTcp:
      break;
    case packet::ip_protocol::kUdp: {
      bool o = sides_[0].active, r = sides_[1].active;
      return o ? (r ? "SF" : "S0") : (r ? "SHR" : "OTH");
    }
    default:
      return "OTH";
  }
  const TcpEndpoint& o = sides_[0].tcp;
  const TcpEndpoint& r = sides_[1].tcp;
  using S = TcpState;
  if (r.state == S::kReset) {
    if (o.state == S::kSynSent || o.state == S::kSynAckSent ||
        (o.state == S::kReset && o.size(r) == 0 && r.size(o) == 0))
      return "REJ";
    return o.inactive() ? "RSTRH" : "RSTR";
  }
  if (o.state == S::kReset) {
    if (r.inactive()) return syn_then_reset(history_) ? "RSTOS0" : "OTH";
    return "RSTO";
  }
  if (o.state == S::kClosed && r.state == S::kClosed) return "SF";
  if (o.state == S::kClosed) return r.inactive() ? "SH" : "S2";
  if (r.state == S::kClosed) return o.inactive() ? "SHR" : "S3";
  if (o.state == S::kSynSent && r.state == S::kInactive) return "S0";
  if (o.state == S::kEstablished && r.state == S::kEstablished) return "S1";
  return "OTH";
}

ConnRecord Connection::record() const {
  ConnRecord r;
  r.ts_us = ts_us_;
  r.uid = uid_;
  r.orig_h = orig_.src;
  r.resp_h = orig_.dst;
  r.orig_p = orig_.src_port;
  r.resp_p = orig_.dst_port;
  r.ip_proto = orig_.protocol;
  r.has_app = has_app_;
  r.app_uid = app_uid_;
  switch (orig_.protocol) {
    case packet::ip_protocol::kTcp:
      r.proto = "tcp";
      break;
    case packet::ip_protocol::kUdp:
      r.proto = "udp";
      break;
    case packet::ip_protocol::kIcmp:
    case packet::ip_protocol::kIcmp6:
      r.proto = "icmp";
      break;
    default:
      r.proto = "unknown_transport";
      break;
  }
  r.service = service_;
  r.duration_us = last_us_ - ts_us_;
  r.has_duration = r.duration_us > 0;
  if (r.has_duration) {
    if (orig_.protocol == packet::ip_protocol::kTcp) {
      r.orig_bytes = sides_[0].tcp.size(sides_[1].tcp);
      r.resp_bytes = sides_[1].tcp.size(sides_[0].tcp);
    } else {
      r.orig_bytes = sides_[0].payload_bytes;
      r.resp_bytes = sides_[1].payload_bytes;
    }
  } else {
    r.duration_us = 0;
  }
  r.conn_state = conn_state();
  r.missed_bytes = missed_bytes_;
  r.history = history_;
  r.orig_pkts = sides_[0].packets;
  r.orig_ip_bytes = sides_[0].ip_bytes;
  r.resp_pkts = sides_[1].packets;
  r.resp_ip_bytes = sides_[1].ip_bytes;
  return r;
}

}  // namespace zeekscope::flow
