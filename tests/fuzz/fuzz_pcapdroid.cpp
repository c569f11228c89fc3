// PCAPdroid's app attribution. The first byte's top bit picks the part:
//  - set: the rest is an Ethernet frame. The trailer reader must agree with a bit-at-a-time
//    CRC and the frame's own bytes (magic, uid, label inside the frame), and the decoder must
//    take the frame (its wire length from the byte's low bits).
//  - clear: a pcapng file is built around the input (bit 0: big-endian; bit 1: Ethernet, else
//    raw IP; bits 2-6: the chunk size it is fed in) from parts split at "\0ZS\0", each one
//    block chosen by its first byte: an EPB of the rest, an EPB whose comment is the rest, a
//    PCAPdroid uid map block (its enterprise number given, the rest its body), a custom block of
//    the rest, an EPB of the rest with a trailer whose CRC is right, or an EPB whose body
//    after the interface id is the rest (lengths and options as the input says). It is read
//    by the capture file reader into the decoder, with every frame also checked as above.
#include <string>

#include "common/crc32.h"
#include "fuzz_support.h"
#include "packet/byte_order.h"
#include "packet/capture_file_reader.h"
#include "packet/packet_decoder.h"
#include "packet/pcapdroid_trailer.h"

namespace {

using namespace zeekscope::packet;

uint32_t crc_bitwise(const uint8_t* p, size_t n) {
  uint32_t c = 0xFFFFFFFF;
  for (size_t i = 0; i < n; ++i) {
    c ^= p[i];
    for (int bit = 0; bit < 8; ++bit) c = (c & 1) ? (c >> 1) ^ 0xEDB88320 : c >> 1;
  }
  return ~c;
}

void check_trailer(std::span<const uint8_t> frame) {
  PcapdroidTrailer t = read_pcapdroid_trailer(frame);
  const uint8_t* end = frame.data() + frame.size();
  bool magic = frame.size() >= 32 && load_be32(end - 32) == kPcapdroidTrailerMagic;
  if (!magic) {
    if (t.result != PcapdroidTrailer::Result::kNone) __builtin_trap();
    return;
  }
  if (frame.size() < 46) {
    if (t.result != PcapdroidTrailer::Result::kBad) __builtin_trap();
    return;
  }
  bool crc_ok = crc_bitwise(frame.data(), frame.size() - 4) == load_le32(end - 4);
  if ((t.result == PcapdroidTrailer::Result::kOk) != crc_ok) __builtin_trap();
  if (!crc_ok) return;
  auto label = reinterpret_cast<const uint8_t*>(t.label.data());
  if (int32_t(load_be32(end - 28)) != t.uid || label != end - 24 || t.label.size() > 20 ||
      t.label.find('\0') != std::string_view::npos ||
      (t.label.size() < 20 && label[t.label.size()] != 0))
    __builtin_trap();
}

struct Views : PacketViewSink {
  uint64_t bytes = 0;
  void on_view(const PacketView& v) override {
    for (uint8_t b : v.payload) bytes += b;  // a span past its buffer is seen by ASan
  }
};

// Checks every captured frame, then decodes it.
struct CheckingDecoder : PacketSink {
  PacketDecoder& decoder;
  explicit CheckingDecoder(PacketDecoder& d) : decoder(d) {}
  void on_packet(const CapturedPacket& p) override {
    if (p.link_type == 1) check_trailer(p.data);
    decoder.on_packet(p);
  }
  void on_app_name(int32_t uid, std::string_view package, std::string_view label) override {
    if (package.size() > 255 || label.size() > 255) __builtin_trap();
    decoder.on_app_name(uid, package, label);
  }
};

struct Writer {
  bool big;
  std::string out;
  Writer& u8(uint8_t v) {
    out.push_back(char(v));
    return *this;
  }
  Writer& u16(uint16_t v) { return big ? u8(v >> 8).u8(uint8_t(v)) : u8(uint8_t(v)).u8(v >> 8); }
  Writer& u32(uint32_t v) {
    return big ? u16(v >> 16).u16(uint16_t(v)) : u16(uint16_t(v)).u16(v >> 16);
  }
  Writer& bytes(std::string_view b) {
    out += b;
    return *this;
  }
  Writer& pad4() {
    while (out.size() % 4) out.push_back('\0');
    return *this;
  }
};

std::string block(bool big, uint32_t type, std::string body) {
  Writer b{big, std::move(body)};
  b.pad4();
  Writer w{big, {}};
  uint32_t length = uint32_t(b.out.size() + 12);
  return w.u32(type).u32(length).bytes(b.out).u32(length).out;
}

std::string epb(bool big, std::string_view data, std::string_view options) {
  Writer w{big, {}};
  w.u32(0).u32(0).u32(1000).u32(uint32_t(data.size())).u32(uint32_t(data.size())).bytes(data);
  w.pad4().bytes(options);
  return block(big, 6, w.out);
}

// `content` + a trailer with the right CRC (uid and label from the content's first bytes).
std::string with_trailer(std::string_view content) {
  std::string frame(content);
  std::string trailer = "\x01\x07\x20\x21";
  for (size_t i = 0; i < 24; ++i) trailer.push_back(i < content.size() ? content[i] : '\0');
  frame += trailer;
  uint32_t crc = zeekscope::crc32(frame);
  for (int i = 0; i < 4; ++i) frame.push_back(char(crc >> (8 * i)));
  return frame;
}

// A small UDP datagram (checksum 0: none) as the packet that carries an input-chosen comment.
const std::string kIp = std::string("\x45\x00\x00\x1d\x00\x01\x00\x00\x40\x11\x00\x00", 12) +
                        std::string("\x0a\x00\x00\x01\x0a\x00\x00\x02", 8) +
                        std::string("\x9c\x40\x00\x35\x00\x09\x00\x00x", 9);

void run_pcapng(uint8_t flags, const uint8_t* data, size_t size) {
  bool big = flags & 1, ethernet = flags & 2;
  size_t chunk = size_t(((flags >> 2) & 0x1F) * 8 + 1);
  std::string file =
      block(big, 0x0A0D0D0A, Writer{big, {}}.u32(0x1A2B3C4D).u16(1).u16(0).u32(~0u).u32(~0u).out);
  file += block(big, 1, Writer{big, {}}.u16(ethernet ? 1 : 101).u16(0).u32(0).out);
  std::string eth_ip = std::string(12, '\0') + "\x08\x00" + kIp;
  for (std::string_view part : zeekscope::fuzz::parts(data, size, 64)) {
    if (part.empty()) continue;
    uint8_t kind = uint8_t(part[0]) % 6;
    std::string_view rest = part.substr(1);
    switch (kind) {
      case 0:
        file += epb(big, rest, "");
        break;
      case 1: {
        Writer o{big, {}};
        o.u16(1).u16(uint16_t(rest.size())).bytes(rest).pad4().u32(0);
        file += epb(big, ethernet ? eth_ip : kIp, o.out);
        break;
      }
      case 2:
        file += block(big, 0x00000BAD, Writer{big, {}}.u32(62652).bytes(rest).out);
        break;
      case 3:
        file += block(big, 0x40000BAD, std::string(rest));
        break;
      case 4:
        file += epb(big, with_trailer(rest), "");
        break;
      case 5:
        file += block(big, 6, Writer{big, {}}.u32(0).bytes(rest).out);
        break;
    }
  }
  Views views;
  PacketDecoder decoder(views, {2048, 8, 1'000'000'000});
  CheckingDecoder checking(decoder);
  CaptureFileReader reader(checking, {4096});
  for (size_t at = 0; at < file.size(); at += chunk)
    reader.feed(std::string_view(file).substr(at, chunk));
  reader.finish();
  decoder.finish();
  const DecoderStats& s = decoder.stats();
  if (s.app_trailers + s.app_trailers_bad > s.packets) __builtin_trap();
  if (reader.stats().app_comments > reader.stats().packets) __builtin_trap();
}

void run_frame(uint8_t flags, const uint8_t* data, size_t size) {
  std::span<const uint8_t> frame(data, size);
  check_trailer(frame);
  Views views;
  PacketDecoder decoder(views);
  CapturedPacket p;
  p.link_type = 1;
  p.data = frame;
  // Low bits: the wire length as captured, shorter (a lying writer) or longer (snapped).
  uint32_t k = flags & 0x7F;
  p.wire_length = uint32_t(k < 32   ? size
                           : k < 64 ? size - std::min<size_t>(size, k)
                                    : size + k * 97);
  decoder.on_packet(p);
  decoder.finish();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  if (data[0] & 0x80)
    run_frame(data[0], data + 1, size - 1);
  else
    run_pcapng(data[0], data + 1, size - 1);
  return 0;
}
