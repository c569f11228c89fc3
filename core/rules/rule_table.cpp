#include "rules/rule_table.h"

#include <cctype>
#include <set>
#include <stdexcept>

#include "rules/advice.h"

namespace zeekscope {
namespace {

// --- Wording helpers. Names and addresses go in as text; renderers treat them as untrusted. ---

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

// " by SOURCE" for the alert's lead indicator, or "".
std::string source_of(const Alert& a, const WordingContext& w) {
  const Indicator* i = lead(a);
  return i && i->source < w.source_names.size() ? " by " + w.source_names[i->source]
                                                : std::string();
}

std::string indicator_value(const Alert& a) {
  const Indicator* i = lead(a);
  return i ? i->value : std::string("?");
}

const std::set<std::string>& detail(const Alert& a, const std::string& key) {
  static const std::set<std::string> kNone;
  auto it = a.details.find(key);
  return it == a.details.end() ? kNone : it->second;
}

std::string compromised() { return " " + std::string(kSafetyAdvice); }

// --- Input helpers: the reason a rule cannot run, or "". ---

const char* const kNoConn = "no conn.log records";
const char* const kNoSsl = "no ssl.log records";
const char* const kNoSslConn =
    "no conn.log records (the seed profile checks TLS sessions only for conn.log destinations)";

std::string unless(bool ok, std::string reason) { return ok ? std::string() : std::move(reason); }

std::string conn_needed(const CoverageFacts& f) { return unless(f.conn > 0, kNoConn); }

// An indicator rule: the indicators of its types, then its inputs.
std::string indicators_then(size_t count, const char* what, bool inputs, std::string missing) {
  if (count == 0) return std::string("no ") + what + " indicators loaded";
  return unless(inputs, std::move(missing));
}

// Addresses come from conn.log (and, in the default profile, ssl.log's server addresses).
std::string address_inputs(const CoverageFacts& f, size_t count, const char* what) {
  return indicators_then(count, what, f.conn > 0 || (!f.seed && f.ssl > 0), kNoConn);
}

// Names come from conn.log's resolutions in the seed, from dns, ssl and http logs otherwise.
bool names_present(const CoverageFacts& f) {
  return f.seed ? f.conn > 0 : f.dns + f.ssl + f.http > 0;
}
std::string no_names(const CoverageFacts& f) {
  return f.seed ? kNoConn : "no dns.log, ssl.log or http.log records";
}
std::string name_inputs(const CoverageFacts& f, IocType type, const char* what) {
  return indicators_then(f.count(type), what, names_present(f), no_names(f));
}

// TLS sessions: the seed looked at them only for conn.log destinations.
std::string tls_inputs(const CoverageFacts& f) {
  if (!f.seed) return unless(f.ssl > 0, kNoSsl);
  return f.ssl == 0 ? kNoSsl : unless(f.conn > 0, kNoSslConn);
}

void upper(std::string& s) {
  for (auto& c : s) c = char(std::toupper(static_cast<unsigned char>(c)));
}

// clang-format off
const RuleSpec kRules[] = {
  {RuleId::kProto01, "PROTO-01", "Unusual UDP or ICMP traffic", RuleKind::kHeuristic, true,
   Level::kModerate, Level::kModerate, Level::kModerate, "",
   "UDP or ICMP with no expected service (dns, ntp, quic, dhcp) nor a UDP port every phone "
   "uses (QUIC, STUN/TURN, mDNS, SSDP, LLMNR, NetBIOS); UDP the phone never answered is "
   "reported apart as inbound",
   "conn.log: proto, id.resp_p, service, orig_bytes", "udp_expected_services, udp_expected_ports",
   conn_needed,
   [](Alert& a, const WordingContext&) {
     std::string proto = a.variant.empty() ? join(detail(a, "proto")) : a.variant;
     upper(proto);
     a.title = "Unusual " + proto + " traffic to " + a.host;
     a.description = "The phone sent traffic to " + a.host +
                     " that is neither TCP nor a service phones commonly use over UDP (DNS, NTP, "
                     "QUIC, DHCP). Such traffic can carry a hidden channel. Look at the other "
                     "alerts for this host.";
   }},
  {RuleId::kProto02, "PROTO-02", "High port", RuleKind::kHeuristic, true,
   Level::kLow, Level::kLow, Level::kLow, "",
   "TCP/UDP to a port at or above max_ports (1024), except the platforms' push ports to "
   "their own names",
   "conn.log: proto, id.resp_p", "max_ports, push_ports",
   conn_needed,
   [](Alert& a, const WordingContext& w) {
     const std::string& v = a.variant;
     a.title = "Connection to " + a.host + " on a high port" + (v.empty() ? "" : " (" + v + ")");
     a.description = "The phone connected to " + a.host + " on port " + join_ports(a.ports) +
                     ", at or above " + std::to_string(w.config.max_ports) +
                     ". Most apps use standard ports. This is common and usually harmless; it "
                     "matters when other alerts name the same host.";
   }},
  {RuleId::kProto03, "PROTO-03", "Plain HTTP", RuleKind::kHeuristic, true,
   Level::kLow, Level::kLow, Level::kLow, "",
   "HTTP on port http_default_port (80)",
   "conn.log: service, id.resp_p", "http_default_port",
   conn_needed,
   [](Alert& a, const WordingContext&) {
     a.title = "Unencrypted HTTP to " + a.host;
     a.description = "The phone exchanged data with " + a.host +
                     " over plain HTTP, which anyone on the network path can read. It is not "
                     "malicious in itself but unusual for apps; check who runs this host.";
   }},
  {RuleId::kProto04, "PROTO-04", "HTTP on another port", RuleKind::kHeuristic, true,
   Level::kModerate, Level::kModerate, Level::kModerate, "",
   "HTTP on a port other than http_default_port",
   "conn.log: service, id.resp_p", "http_default_port",
   conn_needed,
   [](Alert& a, const WordingContext&) {
     const std::string& v = a.variant;
     a.title = "HTTP on a non-standard port to " + a.host + (v.empty() ? "" : " (port " + v + ")");
     a.description = "The phone used unencrypted HTTP with " + a.host + " on port " +
                     join_ports(a.ports) +
                     ". This is unusual for apps; check who runs this host and whether other "
                     "alerts name it.";
   }},
  {RuleId::kProto05, "PROTO-05", "No DNS lookup", RuleKind::kHeuristic, true,
   Level::kLow, Level::kLow, Level::kLow, "",
   "an address no DNS answer gave, first contacted after the DNS log starts",
   "conn.log: id.resp_h; dns.log: answers", "",
   [](const CoverageFacts& f) -> std::string {
     if (f.seed || f.conn == 0) return conn_needed(f);
     return unless(f.dns > 0, "no dns.log records: which addresses were looked up is unknown");
   },
   [](Alert& a, const WordingContext&) {
     a.title = a.host + " was contacted without a DNS lookup";
     a.description = "No DNS answer in this capture gave the address " + a.host +
                     ". An app may have it built in, or the lookup happened before the capture "
                     "started. It matters only if other alerts name it.";
   }},
  {RuleId::kIoc01, "IOC-01", "Listed address", RuleKind::kIndicator, true,
   Level::kHigh, Level::kHigh, Level::kHigh, "",
   "the address is an indicator (v4 and v6)",
   "conn.log or ssl.log: id.resp_h", "",
   [](const CoverageFacts& f) {
     return address_inputs(f, f.count(IocType::kIp4) + f.count(IocType::kIp6), "IP address");
   },
   [](Alert& a, const WordingContext& w) {
     const Indicator* ind = lead(a);
     a.title = a.host + " is a known " + label(ind) + " server";
     a.description = "The phone connected to " + join(a.ips) + ", an address listed as " +
                     label(ind) + source_of(a, w) + ". The phone is likely compromised." +
                     compromised();
   }},
  {RuleId::kIoc02, "IOC-02", "Listed network", RuleKind::kIndicator, true,
   Level::kModerate, Level::kModerate, Level::kModerate, "",
   "the address is in an indicator network (v4 and v6)",
   "conn.log or ssl.log: id.resp_h", "",
   [](const CoverageFacts& f) { return address_inputs(f, f.count(IocType::kCidr), "CIDR"); },
   [](Alert& a, const WordingContext& w) {
     const Indicator* ind = lead(a);
     a.title = a.host + " is in a network listed as " + label(ind);
     a.description = "The phone connected to " + join(a.ips) + ", inside the network " +
                     indicator_value(a) + " listed as " + label(ind) + source_of(a, w) +
                     ". A whole network is a weaker sign than an exact address: look at the "
                     "other alerts for this host.";
   }},
  {RuleId::kIoc03, "IOC-03", "Listed domain", RuleKind::kIndicator, true,
   Level::kHigh, Level::kHigh, Level::kModerate, "tracker",
   "any name of a destination, or any DNS query, matches a domain indicator",
   "dns.log: query, answers; ssl.log: server_name; http.log: host", "",
   [](const CoverageFacts& f) { return name_inputs(f, IocType::kDomain, "domain"); },
   [](Alert& a, const WordingContext& w) {
     if (a.level == Level::kModerate) {
       a.title = a.host + " is a known tracker";
       a.description = "The phone contacted " + a.host + ", listed as a tracker" +
                       source_of(a, w) +
                       ". An app on the phone may be reporting its location or activity. Check "
                       "which apps you did not install yourself.";
     } else {
       const Indicator* ind = lead(a);
       a.title = a.host + " is a known " + label(ind) + " domain";
       a.description = "The phone looked up or contacted " + a.host + ", listed as " +
                       label(ind) + source_of(a, w) + ". The phone is likely compromised." +
                       compromised();
     }
   }},
  {RuleId::kIoc04, "IOC-04", "Free dynamic DNS", RuleKind::kIndicator, true,
   Level::kModerate, Level::kModerate, Level::kModerate, "",
   "a subdomain of a free dynamic-DNS provider",
   "dns.log: query; ssl.log: server_name; http.log: host", "",
   [](const CoverageFacts& f) { return name_inputs(f, IocType::kFreeDns, "free-DNS"); },
   [](Alert& a, const WordingContext&) {
     a.title = a.host + " uses a free dynamic DNS service";
     a.description = a.host + " is a name under a free dynamic DNS provider (" +
                     indicator_value(a) +
                     "). Such names are cheap and anonymous and often used by spyware servers. "
                     "Look at the other alerts for this host.";
   }},
  {RuleId::kIoc05, "IOC-05", "Listed top-level domain", RuleKind::kIndicator, true,
   Level::kLow, Level::kLow, Level::kLow, "",
   "a name under a listed TLD",
   "dns.log: query; ssl.log: server_name; http.log: host", "",
   [](const CoverageFacts& f) { return name_inputs(f, IocType::kTld, "TLD"); },
   [](Alert& a, const WordingContext&) {
     const Indicator* ind = lead(a);
     a.title = a.host + " uses a top-level domain often abused";
     a.description = a.host + " ends in " + (ind ? "." + ind->value : std::string("a listed TLD")) +
                     ", a top-level domain that is often used by malicious services. On its own "
                     "this is a weak sign.";
   }},
  {RuleId::kIoc06, "IOC-06", "Listed nameserver", RuleKind::kIndicator, true,
   Level::kModerate, Level::kModerate, Level::kModerate, "",
   "a nameserver of the registrable domain is listed (needs lookups)",
   "names as IOC-03; nameserver answers from the host", "",
   [](const CoverageFacts& f) {
     return indicators_then(
         f.count(IocType::kNs), "nameserver", names_present(f) && f.nameservers_supplied,
         !names_present(f)
             ? no_names(f)
             : "no nameserver answers: nameserver lookups are off (use a resolver to run it)");
   },
   [](Alert& a, const WordingContext& w) {
     a.title = a.host + " uses a nameserver linked to abuse";
     a.description = "The domain of " + a.host + " is served by " +
                     join(detail(a, "nameserver")) + ", a nameserver provider listed" +
                     source_of(a, w) +
                     " because it is popular with malicious services. Look at the other alerts "
                     "for this host.";
   }},
  {RuleId::kIoc07, "IOC-07", "Listed certificate", RuleKind::kIndicator, true,
   Level::kHigh, Level::kHigh, Level::kHigh, "",
   "a server certificate's SHA-1 or SHA-256 is listed",
   "files.log: sha1, sha256; or ssl.log chains with x509.log fingerprint (and sha1 from captures)",
   "",
   [](const CoverageFacts& f) -> std::string {
     size_t sha1 = f.count(IocType::kSha1Cert), sha256 = f.count(IocType::kSha256Cert);
     if (f.seed)
       return indicators_then(sha1, "SHA-1 certificate", f.ca_certificate_files,
                              "no CA certificates in files.log (application/x-x509-ca-cert)");
     if (!f.certificate_files && f.chain_fingerprints && !f.chain_sha1 && sha256 == 0 &&
         sha1 > 0)
       return "only SHA-1 certificate indicators are loaded and these logs carry SHA-256 "
              "fingerprints (Zeek 4.1+ x509.log) without certificates in files.log";
     return indicators_then(sha1 + sha256, "certificate",
                            f.certificate_files || f.chain_fingerprints,
                            "no certificates in files.log and no certificate chains in ssl.log");
   },
   [](Alert& a, const WordingContext& w) {
     const Indicator* ind = lead(a);
     a.title = "A certificate listed as " + label(ind) + " was seen from " + a.host;
     a.description = "A TLS certificate sent by " + a.host + " matches one listed as " +
                     label(ind) + source_of(a, w) +
                     ". The phone is likely talking to a spyware server." + compromised();
   }},
  {RuleId::kSsl01, "SSL-01", "TLS on an unusual port", RuleKind::kHeuristic, true,
   Level::kModerate, Level::kModerate, Level::kModerate, "",
   "TLS on a port not in ssl_default_ports (853, DNS over TLS, is one), except the platforms' "
   "push ports to their own names",
   "ssl.log: id.resp_p, server_name", "ssl_default_ports, push_ports",
   tls_inputs,
   [](Alert& a, const WordingContext&) {
     const std::string& v = a.variant;
     a.title = "TLS to " + a.host + " on an unusual port" + (v.empty() ? "" : " (" + v + ")");
     a.description = "The phone made an encrypted connection to " + a.host + " on port " +
                     join_ports(a.ports) +
                     ", not a usual TLS port. This can be legitimate; check who runs this host.";
   }},
  {RuleId::kSsl02, "SSL-02", "Free certificate authority", RuleKind::kHeuristic, true,
   Level::kLow, Level::kModerate, Level::kLow, "",
   "the server certificate comes from a free CA (a weak sign on its own)",
   "ssl.log: issuer (before Zeek 4.1) or x509.log: certificate.issuer", "free_issuers",
   [](const CoverageFacts& f) -> std::string {
     std::string tls = tls_inputs(f);
     if (!tls.empty()) return tls;
     if (f.seed) return unless(f.ssl_issuer_column, "ssl.log has no issuer column (Zeek 4.1+ logs)");
     return unless(f.leaf_names,
                   "no certificate issuer: ssl.log has no issuer column (Zeek 4.1+) and no "
                   "matching x509.log records");
   },
   [](Alert& a, const WordingContext&) {
     a.title = a.host + " uses a free certificate";
     a.description = a.host + " presented a certificate from a free authority (" +
                     join(detail(a, "issuer")) +
                     "). Most sites use these legitimately, but so do many spyware servers. It "
                     "matters when other alerts name the same host.";
   }},
  {RuleId::kSsl03, "SSL-03", "Self-signed certificate", RuleKind::kHeuristic, true,
   Level::kModerate, Level::kModerate, Level::kModerate, "",
   "the server certificate is self-signed",
   "ssl.log: validation_status, or the certificate's issuer and subject", "",
   tls_inputs,
   [](Alert& a, const WordingContext&) {
     a.title = a.host + " uses a self-signed certificate";
     a.description = a.host +
                     " presented a certificate that no authority signed. Services built for "
                     "the public rarely do this; spyware servers often do. Check who runs "
                     "this host.";
   }},
  {RuleId::kBeh01, "BEH-01", "Beaconing", RuleKind::kHeuristic, false,
   Level::kModerate, Level::kModerate, Level::kLow,
   "fewer than beacon_moderate_contacts (24) contacts",
   "regular contacts from the phone to one host: a beacon score (interval regularity 60%, size "
   "regularity 15%, span of the capture 25%, never above the interval regularity) at or above "
   "beacon_min_score (0.8) over beacon_min_connections (4) or more contacts, or a strobe (a "
   "connection a second or more for strobe_min_seconds)",
   "conn.log: ts, duration, orig_bytes, resp_bytes, proto, service; names from dns, ssl, http",
   "beacon_min_connections, beacon_min_score, beacon_moderate_contacts, strobe_min_seconds, "
   "platform_allowlist",
   conn_needed,
   [](Alert& a, const WordingContext&) {
     bool strobe = detail(a, "strobe").count("true") > 0;
     a.title = (strobe ? "Constant connections to " : "Regular check-ins with ") + a.host;
     a.description =
         "The phone contacted " + a.host + " " + join(detail(a, "connections")) + " times" +
         (strobe ? ", more than once a second for a long time"
                 : ", about every " + join(detail(a, "median_interval_s")) + " seconds (give or "
                   "take " + join(detail(a, "jitter_s")) + " s)") +
         ", from " + join(detail(a, "first_seen")) + " to " + join(detail(a, "last_seen")) +
         ". Spyware checks in with its operator on a schedule like this; so do some ordinary "
         "apps. If you do not know which app talks to " + a.host +
         ", find out before trusting the phone.";
   }},
  {RuleId::kBeh02, "BEH-02", "Long-lived channel", RuleKind::kHeuristic, false,
   Level::kLow, Level::kLow, Level::kLow, "",
   "the phone stays connected to one host for long_channel_seconds (1 hour) or more in all "
   "(its connections' time together, open ones included, overlaps counted once), counting "
   "connections held open: at most channel_max_bytes_per_second (1000) on average, not "
   "transfers",
   "conn.log: ts, duration, proto, service; names from dns, ssl, http",
   "long_channel_seconds, channel_max_bytes_per_second, platform_allowlist",
   conn_needed,
   [](Alert& a, const WordingContext&) {
     a.title = "Long open connection to " + a.host;
     a.description = "The phone kept a connection to " + a.host + " open for " +
                     join(detail(a, "connected_s")) + " seconds in all, over " +
                     join(detail(a, "connections")) + " connections. Messaging apps do this; so "
                     "does spyware waiting for its operator's commands. Check which app it is.";
   }},
  {RuleId::kBeh03, "BEH-03", "DNS tunnelling or generated names", RuleKind::kHeuristic, false,
   Level::kModerate, Level::kModerate, Level::kModerate, "",
   "dns_unique_names (100) or more distinct names under one registrable domain, or "
   "dns_random_names (40) or more with a label of dns_label_min_length (16) characters or more "
   "and an entropy of dns_label_min_entropy (3.5) bits per character or more (.arpa and .local "
   "names left out)",
   "dns.log: query", "dns_unique_names, dns_random_names, dns_label_min_length, "
   "dns_label_min_entropy, platform_allowlist",
   [](const CoverageFacts& f) { return unless(f.dns > 0, "no dns.log records"); },
   [](Alert& a, const WordingContext&) {
     a.title = "Many generated names under " + a.host;
     a.description = "The phone looked up " + join(detail(a, "unique_names")) +
                     " different names under " + a.host + " (for example " +
                     join(detail(a, "examples"), 3) + "). Data can be smuggled out inside DNS "
                     "names, and some malware generates names to find its operator. Find out "
                     "which app looks these up.";
   }},
  {RuleId::kBeh04, "BEH-04", "Upload-heavy destination", RuleKind::kHeuristic, false,
   Level::kModerate, Level::kModerate, Level::kModerate, "",
   "the phone sends upload_min_bytes (5 MB) or more to one host and upload_ratio (3) times "
   "what it receives or more",
   "conn.log: orig_bytes, resp_bytes, ts; names from dns, ssl, http",
   "upload_min_bytes, upload_ratio, platform_allowlist",
   conn_needed,
   [](Alert& a, const WordingContext&) {
     a.title = "Large upload to " + a.host;
     a.description = "The phone sent " + join(detail(a, "orig_bytes")) + " bytes to " + a.host +
                     " and received " + join(detail(a, "resp_bytes")) +
                     ". Spyware uploads what it collects: photos, recordings, messages. If you "
                     "did not send files or back up the phone to " + a.host +
                     " at that time, find out which app did.";
   }},
  {RuleId::kBeh05, "BEH-05", "Raw command channel", RuleKind::kHeuristic, false,
   Level::kModerate, Level::kModerate, Level::kModerate, "",
   "repeated TCP sessions carrying data to an address with no name, on a port at or above "
   "max_ports, with no TLS or HTTP: the shape of a remote-access tool's channel",
   "conn.log: proto, id.resp_p, service, orig_bytes, resp_bytes; dns.log, ssl.log, http.log "
   "names", "raw_channel_min_connections",
   conn_needed,
   [](Alert& a, const WordingContext&) {
     a.title = "Repeated unnamed connections to " + a.host + " on port " + join_ports(a.ports);
     a.description = "The phone opened " + join(detail(a, "connections")) +
                     " connections to " + a.host + " on port " + join_ports(a.ports) +
                     ", sending " + join(detail(a, "orig_bytes")) + " bytes and receiving " +
                     join(detail(a, "resp_bytes")) +
                     ", with no DNS name, no TLS and no HTTP. Remote-access tools (RATs) keep "
                     "such a channel to their operator. Find out which app talks to this "
                     "address; if none should, treat the phone as compromised." + compromised();
   }},
  {RuleId::kBeh06, "BEH-06", "Hidden lookups", RuleKind::kHeuristic, false,
   Level::kLow, Level::kLow, Level::kLow, "",
   "DNS over TLS or QUIC (port 853) or DNS over HTTPS to a public resolver (names and addresses in "
   "iocs/builtin/public-resolvers.txt): names the phone looked up that way are not in the "
   "capture",
   "conn.log: id.resp_h, id.resp_p; ssl.log: server_name; names from dns",
   "",
   [](const CoverageFacts& f) { return unless(f.conn + f.ssl > 0, kNoConn); },
   [](Alert& a, const WordingContext&) {
     a.title = "Encrypted DNS lookups to " + a.host;
     a.description = "The phone looked up names through " + a.host +
                     " over an encrypted channel (DNS over TLS or HTTPS), so those names are "
                     "not in this capture and no indicator could be checked against them. "
                     "Phones and browsers can do this on their own; spyware can too. Turn off "
                     "Private DNS or secure DNS while capturing to see every name.";
   }},
  {RuleId::kAdv01, "ADV-01", "Several alerts on one host", RuleKind::kAdvice, true,
   Level::kModerate, Level::kHigh, Level::kModerate, "",
   "a host with max_alerts (3) or more distinct kinds of evidence (port and protocol facts "
   "count as one); its level is at most that of its strongest alert",
   "the other rules' alerts", "max_alerts",
   [](const CoverageFacts&) { return std::string(); },
   [](Alert& a, const WordingContext&) {
     size_t n = a.details.count("alerts") ? detail(a, "alerts").size() : 0;
     if (a.details.count("alert_count")) n = std::stoul(*detail(a, "alert_count").begin());
     a.title = a.host + " raised " + std::to_string(n) + " alerts";
     a.description = "Several checks point at " + a.host +
                     ". Together they deserve a closer look: search for the name, and read each "
                     "alert about it.";
   }},
};
// clang-format on

constexpr size_t kRuleCount = sizeof(kRules) / sizeof(kRules[0]);

std::string level_text(const RuleSpec& r) {
  std::string s(level_name(r.level));
  if (r.lower_level != r.level)
    s += " (" + std::string(r.lower_when) + ": " + std::string(level_name(r.lower_level)) + ")";
  return s;
}

}  // namespace

std::span<const RuleSpec> rule_table() { return {kRules, kRuleCount}; }

const RuleSpec& rule_spec(RuleId rule) {
  // The table is in RuleId order (checked by a test).
  return kRules[size_t(rule)];
}

std::string rule_missing_inputs(const RuleSpec& spec, const CoverageFacts& facts) {
  if (facts.seed && !spec.in_seed) return "not part of the tinycheck-2020 profile";
  if (spec.kind == RuleKind::kHeuristic && !facts.config.heuristics)
    return "turned off in the configuration (heuristics)";
  if (spec.kind == RuleKind::kIndicator && !facts.config.iocs)
    return "turned off in the configuration (iocs)";
  return spec.missing(facts);
}

std::string rule_table_markdown() {
  std::string out =
      "| id | level | what it checks (default profile) | reads | settings |\n"
      "|---|---|---|---|---|\n";
  for (const RuleSpec& r : rule_table()) {
    std::string level = level_text(r);
    for (std::string_view cell : {r.id, std::string_view(level), r.checks, r.needs}) {
      out += "| ";
      out += cell;
      out += ' ';
    }
    out += "| ";
    if (r.config_keys.empty()) {
      out += '-';
    } else {
      std::string_view keys = r.config_keys;
      for (size_t n = 0; !keys.empty(); ++n) {
        size_t comma = keys.find(", ");
        if (n) out += ", ";
        out += '`';
        out += keys.substr(0, comma);
        out += '`';
        keys = comma == std::string_view::npos ? std::string_view() : keys.substr(comma + 2);
      }
    }
    out += " |\n";
  }
  return out;
}

}  // namespace zeekscope
