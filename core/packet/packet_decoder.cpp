#include "packet/packet_decoder.h"

#include "packet/link_layer.h"

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

void PacketDecoder::on_packet(const CapturedPacket& packet) {
  ++stats_.packets;
  LinkFrame link = decode_link(packet.link_type, packet.data);
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
  uint64_t wire = packet.wire_length > link.ip_offset ? packet.wire_length - link.ip_offset : 0;
  if (packet.wire_length < packet.data.size()) wire = packet.data.size() - link.ip_offset;
  IpHeader ip = decode_ip(link.ip, wire, link.ip_version);
  if (ip.result != IpHeader::Result::kOk) {
    ++(ip.result == IpHeader::Result::kTruncated ? stats_.truncated : stats_.bad_ip);
    stats_.problems.add(packet.offset, std::string(ip.reason));
    return;
  }
  PacketView view;
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

namespace zeekscope::packet {
// TEMPORARY until the packet-layer branch lands.
void PacketDecoder::on_app_name(int32_t uid, std::string_view package, std::string_view label) {
  app_names_[uid] = {std::string(package), std::string(label)};
}
}  // namespace zeekscope::packet
