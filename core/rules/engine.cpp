#include "rules/engine.h"

#include "capture/certificates.h"

namespace zeekscope {
namespace {

CoverageFacts coverage_facts(const RuleInputs& in) {
  const Capture& c = in.capture;
  CoverageFacts f{in.config};
  f.seed = in.config.profile == Profile::kTinyCheck2020;
  f.conn = c.conn_records;
  f.dns = c.dns_records;
  f.ssl = c.ssl_records;
  f.http = c.http_records;
  for (size_t t = 0; t < kIocTypeCount; ++t) f.indicators[t] = in.indicators.count(IocType(t));
  f.nameservers_supplied = in.nameservers_supplied;
  f.certificate_files = !c.certificate_files.empty();
  for (const auto& file : c.certificate_files)
    if (c.strings.view(file.mime) == "application/x-x509-ca-cert") f.ca_certificate_files = true;
  for (const auto& s : c.tls) {
    f.ssl_issuer_column |= s.has_issuer;
    ServerCertificate cert = server_certificate(c, s);
    f.leaf_names |= cert.names_known;
    f.chain_fingerprints |= !cert.chain.empty();
    for (const auto& fp : cert.chain) f.chain_sha1 |= fp.sha1 != 0;
  }
  return f;
}

}  // namespace

std::vector<IpAddress> phone_addresses(const Capture& capture, const Config& config) {
  if (!config.device_ips.empty()) return config.device_ips;
  const std::string* top = nullptr;
  uint64_t most = 0;
  for (const auto& [orig, n] : capture.originators)
    if (n > most) most = n, top = &orig;
  if (!top) return {};
  auto ip = IpAddress::parse(*top);
  return ip ? std::vector<IpAddress>{*ip} : std::vector<IpAddress>{};
}

std::vector<std::string> nameserver_queries(const RuleInputs& in) {
  if (!in.config.iocs || in.indicators.count(IocType::kNs) == 0) return {};
  return in.config.profile == Profile::kDefault ? default_nameserver_queries(in)
                                                : seed_nameserver_queries(in);
}

Analysis run_rules(const RuleInputs& in) {
  return in.config.profile == Profile::kDefault ? run_default_rules(in) : run_seed_rules(in);
}

void finish_analysis(Analysis& out, AlertSet& alerts, const RuleInputs& in) {
  out.alerts = alerts.take_sorted();
  WordingContext wording{in.config, in.source_names};
  for (auto& a : out.alerts) rule_spec(a.rule).describe(a, wording);
  CoverageFacts facts = coverage_facts(in);
  for (const RuleSpec& spec : rule_table()) {
    std::string reason = rule_missing_inputs(spec, facts);
    bool evaluated = reason.empty();
    out.coverage.push_back({spec.rule, spec.id, evaluated, std::move(reason)});
  }
}

}  // namespace zeekscope
