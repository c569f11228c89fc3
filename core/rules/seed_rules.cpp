// The tinycheck-2020 profile: the seed engine's behaviour, defects included (RULES.md section 5,
// "seed" column), so that its users get the same alerts and the engine can be checked against it.
#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "common/text.h"
#include "rules/engine.h"

namespace zeekscope {
namespace {

class SeedRules {
 public:
  explicit SeedRules(const RuleInputs& in) : in_(in), c_(in.capture) {
    // resolve(ip): the query of the first A/AAAA record (file order, deduplicated) whose answers
    // contain the IP as text.
    for (const auto& r : c_.seed_dns)
      for (auto a : r.answers) first_query_.try_emplace(a, r.query);
    collect_conns();
  }

  Analysis run() {
    Analysis out;
    for (const auto& c : conns_) out.destinations.push_back(view(c));
    if (in_.config.heuristics) proto_rules();
    if (in_.config.iocs) ioc_rules();
    if (in_.config.heuristics) ssl_rules();
    if (in_.config.iocs) files_rules();
    advice_rule();
    finish_analysis(out, alerts_, in_);
    return out;
  }

  // IOC-06 in the seed asks for the NS of each destination's full resolution name.
  std::vector<std::string> nameserver_names() const {
    std::set<std::string> out;
    for (const auto& c : conns_)
      if (!c.removed && !IpAddress::parse(c.resolution)) out.insert(c.resolution);
    return {out.begin(), out.end()};
  }

 private:
  struct Conn {
    const Destination* d;
    std::string ip, proto, service, resolution;
    bool removed = false;  // whitelisted
  };

  std::string resolve(std::string_view ip_text) const {
    auto id = c_.strings.find(ip_text);
    auto it = id ? first_query_.find(*id) : first_query_.end();
    return it == first_query_.end() ? std::string(ip_text)
                                    : std::string(c_.strings.view(it->second));
  }

  void collect_conns() {
    std::vector<std::string> wl_hosts;
    for (auto t : {IocType::kIp4, IocType::kIp6})
      for (auto* i : in_.whitelist.of_type(t)) wl_hosts.push_back(i->raw);
    auto wl_domains = in_.whitelist.of_type(IocType::kDomain);
    std::vector<IpNetwork> wl_cidrs;
    for (auto* i : in_.whitelist.of_type(IocType::kCidr))
      wl_cidrs.push_back(*IpNetwork::parse(i->value));
    for (const auto& d : c_.destinations) {
      Conn c{&d,
             std::string(c_.strings.view(d.ip_text)),
             std::string(c_.strings.view(d.proto)),
             std::string(c_.strings.view(d.service)),
             "",
             false};
      c.resolution = resolve(c.ip);
      if (in_.config.whitelist) {
        bool by_host = std::find(wl_hosts.begin(), wl_hosts.end(), c.ip) != wl_hosts.end();
        bool by_domain = std::any_of(wl_domains.begin(), wl_domains.end(), [&](const Indicator* w) {
          return c.resolution == w->raw || c.resolution.ends_with("." + w->raw);
        });
        bool by_cidr = d.ip && std::any_of(wl_cidrs.begin(), wl_cidrs.end(),
                                           [&](const IpNetwork& n) { return n.contains(*d.ip); });
        c.removed = by_host || by_domain || by_cidr;
      }
      conns_.push_back(std::move(c));
    }
    for (const auto& c : conns_)
      if (!c.removed) resolutions_.insert(c.resolution);
  }

  DestinationView view(const Conn& c) const {
    DestinationView v;
    v.ip = c.ip;
    v.proto = c.proto;
    v.port = c.d->port;
    if (!c.service.empty()) v.services.push_back(c.service);
    v.host = c.resolution;
    if (c.resolution != c.ip) v.names.push_back(c.resolution);
    v.whitelisted = c.removed;
    v.connections = c.d->connections;
    v.orig_bytes = c.d->orig_bytes;
    v.resp_bytes = c.d->resp_bytes;
    v.time = c.d->time;
    v.uids.assign(c.d->uids.begin(), c.d->uids.end());
    v.sources.push_back(uint32_t(c.d - c_.destinations.data()));
    return v;
  }

  // An alert of `rule` at its seed level (or `level` where the rule may lower it).
  Alert& add(RuleId rule, const std::string& host, std::string variant, const Conn* c,
             std::optional<Level> level = std::nullopt) {
    const RuleSpec& spec = rule_spec(rule);
    Alert a;
    a.rule = rule;
    a.id = spec.id;
    a.level = level.value_or(spec.seed_level);
    a.host = host;
    a.variant = std::move(variant);
    if (c) {
      a.ips.insert(c->ip);
      a.ports.insert(c->d->port);
      a.uids.insert(c->d->uids.begin(), c->d->uids.end());
      if (c->resolution != c->ip) a.names.insert(c->resolution);
    }
    return alerts_.add(std::move(a));
  }

  void proto_rules() {
    const auto& cfg = in_.config;
    for (const auto& c : conns_) {
      if (c.removed) continue;
      uint64_t port = c.d->port;
      const std::string& host = c.resolution;
      // The seed compared the proto with upper-case names Zeek never writes.
      if (c.proto == "UDP" || c.proto == "ICMP") add(RuleId::kProto01, host, c.proto, &c);
      if (port >= cfg.max_ports)
        add(RuleId::kProto02, host, to_upper_ascii(c.proto) + "/" + std::to_string(port), &c);
      if (c.service == "http" && port == cfg.http_default_port) add(RuleId::kProto03, host, "", &c);
      if (c.service == "http" && port != cfg.http_default_port)
        add(RuleId::kProto04, host, std::to_string(port), &c);
      if (c.service == c.resolution) add(RuleId::kProto05, c.ip, "", &c);
    }
  }

  static std::string to_upper_ascii(std::string s) {
    for (auto& ch : s)
      if (ch >= 'a' && ch <= 'z') ch = char(ch - 'a' + 'A');
    return s;
  }

  void ioc_rules() {
    std::vector<const Indicator*> hosts = in_.indicators.of_type(IocType::kIp4);
    for (auto* i : in_.indicators.of_type(IocType::kIp6)) hosts.push_back(i);
    auto cidrs = in_.indicators.of_type(IocType::kCidr);
    auto domains = in_.indicators.of_type(IocType::kDomain);
    auto freedns = in_.indicators.of_type(IocType::kFreeDns);
    auto tlds = in_.indicators.of_type(IocType::kTld);
    auto ns = in_.indicators.of_type(IocType::kNs);
    for (const auto& c : conns_) {
      if (c.removed) continue;
      const std::string& host = c.resolution;
      for (auto* h : hosts) {
        if (c.ip == h->raw) {
          add(RuleId::kIoc01, host, c.ip + " " + h->tag, &c).indicators.push_back(h);
          break;
        }
      }
      for (auto* n : cidrs) {
        auto net = IpNetwork::parse(n->value);
        if (!net->base.is_v4() || !c.d->ip || !c.d->ip->is_v4()) continue;  // IPv4 only
        if (net->contains(*c.d->ip))
          add(RuleId::kIoc02, host, n->raw + " " + n->tag, &c).indicators.push_back(n);
      }
      for (auto* d : domains) {
        if (!host.ends_with(d->raw)) continue;  // no label boundary
        const RuleSpec& spec = rule_spec(RuleId::kIoc03);
        Level level = d->tag == "tracker" ? spec.lower_level : spec.seed_level;
        add(RuleId::kIoc03, host, d->tag, &c, level).indicators.push_back(d);
      }
      for (auto* d : freedns)
        if (host.ends_with("." + d->raw)) add(RuleId::kIoc04, host, "", &c).indicators.push_back(d);
      for (auto* t : tlds)
        if (host.ends_with(t->raw)) add(RuleId::kIoc05, host, t->raw, &c).indicators.push_back(t);
      if (!in_.nameservers_supplied || ns.empty()) continue;
      auto answers = in_.nameservers.find(host);
      if (answers == in_.nameservers.end() || answers->second.empty()) continue;
      std::string first = answers->second[0];  // the seed looked at the first NS only
      if (!first.ends_with(".")) first += ".";
      for (auto* n : ns) {
        if (!first.ends_with("." + n->raw + ".")) continue;
        Alert& a = add(RuleId::kIoc06, host, first, &c);
        a.indicators.push_back(n);
        a.details["nameserver"].insert(first);
      }
    }
  }

  void ssl_rules() {
    const auto& cfg = in_.config;
    std::set<std::tuple<StrId, uint64_t, StrId, StrId>> seen;
    for (const auto& s : c_.tls) {
      if (!seen.insert({s.ip_text, s.port, s.issuer, s.validation_status}).second) continue;
      std::string ip(c_.strings.view(s.ip_text));
      std::string host = resolve(ip);
      if (!resolutions_.count(host)) continue;  // the seed's "not whitelisted" test
      auto evidence = [&](Alert& a) {
        a.ips.insert(ip);
        a.ports.insert(s.port);
        a.uids.insert(s.uids.begin(), s.uids.end());
      };
      if (std::find(cfg.ssl_default_ports.begin(), cfg.ssl_default_ports.end(), s.port) ==
          cfg.ssl_default_ports.end())
        evidence(add(RuleId::kSsl01, host, std::to_string(s.port), nullptr));
      std::string issuer(c_.strings.view(s.issuer));
      if (std::find(cfg.free_issuers.begin(), cfg.free_issuers.end(), issuer) !=
          cfg.free_issuers.end()) {
        Alert& a = add(RuleId::kSsl02, host, "", nullptr);
        evidence(a);
        a.details["issuer"].insert(issuer);
      }
      std::string_view status = c_.strings.view(s.validation_status);
      if (status == "self signed certificate in certificate chain") {
        Alert& a = add(RuleId::kSsl03, host, "", nullptr);
        evidence(a);
        a.details["validation_status"].emplace(status);
      }
    }
  }

  void files_rules() {
    auto certs = in_.indicators.of_type(IocType::kSha1Cert);
    for (const auto& f : c_.certificate_files) {
      if (c_.strings.view(f.mime) != "application/x-x509-ca-cert") continue;
      std::string_view sha1 = c_.strings.view(f.sha1);
      for (auto* cert : certs) {
        if (sha1 != cert->raw) continue;
        // The seed named the phone (rx_hosts), not the server.
        std::string host = resolve(c_.strings.view(f.rx_hosts));
        Alert& a = add(RuleId::kIoc07, host, std::string(sha1) + " " + cert->tag, nullptr);
        a.indicators.push_back(cert);
        a.details["sha1"].emplace(sha1);
        a.ips.emplace(c_.strings.view(f.rx_hosts));
      }
    }
  }

  void advice_rule() {
    std::map<std::string, size_t> per_host;
    for (const auto& [key, a] : alerts_.items()) ++per_host[a.host];
    for (const auto& [host, n] : per_host) {
      if (n < in_.config.max_alerts) continue;
      Alert& a = add(RuleId::kAdv01, host, "", nullptr);
      a.details["alert_count"].insert(std::to_string(n));
    }
  }

  const RuleInputs& in_;
  const Capture& c_;
  std::unordered_map<StrId, StrId> first_query_;
  std::vector<Conn> conns_;
  std::set<std::string> resolutions_;
  AlertSet alerts_{false};
};

}  // namespace

std::vector<std::string> seed_nameserver_queries(const RuleInputs& in) {
  return SeedRules(in).nameserver_names();
}

Analysis run_seed_rules(const RuleInputs& in) { return SeedRules(in).run(); }

}  // namespace zeekscope
