#include "session/session.h"

#include <algorithm>
#include <cstdint>

#include "capture_reader/capture_reader.h"
#include "common/text.h"
#include "log/log_reader.h"
#include "packet/capture_file_reader.h"

namespace zeekscope {
namespace embedded {
extern const std::string_view nonroutable_whitelist;
}

Session::Session(std::string_view config_json, ToolInfo tool)
    : Session(Config::from_json(config_json), std::move(tool)) {}

Session::Session(Config config, ToolInfo tool)
    : config_(std::move(config)), tool_(std::move(tool)) {
  config_.finalize();
  const Limits& limits = config_.limits;
  aggregator_ = std::make_unique<Aggregator>(
      capture_, config_.device_ips,
      CaptureLimits{limits.max_destinations, limits.max_names, limits.max_connection_times,
                    limits.max_times_per_destination});
  feeds_.set_limit(false, std::min<uint64_t>(limits.max_indicators, SIZE_MAX));
  if (config_.profile == Profile::kDefault)  // the seed profile uses only the lists it is given
    add_indicators(embedded::nonroutable_whitelist, "zeekscope built-in: non-routable ranges",
                   "text:cidr/whitelist", SourceRole::kWhitelist, {"", std::string(kOwnLicence)});
  // The built-in ranges do not count toward the limit.
  feeds_.set_limit(
      true, std::min<uint64_t>(limits.max_indicators, SIZE_MAX - 1024) + feeds_.whitelist().size());
}

FeedLoad Session::add_indicators(std::string_view bytes, std::string_view source_name,
                                 std::string_view format, SourceRole role,
                                 const SourceDetails& details) {
  if (logs_closed_) throw SessionError("indicators must be added before the analysis finishes");
  return feeds_.load(bytes, source_name, format, role, details);
}

void Session::begin_file(std::string name) {
  if (logs_closed_) throw SessionError("log files must be added before the analysis finishes");
  if (reader_ || file_begun_ || skipping_file_) end_file();
  if (memory_exhausted_) {
    InputStats s;
    s.name = std::move(name);
    s.not_a_log = true;
    s.skip_over_limit(0, "max_memory_mib", "not read: " + memory_reason());
    inputs_.push_back(std::move(s));
    skipping_file_ = true;
    return;
  }
  file_begun_ = std::move(name);
  first_bytes_.clear();
}

namespace {
size_t to_size(uint64_t v) { return v > SIZE_MAX ? SIZE_MAX : size_t(v); }  // wasm32

ReaderLimits reader_limits(const Config& config) {
  return {to_size(config.limits.max_line_bytes), to_size(config.limits.max_fields)};
}

flow::CapturePipelineOptions capture_options(const Config& config) {
  const Limits& limits = config.limits;
  flow::CapturePipelineOptions o;
  o.capture.max_unit_bytes = to_size(limits.max_capture_packet_bytes);
  o.flow.ignore_checksums = !config.verify_checksums;
  o.flow_limits.max_connections = to_size(limits.max_flows);
  o.reassembly.max_bytes_held = to_size(limits.max_fragment_bytes);
  o.protocol_limits.max_buffered_total = to_size(limits.max_stream_bytes);
  return o;
}
}  // namespace

void Session::start_reader(std::string_view first_bytes) {
  std::string name = std::move(*file_begun_);
  file_begun_.reset();
  if (packet::looks_like_capture(first_bytes)) {
    reader_ =
        std::make_unique<CaptureReader>(std::move(name), *aggregator_, capture_options(config_));
    return;
  }
  reader_ = std::make_unique<LogReader>(std::move(name), *aggregator_, reader_limits(config_));
}

void Session::begin_file_part(std::string name, std::string_view header) {
  begin_file(std::move(name));
  if (skipping_file_) return;  // the memory limit was reached: recorded as not read
  auto reader =
      std::make_unique<LogReader>(std::move(*file_begun_), *aggregator_, reader_limits(config_));
  file_begun_.reset();
  reader->start_part(header);
  reader_ = std::move(reader);
}

bool Session::file_parts_can_follow() const {
  const auto* log = dynamic_cast<const LogReader*>(reader_.get());
  return log && log->parts_can_follow();
}

Session::PartsInfo Session::file_parts_info() const {
  PartsInfo info;
  info.can_follow = file_parts_can_follow();
  for (const Destination& d : capture_.destinations) {
    if (!d.time.set) continue;
    if (!info.first_time || d.time.first < *info.first_time) info.first_time = d.time.first;
    if (!info.last_time || d.time.last > *info.last_time) info.last_time = d.time.last;
  }
  info.destinations = capture_.destinations.size();
  info.names = capture_.strings.size();
  info.originators = capture_.originators.size();
  info.memory_bytes = memory_probe_ ? memory_probe_() : 0;
  info.max_destinations = config_.limits.max_destinations;
  info.max_names = config_.limits.max_names;
  info.max_originators = Capture::kMaxOriginators;
  info.max_memory_bytes = config_.limits.max_memory_mib << 20;
  // A kept time is a whole number of milliseconds from its destination's first (ConnTime).
  info.max_time_span = double(INT32_MAX) / 1000 - 1;
  return info;
}

void Session::feed_reader(std::string_view chunk) {
  constexpr size_t kMagicBytes = 4;  // enough for every capture format's magic
  if (file_begun_) {
    if (first_bytes_.size() + chunk.size() < kMagicBytes) {
      first_bytes_.append(chunk);
      return;
    }
    std::string held = std::move(first_bytes_);
    first_bytes_.clear();
    start_reader(held + std::string(chunk.substr(0, kMagicBytes - held.size())));
    if (!held.empty()) reader_->feed(held);
  }
  reader_->feed(chunk);
}

std::string Session::memory_reason() const {
  return "the engine's memory reached the limit of " +
         std::to_string(config_.limits.max_memory_mib) + " MiB (max_memory_mib)";
}

void Session::out_of_memory() {
  // Containers keep what they held when an allocation fails, so the capture stays usable;
  // the file being read stops here and no later file is read.
  memory_exhausted_ = true;
  if (!reader_) return;
  reader_->finish();
  InputStats s = reader_->stats();
  reader_.reset();
  s.skip_over_limit(s.lines, "max_memory_mib",
                    memory_reason() + " here: the rest of the file was not read");
  inputs_.push_back(std::move(s));
  skipping_file_ = true;
}

namespace {
double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}
}  // namespace

void Session::feed(std::string_view chunk) {
  if (skipping_file_) {
    inputs_.back().bytes += chunk.size();
    return;
  }
  if (!reader_ && !file_begun_) throw SessionError("feed() called with no file begun");
  auto start = std::chrono::steady_clock::now();
  try {
    feed_reader(chunk);
  } catch (const std::bad_alloc&) {
    out_of_memory();
  }
  // The probe may cost a system call: it is asked once per few MiB of input.
  fed_since_probe_ += chunk.size();
  if (memory_probe_ && fed_since_probe_ >= (4u << 20)) {
    fed_since_probe_ = 0;
    if (memory_probe_() > (config_.limits.max_memory_mib << 20)) out_of_memory();
  }
  timings_.logs += seconds_since(start);
}

void Session::end_file() {
  skipping_file_ = false;
  if (file_begun_) {  // fewer bytes than a capture's magic: read as a log
    std::string held = std::move(first_bytes_);
    first_bytes_.clear();
    start_reader(held);
    if (!held.empty()) reader_->feed(held);
  }
  if (!reader_) return;
  reader_->finish();
  inputs_.push_back(reader_->stats());
  reader_.reset();
}

void Session::file_error(std::string name, std::string reason, std::string_view limit) {
  end_file();
  // A file already read in part keeps its counts; the reason is added to it.
  InputStats* s = nullptr;
  for (auto it = inputs_.rbegin(); it != inputs_.rend() && !s; ++it)
    if (it->name == name) s = &*it;
  if (!s) {
    s = &inputs_.emplace_back();
    s->name = std::move(name);
    s->not_a_log = true;
  }
  s->skipped.insert(s->skipped.begin(), {0, std::move(reason)});
  if (!limit.empty()) ++s->limits[std::string(limit)];
}

std::string Session::export_state() {
  if (logs_closed_) throw SessionError("the state must be exported before the analysis finishes");
  end_file();
  return encode_engine_state(inputs_, *aggregator_);
}

void Session::merge_state(std::string_view state) {
  if (logs_closed_) throw SessionError("states must be merged before the analysis finishes");
  end_file();
  size_t first_new = inputs_.size();
  try {
    decode_engine_state(state, inputs_, *aggregator_);
  } catch (const StateError& e) {
    throw SessionError(e.what());
  }
  // A part of a file joins the file's statistics (begin_file_part).
  for (size_t i = first_new; i < inputs_.size();) {
    if (!inputs_[i].continues) {
      ++i;
    } else if (i == 0 || inputs_[i - 1].name != inputs_[i].name || inputs_[i - 1].continues) {
      throw SessionError("a part of " + inputs_[i].name + " does not follow its file's start");
    } else {
      inputs_[i - 1].append_part(inputs_[i]);
      inputs_.erase(inputs_.begin() + i);
    }
  }
}

void Session::close_logs() {
  if (logs_closed_) return;
  end_file();
  logs_closed_ = true;
  ns_queries_ = zeekscope::nameserver_queries(rule_inputs());
}

std::vector<std::string> Session::nameserver_queries() {
  close_logs();
  return ns_queries_;
}

void Session::set_nameservers(std::string domain, std::vector<std::string> nameservers) {
  nameservers_supplied_ = true;
  nameservers_[normalize_domain(domain)] = std::move(nameservers);
}

void Session::nameserver_failure(std::string domain, std::string reason) {
  nameservers_supplied_ = true;
  nameserver_failures_[normalize_domain(domain)] = std::move(reason);
}

RuleInputs Session::rule_inputs() const {
  RuleInputs in{capture_,
                config_,
                feeds_.indicators(),
                feeds_.whitelist(),
                feeds_.source_names(),
                nameservers_,
                nameservers_supplied_};
  for (const auto& s : inputs_) {  // the time the capture's DNS records cover
    if (s.log_type == "dns") {
      in.dns_span.add(s.first_ts);
      in.dns_span.add(s.last_ts);
    }
    in.dns_span.add(s.dns_first_ts);
    in.dns_span.add(s.dns_last_ts);
  }
  return in;
}

std::string Session::finish_json(TextSink sink) {
  if (finished_) throw SessionError("the analysis has already finished");
  close_logs();
  finished_ = true;
  auto start = std::chrono::steady_clock::now();
  Analysis analysis = run_rules(rule_inputs());
  timings_.rules = seconds_since(start);
  start = std::chrono::steady_clock::now();
  size_t answered = 0, failed = 0;
  for (const auto& d : ns_queries_) {
    answered += nameservers_.count(d);
    failed += nameserver_failures_.count(d);
  }
  ReportInputs in{tool_,
                  config_,
                  inputs_,
                  feeds_.sources(),
                  capture_,
                  analysis,
                  ns_queries_.size(),
                  answered,
                  failed,
                  limit_hits(),
                  feeds_.real_indicators()};
  std::string report = build_report(in, std::move(sink));
  timings_.report = seconds_since(start);
  return report;
}

std::map<std::string, uint64_t> Session::limit_hits() const {
  std::map<std::string, uint64_t> hits = capture_.merge_limit_hits;
  if (capture_.times_over_destination_limit)
    hits["max_times_per_destination"] += capture_.times_over_destination_limit;
  if (capture_.times_over_capture_limit)
    hits["max_connection_times"] += capture_.times_over_capture_limit;
  if (capture_.times_out_of_span) hits["connection_time_span"] += capture_.times_out_of_span;
  for (const auto& s : inputs_)
    for (const auto& [limit, n] : s.limits) hits[limit] += n;
  for (const auto& s : feeds_.sources())
    if (s.over_limit) hits["max_indicators"] += s.over_limit;
  return hits;
}

nlohmann::ordered_json Session::finish() { return nlohmann::ordered_json::parse(finish_json()); }

}  // namespace zeekscope
