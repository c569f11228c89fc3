#pragma once
// The names of a destination address (RULES.md section 2, default profile): DNS queries that
// returned it, CNAME targets on the way, TLS SNI and HTTP Host seen on connections to it.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "capture/capture.h"

namespace zeekscope {

class DestinationNames {
 public:
  explicit DestinationNames(const Capture& capture);
  // The first DNS query name seen for the address, else its first SNI, else the address.
  std::string display(const std::optional<IpAddress>& ip, std::string_view ip_text) const;
  bool resolved(const std::optional<IpAddress>& ip) const;
  std::vector<std::string> all(const std::optional<IpAddress>& ip) const;
  // Every name in the capture (all of the above plus dns.log queries with no connection), with
  // the addresses it was seen for.
  const std::map<std::string, std::set<std::string>>& every_name() const { return every_name_; }

 private:
  const Capture& c_;
  std::map<std::string, std::set<std::string>> every_name_;
};

}  // namespace zeekscope
