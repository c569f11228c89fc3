#include "logs_command.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "file_source.h"
#include "flow/capture_pipeline.h"
#include "flow/flow_uid.h"
#include "log_writer/conn_log_row.h"
#include "log_writer/protocol_log_rows.h"
#include "log_writer/zeek_log_writer.h"
#include "packet/capture_file_reader.h"

namespace fs = std::filesystem;

namespace zeekscope::cli {

namespace {

using log_writer::LogFormat;
using log_writer::LogSchema;
using log_writer::ZeekLogWriter;

constexpr int kExitUsage = 2;

const char* kLogsUsage =
    "usage: zeekscope logs CAPTURE... --out DIR [--format tsv|json] [--ignore-checksums]\n"
    "  CAPTURE             a packet capture (pcap, pcapng, .gz) or a folder (searched)\n"
    "  --out DIR           where conn.log, dns.log, ssl.log and http.log are written\n"
    "  --format FORMAT     tsv (Zeek's default, with its header) | json (one object a line)\n"
    "  --ignore-checksums  read packets whose checksums fail (captures made on a host with\n"
    "                      checksum offloading), as Zeek's -C\n";

// One log: its writer exists from the first row on (so #open is the first record's time and a
// log without rows is never written).
struct LogFile {
  explicit LogFile(const LogSchema& s) : schema(&s) {}
  const LogSchema* schema;
  std::string text;
  std::optional<ZeekLogWriter> writer;
  double last_time = 0;
  ZeekLogWriter& at(LogFormat format, double time) {
    if (!writer) writer.emplace(*schema, format, text, time);
    last_time = std::max(last_time, time);
    return *writer;
  }
};

struct Logs : flow::ConnRecordSink, flow::ProtocolRecordSink {
  LogFormat format;
  LogFile conn{log_writer::conn_log_schema()}, dns{log_writer::dns_log_schema()},
      ssl{log_writer::ssl_log_schema()}, http{log_writer::http_log_schema()};
  explicit Logs(LogFormat f) : format(f) {}
  static double seconds(int64_t us) { return double(us) / 1e6; }
  void on_conn(const flow::ConnRecord& r) override {
    log_writer::write_conn_row(conn.at(format, seconds(r.ts_us)), r);
  }
  void on_dns(const flow::DnsRecord& r) override {
    log_writer::write_dns_row(dns.at(format, seconds(r.conn.ts_us)), r);
  }
  void on_ssl(const flow::SslRecord& r) override {
    log_writer::write_ssl_row(ssl.at(format, seconds(r.conn.ts_us)), r);
  }
  void on_http(const flow::HttpRecord& r) override {
    log_writer::write_http_row(http.at(format, seconds(r.conn.ts_us)), r);
  }
};

// The capture files among the arguments: files as given, folders searched (sorted), keeping
// only what starts like a capture (the name decides nothing).
std::vector<std::string> capture_files(const std::vector<std::string>& paths) {
  std::vector<std::string> out;
  for (const auto& p : paths) {
    if (!fs::is_directory(p)) {
      out.push_back(p);
      continue;
    }
    std::vector<std::string> found;
    for (const auto& e : fs::recursive_directory_iterator(p))
      if (e.is_regular_file()) found.push_back(e.path().string());
    std::sort(found.begin(), found.end());
    for (const auto& f : found) {
      char raw[4] = {};
      std::ifstream(f, std::ios::binary).read(raw, 4);
      std::string head(raw, 4);
      // A gzip file is inflated to see what it holds (the whole file: the reader has no early
      // stop; folders of captures are rarely large).
      if (uint8_t(raw[0]) == 0x1f && uint8_t(raw[1]) == 0x8b) {
        head.clear();
        read_file_chunks(f, [&](std::string_view chunk) {
          if (head.size() < 4) head.append(chunk.substr(0, 4 - head.size()));
        });
      }
      if (packet::looks_like_capture(head)) out.push_back(f);
    }
  }
  return out;
}

void print_problems(const std::string& file, const packet::ProblemList& problems) {
  for (const auto& p : problems.first)
    std::cerr << "zeekscope logs: " << file << ": at byte " << p.offset << ": " << p.reason << "\n";
  if (problems.count > problems.first.size())
    std::cerr << "zeekscope logs: " << file << ": " << problems.count - problems.first.size()
              << " more problems\n";
}

}  // namespace

int run_logs_command(int argc, char** argv) {
  std::vector<std::string> paths;
  std::string out_dir, format_name = "tsv";
  bool ignore_checksums = false;
  for (int i = 2; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::optional<std::string> {
      if (i + 1 >= argc) return std::nullopt;
      return std::string(argv[++i]);
    };
    if (a == "--out" || a == "--format") {
      auto v = value();
      if (!v) {
        std::cerr << "zeekscope logs: " << a << " needs a value\n" << kLogsUsage;
        return kExitUsage;
      }
      (a == "--out" ? out_dir : format_name) = *v;
    } else if (a == "--ignore-checksums") {
      ignore_checksums = true;
    } else if (a == "--help" || a == "-h") {
      std::cout << kLogsUsage;
      return 0;
    } else if (a.rfind("--", 0) == 0) {
      std::cerr << "zeekscope logs: unknown option " << a << "\n" << kLogsUsage;
      return kExitUsage;
    } else {
      paths.push_back(a);
    }
  }
  if (paths.empty() || out_dir.empty() || (format_name != "tsv" && format_name != "json")) {
    std::cerr << "zeekscope logs: "
              << (paths.empty()     ? "no capture given"
                  : out_dir.empty() ? "--out is required"
                                    : "--format is tsv or json")
              << "\n"
              << kLogsUsage;
    return kExitUsage;
  }
  LogFormat format = format_name == "json" ? LogFormat::kJson : LogFormat::kTsv;
  Logs logs(format);
  size_t read = 0;
  std::vector<std::string> files;
  try {
    files = capture_files(paths);
  } catch (const std::exception& e) {
    std::cerr << "zeekscope logs: " << e.what() << "\n";
    return kExitUsage;
  }
  for (const std::string& file : files) {
    flow::CapturePipelineOptions options;
    options.flow.ignore_checksums = ignore_checksums;
    options.flow.uid_seed = flow::file_uid_seed(file);
    flow::CapturePipeline pipeline(logs, logs, options);
    ReadOutcome outcome;
    try {
      outcome = read_file_chunks(file, [&](std::string_view chunk) { pipeline.feed(chunk); });
    } catch (const std::exception& e) {
      std::cerr << "zeekscope logs: " << e.what() << "\n";
      continue;
    }
    pipeline.finish();
    auto stats = pipeline.stats();
    if (!outcome.error.empty())
      std::cerr << "zeekscope logs: " << file << ": " << outcome.error << "\n";
    if (stats.capture.packets == 0 && stats.capture.problems.count > 0) {
      print_problems(file, stats.capture.problems);
      std::cerr << "zeekscope logs: " << file << ": not read (not a pcap or pcapng capture)\n";
      continue;
    }
    ++read;
    print_problems(file, stats.capture.problems);
    print_problems(file, stats.decoder.problems);
    std::cerr << "zeekscope logs: " << file << ": " << stats.capture.packets << " packets, "
              << stats.flows.records << " connections\n";
  }
  if (read == 0) {
    std::cerr << "zeekscope logs: no capture could be read\n";
    return kExitUsage;
  }
  std::error_code ec;
  fs::create_directories(out_dir, ec);
  for (LogFile* log : {&logs.conn, &logs.dns, &logs.ssl, &logs.http}) {
    if (!log->writer) continue;
    log->writer->close(log->last_time);
    fs::path path = fs::path(out_dir) / (std::string(log->schema->path) + ".log");
    std::ofstream out(path, std::ios::binary);
    out << log->text;
    if (!out) {
      std::cerr << "zeekscope logs: cannot write " << path.string() << "\n";
      return kExitUsage;
    }
    std::cerr << "zeekscope logs: wrote " << path.string() << " (" << log->writer->rows()
              << " records)\n";
  }
  return 0;
}

}  // namespace zeekscope::cli
