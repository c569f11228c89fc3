#include "packet/pcapng_format.h"

#include <cmath>

namespace zeekscope::packet {
namespace {

constexpr uint32_t kInterfaceDescription = 1;
constexpr uint32_t kObsoletePacket = 2;
constexpr uint32_t kSimplePacket = 3;
constexpr uint32_t kEnhancedPacket = 6;
constexpr uint32_t kCustomCopyable = 0x00000BAD, kCustomNotCopyable = 0x40000BAD;
constexpr uint32_t kPcapdroidPen = 62652;  // PCAPdroid's IANA private enterprise number
constexpr uint32_t kByteOrderMagic = 0x1A2B3C4D;
constexpr uint16_t kOptionTsResolution = 9;
constexpr uint16_t kOptionTsOffset = 14;
constexpr uint16_t kOptionComment = 1;

size_t padded(size_t n) { return (n + 3) & ~size_t(3); }

std::string hex32(uint32_t v) {
  static const char* digits = "0123456789abcdef";
  std::string s = "0x00000000";
  for (int i = 0; i < 8; ++i) s[9 - i] = digits[(v >> (4 * i)) & 0xF];
  return s;
}

// PCAPdroid's packet comment, "u-" and the app's uid as a signed decimal int32 ("u--1": no
// app), exactly: anything else is some other comment.
bool pcapdroid_uid_comment(std::span<const uint8_t> text, int32_t& uid) {
  if (text.size() < 3 || text[0] != 'u' || text[1] != '-') return false;
  size_t at = 2;
  bool negative = text[at] == '-';
  if (negative) ++at;
  size_t digits = text.size() - at;
  if (digits == 0 || digits > 10) return false;
  int64_t value = 0;
  for (; at < text.size(); ++at) {
    if (text[at] < '0' || text[at] > '9') return false;
    value = value * 10 + (text[at] - '0');
  }
  if (negative) value = -value;
  if (value < INT32_MIN || value > INT32_MAX) return false;
  uid = int32_t(value);
  return true;
}

}  // namespace

int64_t pcapng_time_ns(uint64_t units, uint8_t resolution, int64_t offset_seconds) {
  // Unsigned arithmetic: a hostile timestamp wraps instead of overflowing (undefined for
  // signed values); C++20 defines the conversion back.
  uint64_t ns = uint64_t(offset_seconds) * 1000000000u;
  unsigned v = resolution & 0x7F;
  if (resolution & 0x80) {
    // Binary fractions: whole seconds exactly, the fraction through a double (ns precision).
    uint64_t seconds = v >= 64 ? 0 : units >> v;
    uint64_t fraction = v >= 64 ? units : units - (seconds << v);
    ns += seconds * 1000000000u + uint64_t(std::ldexp(double(fraction), -int(v)) * 1e9);
  } else if (v <= 9) {
    uint64_t scale = 1;
    for (unsigned i = v; i < 9; ++i) scale *= 10;
    ns += units * scale;
  } else {
    uint64_t divisor = 1;
    for (unsigned i = 9; i < v && divisor <= UINT64_MAX / 10; ++i) divisor *= 10;
    ns += units / divisor;
  }
  return int64_t(ns);
}

PcapngFormat::PcapngFormat(PacketSink& sink, CaptureFileStats& stats) : sink_(sink), stats_(stats) {
  stats_.format = "pcapng";
}

ByteOrder PcapngFormat::order_of(std::span<const uint8_t> head) const {
  if (load_be32(head.data()) == kPcapngSectionHeader) {
    // The byte-order magic tells: read big-endian it is 1a2b3c4d in a big-endian section.
    return ByteOrder{load_be32(head.data() + 8) == kByteOrderMagic};
  }
  return order_;
}

Frame PcapngFormat::frame(std::span<const uint8_t> head, uint64_t offset) {
  ByteOrder order = order_of(head);
  uint32_t type = order.u32(head.data());
  uint32_t length = order.u32(head.data() + 4);
  if (type == kPcapngSectionHeader && load_be32(head.data() + 8) != kByteOrderMagic &&
      load_le32(head.data() + 8) != kByteOrderMagic) {
    damaged(offset, "section header block without its byte-order magic; the rest is not read");
    return {0, true};
  }
  if (length < 12 || length % 4 != 0) {
    // Without a trustworthy length there is no next block to find.
    damaged(offset, "block " + hex32(type) + " has length " + std::to_string(length) +
                        " (at least 12 and a multiple of 4 expected); the rest is not read");
    return {0, true};
  }
  return {length};
}

void PcapngFormat::damaged(uint64_t offset, std::string reason) {
  ++stats_.damaged;
  stats_.problems.add(offset, std::move(reason));
}

void PcapngFormat::unit(std::span<const uint8_t> bytes, uint64_t offset) {
  ByteOrder order = order_of(bytes);
  uint32_t type = order.u32(bytes.data());
  uint32_t length = uint32_t(bytes.size());
  if (order.u32(bytes.data() + length - 4) != length) {
    // The block is still read by its leading length, which framed it.
    stats_.problems.add(offset, "block " + hex32(type) + " ends with length " +
                                    std::to_string(order.u32(bytes.data() + length - 4)) +
                                    ", not " + std::to_string(length));
  }
  std::span<const uint8_t> body = bytes.subspan(8, length - 12);
  if (type == kPcapngSectionHeader) return section_header(body, offset);
  if (!in_section_) {
    ++stats_.blocks_skipped;
    return;  // the section's header was unreadable: its blocks cannot be trusted
  }
  switch (type) {
    case kInterfaceDescription:
      return interface_description(body, offset);
    case kEnhancedPacket:
    case kSimplePacket:
    case kObsoletePacket:
      return packet(body, offset, type);
    case kCustomCopyable:
    case kCustomNotCopyable:
      return custom(body, offset);
    default:
      ++stats_.blocks_skipped;  // name resolution, statistics, secrets, custom, unknown
  }
}

void PcapngFormat::unit_skipped(std::span<const uint8_t> head, uint64_t offset) {
  ByteOrder order = order_of(head);
  uint32_t type = order.u32(head.data());
  if (type == kPcapngSectionHeader) {
    in_section_ = false;
    interfaces_.clear();
    stats_.problems.add(offset, "section header over the size limit: its section is not read");
  } else if (type == kInterfaceDescription && in_section_) {
    // Keep the numbering: later packets name interfaces by position.
    interfaces_.push_back({0, 0, 6, 0, next_index_++, false});
  }
}

void PcapngFormat::section_header(std::span<const uint8_t> body, uint64_t offset) {
  interfaces_.clear();
  in_section_ = false;
  ++stats_.sections;
  if (body.size() < 16) return damaged(offset, "section header block too short");
  order_ = ByteOrder{load_be32(body.data()) == kByteOrderMagic};
  if (stats_.sections == 1) stats_.big_endian = order_.big;
  uint16_t major = order_.u16(body.data() + 4), minor = order_.u16(body.data() + 6);
  if (major != 1) {
    return damaged(offset, "section version " + std::to_string(major) + "." +
                               std::to_string(minor) + " (1.x expected): the section is not read");
  }
  in_section_ = true;
}

void PcapngFormat::interface_description(std::span<const uint8_t> body, uint64_t offset) {
  ++stats_.interfaces;
  Interface in;
  in.index = next_index_++;
  if (body.size() < 8) {
    in.usable = false;
    interfaces_.push_back(in);
    return damaged(offset, "interface description block too short");
  }
  in.link_type = order_.u16(body.data());
  in.snap_length = order_.u32(body.data() + 4);
  // Options: code, length, value padded to 4 bytes; code 0 ends the list.
  size_t at = 8;
  while (at + 4 <= body.size()) {
    uint16_t code = order_.u16(body.data() + at), len = order_.u16(body.data() + at + 2);
    at += 4;
    if (code == 0) break;
    if (len > body.size() - at) {
      stats_.problems.add(offset, "interface option " + std::to_string(code) +
                                      " runs past its block; later options ignored");
      break;
    }
    if (code == kOptionTsResolution && len == 1) in.resolution = body[at];
    if (code == kOptionTsOffset && len == 8)
      in.offset_seconds = int64_t(order_.u64(body.data() + at));
    at += padded(len);
  }
  stats_.add_link_type(in.link_type);
  interfaces_.push_back(in);
}

const PcapngFormat::Interface* PcapngFormat::interface(uint32_t id, uint64_t offset) {
  if (id >= interfaces_.size()) {
    damaged(offset, "packet names interface " + std::to_string(id) + " but its section has " +
                        std::to_string(interfaces_.size()));
    return nullptr;
  }
  if (!interfaces_[id].usable) {
    damaged(offset,
            "packet of interface " + std::to_string(id) + ", whose description was not read");
    return nullptr;
  }
  return &interfaces_[id];
}

void PcapngFormat::packet(std::span<const uint8_t> body, uint64_t offset, uint32_t type) {
  const uint8_t* p = body.data();
  CapturedPacket packet;
  packet.offset = offset;
  const Interface* in = nullptr;
  size_t data_at = 0;
  uint32_t caplen = 0;
  if (type == kSimplePacket) {
    // Interface 0, no timestamp; the captured length is what the block and snap length allow.
    if (body.size() < 4) return damaged(offset, "simple packet block too short");
    if (!(in = interface(0, offset))) return;
    packet.wire_length = order_.u32(p);
    uint64_t cap = std::min<uint64_t>(packet.wire_length, body.size() - 4);
    if (in->snap_length) cap = std::min<uint64_t>(cap, in->snap_length);
    caplen = uint32_t(cap);
    data_at = 4;
    packet.has_time = false;
  } else {
    if (body.size() < 20) return damaged(offset, "packet block too short");
    uint32_t id = type == kEnhancedPacket ? order_.u32(p) : order_.u16(p);
    if (!(in = interface(id, offset))) return;
    uint64_t units = (uint64_t(order_.u32(p + 4)) << 32) | order_.u32(p + 8);
    caplen = order_.u32(p + 12);
    packet.wire_length = order_.u32(p + 16);
    data_at = 20;
    if (caplen > body.size() - data_at) {
      return damaged(offset, "packet block holds " + std::to_string(body.size() - data_at) +
                                 " bytes but says it captured " + std::to_string(caplen));
    }
    packet.time_ns = pcapng_time_ns(units, in->resolution, in->offset_seconds);
    if (type == kEnhancedPacket && padded(caplen) < body.size() - data_at)
      packet_options(body.subspan(data_at + padded(caplen)), offset, packet);
  }
  packet.link_type = in->link_type;
  packet.interface = in->index;
  packet.data = body.subspan(data_at, caplen);
  ++stats_.packets;
  if (packet.wire_length > caplen) ++stats_.snapped_packets;
  sink_.on_packet(packet);
}

void PcapngFormat::packet_options(std::span<const uint8_t> options, uint64_t offset,
                                  CapturedPacket& packet) {
  // Code, length, value padded to 4 bytes; code 0 ends the list. Only PCAPdroid's comment is
  // read (epb_flags, hashes, other comments are not).
  size_t at = 0;
  while (at + 4 <= options.size()) {
    uint16_t code = order_.u16(options.data() + at), len = order_.u16(options.data() + at + 2);
    at += 4;
    if (code == 0) break;
    if (len > options.size() - at) {
      stats_.problems.add(offset, "packet option " + std::to_string(code) +
                                      " runs past its block; later options ignored");
      break;
    }
    if (code == kOptionComment && !packet.has_app &&
        pcapdroid_uid_comment(options.subspan(at, len), packet.app_uid)) {
      packet.has_app = true;
      ++stats_.app_comments;
    }
    at += padded(len);
  }
}

void PcapngFormat::custom(std::span<const uint8_t> body, uint64_t offset) {
  // Enterprise number; PCAPdroid's: version u16, type u8, reserved u8, uid i32, the package's
  // and the label's lengths (u8 each), then the two names (no NUL), all in the section's order.
  if (body.size() < 4) return damaged(offset, "custom block too short for its enterprise number");
  if (order_.u32(body.data()) != kPcapdroidPen) {
    ++stats_.blocks_skipped;
    return;
  }
  constexpr size_t kFixed = 14;
  if (body.size() < kFixed) return damaged(offset, "PCAPdroid block too short for its uid map");
  uint16_t version = order_.u16(body.data() + 4);
  uint8_t kind = body[6];
  if (version != 1 || kind != 1) {
    return damaged(offset, "PCAPdroid block of version " + std::to_string(version) + ", type " +
                               std::to_string(kind) + " (version 1, type 1 expected): not read");
  }
  int32_t uid = int32_t(order_.u32(body.data() + 8));
  size_t package_length = body[12], label_length = body[13];
  if (package_length + label_length > body.size() - kFixed) {
    return damaged(offset, "PCAPdroid uid map names run past the block (" +
                               std::to_string(package_length) + " + " +
                               std::to_string(label_length) + " bytes in " +
                               std::to_string(body.size() - kFixed) + ")");
  }
  auto text = [&](size_t at, size_t n) {
    return std::string_view(reinterpret_cast<const char*>(body.data()) + at, n);
  };
  ++stats_.app_blocks;
  sink_.on_app_name(uid, text(kFixed, package_length), text(kFixed + package_length, label_length));
}

}  // namespace zeekscope::packet
