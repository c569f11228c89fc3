#include "intel/feed_loader.h"

#include "common/text.h"
#include "intel/feeds/feed.h"

namespace zeekscope {
namespace {

// How one file is to be read.
struct ReadPlan {
  FeedFormat format = FeedFormat::kText;
  IocType type = IocType::kDomain;  // of a plain list
  std::string tag;                  // of a plain list
  std::string spec;                 // the plan in the form a format string takes
};

constexpr std::string_view kKnownFormats = "TinyCheck JSON, Echap CSV or YAML, STIX 2";

bool looks_like_json(std::string_view bytes) {
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
  std::string_view head = trim(bytes.substr(0, 4096));
  return head.starts_with("{") || head.starts_with("[");
}

ReadPlan plan_for(std::string_view bytes, std::string_view format, bool whitelist) {
  ReadPlan plan;
  plan.tag = whitelist ? "whitelist" : "suspect";
  if (format.starts_with("text:")) {
    std::string_view spec = format.substr(5);
    auto slash = spec.find('/');
    auto type = ioc_type_from_name(spec.substr(0, slash));
    if (!type)
      throw FeedError("unknown indicator type \"" + std::string(spec.substr(0, slash)) + "\"");
    plan.type = *type;
    plan.spec = "text:" + std::string(ioc_type_name(*type));
    if (slash != std::string_view::npos) {
      plan.tag = to_lower(spec.substr(slash + 1));
      plan.spec += "/" + plan.tag;
    }
    return plan;
  }
  if (format.empty() || format == kAutoOrDomains) {
    if (auto detected = detect_feed_format(bytes)) {
      plan.format = *detected;
    } else if (format.empty()) {
      throw FeedError("not a known indicator format (" + std::string(kKnownFormats) +
                      "); for a plain list give its type, e.g. domain:FILE");
    } else if (looks_like_json(bytes)) {
      throw FeedError("not a known indicator format (" + std::string(kKnownFormats) +
                      "), and JSON is not read as a list of domains");
    } else {
      plan.spec = "text:domain";
      return plan;
    }
  } else {
    auto named = feed_format_from_name(format);
    if (!named || *named == FeedFormat::kText)
      throw FeedError("unknown feed format \"" + std::string(format) + "\"");
    plan.format = *named;
  }
  plan.spec = std::string(feed_format_name(plan.format));
  return plan;
}

void read(std::string_view bytes, const ReadPlan& plan, FeedTarget target) {
  switch (plan.format) {
    case FeedFormat::kTinyCheckJson:
    case FeedFormat::kTinyCheckWhitelistJson:
      return read_tinycheck_json(bytes, target);
    case FeedFormat::kEchapCsv:
      return read_echap_csv(bytes, target);
    case FeedFormat::kEchapYaml:
      return read_echap_yaml(bytes, target);
    case FeedFormat::kStix2:
      return read_stix2(bytes, target);
    case FeedFormat::kText:
      return read_text_list(bytes, plan.type, plan.tag, target);
  }
}

}  // namespace

FeedLoad FeedLoader::load(std::string_view bytes, std::string_view source_name,
                          std::string_view format, SourceRole role, const SourceDetails& details) {
  bool whitelist = role == SourceRole::kWhitelist;
  uint32_t id = uint32_t(sources_.size());
  IndicatorSource source;
  source.name = std::string(source_name);
  source.details = details;
  source.role = source_role_name(role);
  FeedLoad result;
  auto fail = [&](std::string_view reason) {
    result.error = std::string(source_name) + ": " + std::string(reason);
    source.skip("file", std::string(reason));
  };
  try {
    ReadPlan plan = plan_for(bytes, format, whitelist);
    result.format = plan.spec;
    source.format = std::string(feed_format_name(plan.format));
    read(bytes, plan, FeedTarget{whitelist ? whitelist_ : indicators_, source, id});
  } catch (const std::bad_alloc&) {
    fail("out of memory while loading it");
  } catch (const std::exception& e) {  // FeedError, and whatever a reader's parser throws
    fail(e.what());
  }
  for (uint64_t n : source.counts) result.loaded += n;
  if (role == SourceRole::kIndicators && result.loaded > 0) real_indicators_ = true;
  result.skipped = source.skipped;
  sources_.push_back(std::move(source));
  source_names_.emplace_back(source_name);
  return result;
}

}  // namespace zeekscope
