#pragma once
// The conn.log fields the capture reads, as plain members. conn.log is most of a capture's
// bytes: the TSV reader cuts these straight from a line for a sink that takes them, skipping
// the generic Record's per-field bookkeeping; any other record converts with from().
#include <optional>
#include <span>
#include <string_view>

#include "log/record.h"

namespace zeekscope {

struct ConnFields {
  // A field's text, "" when unset (Record::Value::text()'s rule).
  std::string_view ts, uid, orig_h, resp_h, resp_p, proto, orig_bytes, resp_bytes;
  bool ts_set = false, uid_set = false, resp_h_set = false, service_set = false;
  std::span<const std::string_view> service;  // its items: one for Zeek's plain text
  std::optional<double> time;                 // ts, parsed by the reader

  // The same fields from a generic record (a JSON line, or a sink's own path).
  static ConnFields from(const Record& r) {
    ConnFields c;
    auto ts = r.get(Field::kTs), uid = r.get(Field::kUid), resp_h = r.get(Field::kRespH);
    auto service = r.get(Field::kService);
    c.ts = ts.text();
    c.ts_set = ts.set;
    c.uid = uid.text();
    c.uid_set = uid.set;
    c.orig_h = r.get(Field::kOrigH).text();
    c.resp_h = resp_h.text();
    c.resp_h_set = resp_h.set;
    c.resp_p = r.get(Field::kRespP).text();
    c.proto = r.get(Field::kProto).text();
    c.orig_bytes = r.get(Field::kOrigBytes).text();
    c.resp_bytes = r.get(Field::kRespBytes).text();
    c.service_set = service.set;
    c.service = service.items;
    c.time = r.time();
    return c;
  }
};

}  // namespace zeekscope
