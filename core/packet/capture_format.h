#pragma once
// What the capture file readers share: the stats of one file, and the interface each file
// format implements so the chunked reader (capture_file_reader.h) can frame its units without
// knowing the format.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "packet/captured_packet.h"

namespace zeekscope::packet {

struct CaptureFileStats {
  std::string format;       // "pcap", "pcap-ns", "pcap-modified", "pcapng"; "" when not a capture
  bool big_endian = false;  // of the file (pcap) or of its first section (pcapng)
  bool not_a_capture = false;        // the content is no capture format: nothing was read
  uint64_t bytes = 0;                // fed
  uint64_t packets = 0;              // handed to the sink
  uint64_t snapped_packets = 0;      // captured fewer bytes than were on the wire (snaplen)
  uint64_t sections = 0;             // pcapng section header blocks
  uint64_t interfaces = 0;           // pcapng interface description blocks (1 for a pcap file)
  uint64_t blocks_skipped = 0;       // pcapng blocks that hold no packet (statistics, names, ...)
  uint64_t app_comments = 0;         // pcapng packets with PCAPdroid's "u-<uid>" comment
  uint64_t app_blocks = 0;           // PCAPdroid uid-map custom blocks read
  uint64_t over_limit = 0;           // records or blocks over the size limit, skipped
  uint64_t damaged = 0;              // records or blocks that could not be read, skipped
  bool truncated_file = false;       // the file ends inside a record or block
  bool stopped = false;              // damage made the rest of the file unreadable
  uint64_t bytes_not_read = 0;       // after a stop, or the partial record at a truncated end
  std::vector<uint32_t> link_types;  // distinct, in order of first appearance
  ProblemList problems;

  void add_link_type(uint32_t type) {
    for (uint32_t t : link_types)
      if (t == type) return;
    link_types.push_back(type);
  }
};

// One unit of a file (its header, a record, a block) as the format frames it from its head.
struct Frame {
  uint64_t size = 0;  // the whole unit's bytes, head included
  bool stop = false;  // the file cannot be framed further (reason already reported)
};

class CaptureFormat {
 public:
  virtual ~CaptureFormat() = default;
  // Bytes needed to frame the next unit.
  virtual size_t head_bytes() const = 0;
  virtual Frame frame(std::span<const uint8_t> head, uint64_t offset) = 0;
  // One complete unit (its `size` from frame()).
  virtual void unit(std::span<const uint8_t> bytes, uint64_t offset) = 0;
  // The unit at `offset` was not read (over the size limit): a format whose later units depend
  // on it (a pcapng section or interface header) says what follows from that.
  virtual void unit_skipped(std::span<const uint8_t> head, uint64_t offset) = 0;
};

}  // namespace zeekscope::packet
