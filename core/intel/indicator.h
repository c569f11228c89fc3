#pragma once
// Indicators of compromise and whitelist entries, by type, with the source they came from.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zeekscope {

enum class IocType : uint8_t {
  kIp4,
  kIp6,
  kCidr,
  kDomain,
  kFreeDns,
  kNs,
  kTld,
  kSha1Cert,
  kSha256Cert,
  kCount
};
constexpr size_t kIocTypeCount = size_t(IocType::kCount);

std::string_view ioc_type_name(IocType type);
// Accepts the TinyCheck names (ip4addr, ip6addr, cidr, domain, freedns, ns, tld, sha1cert,
// sha256cert) and the spellings other feeds use (ipv4, ipv6, ip).
std::optional<IocType> ioc_type_from_name(std::string_view name);

struct IndicatorEvidence {
  uint32_t source = 0;
  std::string tag;
  std::string app;
};

struct Indicator {
  IocType type = IocType::kDomain;
  std::string value;  // normalised: lower-case domains and hashes, canonical IPs and CIDRs
  std::string raw;    // as the feed wrote it, trimmed and lower-cased (the seed profile uses it)
  std::string tag;    // stalkerware, tracker, spyware, pegasus, ...
  std::string app;    // app or malware name, may be empty
  uint32_t source = 0;
  std::vector<IndicatorEvidence> also;  // later sources that listed the same value
  bool deleted = false;
};

struct SkippedItem {
  std::string where;  // "line 12", "object indicator--…", "iocs[3]"
  std::string reason;
};

// What a source is for: indicators to find, a whitelist, or zeekscope's demo indicators (found
// like indicators, but a check made with demo sets alone is not a check against real lists).
enum class SourceRole : uint8_t { kIndicators, kWhitelist, kDemo };
std::string_view source_role_name(SourceRole role);  // "indicators", "whitelist", "demo"
std::optional<SourceRole> source_role_from_name(std::string_view name);

// One loaded file or built-in set, as the report lists it.
// The licence of zeekscope's own built-in sets.
inline constexpr std::string_view kOwnLicence = "MIT, zeekscope";

// What a host knows of where a source came from, for the report: the date it was fetched or
// published (ISO 8601, "" when unknown) and its licence ("" when unknown).
struct SourceDetails {
  std::string date;
  std::string licence;
};

struct IndicatorSource {
  static constexpr size_t kMaxReasons = 10;
  std::string name;
  SourceDetails details;
  std::string format;
  std::string role;  // source_role_name()
  uint64_t counts[kIocTypeCount] = {};
  uint64_t duplicates = 0;
  uint64_t deleted = 0;
  uint64_t skipped = 0;
  uint64_t over_limit = 0;  // of `skipped`: values refused by max_indicators
  std::vector<SkippedItem> first_skipped;

  void skip(std::string where, std::string reason) {
    ++skipped;
    if (first_skipped.size() < kMaxReasons)
      first_skipped.push_back({std::move(where), std::move(reason)});
  }
};

}  // namespace zeekscope
