#pragma once
// Reads one capture file fed in chunks of any size, as the session feeds a log: recognises the
// format by its magic number (pcap in both byte orders and time units, pcapng), frames records
// or blocks across chunk boundaries, and hands each packet to a sink. Only the unit being read
// is ever held, and no unit over `max_unit_bytes` is: a larger one is skipped as it streams by.
// Damage is counted with its byte offset and reason and never throws.
#include <memory>
#include <string>
#include <string_view>

#include "packet/capture_format.h"

namespace zeekscope::packet {

struct CaptureFileLimits {
  // The largest record (pcap: 16-byte header + captured bytes) or block (pcapng) read. libpcap
  // caps a packet at 256 KiB; pcapng blocks add options. Larger units are skipped and counted.
  size_t max_unit_bytes = 1u << 20;
};

// Whether the first bytes of a file are a capture format's magic (4 bytes are enough).
bool looks_like_capture(std::string_view first_bytes);

class CaptureFileReader {
 public:
  CaptureFileReader(PacketSink& sink, const CaptureFileLimits& limits = {});
  ~CaptureFileReader();
  void feed(std::string_view chunk);
  // The end of the file: a unit left incomplete makes the file truncated.
  void finish();
  const CaptureFileStats& stats() const { return stats_; }

 private:
  // Makes `n` bytes of the current unit contiguous, from `in` directly when nothing is held,
  // else by copying into held_. False when the chunk ran out first (what it had is held).
  bool gather(std::span<const uint8_t>& in, size_t n, std::span<const uint8_t>& out);
  void consume(std::span<const uint8_t>& in, size_t n);
  void detect(std::span<const uint8_t> first4);

  PacketSink& sink_;
  CaptureFileLimits limits_;
  CaptureFileStats stats_;
  std::unique_ptr<CaptureFormat> format_;
  std::string held_;       // the start of the current unit, when it spans chunks
  uint64_t offset_ = 0;    // of the current unit in the file
  uint64_t skipping_ = 0;  // bytes of an over-limit unit still to pass by
  bool finished_ = false;
};

}  // namespace zeekscope::packet
