#pragma once
// The pcapng format (draft-ietf-opsawg-pcapng): blocks of type, length, body, length. Sections
// (each opened by a section header block with its own byte order) hold interfaces (interface
// description blocks, with their link type, snap length and timestamp unit and offset) and
// packets (enhanced, simple and obsolete packet blocks). PCAPdroid's app attribution is read: an
// enhanced packet's comment "u-<uid>" and the uid map custom block (uid, package, label). Every
// other block is skipped by its length. Unlike libpcap (and so Zeek), sections may change byte
// order and interfaces may differ in link type: every packet carries its own.
#include <vector>

#include "packet/byte_order.h"
#include "packet/capture_format.h"

namespace zeekscope::packet {

inline constexpr uint32_t kPcapngSectionHeader = 0x0A0D0D0A;  // the same in both byte orders

// A timestamp in an interface's units (if_tsresol) as nanoseconds, offset by if_tsoffset
// seconds. `resolution` is the option's byte: top bit clear, 10^-v s; set, 2^-(v & 0x7f) s.
int64_t pcapng_time_ns(uint64_t units, uint8_t resolution, int64_t offset_seconds);

class PcapngFormat final : public CaptureFormat {
 public:
  PcapngFormat(PacketSink& sink, CaptureFileStats& stats);
  size_t head_bytes() const override { return 12; }
  Frame frame(std::span<const uint8_t> head, uint64_t offset) override;
  void unit(std::span<const uint8_t> bytes, uint64_t offset) override;
  void unit_skipped(std::span<const uint8_t> head, uint64_t offset) override;

 private:
  struct Interface {
    uint32_t link_type = 0;
    uint32_t snap_length = 0;    // 0: unlimited
    uint8_t resolution = 6;      // if_tsresol, microseconds by default
    int64_t offset_seconds = 0;  // if_tsoffset
    uint32_t index = 0;          // over the whole file
    bool usable = true;          // false when its block could not be read
  };
  // The byte order a block's head announces: a section header's own, else the section's.
  ByteOrder order_of(std::span<const uint8_t> head) const;
  void section_header(std::span<const uint8_t> body, uint64_t offset);
  void interface_description(std::span<const uint8_t> body, uint64_t offset);
  void packet(std::span<const uint8_t> body, uint64_t offset, uint32_t type);
  void packet_options(std::span<const uint8_t> options, uint64_t offset, CapturedPacket& packet);
  // A custom block: PCAPdroid's uid map (its enterprise number) is read, others skipped.
  void custom(std::span<const uint8_t> body, uint64_t offset);
  void damaged(uint64_t offset, std::string reason);
  const Interface* interface(uint32_t id, uint64_t offset);

  PacketSink& sink_;
  CaptureFileStats& stats_;
  ByteOrder order_;
  bool in_section_ = false;            // a readable section header was seen
  std::vector<Interface> interfaces_;  // of the current section
  uint32_t next_index_ = 0;
};

}  // namespace zeekscope::packet
