// Every indicator format: the first byte picks the reader.
#include "intel/feeds/feed.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  using namespace zeekscope;
  std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  IndicatorSet set;
  IndicatorSource source;
  FeedTarget target{set, source, 0};
  try {
    switch (data[0] % 6) {
      case 0: read_tinycheck_json(bytes, target); break;
      case 1: read_echap_csv(bytes, target); break;
      case 2: read_echap_yaml(bytes, target); break;
      case 3: read_stix2(bytes, target); break;
      case 4: read_text_list(bytes, IocType(data[0] / 6 % kIocTypeCount), "suspect", target); break;
      case 5: (void)detect_feed_format(bytes); break;
    }
  } catch (const FeedError&) {
  }
  // Lookups on whatever was loaded must hold up too.
  (void)set.match_domain(IocType::kDomain, "a.b.example.com");
  if (auto ip = IpAddress::parse("203.0.113.7")) {
    (void)set.match_ip(*ip);
    (void)set.match_cidr(*ip);
  }
  return 0;
}
