// The capture file readers (pcap, pcapng) fed in input-chosen chunks, with every packet
// decoded (link layer, IP, reassembly, transport). Small limits, so the over-limit and
// reassembly-eviction paths are met too.
#include "fuzz_support.h"
#include "packet/capture_file_reader.h"
#include "packet/packet_decoder.h"

namespace {
struct Sink : zeekscope::packet::PacketViewSink {
  uint64_t bytes = 0;
  void on_view(const zeekscope::packet::PacketView& v) override {
    // Touch every payload byte, so a span past its buffer is seen by ASan.
    for (uint8_t b : v.payload) bytes += b;
  }
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Sink views;
  zeekscope::packet::PacketDecoder decoder(views, {2048, 8, 1'000'000'000});
  zeekscope::packet::CaptureFileReader reader(decoder, {2048});
  zeekscope::fuzz::in_chunks(std::string_view(reinterpret_cast<const char*>(data), size),
                             [&](std::string_view c) { reader.feed(c); });
  reader.finish();
  decoder.finish();
  return 0;
}
