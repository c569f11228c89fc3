// The wording of each alert: short, plain, and saying what the person should do. Names and
// addresses are inserted as text; whoever renders them must treat them as untrusted.
#include <cctype>
#include <string>

#include "rules/engine.h"

namespace zeekscope {
namespace {

std::string join(const std::set<std::string>& items, size_t max = 5) {
  std::string out;
  size_t n = 0;
  for (const auto& s : items) {
    if (n == max) {
      out += ", and " + std::to_string(items.size() - max) + " more";
      break;
    }
    if (n++) out += ", ";
    out += s;
  }
  return out;
}

std::string join_ports(const std::set<uint64_t>& ports) {
  std::set<std::string> s;
  for (auto p : ports) s.insert(std::to_string(p));
  return join(s);
}

// The indicator that decides the alert's wording: the first that is not a tracker, if any.
const Indicator* lead(const Alert& a) {
  for (auto* i : a.indicators)
    if (i->tag != "tracker") return i;
  return a.indicators.empty() ? nullptr : a.indicators[0];
}

std::string label(const Indicator* i) {
  if (!i) return "malicious";
  std::string s = i->tag.empty() ? "malicious" : i->tag;
  if (!i->app.empty()) s += " (" + i->app + ")";
  return s;
}

const char* kCompromised =
    " If you think someone installed it to watch you, plan your safety before you remove "
    "anything: removing it may alert that person. A local support service for domestic abuse "
    "or a digital security helpline can help you check the phone.";

const std::set<std::string>& detail(const Alert& a, const std::string& key) {
  static const std::set<std::string> kNone;
  auto it = a.details.find(key);
  return it == a.details.end() ? kNone : it->second;
}

}  // namespace

void describe(Alert& a, const RuleInputs& in) {
  const Config& cfg = in.config;
  const std::string& h = a.host;
  const Indicator* ind = lead(a);
  std::string source = ind && ind->source < in.source_names.size()
                           ? " by " + in.source_names[ind->source]
                           : std::string();
  std::string ports = join_ports(a.ports);
  const std::string& v = a.variant;
  if (a.id == "PROTO-01") {
    std::string proto = v.empty() ? join(detail(a, "proto")) : v;
    for (auto& c : proto) c = char(std::toupper(static_cast<unsigned char>(c)));
    a.title = "Unusual " + proto + " traffic to " + h;
    a.description = "The phone sent traffic to " + h +
                    " that is neither TCP nor a service phones commonly use over UDP (DNS, NTP, "
                    "QUIC, DHCP). Such traffic can carry a hidden channel. Look at the other "
                    "alerts for this host.";
  } else if (a.id == "PROTO-02") {
    a.title = "Connection to " + h + " on a high port" + (v.empty() ? "" : " (" + v + ")");
    a.description = "The phone connected to " + h + " on port " + ports + ", at or above " +
                    std::to_string(cfg.max_ports) +
                    ". Most apps use standard ports. This is common and usually harmless; it "
                    "matters when other alerts name the same host.";
  } else if (a.id == "PROTO-03") {
    a.title = "Unencrypted HTTP to " + h;
    a.description = "The phone exchanged data with " + h +
                    " over plain HTTP, which anyone on the network path can read. It is not "
                    "malicious in itself but unusual for apps; check who runs this host.";
  } else if (a.id == "PROTO-04") {
    a.title = "HTTP on a non-standard port to " + h + (v.empty() ? "" : " (port " + v + ")");
    a.description = "The phone used unencrypted HTTP with " + h + " on port " + ports +
                    ". This is unusual for apps; check who runs this host and whether other "
                    "alerts name it.";
  } else if (a.id == "PROTO-05") {
    a.title = h + " was contacted without a DNS lookup";
    a.description = "No DNS answer in this capture gave the address " + h +
                    ". An app may have it built in, or the lookup happened before the capture "
                    "started. It matters only if other alerts name it.";
  } else if (a.id == "IOC-01") {
    a.title = h + " is a known " + label(ind) + " server";
    a.description = "The phone connected to " + join(a.ips) + ", an address listed as " +
                    label(ind) + source + ". The phone is likely compromised." + kCompromised;
  } else if (a.id == "IOC-02") {
    a.title = h + " is in a network listed as " + label(ind);
    a.description = "The phone connected to " + join(a.ips) + ", inside the network " +
                    (ind ? ind->value : std::string("?")) + " listed as " + label(ind) + source +
                    ". A whole network is a weaker sign than an exact address: look at the other "
                    "alerts for this host.";
  } else if (a.id == "IOC-03") {
    if (a.level == Level::kModerate) {
      a.title = h + " is a known tracker";
      a.description = "The phone contacted " + h + ", listed as a tracker" + source +
                      ". An app on the phone may be reporting its location or activity. Check "
                      "which apps you did not install yourself.";
    } else {
      a.title = h + " is a known " + label(ind) + " domain";
      a.description = "The phone looked up or contacted " + h + ", listed as " + label(ind) +
                      source + ". The phone is likely compromised." + kCompromised;
    }
  } else if (a.id == "IOC-04") {
    a.title = h + " uses a free dynamic DNS service";
    a.description = h + " is a name under a free dynamic DNS provider (" +
                    (ind ? ind->value : std::string("?")) +
                    "). Such names are cheap and anonymous and often used by spyware servers. "
                    "Look at the other alerts for this host.";
  } else if (a.id == "IOC-05") {
    a.title = h + " uses a top-level domain often abused";
    a.description = h + " ends in " + (ind ? "." + ind->value : std::string("a listed TLD")) +
                    ", a top-level domain that is often used by malicious services. On its own "
                    "this is a weak sign.";
  } else if (a.id == "IOC-06") {
    a.title = h + " uses a nameserver linked to abuse";
    a.description = "The domain of " + h + " is served by " + join(detail(a, "nameserver")) +
                    ", a nameserver provider listed" + source +
                    " because it is popular with malicious services. Look at the other alerts "
                    "for this host.";
  } else if (a.id == "IOC-07") {
    a.title = "A certificate listed as " + label(ind) + " was seen from " + h;
    a.description = "A TLS certificate sent by " + h + " matches one listed as " + label(ind) +
                    source + ". The phone is likely talking to a spyware server." + kCompromised;
  } else if (a.id == "SSL-01") {
    a.title = "TLS to " + h + " on an unusual port" + (v.empty() ? "" : " (" + v + ")");
    a.description = "The phone made an encrypted connection to " + h + " on port " + ports +
                    ", not a usual TLS port. This can be legitimate; check who runs this host.";
  } else if (a.id == "SSL-02") {
    a.title = h + " uses a free certificate";
    a.description = h + " presented a certificate from a free authority (" +
                    join(detail(a, "issuer")) +
                    "). Most sites use these legitimately, but so do many spyware servers. It "
                    "matters when other alerts name the same host.";
  } else if (a.id == "SSL-03") {
    a.title = h + " uses a self-signed certificate";
    a.description = h +
                    " presented a certificate that no authority signed. Services built for "
                    "the public rarely do this; spyware servers often do. Check who runs "
                    "this host.";
  } else if (a.id == "ADV-01") {
    size_t n = a.details.count("alerts") ? detail(a, "alerts").size() : 0;
    if (a.details.count("alert_count")) n = std::stoul(*detail(a, "alert_count").begin());
    a.title = h + " raised " + std::to_string(n) + " alerts";
    a.description = "Several checks point at " + h +
                    ". Together they deserve a closer look: search for the name, and read each "
                    "alert about it.";
  }
}

}  // namespace zeekscope
