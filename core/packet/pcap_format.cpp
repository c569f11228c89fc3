#include "packet/pcap_format.h"

namespace zeekscope::packet {

std::optional<PcapMagic> pcap_magic(const uint8_t* first4) {
  // Read as big-endian: a file written big-endian shows the magic itself.
  switch (load_be32(first4)) {
    case 0xA1B2C3D4:
      return PcapMagic{{true}, false, false};
    case 0xD4C3B2A1:
      return PcapMagic{{false}, false, false};
    case 0xA1B23C4D:
      return PcapMagic{{true}, true, false};
    case 0x4D3CB2A1:
      return PcapMagic{{false}, true, false};
    case 0xA1B2CD34:
      return PcapMagic{{true}, false, true};
    case 0x34CDB2A1:
      return PcapMagic{{false}, false, true};
    default:
      return std::nullopt;
  }
}

PcapFormat::PcapFormat(PcapMagic magic, PacketSink& sink, CaptureFileStats& stats)
    : magic_(magic), sink_(sink), stats_(stats) {
  stats_.format = magic.nanoseconds ? "pcap-ns" : magic.modified ? "pcap-modified" : "pcap";
  stats_.big_endian = magic.order.big;
}

size_t PcapFormat::head_bytes() const {
  return header_read_ ? record_header_bytes() : kFileHeaderBytes;
}

Frame PcapFormat::frame(std::span<const uint8_t> head, uint64_t) {
  if (!header_read_) return {kFileHeaderBytes};
  // No resynchronisation is possible in pcap: a damaged length is trusted, and the record
  // it claims is skipped if over the limit.
  uint32_t caplen = magic_.order.u32(head.data() + 8);
  return {record_header_bytes() + uint64_t(caplen)};
}

void PcapFormat::unit(std::span<const uint8_t> bytes, uint64_t offset) {
  const uint8_t* p = bytes.data();
  if (!header_read_) {
    header_read_ = true;
    uint16_t major = magic_.order.u16(p + 4);
    uint16_t minor = magic_.order.u16(p + 6);
    // The low 16 bits are the link type; the upper bits may say how long a frame check
    // sequence ends each packet (the IP layer's own length ignores it).
    link_type_ = magic_.order.u32(p + 20) & 0xFFFF;
    stats_.interfaces = 1;
    stats_.add_link_type(link_type_);
    if (major != 2)
      stats_.problems.add(offset, "pcap version " + std::to_string(major) + "." +
                                      std::to_string(minor) + " (2.x expected); read as 2.4");
    return;
  }
  const ByteOrder& o = magic_.order;
  uint32_t seconds = o.u32(p), fraction = o.u32(p + 4), caplen = o.u32(p + 8);
  uint32_t wire = o.u32(p + 12);
  if (!magic_.nanoseconds && fraction >= 1000000) {
    // libpcap takes it as is; a fraction of a second over one second is most likely damage,
    // but the packet itself may be fine.
    stats_.problems.add(offset, "record timestamp has " + std::to_string(fraction) +
                                    " microseconds (over a second)");
  }
  CapturedPacket packet;
  packet.time_ns = int64_t(seconds) * 1000000000 +
                   (magic_.nanoseconds ? int64_t(fraction) : int64_t(fraction) * 1000);
  packet.link_type = link_type_;
  packet.wire_length = wire;
  packet.data = bytes.subspan(record_header_bytes(), caplen);
  packet.offset = offset;
  ++stats_.packets;
  if (wire > caplen) ++stats_.snapped_packets;
  sink_.on_packet(packet);
}

void PcapFormat::unit_skipped(std::span<const uint8_t>, uint64_t) {}

}  // namespace zeekscope::packet
