#pragma once
// The classic pcap format (draft-ietf-opsawg-pcap): a 24-byte file header in the writer's byte
// order, then records of a 16-byte header and the captured bytes. Both byte orders and both
// time units (microseconds, nanoseconds) are read, and the "modified" pcap variant whose records
// carry 8 more header bytes.
#include <optional>

#include "packet/byte_order.h"
#include "packet/capture_format.h"

namespace zeekscope::packet {

struct PcapMagic {
  ByteOrder order;
  bool nanoseconds = false;
  bool modified = false;  // Alexey Kuznetzov's variant (magic a1b2cd34): 24-byte records
};
// The magic of the first 4 bytes of a file, if they are a pcap magic in either byte order.
std::optional<PcapMagic> pcap_magic(const uint8_t* first4);

class PcapFormat final : public CaptureFormat {
 public:
  PcapFormat(PcapMagic magic, PacketSink& sink, CaptureFileStats& stats);
  size_t head_bytes() const override;
  Frame frame(std::span<const uint8_t> head, uint64_t offset) override;
  void unit(std::span<const uint8_t> bytes, uint64_t offset) override;
  void unit_skipped(std::span<const uint8_t> head, uint64_t offset) override;

 private:
  static constexpr size_t kFileHeaderBytes = 24;
  size_t record_header_bytes() const { return magic_.modified ? 24 : 16; }
  PcapMagic magic_;
  PacketSink& sink_;
  CaptureFileStats& stats_;
  bool header_read_ = false;
  uint32_t link_type_ = 0;
};

}  // namespace zeekscope::packet
