// The default profile: the seed's rules with its defects corrected (RULES.md section 5).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "capture/certificates.h"
#include "capture/connection_series.h"
#include "common/flat_key_map.h"
#include "common/text.h"
#include "intel/platform_services.h"
#include "intel/public_resolvers.h"
#include "intel/public_suffix.h"
#include "rules/behaviour/beacon.h"
#include "rules/behaviour/generated_names.h"
#include "rules/certificate_issuer.h"
#include "rules/engine.h"
#include "rules/names.h"

namespace zeekscope {
namespace {

std::vector<std::string> service_set(std::string_view raw) {
  std::vector<std::string> out;
  for (auto s : split(raw, ',')) {
    std::string v = to_lower(trim(s));
    if (v.empty()) continue;
    if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// A service counts when Zeek confirmed it; Zeek 7.2+ writes "-ssl" for a protocol that failed.
bool has_service(const std::vector<std::string>& services, std::string_view name) {
  return std::find(services.begin(), services.end(), name) != services.end();
}

bool whitelisted_name(const RuleInputs& in, std::string_view name) {
  return in.config.whitelist && !in.whitelist.match_domain(IocType::kDomain, name).empty();
}

// Each loop over destinations, sessions or names calls a function per item, kept out of line:
// a WebAssembly engine starts every function unoptimised and swaps in optimised code only at a
// function's next call (V8 has no on-stack replacement for wasm), so a loop that runs to its end
// inside one once-called function stays unoptimised, and optimising that large function
// afterwards only delays the others (the report's writer) in the compiler's queue.
class DefaultRules {
 public:
  explicit DefaultRules(const RuleInputs& in) : in_(in), c_(in.capture), names_(c_) {}

  Analysis run() {
    Analysis out;
    build_destinations(out);
    mark_inbound(out);
    if (in_.config.heuristics) {
      proto_rules(out);
      ssl_rules();
      behaviour_rules(out);
      generated_name_rules();
      hidden_lookup_rules(out);
    }
    if (in_.config.iocs) {
      ip_indicator_rules(out);
      name_indicator_rules();
      certificate_rules();
    }
    advice_rule();
    finish_analysis(out, alerts_, in_);
    return out;
  }

 private:
  bool ip_whitelisted(const std::optional<IpAddress>& ip) const {
    if (!in_.config.whitelist || !ip) return false;
    return !in_.whitelist.match_ip(*ip).empty() || !in_.whitelist.match_cidr(*ip).empty();
  }
  bool name_whitelisted(std::string_view name) const { return whitelisted_name(in_, name); }
  bool destination_whitelisted(const std::optional<IpAddress>& ip, std::string_view display) const {
    return ip_whitelisted(ip) || name_whitelisted(display);
  }

  // What building the destination views keeps between destinations.
  struct ViewIndex {
    FlatKeyMap index;  // "ip proto port services" -> position in out.destinations
    std::string key;
    // A capture has a handful of protocol and service texts: each is lowered and split once.
    std::unordered_map<StrId, std::string> protos;
    std::unordered_map<StrId, std::vector<std::string>> service_sets;
  };

  [[gnu::noinline]] void build_destinations(Analysis& out) {
    ViewIndex views;
    out.destinations.reserve(c_.destinations.size());
    for (size_t i = 0; i < c_.destinations.size(); ++i) add_to_view(out, views, uint32_t(i));
  }

  [[gnu::noinline]] void add_to_view(Analysis& out, ViewIndex& views, uint32_t source) {
    const Destination& d = c_.destinations[source];
    std::string_view ip = c_.strings.view(d.ip_text);
    auto proto_it = views.protos.find(d.proto);
    if (proto_it == views.protos.end())
      proto_it = views.protos.emplace(d.proto, to_lower(c_.strings.view(d.proto))).first;
    const std::string& proto = proto_it->second;
    auto services_it = views.service_sets.find(d.service);
    if (services_it == views.service_sets.end())
      services_it =
          views.service_sets.emplace(d.service, service_set(c_.strings.view(d.service))).first;
    const std::vector<std::string>& services = services_it->second;
    std::string& key = views.key;
    key.assign(ip);
    key += '\t';
    key += proto;
    key += '\t';
    key += std::to_string(d.port);
    for (const auto& s : services) {
      key += '\t';
      key += s;
    }
    uint64_t hash = hash_bytes(key);
    uint32_t position = views.index.find(key, hash);
    bool inserted = position == FlatKeyMap::kNone;
    if (inserted) {
      position = uint32_t(out.destinations.size());
      views.index.insert(key, hash, position);
      DestinationView v;
      v.ip = ip;
      v.proto = proto;
      v.port = d.port;
      v.services = services;
      v.host = names_.display(d.ip, ip);
      v.names = names_.all(d.ip);
      v.whitelisted = destination_whitelisted(d.ip, v.host);
      out.destinations.push_back(std::move(v));
      parsed_ips_.push_back(d.ip);
    }
    DestinationView& v = out.destinations[position];
    v.connections += d.connections;
    v.orig_bytes += d.orig_bytes;
    v.resp_bytes += d.resp_bytes;
    if (d.time.set) {
      v.time.add(d.time.first);
      v.time.add(d.time.last);
    }
    for (const auto& u : d.uids)
      if (v.uids.size() < kEvidenceUids) v.uids.push_back(u);
    v.sources.push_back(source);
  }

  // An alert of `rule` at its level in this profile (or `level` where the rule may lower it).
  Alert& add(RuleId rule, std::string host, std::optional<Level> level = std::nullopt) {
    const RuleSpec& spec = rule_spec(rule);
    Alert a;
    a.rule = rule;
    a.id = spec.id;
    a.level = level.value_or(spec.level);
    a.host = std::move(host);
    return alerts_.add(std::move(a));
  }

  // What came in to the phone says nothing about what the phone does: reported apart, never
  // alerted on. That is every connection to the phone's own address (it was the responder:
  // scans and attacks from the internet), and UDP the phone never answered (it sent no byte).
  [[gnu::noinline]] void mark_inbound(Analysis& out) {
    phone_ = phone_addresses(c_, in_.config);
    for (size_t i = 0; i < out.destinations.size(); ++i) {
      DestinationView& d = out.destinations[i];
      d.inbound =
          to_phone(parsed_ips_[i]) || (d.proto == "udp" && d.orig_bytes == 0 && d.resp_bytes > 0);
    }
  }

  bool to_phone(const std::optional<IpAddress>& ip) const {
    return ip && std::find(phone_.begin(), phone_.end(), *ip) != phone_.end();
  }

  [[gnu::noinline]] void proto_rules(const Analysis& out) {
    bool have_dns = c_.dns_records > 0;
    for (size_t i = 0; i < out.destinations.size(); ++i) {
      const DestinationView& d = out.destinations[i];
      if (!d.whitelisted && !d.inbound) proto_rules_for(d, i, have_dns);
    }
  }

  [[gnu::noinline]] void proto_rules_for(const DestinationView& d, size_t i, bool have_dns) {
    auto evidence = [&](Alert& a) -> Alert& {
      a.ips.insert(d.ip);
      a.ports.insert(d.port);
      for (auto uid : d.uids) a.uids.emplace(uid);
      if (d.host != d.ip) a.names.insert(d.host);
      a.details["proto"].insert(d.proto);
      for (const auto& s : d.services) a.details["service"].insert(s);
      return a;
    };
    const Config& cfg = in_.config;
    bool udp_or_icmp = d.proto == "udp" || d.proto == "icmp";
    bool expected =
        std::any_of(d.services.begin(), d.services.end(),
                    [&](const std::string& s) { return contains(cfg.udp_expected_services, s); }) ||
        (d.proto == "udp" && contains(cfg.udp_expected_ports, d.port));
    if (udp_or_icmp && !expected) evidence(add(RuleId::kProto01, d.host));
    bool high_port = (d.proto == "tcp" || d.proto == "udp") && d.port >= cfg.max_ports &&
                     !platform_push(d.port, d.names);
    if (high_port) evidence(add(RuleId::kProto02, d.host));
    if (has_service(d.services, "http")) {
      if (d.port == cfg.http_default_port)
        evidence(add(RuleId::kProto03, d.host));
      else
        evidence(add(RuleId::kProto04, d.host));
    }
    if (have_dns && !names_.resolved(parsed_ips_[i]) && dns_covers(d.time))
      evidence(add(RuleId::kProto05, d.ip));
    // A remote-access tool's channel: sessions carrying data, again and again, to an address
    // the phone never named, with no protocol Zeek recognised.
    if (high_port && d.proto == "tcp" && d.names.empty() && d.services.empty() &&
        d.connections >= cfg.raw_channel_min_connections && d.orig_bytes + d.resp_bytes > 0) {
      Alert& a = evidence(add(RuleId::kBeh05, d.host));
      a.details["connections"].insert(std::to_string(d.connections));
      a.details["orig_bytes"].insert(std::to_string(d.orig_bytes));
      a.details["resp_bytes"].insert(std::to_string(d.resp_bytes));
    }
  }

  // BEH-01, BEH-02, BEH-04: what the phone does with each host it opened connections to, a
  // host being the report's (a display name's destinations together). Not judged: whitelisted
  // and nonroutable destinations, inbound traffic, DNS and NTP (the phone's own plumbing), and,
  // unless platform_allowlist is false, hosts whose every name is a platform service.
  [[gnu::noinline]] void behaviour_rules(const Analysis& out) {
    std::vector<size_t> judged;  // view positions, grouped by host below
    for (size_t i = 0; i < out.destinations.size(); ++i) {
      const DestinationView& d = out.destinations[i];
      bool plumbing = d.port == 53 || d.port == 123 || has_service(d.services, "dns") ||
                      has_service(d.services, "ntp");
      if (!d.whitelisted && !d.inbound && !plumbing && (d.proto == "tcp" || d.proto == "udp"))
        judged.push_back(i);
    }
    std::stable_sort(judged.begin(), judged.end(), [&](size_t a, size_t b) {
      return text_less(out.destinations[a].host, out.destinations[b].host);
    });
    TimeRange span = capture_span(c_);
    std::vector<size_t> views;
    for (size_t first = 0, next; first < judged.size(); first = next) {
      std::string_view host = out.destinations[judged[first]].host;
      for (next = first; next < judged.size() && out.destinations[judged[next]].host == host;)
        ++next;
      views.assign(judged.begin() + ptrdiff_t(first), judged.begin() + ptrdiff_t(next));
      behaviour_rules_for(out, host, views, span);
    }
  }

  [[gnu::noinline]] void behaviour_rules_for(const Analysis& out, std::string_view host,
                                             const std::vector<size_t>& views,
                                             const TimeRange& span) {
    const Config& cfg = in_.config;
    std::vector<uint32_t>& sources = scratch_sources_;
    sources.clear();
    uint64_t connections = 0, orig = 0, resp = 0;
    for (size_t i : views) {
      const DestinationView& d = out.destinations[i];
      sources.insert(sources.end(), d.sources.begin(), d.sources.end());
      connections += d.connections;
      orig += d.orig_bytes;
      resp += d.resp_bytes;
    }
    // The kept times are read only for a host that has enough connections to be a beacon or
    // enough kept connection time to be a channel.
    double duration_sum = 0;
    for (uint32_t s : sources) duration_sum += c_.destinations[s].duration_sum;
    bool timed = connections >= cfg.beacon_min_connections ||
                 duration_sum >= double(cfg.long_channel_seconds);
    std::vector<ConnEvent>& events = scratch_events_;
    events.clear();
    if (timed) connection_series(c_, sources, events);
    // A platform's own host never fires (asked only of a host that would: most hosts fire
    // nothing, and the list lookup is the costlier part).
    std::optional<bool> platform;
    auto platform_host = [&] {
      if (!platform) {
        bool named = false, all = true;
        for (size_t i : views)
          for (const auto& n : out.destinations[i].names) {
            named = true;
            all = all && is_platform_service(n);
          }
        platform = cfg.platform_allowlist && named && all;
      }
      return *platform;
    };
    auto evidence = [&](RuleId rule, std::optional<Level> level = std::nullopt) -> Alert& {
      Alert& a = add(rule, std::string(host), level);
      for (size_t i : views) {
        const DestinationView& d = out.destinations[i];
        a.ips.insert(d.ip);
        a.ports.insert(d.port);
        for (auto uid : d.uids)
          if (a.uids.size() < kEvidenceUids) a.uids.emplace(uid);
        a.names.insert(d.names.begin(), d.names.end());
      }
      a.details["connections"].insert(std::to_string(connections));
      a.details["orig_bytes"].insert(std::to_string(orig));
      a.details["resp_bytes"].insert(std::to_string(resp));
      if (!events.empty()) {
        a.details["first_seen"].insert(format_iso8601(events.front().start));
        a.details["last_seen"].insert(format_iso8601(events.back().start));
      }
      return a;
    };
    BeaconSettings settings;
    settings.min_connections = cfg.beacon_min_connections;
    settings.min_score = cfg.beacon_min_score;
    settings.strobe_min_seconds = double(cfg.strobe_min_seconds);
    BeaconScore beacon = score_beacon(events, span, settings, scratch_beacon_);
    if (beacon.beacon && !platform_host()) {
      const RuleSpec& spec = rule_spec(RuleId::kBeh01);
      bool few = beacon.contacts < cfg.beacon_moderate_contacts && !beacon.strobe;
      Alert& a = evidence(RuleId::kBeh01, few ? spec.lower_level : spec.level);
      a.details["contacts"].insert(std::to_string(beacon.contacts));
      a.details["median_interval_s"].insert(decimal(beacon.median_interval, 1));
      a.details["jitter_s"].insert(decimal(beacon.jitter, 1));
      a.details["score"].insert(decimal(beacon.score, 2));
      a.details["timing_score"].insert(decimal(beacon.timing, 2));
      a.details["size_score"].insert(decimal(beacon.sizes, 2));
      a.details["span_score"].insert(decimal(beacon.coverage, 2));
      a.details["strobe"].insert(beacon.strobe ? "true" : "false");
    }
    // A channel is held open, mostly idle: a long download or upload is a transfer, not one.
    std::vector<ConnEvent>& held = scratch_held_;
    held.clear();
    for (const ConnEvent& e : events)
      if (e.duration > 0 && double(e.orig_bytes + e.resp_bytes) <=
                                double(cfg.channel_max_bytes_per_second) * e.duration)
        held.push_back(e);
    double connected = covered_seconds(held);
    if (connected >= double(cfg.long_channel_seconds) && !platform_host()) {
      Alert& a = evidence(RuleId::kBeh02);
      a.details["connected_s"].insert(decimal(connected, 0));
    }
    if (orig >= cfg.upload_min_bytes && double(orig) >= cfg.upload_ratio * double(resp) &&
        !platform_host())
      evidence(RuleId::kBeh04);
  }

  // BEH-03: many names, or many random-looking ones, under one registrable domain.
  [[gnu::noinline]] void generated_name_rules() {
    const Config& cfg = in_.config;
    std::vector<QueriedName> names;
    names.reserve(c_.queries.size());
    for (const auto& [id, q] : c_.queries)
      names.push_back({c_.strings.view(id), q.count, q.first_ts});
    GeneratedNameThresholds limits{cfg.dns_unique_names, cfg.dns_random_names,
                                   cfg.dns_label_min_length, cfg.dns_label_min_entropy};
    auto skip = [&](std::string_view name) {
      return name_whitelisted(name) || (cfg.platform_allowlist && is_platform_service(name));
    };
    for (const GeneratedNamesFinding& f : find_generated_names(names, limits, skip)) {
      Alert& a = add(RuleId::kBeh03, f.domain);
      a.names.insert(f.examples.begin(), f.examples.end());
      a.details["unique_names"].insert(std::to_string(f.unique_names));
      a.details["random_names"].insert(std::to_string(f.random_names));
      a.details["queries"].insert(std::to_string(f.queries));
      a.details["first_seen"].insert(format_iso8601(f.first_ts));
      a.details["last_seen"].insert(format_iso8601(f.last_ts));
      a.details["examples"].insert(f.examples.begin(), f.examples.end());
      if (f.many_names) a.details["condition"].insert("many names");
      if (f.random_labels) a.details["condition"].insert("random-looking labels");
    }
  }

  // BEH-06: DNS over TLS or QUIC (port 853) to any resolver outside the local network, and DNS
  // over HTTPS (port 443) to a known public resolver, by name or address.
  [[gnu::noinline]] void hidden_lookup_rules(const Analysis& out) {
    std::map<std::string_view, uint64_t> connections;  // per host, over its views
    for (size_t i = 0; i < out.destinations.size(); ++i) {
      const DestinationView& d = out.destinations[i];
      if (d.whitelisted || d.inbound || (d.proto != "tcp" && d.proto != "udp")) continue;
      bool dot = d.port == 853;
      bool doh = d.port == 443 &&
                 ((parsed_ips_[i] && is_public_resolver_address(*parsed_ips_[i])) ||
                  std::any_of(d.names.begin(), d.names.end(),
                              [](const std::string& n) { return is_public_resolver_name(n); }));
      if (!dot && !doh) continue;
      Alert& a = add(RuleId::kBeh06, d.host);
      a.ips.insert(d.ip);
      a.ports.insert(d.port);
      for (auto uid : d.uids)
        if (a.uids.size() < kEvidenceUids) a.uids.emplace(uid);
      a.names.insert(d.names.begin(), d.names.end());
      a.details["protocol"].insert(dot ? "DNS over TLS" : "DNS over HTTPS");
      uint64_t& n = connections[d.host];
      n += d.connections;
      a.details["connections"] = {std::to_string(n)};
    }
  }

  static std::string decimal(double v, int digits) {
    char text[64];
    std::snprintf(text, sizeof text, "%.*f", digits, std::isfinite(v) ? v : 0.0);
    return text;
  }

  template <typename List, typename T>
  static bool contains(const List& list, const T& item) {
    return std::find(list.begin(), list.end(), item) != list.end();
  }

  // The platforms' push channels (Apple 5223, Google 5228-5230) to their own names.
  bool platform_push(uint64_t port, const std::vector<std::string>& names) const {
    return contains(in_.config.push_ports, port) &&
           std::any_of(names.begin(), names.end(),
                       [](const std::string& n) { return is_platform_service(n); });
  }

  // "No DNS answer" means something only once the capture's DNS log had started: a destination
  // first contacted before its first record may have been looked up before the capture.
  bool dns_covers(const TimeRange& t) const {
    const TimeRange& dns = in_.dns_span;
    if (!dns.set || !t.set) return true;  // times unknown: every destination counts
    return t.first >= dns.first;
  }

  [[gnu::noinline]] void ssl_rules() {
    for (const auto& s : c_.tls) ssl_rules_for(s);
  }

  [[gnu::noinline]] void ssl_rules_for(const TlsSession& s) {
    const auto& ports = in_.config.ssl_default_ports;
    std::string ip(c_.strings.view(s.ip_text));
    std::string host = names_.display(s.ip, ip);
    if (destination_whitelisted(s.ip, host) || to_phone(s.ip)) return;  // inbound TLS
    auto evidence = [&](Alert& a) -> Alert& {
      a.ips.insert(ip);
      a.ports.insert(s.port);
      a.uids.insert(s.uids.begin(), s.uids.end());
      if (s.server_name) a.names.emplace(c_.strings.view(s.server_name));
      return a;
    };
    bool push = contains(in_.config.push_ports, s.port) &&
                (is_platform_service(host) ||
                 (s.server_name && is_platform_service(c_.strings.view(s.server_name))));
    if (!contains(ports, s.port) && !push) evidence(add(RuleId::kSsl01, host));
    ServerCertificate cert = server_certificate(c_, s);
    std::string issuer(cert.issuer), subject(cert.subject);
    if (issuer_matches(issuer, in_.config.free_issuers))
      evidence(add(RuleId::kSsl02, host)).details["issuer"].insert(issuer);
    std::string vs = to_lower(c_.strings.view(s.validation_status));
    bool self_signed = s.has_validation_status
                           ? (vs.find("self signed certificate") != std::string::npos ||
                              vs.find("self-signed certificate") != std::string::npos)
                           : (!issuer.empty() && issuer == subject);
    if (self_signed) {
      Alert& a = evidence(add(RuleId::kSsl03, host));
      if (s.has_validation_status)
        a.details["validation_status"].emplace(c_.strings.view(s.validation_status));
      else
        a.details["issuer"].insert(issuer);
    }
  }

  void indicator_evidence(Alert& a, const std::vector<const Indicator*>& matches) {
    for (auto* m : matches)
      if (std::find(a.indicators.begin(), a.indicators.end(), m) == a.indicators.end())
        a.indicators.push_back(m);
  }

  [[gnu::noinline]] void ip_indicator_rules(const Analysis& out) {
    const IndicatorSet& ind = in_.indicators;
    if (ind.count(IocType::kIp4) + ind.count(IocType::kIp6) + ind.count(IocType::kCidr) == 0)
      return;  // nothing to match: no need to look at every address
    // Each address text that an indicator names, with its parsed address and a port it was
    // seen on, sorted by text then port: one entry per address follows, in the order alerts
    // gather their indicators. Only matches are sorted (a text always parses the same way).
    struct Sighting {
      std::string_view text;
      uint64_t port;
      const std::optional<IpAddress>* ip;
    };
    std::vector<Sighting> seen;
    auto consider = [&](std::string_view text, uint64_t port, const std::optional<IpAddress>& ip) {
      if (ip && (!ind.match_ip(*ip).empty() || !ind.match_cidr(*ip).empty()))
        seen.push_back({text, port, &ip});
    };
    for (size_t i = 0; i < out.destinations.size(); ++i)
      consider(out.destinations[i].ip, out.destinations[i].port, parsed_ips_[i]);
    for (const auto& s : c_.tls) consider(c_.strings.view(s.ip_text), s.port, s.ip);
    std::sort(seen.begin(), seen.end(), [](const Sighting& a, const Sighting& b) {
      return !bytes_equal(a.text, b.text) ? text_less(a.text, b.text) : a.port < b.port;
    });
    std::vector<uint64_t> ports;
    for (size_t first = 0, next; first < seen.size(); first = next) {
      std::string_view text = seen[first].text;
      ports.clear();
      for (next = first; next < seen.size() && bytes_equal(seen[next].text, text); ++next)
        if (ports.empty() || ports.back() != seen[next].port) ports.push_back(seen[next].port);
      ip_rules_for(text, *seen[first].ip, ports);
    }
  }

  [[gnu::noinline]] void ip_rules_for(std::string_view text, const std::optional<IpAddress>& ip,
                                      const std::vector<uint64_t>& ports) {
    auto exact = in_.indicators.match_ip(*ip);
    auto nets = in_.indicators.match_cidr(*ip);
    if (exact.empty() && nets.empty()) return;
    std::string host = names_.display(ip, text);
    if (!exact.empty()) {
      Alert& a = add(RuleId::kIoc01, host);
      indicator_evidence(a, exact);
      a.ips.emplace(text);
      a.ports.insert(ports.begin(), ports.end());
    }
    if (!nets.empty()) {
      Alert& a = add(RuleId::kIoc02, host);
      indicator_evidence(a, nets);
      a.ips.emplace(text);
      a.ports.insert(ports.begin(), ports.end());
    }
  }

  [[gnu::noinline]] void name_indicator_rules() {
    for (const auto& entry : names_.every_name()) name_rules_for(entry);
  }

  [[gnu::noinline]] void name_rules_for(const DestinationNames::NamedAddresses& entry) {
    std::string_view name = entry.name;
    if (name_whitelisted(name)) return;
    auto evidence = [&](Alert& a, const std::vector<const Indicator*>& m) {
      indicator_evidence(a, m);
      for (const auto& ip : entry.ips) a.ips.insert(ip.to_string());
      a.names.emplace(name);
    };
    auto domains = in_.indicators.match_domain(IocType::kDomain, name);
    if (!domains.empty()) {
      bool all_trackers = std::all_of(domains.begin(), domains.end(),
                                      [](const Indicator* i) { return i->tag == "tracker"; });
      evidence(add(RuleId::kIoc03, std::string(name),
                   all_trackers ? rule_spec(RuleId::kIoc03).lower_level
                                : rule_spec(RuleId::kIoc03).level),
               domains);
    }
    auto freedns = in_.indicators.match_domain(IocType::kFreeDns, name);
    std::erase_if(freedns, [&](const Indicator* i) { return i->value == name; });
    if (!freedns.empty()) evidence(add(RuleId::kIoc04, std::string(name)), freedns);
    auto tlds = in_.indicators.match_domain(IocType::kTld, name);
    if (!tlds.empty()) evidence(add(RuleId::kIoc05, std::string(name)), tlds);
    if (!in_.nameservers_supplied) return;
    auto reg = registrable_domain(name);
    if (!reg) return;
    auto answers = in_.nameservers.find(*reg);
    if (answers == in_.nameservers.end()) return;
    for (const auto& ns : answers->second) {
      std::string norm = normalize_domain(ns);
      auto matches = in_.indicators.match_domain(IocType::kNs, norm);
      if (matches.empty()) continue;
      Alert& a = add(RuleId::kIoc06, std::string(name));
      evidence(a, matches);
      a.details["nameserver"].insert(norm);
      a.details["registrable_domain"].insert(*reg);
    }
  }

  void certificate_match(std::string_view sha1, std::string_view sha256, const std::string& host,
                         const std::string& ip, Alert*(&found)) {
    found = nullptr;
    std::vector<const Indicator*> matches;
    if (!sha1.empty())
      if (auto* i = in_.indicators.find_exact(IocType::kSha1Cert, sha1)) matches.push_back(i);
    if (!sha256.empty())
      if (auto* i = in_.indicators.find_exact(IocType::kSha256Cert, sha256)) matches.push_back(i);
    if (matches.empty()) return;
    Alert& a = add(RuleId::kIoc07, host);
    indicator_evidence(a, matches);
    if (!ip.empty()) a.ips.insert(ip);
    if (!sha1.empty()) a.details["sha1"].emplace(sha1);
    if (!sha256.empty()) a.details["sha256"].emplace(sha256);
    found = &a;
  }

  [[gnu::noinline]] void certificate_rules() {
    Alert* found = nullptr;
    for (const auto& f : c_.certificate_files) {
      std::string server(file_hosts(c_, f).sender);
      auto ip = IpAddress::parse(server);
      certificate_match(c_.strings.view(f.sha1), c_.strings.view(f.sha256),
                        names_.display(ip, server), server, found);
      if (found) found->details["fuid"].emplace(c_.strings.view(f.fuid));
    }
    for (const auto& s : c_.tls) {
      std::string ip(c_.strings.view(s.ip_text));
      std::string host = s.server_name ? std::string(c_.strings.view(s.server_name)) : ip;
      for (const auto& fp : server_certificate(c_, s).chain) {
        certificate_match(c_.strings.view(fp.sha1), c_.strings.view(fp.sha256), host, ip, found);
        if (found) found->uids.insert(s.uids.begin(), s.uids.end());
      }
    }
  }

  // ADV-01: distinct kinds of evidence on one host. Port and protocol facts (PROTO-01 to 04,
  // SSL-01) are one kind: three facts about one connection are not three signs. Its level is
  // at most that of the host's strongest alert, so Low findings alone stay Low.
  [[gnu::noinline]] void advice_rule() {
    struct HostEvidence {
      std::set<std::string> ids;
      std::set<int> kinds;
      Level strongest = Level::kLow;
    };
    std::map<std::string, HostEvidence> per_host;
    for (const auto& [key, a] : alerts_.items()) {
      HostEvidence& h = per_host[a.host];
      h.ids.emplace(a.id);
      bool port_fact = a.rule <= RuleId::kProto04 || a.rule == RuleId::kSsl01;
      h.kinds.insert(port_fact ? -1 : int(a.rule));
      h.strongest = std::min(h.strongest, a.level);
    }
    for (const auto& [host, h] : per_host) {
      if (h.kinds.size() < in_.config.max_alerts) continue;
      Level level = std::max(h.strongest, rule_spec(RuleId::kAdv01).level);
      Alert& a = add(RuleId::kAdv01, host, level);
      a.details["alerts"] = h.ids;
    }
  }

  const RuleInputs& in_;
  const Capture& c_;
  DestinationNames names_;
  std::vector<std::optional<IpAddress>> parsed_ips_;  // parallel to Analysis::destinations
  std::vector<IpAddress> phone_;                      // the phone's addresses (mark_inbound)
  // Reused from one host to the next by the behaviour rules.
  std::vector<uint32_t> scratch_sources_;
  std::vector<ConnEvent> scratch_events_, scratch_held_;
  BeaconScratch scratch_beacon_;
  AlertSet alerts_{true};
};

}  // namespace

std::vector<std::string> default_nameserver_queries(const RuleInputs& in) {
  // The registrable domain of every name that is not whitelisted; each name is judged once.
  const Capture& c = in.capture;
  std::unordered_set<StrId> seen;
  std::set<std::string_view> out;  // views into the capture's names
  for_each_name_sighting(c, [&](StrId id, const IpAddress*) {
    if (!seen.insert(id).second) return;
    std::string_view name = c.strings.view(id);
    if (whitelisted_name(in, name)) return;
    if (auto reg = registrable_suffix(name)) out.insert(*reg);
  });
  return {out.begin(), out.end()};
}

Analysis run_default_rules(const RuleInputs& in) { return DefaultRules(in).run(); }

}  // namespace zeekscope
