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
  std::string_view ts, uid, orig_h, resp_h, resp_p, proto, duration, orig_bytes, resp_bytes;
  // The Android app PCAPdroid attributed the connection to, when the log says.
  std::string_view app_uid, app_package, app_name;
  bool ts_set = false, uid_set = false, resp_h_set = false, service_set = false;
  bool app_uid_set = false;
  std::span<const std::string_view> service;  // its items: one for Zeek's plain text
  std::optional<double> time;                 // ts, parsed by the reader

  // Where a field's text goes (and its "set" flag, if it has one); no text member for a field
  // that is not one of these (service has its own handling: it may be a set).
  struct Member {
    std::string_view ConnFields::*text = nullptr;
    bool ConnFields::*set = nullptr;
  };
  static Member member(Field f) {
    switch (f) {
      case Field::kTs:
        return {&ConnFields::ts, &ConnFields::ts_set};
      case Field::kUid:
        return {&ConnFields::uid, &ConnFields::uid_set};
      case Field::kOrigH:
        return {&ConnFields::orig_h};
      case Field::kRespH:
        return {&ConnFields::resp_h, &ConnFields::resp_h_set};
      case Field::kRespP:
        return {&ConnFields::resp_p};
      case Field::kProto:
        return {&ConnFields::proto};
      case Field::kDuration:
        return {&ConnFields::duration};
      case Field::kOrigBytes:
        return {&ConnFields::orig_bytes};
      case Field::kRespBytes:
        return {&ConnFields::resp_bytes};
      case Field::kAppUid:
        return {&ConnFields::app_uid, &ConnFields::app_uid_set};
      case Field::kAppPackage:
        return {&ConnFields::app_package};
      case Field::kAppName:
        return {&ConnFields::app_name};
      default:
        return {};
    }
  }

  // The same fields from a generic record (a JSON line, or a sink's own path).
  static ConnFields from(const Record& r) {
    ConnFields c;
    for (Field f : {Field::kTs, Field::kUid, Field::kOrigH, Field::kRespH, Field::kRespP,
                    Field::kProto, Field::kDuration, Field::kOrigBytes, Field::kRespBytes,
                    Field::kAppUid, Field::kAppPackage, Field::kAppName}) {
      Member m = member(f);
      auto v = r.get(f);
      c.*m.text = v.text();
      if (m.set) c.*m.set = v.set;
    }
    auto service = r.get(Field::kService);
    c.service_set = service.set;
    c.service = service.items;
    c.time = r.time();
    return c;
  }
};

}  // namespace zeekscope
