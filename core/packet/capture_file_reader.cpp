#include "packet/capture_file_reader.h"

#include "packet/pcap_format.h"
#include "packet/pcapng_format.h"

namespace zeekscope::packet {

bool looks_like_capture(std::string_view first_bytes) {
  if (first_bytes.size() < 4) return false;
  auto* p = reinterpret_cast<const uint8_t*>(first_bytes.data());
  return pcap_magic(p) || load_be32(p) == kPcapngSectionHeader;
}

CaptureFileReader::CaptureFileReader(PacketSink& sink, const CaptureFileLimits& limits)
    : sink_(sink), limits_(limits) {}

CaptureFileReader::~CaptureFileReader() = default;

bool CaptureFileReader::gather(std::span<const uint8_t>& in, size_t n,
                               std::span<const uint8_t>& out) {
  if (held_.empty() && in.size() >= n) {
    out = in.first(n);
    return true;
  }
  if (held_.size() < n) {
    size_t take = std::min(n - held_.size(), in.size());
    held_.append(reinterpret_cast<const char*>(in.data()), take);
    in = in.subspan(take);
  }
  if (held_.size() < n) return false;
  out = std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(held_.data()), n);
  return true;
}

void CaptureFileReader::consume(std::span<const uint8_t>& in, size_t n) {
  // A unit is either wholly in `in` (nothing held) or wholly held.
  if (held_.empty()) {
    in = in.subspan(n);
  } else {
    held_.clear();
  }
  offset_ += n;
}

void CaptureFileReader::detect(std::span<const uint8_t> first4) {
  if (auto magic = pcap_magic(first4.data())) {
    format_ = std::make_unique<PcapFormat>(*magic, sink_, stats_);
  } else if (load_be32(first4.data()) == kPcapngSectionHeader) {
    format_ = std::make_unique<PcapngFormat>(sink_, stats_);
  } else {
    stats_.not_a_capture = true;
    stats_.problems.add(0, "not a capture file: no pcap or pcapng magic number");
    stats_.bytes_not_read += held_.size();  // the rest is counted as it comes
    held_.clear();
  }
}

void CaptureFileReader::feed(std::string_view chunk) {
  stats_.bytes += chunk.size();
  std::span<const uint8_t> in(reinterpret_cast<const uint8_t*>(chunk.data()), chunk.size());
  while (!in.empty()) {
    if (skipping_) {
      size_t n = size_t(std::min<uint64_t>(skipping_, in.size()));
      skipping_ -= n;
      offset_ += n;
      in = in.subspan(n);
      continue;
    }
    if (stats_.not_a_capture || stats_.stopped) {
      stats_.bytes_not_read += in.size();
      return;
    }
    std::span<const uint8_t> head;
    if (!format_) {
      if (!gather(in, 4, head)) return;
      detect(head);  // the 4 bytes stay: they belong to the format's first unit
      continue;
    }
    if (!gather(in, format_->head_bytes(), head)) return;
    Frame frame = format_->frame(head, offset_);
    if (frame.stop) {
      stats_.stopped = true;
      stats_.bytes_not_read += held_.size();
      held_.clear();
      continue;
    }
    if (frame.size > limits_.max_unit_bytes) {
      ++stats_.over_limit;
      stats_.problems.add(offset_, "record of " + std::to_string(frame.size) +
                                       " bytes is over the limit of " +
                                       std::to_string(limits_.max_unit_bytes) + ": skipped");
      format_->unit_skipped(head, offset_);
      size_t have = head.size();
      consume(in, have);
      skipping_ = frame.size - have;
      continue;
    }
    std::span<const uint8_t> unit;
    if (!gather(in, size_t(frame.size), unit)) return;
    format_->unit(unit, offset_);
    consume(in, unit.size());
  }
}

void CaptureFileReader::finish() {
  if (finished_) return;
  finished_ = true;
  if (!format_ && !stats_.not_a_capture) {
    stats_.not_a_capture = true;
    stats_.problems.add(
        0, stats_.bytes ? "not a capture file: too short for a magic number" : "empty file");
    return;
  }
  if (skipping_) {
    stats_.truncated_file = true;
    stats_.problems.add(offset_, "the file ends inside a skipped record, " +
                                     std::to_string(skipping_) + " bytes short");
  } else if (!held_.empty()) {
    stats_.truncated_file = true;
    stats_.bytes_not_read += held_.size();
    stats_.problems.add(offset_, "the file ends inside a record or block (" +
                                     std::to_string(held_.size()) + " bytes of it present)");
    held_.clear();
  }
}

}  // namespace zeekscope::packet
