#include "log_writer/capture_logs.h"

#include "flow/flow_uid.h"

namespace zeekscope::log_writer {

namespace {

void describe_problems(const std::string& file, const packet::ProblemList& problems,
                       std::vector<std::string>& out) {
  for (const auto& p : problems.first)
    out.push_back(file + ": at byte " + std::to_string(p.offset) + ": " + p.reason);
  if (problems.count > problems.first.size())
    out.push_back(file + ": " + std::to_string(problems.count - problems.first.size()) +
                  " more problems");
}

}  // namespace

CaptureLogs::CaptureLogs(CaptureLogsOptions options) : options_(options), logs_(options.format) {}

CaptureLogs::~CaptureLogs() = default;

void CaptureLogs::begin_file(std::string_view name) {
  file_ = std::string(name);
  flow::CapturePipelineOptions options;
  options.flow.ignore_checksums = !options_.verify_checksums;
  options.flow.uid_seed = flow::file_uid_seed(name);
  pipeline_ = std::make_unique<flow::CapturePipeline>(logs_, logs_, options);
}

void CaptureLogs::feed(std::string_view chunk) {
  if (pipeline_) pipeline_->feed(chunk);
}

CaptureFileOutcome CaptureLogs::end_file(std::string_view read_error) {
  CaptureFileOutcome out;
  if (!pipeline_) return out;
  pipeline_->finish();
  auto stats = pipeline_->stats();
  pipeline_.reset();
  if (!read_error.empty()) out.messages.push_back(file_ + ": " + std::string(read_error));
  if (stats.capture.packets == 0 && stats.capture.problems.count > 0) {
    describe_problems(file_, stats.capture.problems, out.messages);
    out.messages.push_back(file_ + ": not read (not a pcap or pcapng capture)");
    return out;
  }
  out.read = true;
  out.packets = stats.capture.packets;
  out.connections = stats.flows.records;
  describe_problems(file_, stats.capture.problems, out.messages);
  describe_problems(file_, stats.decoder.problems, out.messages);
  out.messages.push_back(file_ + ": " + std::to_string(out.packets) + " packets, " +
                         std::to_string(out.connections) + " connections");
  return out;
}

}  // namespace zeekscope::log_writer
