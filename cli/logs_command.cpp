#include "logs_command.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "file_source.h"
#include "log_writer/capture_logs.h"
#include "packet/capture_file_reader.h"
#include "rules/config.h"

namespace fs = std::filesystem;

namespace zeekscope::cli {

namespace {

using log_writer::LogFormat;

constexpr int kExitUsage = 2;

const char* kLogsUsage =
    "usage: zeekscope logs CAPTURE... --out DIR [--format tsv|json] [--verify-checksums]\n"
    "  CAPTURE             a packet capture (pcap, pcapng, .gz) or a folder (searched)\n"
    "  --out DIR           where conn.log, dns.log, ssl.log, x509.log and http.log go\n"
    "  --format FORMAT     tsv (Zeek's default, with its header) | json (one object a line)\n"
    "  --verify-checksums  drop packets whose checksums fail, as Zeek does by default (without\n"
    "                      it, as analyze: captures made on the sending host hold offloaded\n"
    "                      checksums, so every packet is read, as Zeek's -C)\n";

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

}  // namespace

int run_logs_command(int argc, char** argv) {
  std::vector<std::string> paths;
  std::string out_dir, format_name = "tsv";
  bool verify_checksums = false;
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
    } else if (a == "--verify-checksums") {
      verify_checksums = true;
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
  log_writer::CaptureLogs logs(
      {format_name == "json" ? LogFormat::kJson : LogFormat::kTsv, verify_checksums});
  size_t read = 0;
  std::vector<std::string> files;
  try {
    files = capture_files(paths);
  } catch (const std::exception& e) {
    std::cerr << "zeekscope logs: " << e.what() << "\n";
    return kExitUsage;
  }
  for (const std::string& file : files) {
    logs.begin_file(file);
    ReadOutcome outcome;
    try {
      outcome = read_file_chunks(
          file, [&](std::string_view chunk) { logs.feed(chunk); }, Limits{}.max_gzip_ratio);
    } catch (const std::exception& e) {
      std::cerr << "zeekscope logs: " << e.what() << "\n";
      continue;
    }
    auto result = logs.end_file(outcome.error);
    for (const auto& line : result.messages) std::cerr << "zeekscope logs: " << line << "\n";
    if (result.read) ++read;
  }
  if (read == 0) {
    std::cerr << "zeekscope logs: no capture could be read\n";
    return kExitUsage;
  }
  std::error_code ec;
  fs::create_directories(out_dir, ec);
  for (const auto& log : logs.finish()) {
    fs::path path = fs::path(out_dir) / log.name;
    std::ofstream out(path, std::ios::binary);
    out << log.text;
    if (!out) {
      std::cerr << "zeekscope logs: cannot write " << path.string() << "\n";
      return kExitUsage;
    }
    std::cerr << "zeekscope logs: wrote " << path.string() << " (" << log.rows << " records)\n";
  }
  return 0;
}

}  // namespace zeekscope::cli
