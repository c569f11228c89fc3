#include "log_writer/zeek_log_schema.h"

#include <algorithm>
#include <array>

namespace zeekscope::log_writer {

std::string_view type_name(ValueType type) {
  switch (type) {
    case ValueType::kTime:
      return "time";
    case ValueType::kInterval:
      return "interval";
    case ValueType::kCount:
      return "count";
    case ValueType::kInt:
      return "int";
    case ValueType::kPort:
      return "port";
    case ValueType::kBool:
      return "bool";
    case ValueType::kString:
      return "string";
    case ValueType::kAddr:
      return "addr";
    case ValueType::kEnum:
      return "enum";
    case ValueType::kStringSet:
      return "set[string]";
    case ValueType::kEnumSet:
      return "set[enum]";
    case ValueType::kStringVector:
      return "vector[string]";
    case ValueType::kAddrVector:
      return "vector[addr]";
    case ValueType::kIntervalVector:
      return "vector[interval]";
  }
  return "string";
}

namespace {

using V = ValueType;

// Every log starts with the connection's time, uid and 4-tuple.
#define ZS_CONNECTION_ID                                                            \
  Column{"ts", V::kTime}, Column{"uid", V::kString}, Column{"id.orig_h", V::kAddr}, \
      Column{"id.orig_p", V::kPort}, Column{"id.resp_h", V::kAddr}, Column {        \
    "id.resp_p", V::kPort                                                           \
  }

constexpr std::array kConn{
    ZS_CONNECTION_ID,
    Column{"proto", V::kEnum},
    Column{"service", V::kString},
    Column{"duration", V::kInterval},
    Column{"orig_bytes", V::kCount},
    Column{"resp_bytes", V::kCount},
    Column{"conn_state", V::kString},
    Column{"local_orig", V::kBool},
    Column{"local_resp", V::kBool},
    Column{"missed_bytes", V::kCount},
    Column{"history", V::kString},
    Column{"orig_pkts", V::kCount},
    Column{"orig_ip_bytes", V::kCount},
    Column{"resp_pkts", V::kCount},
    Column{"resp_ip_bytes", V::kCount},
    Column{"tunnel_parents", V::kStringSet},
    Column{"ip_proto", V::kCount},
};

// conn.log's columns, then PCAPdroid's app attribution.
constexpr auto kConnApp = [] {
  std::array<Column, kConn.size() + 3> columns{};
  std::copy(kConn.begin(), kConn.end(), columns.begin());
  columns[kConn.size()] = {"app.uid", V::kInt};
  columns[kConn.size() + 1] = {"app.package", V::kString};
  columns[kConn.size() + 2] = {"app.name", V::kString};
  return columns;
}();

constexpr std::array kDns{
    ZS_CONNECTION_ID,
    Column{"proto", V::kEnum},
    Column{"trans_id", V::kCount},
    Column{"rtt", V::kInterval},
    Column{"query", V::kString},
    Column{"qclass", V::kCount},
    Column{"qclass_name", V::kString},
    Column{"qtype", V::kCount},
    Column{"qtype_name", V::kString},
    Column{"rcode", V::kCount},
    Column{"rcode_name", V::kString},
    Column{"AA", V::kBool},
    Column{"TC", V::kBool},
    Column{"RD", V::kBool},
    Column{"RA", V::kBool},
    Column{"Z", V::kCount},
    Column{"answers", V::kStringVector},
    Column{"TTLs", V::kIntervalVector},
    Column{"rejected", V::kBool},
    Column{"opcode", V::kCount},
    Column{"opcode_name", V::kString},
};

constexpr std::array kSsl{
    ZS_CONNECTION_ID,
    Column{"version", V::kString},
    Column{"cipher", V::kString},
    Column{"curve", V::kString},
    Column{"server_name", V::kString},
    Column{"resumed", V::kBool},
    Column{"last_alert", V::kString},
    Column{"next_protocol", V::kString},
    Column{"established", V::kBool},
    Column{"ssl_history", V::kString},
    Column{"cert_chain_fps", V::kStringVector},
    Column{"client_cert_chain_fps", V::kStringVector},
    Column{"sni_matches_cert", V::kBool},
};

constexpr std::array kX509{
    Column{"ts", V::kTime},
    Column{"fingerprint", V::kString},
    Column{"certificate.version", V::kCount},
    Column{"certificate.serial", V::kString},
    Column{"certificate.subject", V::kString},
    Column{"certificate.issuer", V::kString},
    Column{"certificate.not_valid_before", V::kTime},
    Column{"certificate.not_valid_after", V::kTime},
    Column{"certificate.key_alg", V::kString},
    Column{"certificate.sig_alg", V::kString},
    Column{"certificate.key_type", V::kString},
    Column{"certificate.key_length", V::kCount},
    Column{"certificate.exponent", V::kString},
    Column{"certificate.curve", V::kString},
    Column{"san.dns", V::kStringVector},
    Column{"san.uri", V::kStringVector},
    Column{"san.email", V::kStringVector},
    Column{"san.ip", V::kAddrVector},
    Column{"basic_constraints.ca", V::kBool},
    Column{"basic_constraints.path_len", V::kCount},
    Column{"host_cert", V::kBool},
    Column{"client_cert", V::kBool},
    Column{"sha1", V::kString},
};

constexpr std::array kHttp{
    ZS_CONNECTION_ID,
    Column{"trans_depth", V::kCount},
    Column{"method", V::kString},
    Column{"host", V::kString},
    Column{"uri", V::kString},
    Column{"referrer", V::kString},
    Column{"version", V::kString},
    Column{"user_agent", V::kString},
    Column{"origin", V::kString},
    Column{"request_body_len", V::kCount},
    Column{"response_body_len", V::kCount},
    Column{"status_code", V::kCount},
    Column{"status_msg", V::kString},
    Column{"info_code", V::kCount},
    Column{"info_msg", V::kString},
    Column{"tags", V::kEnumSet},
    Column{"username", V::kString},
    Column{"password", V::kString},
    Column{"proxied", V::kStringSet},
    Column{"orig_fuids", V::kStringVector},
    Column{"orig_filenames", V::kStringVector},
    Column{"orig_mime_types", V::kStringVector},
    Column{"resp_fuids", V::kStringVector},
    Column{"resp_filenames", V::kStringVector},
    Column{"resp_mime_types", V::kStringVector},
};

#undef ZS_CONNECTION_ID

}  // namespace

const LogSchema& conn_log_schema() {
  static const LogSchema schema{"conn", kConn};
  return schema;
}
const LogSchema& conn_app_log_schema() {
  static const LogSchema schema{"conn", kConnApp};
  return schema;
}
const LogSchema& dns_log_schema() {
  static const LogSchema schema{"dns", kDns};
  return schema;
}
const LogSchema& ssl_log_schema() {
  static const LogSchema schema{"ssl", kSsl};
  return schema;
}
const LogSchema& x509_log_schema() {
  static const LogSchema schema{"x509", kX509};
  return schema;
}
const LogSchema& http_log_schema() {
  static const LogSchema schema{"http", kHttp};
  return schema;
}

}  // namespace zeekscope::log_writer
