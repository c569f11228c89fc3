#include "log_writer/conn_log_row.h"

#include <array>
#include <optional>
#include <string_view>
#include <vector>

namespace zeekscope::log_writer {

namespace {

// Zeek's Site::private_address_space (scripts/base/utils/site.zeek), as
// ../shared/spec/ZEEK-FROM-PACKETS.md section 4.3 lists it, and 0.0.0.0/8, which the btest
// conn.logs show local (DHCP, Teredo).
const std::vector<IpNetwork>& private_address_space() {
  static const std::vector<IpNetwork> networks = [] {
    std::vector<IpNetwork> out;
    for (std::string_view text :
         {"0.0.0.0/8",     "10.0.0.0/8",      "172.16.0.0/12",  "192.168.0.0/16",
          "100.64.0.0/10", "127.0.0.0/8",     "169.254.0.0/16", "192.0.0.0/24",
          "192.0.2.0/24",  "198.51.100.0/24", "203.0.113.0/24", "198.18.0.0/15",
          "224.0.0.0/24",  "239.0.0.0/8",     "240.0.0.0/4",    "255.255.255.255/32",
          "::/128",        "::1/128",         "fc00::/7",       "fe80::/10",
          "fec0::/10",     "2001::/23",       "2001:db8::/32"})
      out.push_back(*IpNetwork::parse(text));
    return out;
  }();
  return networks;
}

bool in_private_space(const IpAddress& ip) {
  for (const IpNetwork& n : private_address_space())
    if (n.contains(ip)) return true;
  return false;
}

}  // namespace

bool zeek_local_address(const IpAddress& ip) {
  if (in_private_space(ip)) return true;
  // 6to4 (2002::/16) carries an IPv4 address in its next 32 bits: local when that one is.
  const auto& b = ip.bytes();
  if (!ip.is_v4() && b[0] == 0x20 && b[1] == 0x02) {
    IpAddress inner = IpAddress::from_v4(b.data() + 2);
    return in_private_space(inner);
  }
  return false;
}

void write_conn_row(LogRowWriter& w, const flow::ConnRecord& r, bool with_app) {
  w.begin_row();
  w.time(double(r.ts_us) / 1e6);
  w.text(r.uid);
  w.text(r.orig_h.to_string());
  w.port(r.orig_p);
  w.text(r.resp_h.to_string());
  w.port(r.resp_p);
  w.text(r.proto);
  r.service.empty() ? w.unset() : w.text(r.service);
  if (r.has_duration) {
    w.interval(double(r.duration_us) / 1e6);
    w.count(r.orig_bytes);
    w.count(r.resp_bytes);
  } else {
    w.unset();
    w.unset();
    w.unset();
  }
  w.text(r.conn_state);
  w.flag(zeek_local_address(r.orig_h));
  w.flag(zeek_local_address(r.resp_h));
  w.count(r.missed_bytes);
  r.history.empty() ? w.unset() : w.text(r.history);
  w.count(r.orig_pkts);
  w.count(r.orig_ip_bytes);
  w.count(r.resp_pkts);
  w.count(r.resp_ip_bytes);
  w.unset();  // tunnel_parents: no tunnel is decapsulated yet
  w.count(r.ip_proto);
  if (with_app) {
    if (r.has_app) {
      w.integer(r.app_uid);
      r.app_package.empty() ? w.unset() : w.text(r.app_package);
      r.app_name.empty() ? w.unset() : w.text(r.app_name);
    } else {
      w.unset();
      w.unset();
      w.unset();
    }
  }
  w.end_row();
}

}  // namespace zeekscope::log_writer
