// zeekscope (native): the development and benchmark twin of the npm package's CLI.
//   zeekscope analyze PATH... [--iocs [TYPE[/TAG]:]FILE]... [--whitelist [TYPE:]FILE]...
//     [--config FILE] [--profile default|tinycheck-2020] [--device IP]... [--ns-answers FILE]
//     [--format json|text] [--out FILE] [--fail-on high|moderate|low]
//   zeekscope logs CAPTURE... --out DIR [--format tsv|json] [--verify-checksums]
// Exit codes: 0 analysis done; 2 usage error or unreadable input; 3 --fail-on matched.
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "common/hex.h"
#include "common/sha256.h"
#include "file_source.h"
#include "intel/indicator.h"
#include "logs_command.h"
#include "report/case_file.h"
#include "report/redact.h"
#include "report_names.h"
#include "rules/rule_table.h"
#include "session/session.h"

namespace fs = std::filesystem;
using namespace zeekscope;

namespace {

constexpr int kExitUsage = 2;
constexpr int kExitFailOn = 3;

const char* kUsage =
    "usage: zeekscope analyze PATH... [options]\n"
    "  PATH                  a Zeek log (.log, .json), a packet capture (pcap, pcapng), either\n"
    "                        gzip-compressed, or a folder of them (searched recursively)\n"
    "  --iocs FILE           indicators: TinyCheck JSON, Echap CSV/YAML or STIX 2 (by content),\n"
    "                        else a plain list of domains (\"auto-or-domains\")\n"
    "  --iocs TYPE[/TAG]:FILE  a plain list of one TYPE (domain, ip4addr, cidr, ns, tld, ...)\n"
    "  --whitelist FILE      whitelist: TinyCheck whitelist JSON, else a plain list of domains;\n"
    "                        TYPE:FILE for a plain list of another TYPE\n"
    "  --config FILE         analysis configuration (JSON)\n"
    "  --profile NAME        default | tinycheck-2020\n"
    "  --device IP           only connections from this address (repeatable)\n"
    "  --ns-answers FILE     nameserver answers for IOC-06: {\"domain\": [\"ns1.example.net\"]}\n"
    "  --format FORMAT       json (default) | text | case (a case file to hand to a helper: one\n"
    "                        self-contained HTML page; with --out, its JSON beside it)\n"
    "  --redact              replace the phone's own addresses, MAC addresses, device names and\n"
    "                        the apps no alert concerns by placeholders, in any format\n"
    "  --out FILE            write the report to FILE instead of standard output\n"
    "  --fail-on LEVEL       exit 3 when an alert of LEVEL (high|moderate|low) or higher exists\n"
    "  --version, --help\n"
    "       zeekscope rules       the rules, as the README's table (Markdown)\n"
    "       zeekscope logs CAPTURE... --out DIR [--format tsv|json]   packet captures as Zeek "
    "logs\n";

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Options {
  std::vector<std::string> paths, iocs, whitelists, devices;
  std::string config_file, profile, ns_answers, format = "json", out, fail_on;
  bool timings = false;
  bool redact = false;
};

Options parse_args(int argc, char** argv) {
  Options o;
  if (argc < 2) throw UsageError("missing command");
  std::string cmd = argv[1];
  if (cmd != "analyze") throw UsageError("unknown command \"" + cmd + "\"");
  for (int i = 2; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw UsageError(a + " needs a value");
      return argv[++i];
    };
    if (a == "--iocs")
      o.iocs.push_back(value());
    else if (a == "--whitelist")
      o.whitelists.push_back(value());
    else if (a == "--config")
      o.config_file = value();
    else if (a == "--profile")
      o.profile = value();
    else if (a == "--device")
      o.devices.push_back(value());
    else if (a == "--ns-answers")
      o.ns_answers = value();
    else if (a == "--format")
      o.format = value();
    else if (a == "--out")
      o.out = value();
    else if (a == "--fail-on")
      o.fail_on = value();
    else if (a == "--timings")
      o.timings = true;
    else if (a == "--redact")
      o.redact = true;
    else if (a.starts_with("--"))
      throw UsageError("unknown option " + a);
    else
      o.paths.push_back(a);
  }
  if (o.paths.empty()) throw UsageError("no PATH to analyse");
  if (o.format != "json" && o.format != "text" && o.format != "case")
    throw UsageError("--format must be json, text or case, not \"" + o.format + "\"");
  if (!o.fail_on.empty() && o.fail_on != "high" && o.fail_on != "moderate" && o.fail_on != "low")
    throw UsageError("--fail-on must be high, moderate or low, not \"" + o.fail_on + "\"");
  if (!o.profile.empty() && o.profile != "default" && o.profile != "tinycheck-2020")
    throw UsageError("--profile must be default or tinycheck-2020, not \"" + o.profile + "\"");
  return o;
}

// "domain/stalkerware:list.txt" -> ("text:domain/stalkerware", "list.txt"); a plain path ->
// ("auto-or-domains", path): a known format by content, else a list of domains.
std::pair<std::string, std::string> split_typed(const std::string& arg) {
  auto colon = arg.find(':');
  if (colon == std::string::npos) return {std::string(kAutoOrDomains), arg};
  std::string spec = arg.substr(0, colon);
  if (ioc_type_from_name(spec.substr(0, spec.find('/'))))
    return {"text:" + spec, arg.substr(colon + 1)};
  return {std::string(kAutoOrDomains), arg};
}

std::string to_hex(const Sha256::Digest& d) { return hex_lower({d.data(), d.size()}); }

// The SHA-256 of a file's bytes on disk ("" if it cannot be read to its end).
std::string file_sha256(const std::string& path) {
  Sha256 digest;
  std::ifstream in(path, std::ios::binary);
  std::vector<char> buf(1 << 20);
  while (in) {
    in.read(buf.data(), std::streamsize(buf.size()));
    if (in.gcount() > 0)
      digest.update({reinterpret_cast<const uint8_t*>(buf.data()), size_t(in.gcount())});
  }
  return in.eof() ? to_hex(digest.finish()) : "";
}

// Now, as ISO 8601 in UTC: when a case file was made.
std::string utc_now() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// A case file's JSON goes beside its HTML: case.html -> case.json (else FILE.json).
void write_case_json(const std::string& html_path, const std::string& json) {
  fs::path p(html_path);
  p = p.extension() == ".html" || p.extension() == ".htm" ? p.replace_extension(".json")
                                                          : fs::path(html_path + ".json");
  std::ofstream out(p, std::ios::binary);
  out << json;
  if (!out) throw UsageError(p.string() + ": cannot write the case file's JSON");
}

int run(int argc, char** argv) {
  Options o = parse_args(argc, argv);
  nlohmann::json config = nlohmann::json::object();
  if (!o.config_file.empty()) {
    std::string text;
    try {
      text = cli::read_whole_file(o.config_file);
    } catch (const std::exception& e) {
      throw UsageError(e.what());
    }
    config = nlohmann::json::parse(text, nullptr, false);
    if (config.is_discarded() || !config.is_object())
      throw UsageError(o.config_file + ": not a JSON object");
  }
  if (!o.profile.empty()) config["profile"] = o.profile;
  if (!o.devices.empty()) config["device"] = o.devices;
  std::unique_ptr<Session> session;
  try {
    session = std::make_unique<Session>(config.dump(),
                                        ToolInfo{"zeekscope", ZEEKSCOPE_VERSION, "native"});
  } catch (const ConfigError& e) {
    throw UsageError(o.config_file.empty() ? e.what() : o.config_file + ": " + e.what());
  }

  // The process's resident memory (glibc's mallinfo2 walks the heap: too slow to ask often).
  session->set_memory_probe([] {
    uint64_t pages = 0, resident = 0;
    if (FILE* f = std::fopen("/proc/self/statm", "r")) {
      if (std::fscanf(f, "%lu %lu", &pages, &resident) != 2) resident = 0;
      std::fclose(f);
    }
    return resident * uint64_t(sysconf(_SC_PAGESIZE));
  });

  auto load = [&](const std::string& arg, bool whitelist) {
    auto [format, path] = split_typed(arg);
    std::string bytes;
    try {
      bytes = cli::read_whole_file(path);
    } catch (const std::exception& e) {
      throw UsageError(e.what());
    }
    auto label = cli::indicator_label(path);
    std::string error =
        session
            ->add_indicators(bytes, label.name, format,
                             whitelist ? SourceRole::kWhitelist : SourceRole::kIndicators,
                             label.details)
            .error;
    if (!error.empty()) std::cerr << "zeekscope: warning: " << error << "\n";
  };
  for (const auto& f : o.iocs) load(f, false);
  for (const auto& f : o.whitelists) load(f, true);

  std::vector<cli::InputFile> files;
  for (const auto& p : o.paths) {
    try {
      auto more = cli::input_files(p);
      files.insert(files.end(), more.begin(), more.end());
    } catch (const std::runtime_error& e) {
      throw UsageError(e.what());
    }
  }
  // The case file names each input file by its SHA-256, of the bytes on disk.
  const bool case_file = o.format == "case";
  std::vector<std::pair<std::string, std::string>> digests;  // name, SHA-256
  for (const auto& file : files) {
    session->begin_file(file.name);
    Sha256 digest;
    auto read = cli::read_file_chunks(
        file.path, [&](std::string_view c) { session->feed(c); },
        session->config().limits.max_gzip_ratio,
        case_file ? std::function<void(std::string_view)>([&](std::string_view raw) {
          digest.update({reinterpret_cast<const uint8_t*>(raw.data()), raw.size()});
        })
                  : std::function<void(std::string_view)>());
    session->end_file();
    if (!read.error.empty()) {
      std::cerr << "zeekscope: warning: " << file.path << ": " << read.error << "\n";
      session->file_error(file.name, read.error, read.over_gzip_ratio ? "max_gzip_ratio" : "");
    }
    if (case_file) {
      // A read that stopped early (the gzip guard) is read again for its digest, if it is a
      // regular file: a pipe cannot be read twice.
      std::error_code ec;
      std::string sha = read.error.empty()                   ? to_hex(digest.finish())
                        : fs::is_regular_file(file.path, ec) ? file_sha256(file.path)
                                                             : "";
      digests.emplace_back(file.name, sha);
    }
  }

  auto queries = session->nameserver_queries();
  if (!o.ns_answers.empty()) {
    nlohmann::json answers;
    try {
      answers = nlohmann::json::parse(cli::read_whole_file(o.ns_answers));
    } catch (const std::exception& e) {
      throw UsageError(o.ns_answers + ": " + e.what());
    }
    if (!answers.is_object()) throw UsageError(o.ns_answers + ": expected a JSON object");
    for (const auto& [domain, list] : answers.items()) {
      std::vector<std::string> ns;
      if (list.is_array())
        for (const auto& v : list)
          if (v.is_string()) ns.push_back(v.get<std::string>());
      session->set_nameservers(domain, ns);
    }
    session->nameservers_done();
  }

  // A JSON report nobody here reads is written as it is built, a MiB at a time, never held
  // whole; the text summary and --fail-on parse it back.
  const bool stream = o.format == "json" && o.fail_on.empty() && !o.redact;
  std::ofstream file;
  if (!o.out.empty()) {
    file.open(o.out, std::ios::binary);
    if (!file) throw UsageError(o.out + ": cannot write the report");
  }
  auto write = [&](std::string_view text) {
    if (o.out.empty())
      std::fwrite(text.data(), 1, text.size(), stdout);
    else
      file.write(text.data(), std::streamsize(text.size()));
  };
  std::string json = session->finish_json(stream ? TextSink(write) : TextSink());
  if (!session->indicators_checked())
    std::cerr << "zeekscope: warning: no indicator list was used: known stalkerware, spyware "
                 "and tracker servers were not looked for (run `zeekscope fetch-feeds`, then "
                 "--feeds DIR or --iocs FILE)\n";
  if (o.timings) {
    const auto& t = session->timings();
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::fprintf(stderr, "timings: logs %.3f s, rules %.3f s, report %.3f s, peak RSS %.1f MiB\n",
                 t.logs, t.rules, t.report, double(usage.ru_maxrss) / 1024.0);
  }
  nlohmann::ordered_json report;
  if (!stream) {
    report = nlohmann::ordered_json::parse(json);
    if (case_file) add_case_facts(report, {digests, utc_now()});
    if (o.redact) redact_report(report);
    if (o.format == "text")
      write(text_report(report));
    else if (case_file)
      write(case_file_html(report));
    else
      write(o.redact ? dump_report(report) : json);
    if (case_file && !o.out.empty()) write_case_json(o.out, dump_report(report));
  }
  if (!o.out.empty()) {
    file.close();
    if (!file) throw UsageError(o.out + ": cannot write the report");
  }
  if (!o.fail_on.empty()) {
    const auto& sum = report["summary"];
    uint64_t n = sum["high"].get<uint64_t>();
    if (o.fail_on != "high") n += sum["moderate"].get<uint64_t>();
    if (o.fail_on == "low") n += sum["low"].get<uint64_t>();
    if (n > 0) return kExitFailOn;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 2 && (std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h")) {
    std::cout << kUsage;
    return 0;
  }
  if (argc >= 2 && std::string(argv[1]) == "logs") return cli::run_logs_command(argc, argv);
  if (argc == 2 && std::string(argv[1]) == "rules") {
    std::cout << rule_table_markdown();
    return 0;
  }
  if (argc >= 2 && std::string(argv[1]) == "--version") {
    std::cout << "zeekscope " << ZEEKSCOPE_VERSION << " (native)\n";
    return 0;
  }
  try {
    return run(argc, argv);
  } catch (const UsageError& e) {
    std::cerr << "zeekscope: " << e.what() << "\n" << kUsage;
    return kExitUsage;
  } catch (const std::exception& e) {
    std::cerr << "zeekscope: " << e.what() << "\n";
    return kExitUsage;
  }
}
