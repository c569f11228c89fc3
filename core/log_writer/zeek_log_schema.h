#pragma once
// The columns of the Zeek logs zeekscope writes from packet captures (conn, dns, ssl, x509, http),
// in the order and with the types of current Zeek's default scripts (the btest baselines in
// ../shared/data/pcap/zeek-btest carry the same #fields and #types lines). A column zeekscope
// does not fill is written unset, as Zeek writes a field its scripts left unset.
#include <span>
#include <string_view>

namespace zeekscope::log_writer {

enum class ValueType {
  kTime,
  kInterval,
  kCount,
  kInt,
  kPort,
  kBool,
  kString,
  kAddr,
  kEnum,
  kStringSet,
  kEnumSet,
  kStringVector,
  kAddrVector,
  kIntervalVector,
};

// The name Zeek writes in the #types line.
std::string_view type_name(ValueType type);

struct Column {
  std::string_view name;
  ValueType type;
};

struct LogSchema {
  std::string_view path;  // the log's name: "conn" is written as conn.log
  std::span<const Column> columns;
};

const LogSchema& conn_log_schema();
// conn.log with PCAPdroid's app attribution after Zeek's columns: app.uid (int), app.package
// and app.name (strings), for a capture whose packets name their app.
const LogSchema& conn_app_log_schema();
const LogSchema& dns_log_schema();
const LogSchema& ssl_log_schema();
const LogSchema& http_log_schema();
// x509.log as Zeek 6 writes it, and then `sha1`: the SHA-1 fingerprint of the DER (Zeek's
// `fingerprint` is SHA-256; many certificate indicator lists give SHA-1).
const LogSchema& x509_log_schema();

}  // namespace zeekscope::log_writer
