#pragma once
// A finished connection with the fields of Zeek's conn.log, as plain values. The session will
// turn it into the capture's records; nothing here knows about logs or rules.
#include <cstdint>
#include <string>

#include "common/ip_address.h"

namespace zeekscope::flow {

struct ConnRecord {
  int64_t ts_us = 0;  // the first packet's time (PacketView::micros())
  std::string uid;    // "C" + base62, derived from the first packet (never random)
  IpAddress orig_h, resp_h;
  uint16_t orig_p = 0, resp_p = 0;  // ICMP: type and counterpart type (or code)
  std::string proto;                // tcp, udp, icmp, unknown_transport
  uint8_t ip_proto = 0;
  std::string service;  // empty until a protocol layer sets it
  // Zeek sets duration and the byte counts only when the duration is above zero.
  bool has_duration = false;
  int64_t duration_us = 0;
  uint64_t orig_bytes = 0, resp_bytes = 0;
  std::string conn_state;  // S0, S1, SF, REJ, ... OTH
  uint64_t missed_bytes = 0;
  std::string history;  // empty prints as "-"
  uint64_t orig_pkts = 0, orig_ip_bytes = 0, resp_pkts = 0, resp_ip_bytes = 0;
  // The Android app PCAPdroid attributed the connection to (its first packet that named one),
  // with the package name and label the capture gave for its uid ("" when it gave none).
  bool has_app = false;
  int32_t app_uid = 0;
  std::string app_package, app_name;
};

class ConnRecordSink {
 public:
  virtual ~ConnRecordSink() = default;
  virtual void on_conn(const ConnRecord& record) = 0;
};

}  // namespace zeekscope::flow
