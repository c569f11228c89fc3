#include "rules/engine.h"

namespace zeekscope {

std::vector<std::string> nameserver_queries(const RuleInputs& in) {
  if (!in.config.iocs || in.indicators.count(IocType::kNs) == 0) return {};
  return in.config.profile == Profile::kDefault ? default_nameserver_queries(in)
                                                : seed_nameserver_queries(in);
}

Analysis run_rules(const RuleInputs& in) {
  return in.config.profile == Profile::kDefault ? run_default_rules(in) : run_seed_rules(in);
}

std::vector<RuleCoverage> base_coverage(const RuleInputs& in) {
  const Capture& c = in.capture;
  const Config& cfg = in.config;
  const IndicatorSet& ind = in.indicators;
  bool seed = cfg.profile == Profile::kTinyCheck2020;
  std::vector<RuleCoverage> out;
  auto add = [&](std::string rule, bool ok, std::string reason) {
    out.push_back({std::move(rule), ok, ok ? std::string() : std::move(reason)});
  };
  auto heuristic = [&](const char* rule, bool inputs, const char* missing) {
    if (!cfg.heuristics) return add(rule, false, "turned off in the configuration (heuristics)");
    add(rule, inputs, missing);
  };
  auto indicator = [&](const char* rule, size_t count, const char* what, bool inputs,
                       const char* missing) {
    if (!cfg.iocs) return add(rule, false, "turned off in the configuration (iocs)");
    if (count == 0) return add(rule, false, std::string("no ") + what + " indicators loaded");
    add(rule, inputs, missing);
  };
  bool conn = c.conn_records > 0;
  const char* no_conn = "no conn.log records";
  for (const char* rule : {"PROTO-01", "PROTO-02", "PROTO-03", "PROTO-04"})
    heuristic(rule, conn, no_conn);
  if (seed)
    heuristic("PROTO-05", conn, no_conn);
  else
    heuristic("PROTO-05", conn && c.dns_records > 0,
              conn ? "no dns.log records: which addresses were looked up is unknown" : no_conn);

  indicator("IOC-01", ind.count(IocType::kIp4) + ind.count(IocType::kIp6), "IP address",
            conn || (!seed && c.ssl_records > 0), no_conn);
  indicator("IOC-02", ind.count(IocType::kCidr), "CIDR", conn || (!seed && c.ssl_records > 0),
            no_conn);
  bool names = seed ? conn : (c.dns_records + c.ssl_records + c.http_records) > 0;
  const char* no_names = seed ? no_conn : "no dns.log, ssl.log or http.log records";
  indicator("IOC-03", ind.count(IocType::kDomain), "domain", names, no_names);
  indicator("IOC-04", ind.count(IocType::kFreeDns), "free-DNS", names, no_names);
  indicator("IOC-05", ind.count(IocType::kTld), "TLD", names, no_names);
  indicator("IOC-06", ind.count(IocType::kNs), "nameserver", names && in.nameservers_supplied,
            !names
                ? no_names
                : "no nameserver answers: nameserver lookups are off (use a resolver to run it)");

  size_t sha1 = ind.count(IocType::kSha1Cert), sha256 = ind.count(IocType::kSha256Cert);
  bool cert_files = false, chain_fps = false, chain_fuids = false;
  for (const auto& f : c.certificate_files)
    if (!seed || in.capture.strings.view(f.mime) == "application/x-x509-ca-cert") cert_files = true;
  for (const auto& s : c.tls) {
    chain_fps |= !s.chain_fps.empty();
    chain_fuids |= !s.chain_fuids.empty() && !c.file_hashes.empty();
  }
  if (seed) {
    indicator("IOC-07", sha1, "SHA-1 certificate", cert_files,
              "no CA certificates in files.log (application/x-x509-ca-cert)");
  } else if (!cert_files && chain_fps && sha256 == 0 && sha1 > 0 && cfg.iocs) {
    add("IOC-07", false,
        "only SHA-1 certificate indicators are loaded and these logs carry SHA-256 fingerprints "
        "(Zeek 4.1+ x509.log) without certificates in files.log");
  } else {
    indicator("IOC-07", sha1 + sha256, "certificate", cert_files || chain_fps || chain_fuids,
              "no certificates in files.log and no certificate chains in ssl.log");
  }

  bool ssl = c.ssl_records > 0;
  const char* no_ssl = "no ssl.log records";
  bool ssl_seed_ok = ssl && conn;
  const char* ssl_seed_missing = ssl ? "no conn.log records (the seed profile checks TLS sessions "
                                       "only for conn.log destinations)"
                                     : no_ssl;
  heuristic("SSL-01", seed ? ssl_seed_ok : ssl, seed ? ssl_seed_missing : no_ssl);
  bool issuers = false;
  for (const auto& s : c.tls) {
    if (s.has_issuer) issuers = true;
    if (seed) continue;
    StrId key = !s.chain_fps.empty()     ? s.chain_fps[0]
                : !s.chain_fuids.empty() ? s.chain_fuids[0]
                                         : 0;
    if (key && c.certificates.count(key)) issuers = true;
  }
  heuristic("SSL-02", (seed ? ssl_seed_ok : ssl) && issuers,
            !ssl              ? no_ssl
            : (seed && !conn) ? ssl_seed_missing
            : seed            ? "ssl.log has no issuer column (Zeek 4.1+ logs)"
                   : "no certificate issuer: ssl.log has no issuer column (Zeek 4.1+) and no "
                     "matching x509.log records");
  heuristic("SSL-03", seed ? ssl_seed_ok : ssl, seed ? ssl_seed_missing : no_ssl);
  add("ADV-01", true, "");
  return out;
}

}  // namespace zeekscope
