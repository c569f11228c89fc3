#pragma once
// From captured packets to packet views: the link layer, the IP header, fragment reassembly
// and the transport header, counting every packet that yields no view and why. It is the
// PacketSink a CaptureFileReader feeds; the flow layer will be its PacketViewSink.
#include <map>
#include <set>
#include <span>
#include <string_view>
#include <vector>

#include "packet/captured_packet.h"
#include "packet/ip_reassembly.h"
#include "packet/packet_view.h"

namespace zeekscope::packet {

class PacketViewSink {
 public:
  virtual ~PacketViewSink() = default;
  // The view's payload is valid only during the call.
  virtual void on_view(const PacketView& view) = 0;
};

struct DecoderStats {
  uint64_t packets = 0;           // captured packets offered
  uint64_t views = 0;             // views handed on (a reassembled datagram is one)
  uint64_t not_ip = 0;            // well-formed frames without IP (ARP, ...)
  uint64_t unsupported_link = 0;  // packets of a link type not read
  uint64_t truncated = 0;         // link or IP header not captured whole, or wire too short
  uint64_t bad_ip = 0;            // not a readable IP header
  uint64_t fragments = 0;         // fragments held for reassembly
  uint64_t fragments_snapped =
      0;  // not captured whole: a first one is decoded alone, others dropped
  uint64_t length_from_capture = 0;     // IPv4 total length 0 (segmentation offload)
  uint64_t ip_checksum_bad = 0;         // handed on all the same, flagged
  uint64_t transport_checksum_bad = 0;  // likewise (TCP, UDP, ICMP, ICMPv6)
  uint64_t app_trailers = 0;            // PCAPdroid trailers read (an Ethernet frame's last bytes)
  uint64_t app_trailers_bad = 0;        // with PCAPdroid's magic but a CRC that does not match
                                        // or a frame too short for one: ignored
  std::map<uint32_t, uint64_t> unsupported_link_types;  // link type -> packets
  ProblemList problems;
};

class PacketDecoder final : public PacketSink {
 public:
  explicit PacketDecoder(PacketViewSink& sink, const ReassemblyLimits& limits = {});
  void on_packet(const CapturedPacket& packet) override;
  void on_app_name(int32_t uid, std::string_view package, std::string_view label) override;
  // The end of the capture (fragments still pending are counted as incomplete).
  void finish();
  const DecoderStats& stats() const { return stats_; }
  const ReassemblyStats& reassembly() const { return reassembler_.stats(); }
  // Every app the file and its trailers named, by PCAPdroid uid (a uid map block's names win
  // over a trailer's label, which is cut short).
  const AppNames& app_names() const { return app_names_; }

 private:
  void hand_on(const IpHeader& ip, PacketView& view);
  bool read_trailer(const CapturedPacket& packet, std::span<const uint8_t>& frame, uint64_t& wire,
                    PacketView& view);
  void note_trailer_label(int32_t uid, std::string_view label);

  PacketViewSink& sink_;
  DecoderStats stats_;
  IpReassembler reassembler_;
  std::vector<uint8_t> datagram_;  // the last reassembled datagram
  AppNames app_names_;
  std::set<int32_t> named_by_map_;  // uids a uid map block named (a trailer cannot rename them)
  static constexpr int64_t kNoUid = INT64_MIN;
  int64_t settled_uid_ = kNoUid;  // a uid whose name a trailer can no longer change
};

}  // namespace zeekscope::packet
