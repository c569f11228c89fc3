#pragma once
// The names of a destination address (RULES.md section 2, default profile): DNS queries that
// returned it, CNAME targets on the way, TLS SNI and HTTP Host seen on connections to it.
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "capture/capture.h"

namespace zeekscope {

// Calls f(name, ip) for every sighting of a name in the capture: each name of each address
// (DNS query, CNAME target, TLS SNI, HTTP Host), then each dns.log query name with ip null.
// The empty name (id 0) is left out.
template <typename F>
void for_each_name_sighting(const Capture& c, F&& f) {
  for (const auto& [ip, names] : c.names)
    for (const auto* list : {&names.dns, &names.cname, &names.sni, &names.http})
      for (const auto& n : *list)
        if (n.name != 0) f(n.name, &ip);
  for (const auto& [name, info] : c.queries)
    if (name != 0) f(name, static_cast<const IpAddress*>(nullptr));
}

class DestinationNames {
 public:
  explicit DestinationNames(const Capture& capture);
  // The first DNS query name seen for the address, else its first SNI, else the address.
  std::string display(const std::optional<IpAddress>& ip, std::string_view ip_text) const;
  bool resolved(const std::optional<IpAddress>& ip) const;
  std::vector<std::string> all(const std::optional<IpAddress>& ip) const;
  // A name and the addresses it was seen for (each once).
  struct NamedAddresses {
    std::string_view name;  // in the capture's string pool
    std::vector<IpAddress> ips;
  };
  // Every name in the capture (all of the above plus dns.log queries with no connection), in
  // text order.
  const std::vector<NamedAddresses>& every_name() const { return every_name_; }

 private:
  const Capture& c_;
  std::vector<NamedAddresses> every_name_;
  // display()'s name of each address that has one, found once: an address can have millions
  // of names, and display() is asked for each of its sessions and destinations.
  std::unordered_map<IpAddress, StrId, IpAddressHash> display_;
};

}  // namespace zeekscope
