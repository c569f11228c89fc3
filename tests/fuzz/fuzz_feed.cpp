// One indicator format per build (ZS_FEED: 0 TinyCheck JSON, 1 Echap CSV, 2 Echap YAML,
// 3 STIX 2, 4 text list whose type the first byte picks), then lookups on what was loaded.
#include "fuzz_support.h"
#include "intel/feeds/feed.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace zeekscope;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  IndicatorSet set;
  set.set_limit(512);  // small, so the limit's path is met too
  IndicatorSource source;
  FeedTarget target{set, source, 0};
  (void)detect_feed_format(bytes);
  try {
#if ZS_FEED == 0
    read_tinycheck_json(bytes, target);
#elif ZS_FEED == 1
    read_echap_csv(bytes, target);
#elif ZS_FEED == 2
    read_echap_yaml(bytes, target);
#elif ZS_FEED == 3
    read_stix2(bytes, target);
#else
    if (bytes.empty()) return 0;
    IocType type = IocType(uint8_t(bytes[0]) % kIocTypeCount);
    bytes.remove_prefix(1);
    read_text_list(bytes, type, "suspect", target);
#endif
  } catch (const FeedError&) {
  }
  (void)set.match_domain(IocType::kDomain, "a.b.example.com");
  (void)set.match_domain(IocType::kNs, "ns1.example.net");
  if (auto ip = IpAddress::parse("203.0.113.7")) {
    (void)set.match_ip(*ip);
    (void)set.match_cidr(*ip);
  }
  if (auto ip = IpAddress::parse("2001:db8::1")) (void)set.match_cidr(*ip);
  return 0;
}
