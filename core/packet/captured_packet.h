#pragma once
// One packet as a capture file holds it (before any protocol is decoded), the sink the capture
// file readers hand packets to, and the problem list both layers report with.
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace zeekscope::packet {

// LINKTYPE_ values (tcpdump.org link-layer header types) the decoder knows by name.
namespace link_type {
inline constexpr uint32_t kNull = 0;  // BSD loopback, address family in the writer's order
inline constexpr uint32_t kEthernet = 1;
inline constexpr uint32_t kPpp = 9;
inline constexpr uint32_t kRaw = 101;   // raw IP, version from the first nibble
inline constexpr uint32_t kLoop = 108;  // OpenBSD loopback, address family big-endian
inline constexpr uint32_t kLinuxSll = 113;
inline constexpr uint32_t kIpv4 = 228;
inline constexpr uint32_t kIpv6 = 229;
inline constexpr uint32_t kNflog = 239;  // Linux netfilter log: TLVs, one holds the packet
inline constexpr uint32_t kLinuxSll2 = 276;
}  // namespace link_type

struct CapturedPacket {
  // Nanoseconds since 1970-01-01 UTC. Zeek (through libpcap) keeps microseconds: whoever makes
  // records truncates with micros(), as libpcap does.
  int64_t time_ns = 0;
  bool has_time = true;           // false for a pcapng simple packet block (libpcap gives it ts 0)
  uint32_t link_type = 0;         // LINKTYPE_ value
  uint32_t interface = 0;         // index over the whole file (pcapng sections restart theirs at 0)
  uint32_t wire_length = 0;       // the packet's length on the wire (orig_len)
  std::span<const uint8_t> data;  // the captured bytes; valid only during the sink call
  uint64_t offset = 0;            // the record's or block's byte offset in the file
  // The Android app PCAPdroid attributes the packet to: a pcapng packet's "u-<uid>" comment.
  // (Its pcap trailer sits inside the frame: the decoder reads that one.)
  bool has_app = false;
  int32_t app_uid = 0;  // PCAPdroid's uid: -1 unknown, 0 root, 1000 system, 10000+ apps

  int64_t micros() const { return time_ns / 1000 - (time_ns % 1000 < 0 ? 1 : 0); }
};

// An app as PCAPdroid names it: its package name ("com.example.sync", or "android", "root"
// for its virtual apps) from a pcapng uid map, and its label ("Example Sync") from that map or
// from a trailer (cut at 19 bytes there). Either may be empty.
struct AppName {
  std::string package, label;
};
// PCAPdroid's uid -> its app, as a capture file or its packets tell it.
using AppNames = std::map<int32_t, AppName>;

class PacketSink {
 public:
  virtual ~PacketSink() = default;
  virtual void on_packet(const CapturedPacket& packet) = 0;
  // The file names an app (pcapng: PCAPdroid's uid map block), before or after its packets.
  virtual void on_app_name(int32_t /*uid*/, std::string_view /*package*/,
                           std::string_view /*label*/) {}
};

// Something a reader could not use, where it was, and why. Only the first few are kept; every
// problem is counted.
struct Problem {
  uint64_t offset = 0;  // byte offset in the file of the record, block or packet concerned
  std::string reason;
};

struct ProblemList {
  static constexpr size_t kMaxKept = 10;
  uint64_t count = 0;
  std::vector<Problem> first;
  void add(uint64_t offset, std::string reason) {
    ++count;
    if (first.size() < kMaxKept) first.push_back({offset, std::move(reason)});
  }
};

}  // namespace zeekscope::packet
