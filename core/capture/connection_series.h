#pragma once
// The connections of one host (one or more destinations), in time order: what the behaviour
// rules measure and the report's timeline draws.
#include <cstdint>
#include <span>
#include <vector>

#include "capture/capture.h"

namespace zeekscope {

struct ConnEvent {
  double start = 0;
  double duration = 0;  // 0 when unknown
  uint64_t orig_bytes = 0, resp_bytes = 0;
  double end() const { return start + duration; }
};

// The kept connection times of these destinations (indices into capture.destinations), sorted
// by start.
std::vector<ConnEvent> connection_series(const Capture& capture,
                                         std::span<const uint32_t> destinations);
// The same into `out` (cleared first), which keeps its capacity from one host to the next.
void connection_series(const Capture& capture, std::span<const uint32_t> destinations,
                       std::vector<ConnEvent>& out);

// The time the events cover, overlaps counted once (parallel connections are not longer ones).
double covered_seconds(std::span<const ConnEvent> sorted_events);

// The capture's connection span: the first start and the last end over every destination.
TimeRange capture_span(const Capture& capture);

}  // namespace zeekscope
