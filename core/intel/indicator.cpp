#include "intel/indicator.h"

#include "common/text.h"

namespace zeekscope {

std::string_view ioc_type_name(IocType type) {
  switch (type) {
    case IocType::kIp4:
      return "ip4addr";
    case IocType::kIp6:
      return "ip6addr";
    case IocType::kCidr:
      return "cidr";
    case IocType::kDomain:
      return "domain";
    case IocType::kFreeDns:
      return "freedns";
    case IocType::kNs:
      return "ns";
    case IocType::kTld:
      return "tld";
    case IocType::kSha1Cert:
      return "sha1cert";
    case IocType::kSha256Cert:
      return "sha256cert";
    case IocType::kCount:
      break;
  }
  return "unknown";
}

std::optional<IocType> ioc_type_from_name(std::string_view name) {
  std::string n = to_lower(trim(name));
  for (size_t i = 0; i < kIocTypeCount; ++i)
    if (n == ioc_type_name(IocType(i))) return IocType(i);
  if (n == "ipv4" || n == "ip4" || n == "ipv4-addr") return IocType::kIp4;
  if (n == "ipv6" || n == "ip6" || n == "ipv6-addr") return IocType::kIp6;
  if (n == "domain-name" || n == "hostname") return IocType::kDomain;
  return std::nullopt;
}

std::string_view source_role_name(SourceRole role) {
  switch (role) {
    case SourceRole::kIndicators:
      return "indicators";
    case SourceRole::kWhitelist:
      return "whitelist";
    case SourceRole::kDemo:
      return "demo";
  }
  return "indicators";
}

std::optional<SourceRole> source_role_from_name(std::string_view name) {
  for (auto r : {SourceRole::kIndicators, SourceRole::kWhitelist, SourceRole::kDemo})
    if (source_role_name(r) == name) return r;
  return std::nullopt;
}

}  // namespace zeekscope
