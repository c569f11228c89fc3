// The connection table on a stream of packets: the first byte picks the link type (its top bit
// ignores checksums); then each packet is a 2-byte length, a byte whose low bits advance the
// clock (in quarter seconds, so Zeek's timers run) and whose top bit marks the packet as
// captured short, and the frame. Tight limits (connections, history, gap ranges) so eviction
// and the bounds run often.
#include <cstddef>
#include <cstdint>

#include "flow/flow_table.h"
#include "packet/captured_packet.h"
#include "packet/packet_decoder.h"

namespace {
struct Sink : zeekscope::flow::ConnRecordSink {
  uint64_t bytes = 0;
  void on_conn(const zeekscope::flow::ConnRecord& r) override {
    bytes += r.orig_bytes + r.resp_bytes + r.history.size() + r.uid.size();
  }
};
struct Observer : zeekscope::flow::FlowObserver {
  void on_packet(zeekscope::flow::Connection& c, const zeekscope::flow::FlowPacket& p) override {
    if (!p.payload.empty() && p.payload[0] == 'F') c.flip_roles();
    if (!p.payload.empty() && p.payload[0] == 'S') c.set_service("x");
  }
};
constexpr uint32_t kLinkTypes[] = {1, 101, 228, 229, 113, 276, 0, 108, 9, 239};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  Sink records;
  Observer observer;
  zeekscope::flow::FlowConfig config;
  config.ignore_checksums = data[0] & 0x80;
  zeekscope::flow::FlowLimits limits;
  limits.max_connections = 4;
  limits.max_history = 8;
  limits.max_gap_ranges = 2;
  zeekscope::flow::FlowTable table(records, config, limits);
  table.set_observer(&observer);
  zeekscope::packet::PacketDecoder decoder(table, {1500, 4, 50});
  uint32_t link = kLinkTypes[(data[0] & 0x7F) % (sizeof kLinkTypes / sizeof kLinkTypes[0])];
  int64_t now = 0;
  size_t at = 1;
  while (at + 3 <= size) {
    size_t length = (size_t(data[at]) << 8) | data[at + 1];
    uint8_t control = data[at + 2];
    at += 3;
    length = std::min(length, size - at);
    zeekscope::packet::CapturedPacket p;
    p.link_type = link;
    now += int64_t(control & 0x3F) * 250'000'000;
    p.time_ns = now;
    p.data = {data + at, length};
    p.wire_length = uint32_t(length) + ((control & 0x80) ? 100 : 0);
    decoder.on_packet(p);
    at += length;
  }
  decoder.finish();
  table.finish();
  return 0;
}
