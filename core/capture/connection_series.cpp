#include "capture/connection_series.h"

#include <algorithm>
#include <tuple>

namespace zeekscope {

std::vector<ConnEvent> connection_series(const Capture& capture,
                                         std::span<const uint32_t> destinations) {
  std::vector<ConnEvent> out;
  connection_series(capture, destinations, out);
  return out;
}

void connection_series(const Capture& capture, std::span<const uint32_t> destinations,
                       std::vector<ConnEvent>& out) {
  out.clear();
  size_t n = 0;
  for (uint32_t i : destinations) n += capture.destinations[i].times.size();
  out.reserve(n);
  for (uint32_t i : destinations) {
    const Destination& d = capture.destinations[i];
    for (const ConnTime& t : d.times)
      out.push_back({d.start_of(t), double(t.duration), t.orig_bytes, t.resp_bytes});
  }
  // Equal starts in a fixed order, whichever destination or merged state they came from. One
  // destination's times, as a log lists them, are often in order already.
  auto before = [](const ConnEvent& a, const ConnEvent& b) {
    return std::tie(a.start, a.duration, a.orig_bytes, a.resp_bytes) <
           std::tie(b.start, b.duration, b.orig_bytes, b.resp_bytes);
  };
  if (!std::is_sorted(out.begin(), out.end(), before)) std::sort(out.begin(), out.end(), before);
}

double covered_seconds(std::span<const ConnEvent> events) {
  double covered = 0, from = 0, to = 0;
  bool open = false;
  for (const ConnEvent& e : events) {
    if (e.duration <= 0) continue;
    if (open && e.start <= to) {
      to = std::max(to, e.end());
      continue;
    }
    if (open) covered += to - from;
    from = e.start;
    to = e.end();
    open = true;
  }
  if (open) covered += to - from;
  return covered;
}

TimeRange capture_span(const Capture& capture) {
  TimeRange span;
  for (const Destination& d : capture.destinations) {
    if (!d.time.set) continue;
    span.add(d.time.first);
    span.add(d.time.last);
    for (const ConnTime& t : d.times) span.add(d.start_of(t) + double(t.duration));
  }
  return span;
}

}  // namespace zeekscope
