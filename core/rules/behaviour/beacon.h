#pragma once
// BEH-01's measure of how regularly a phone contacts a host, in the spirit of RITA's beacon
// score (activecm/rita): the regularity of the intervals between contacts (Bowley skewness and
// the median absolute deviation about the median), the regularity of their sizes, and how much
// of the capture the contacts span. docs/RULES.md gives the formula and its calibration:
// score = min(timing, 0.6 timing + 0.15 sizes + 0.25 span).
#include <cstddef>
#include <span>
#include <vector>

#include "capture/connection_series.h"

namespace zeekscope {

struct BeaconSettings {
  size_t min_connections = 4;        // contacts needed to judge
  double min_score = 0.8;            // a beacon at or above
  double burst_seconds = 1;          // connections starting this close together are one contact
  double full_span_seconds = 21600;  // contacts spanning this (or the whole capture) cover it
  double strobe_per_second = 1;      // a strobe: at least this rate ...
  double strobe_min_seconds = 600;   // ... sustained this long
};

struct BeaconScore {
  size_t connections = 0, contacts = 0;
  double median_interval = 0;  // seconds between contacts
  double jitter = 0;           // median absolute deviation of the intervals, seconds
  double timing = 0, sizes = 0, coverage = 0, score = 0;  // each 0 to 1
  // (measured only with min_connections contacts, or for a strobe; sizes only when the timing
  // reaches the threshold: the score cannot exceed it)
  bool strobe = false;
  bool beacon = false;  // score at or above the threshold with enough contacts, or a strobe
};

// Working lists a caller scoring many hosts keeps, so they are allocated once, not per host.
struct BeaconScratch {
  std::vector<double> starts, sizes, intervals, deviations;
};

// From a host's connections sorted by start, and the capture's span.
BeaconScore score_beacon(std::span<const ConnEvent> events, const TimeRange& capture,
                         const BeaconSettings& settings);
BeaconScore score_beacon(std::span<const ConnEvent> events, const TimeRange& capture,
                         const BeaconSettings& settings, BeaconScratch& scratch);

}  // namespace zeekscope
