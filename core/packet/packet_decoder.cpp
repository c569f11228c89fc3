#include "packet/packet_decoder.h"

#include <algorithm>

#include "packet/link_layer.h"
#include "packet/pcapdroid_trailer.h"

namespace zeekscope::packet {

PacketDecoder::PacketDecoder(PacketViewSink& sink, const ReassemblyLimits& limits)
    : sink_(sink), reassembler_(limits) {}

void PacketDecoder::hand_on(const IpHeader& ip, PacketView& view) {
  fill_view(ip, view);
  if (!ip.checksum_ok) ++stats_.ip_checksum_bad;
  if (view.transport_checksum == PacketView::Checksum::kBad) ++stats_.transport_checksum_bad;
  if (ip.length_from_capture) ++stats_.length_from_capture;
  ++stats_.views;
  sink_.on_view(view);
}

void PacketDecoder::on_app_name(int32_t uid, std::string_view package, std::string_view label) {
  AppName& name = app_names_[uid];
  name.package = package;
  name.label = label;
  named_by_map_.insert(uid);
  if (settled_uid_ == int64_t(uid)) settled_uid_ = kNoUid;
}

void PacketDecoder::note_trailer_label(int32_t uid, std::string_view label) {
  // Every packet of a PCAPdroid capture has a trailer: the last uid whose name can no longer
  // change is skipped without a lookup.
  if (settled_uid_ == int64_t(uid)) return;
  auto [it, added] = app_names_.try_emplace(uid);
  bool mapped = !added && named_by_map_.count(uid);
  if (!mapped && it->second.label.empty()) it->second.label = label;
  if (mapped || !it->second.label.empty()) settled_uid_ = uid;
}

// Reads a PCAPdroid trailer at the frame's end: on a match, `frame` and `wire` lose it and the
// view gets its uid.
bool PacketDecoder::read_trailer(const CapturedPacket& packet, std::span<const uint8_t>& frame,
                                 uint64_t& wire, PacketView& view) {
  PcapdroidTrailer trailer = read_pcapdroid_trailer(frame);
  if (trailer.result == PcapdroidTrailer::Result::kBad) {
    ++stats_.app_trailers_bad;
    stats_.problems.add(packet.offset, std::string(trailer.reason));
    return false;
  }
  if (trailer.result != PcapdroidTrailer::Result::kOk) return false;
  ++stats_.app_trailers;
  view.has_app = true;
  view.app_uid = trailer.uid;
  note_trailer_label(trailer.uid, trailer.label);
  frame = frame.first(frame.size() - kPcapdroidTrailerBytes);
  wire = wire > kPcapdroidTrailerBytes ? wire - kPcapdroidTrailerBytes : 0;
  return true;
}

void PacketDecoder::on_packet(const CapturedPacket& packet) {
  ++stats_.packets;
  PacketView view;
  view.has_app = packet.has_app;
  view.app_uid = packet.app_uid;
  std::span<const uint8_t> frame = packet.data;
  // The captured bytes bound the wire length (a writer may say less than it captured).
  uint64_t wire_length = std::max<uint64_t>(packet.wire_length, frame.size());
  bool trailer = false;
  if (packet.link_type == link_type::kEthernet && has_pcapdroid_magic(frame)) [[unlikely]]
    trailer = read_trailer(packet, frame, wire_length, view);
  LinkFrame link = decode_link(packet.link_type, frame);
  switch (link.result) {
    case LinkFrame::Result::kIp:
      break;
    case LinkFrame::Result::kNotIp:
      ++stats_.not_ip;
      return;
    case LinkFrame::Result::kTruncated:
      ++stats_.truncated;
      stats_.problems.add(packet.offset, std::string(link.reason));
      return;
    case LinkFrame::Result::kUnsupported:
      ++stats_.unsupported_link;
      if (stats_.unsupported_link_types[packet.link_type]++ == 0)
        stats_.problems.add(packet.offset,
                            "link type " + std::to_string(packet.link_type) + " is not read");
      return;
  }
  // The wire length bounds the datagram (Zeek's truncated_IP_len); a short capture does not.
  uint64_t wire = wire_length > link.ip_offset ? wire_length - link.ip_offset : 0;
  IpHeader ip = decode_ip(link.ip, wire, link.ip_version);
  if (trailer && ip.result == IpHeader::Result::kOk && ip.snapped) [[unlikely]] {
    // PCAPdroid pads Ethernet + IP to 4 bytes before its trailer: when it cut the packet, the
    // captured bytes end with that padding, as long as the wire length exceeds the IP length.
    uint64_t padding = wire - ip.ip_length;
    if (wire > ip.ip_length && padding <= 3 && link.ip.size() > padding)
      ip = decode_ip(link.ip.first(link.ip.size() - padding), wire, link.ip_version);
  }
  if (ip.result != IpHeader::Result::kOk) {
    ++(ip.result == IpHeader::Result::kTruncated ? stats_.truncated : stats_.bad_ip);
    stats_.problems.add(packet.offset, std::string(ip.reason));
    return;
  }
  view.time_ns = packet.time_ns;
  view.has_time = packet.has_time;
  view.interface = packet.interface;
  view.offset = packet.offset;
  view.wire_length = packet.wire_length;
  view.vlan = link.vlan;
  view.inner_vlan = link.inner_vlan;
  if (packet.has_time) reassembler_.expire(packet.time_ns);
  if (!ip.fragment) return hand_on(ip, view);

  if (ip.snapped) {
    // Zeek: a fragment not captured whole is not reassembled; a first one is read alone.
    ++stats_.fragments_snapped;
    if (ip.fragment_offset == 0) return hand_on(ip, view);
    return;
  }
  ++stats_.fragments;
  if (!reassembler_.add(ip, link.ip.first(ip.ip_length), packet.time_ns, packet.offset, datagram_,
                        stats_.problems))
    return;
  IpHeader whole = decode_ip(datagram_, datagram_.size(), ip.version);
  if (whole.result != IpHeader::Result::kOk || whole.fragment) {
    ++stats_.bad_ip;
    stats_.problems.add(packet.offset, "reassembled datagram unreadable");
    return;
  }
  view.reassembled = true;
  hand_on(whole, view);
}

void PacketDecoder::finish() { reassembler_.finish(); }

}  // namespace zeekscope::packet
