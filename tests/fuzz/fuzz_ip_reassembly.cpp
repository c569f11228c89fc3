// IP decoding and fragment reassembly on a stream of packets: the first byte picks the link
// type; then each packet is a 2-byte length, a byte whose low bits advance the clock and whose
// top bit marks the packet as captured short (wire length larger), and the frame. Tight limits
// (bytes, datagrams, timeout) so eviction and expiry run often.
#include <cstddef>
#include <cstdint>

#include "packet/captured_packet.h"
#include "packet/packet_decoder.h"

namespace {
struct Sink : zeekscope::packet::PacketViewSink {
  uint64_t bytes = 0;
  void on_view(const zeekscope::packet::PacketView& v) override {
    for (uint8_t b : v.payload) bytes += b;
  }
};
constexpr uint32_t kLinkTypes[] = {1, 101, 228, 229, 113, 276, 0, 108, 9, 239};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  Sink views;
  zeekscope::packet::PacketDecoder decoder(views, {1500, 4, 50});
  uint32_t link = kLinkTypes[data[0] % (sizeof kLinkTypes / sizeof kLinkTypes[0])];
  int64_t now = 0;
  size_t at = 1;
  while (at + 3 <= size) {
    size_t length = (size_t(data[at]) << 8) | data[at + 1];
    uint8_t control = data[at + 2];
    at += 3;
    length = std::min(length, size - at);
    zeekscope::packet::CapturedPacket p;
    p.link_type = link;
    now += control & 0x3F;
    p.time_ns = now;
    p.data = {data + at, length};
    p.wire_length = uint32_t(length) + ((control & 0x80) ? 100 : 0);
    decoder.on_packet(p);
    at += length;
  }
  decoder.finish();
  return 0;
}
