// Embind bindings over zeekscope::Session and log_writer::CaptureLogs: nothing else lives here.
// Bytes cross the boundary once: JS copies each chunk into a buffer that the session owns
// (inputBuffer), then calls feed / addIndicators with the length. Errors are returned as
// messages (lastError) so JS can throw them as Error objects with the core's text.
#include <emscripten/bind.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/hex.h"
#include "common/sha256.h"
#include "log_writer/capture_logs.h"
#include "packet/capture_file_reader.h"
#include "report/case_file.h"
#include "report/redact.h"
#include "rules/config.h"
#include "session/session.h"

namespace {

using zeekscope::Session;

class WasmSession {
 public:
  WasmSession(const std::string& config_json, const std::string& version) {
    try {
      session_ =
          std::make_unique<Session>(config_json, zeekscope::ToolInfo{"zeekscope", version, "wasm"});
      // The linear memory only grows, so its size is the peak the limit is about.
      session_->set_memory_probe([] { return uint64_t(__builtin_wasm_memory_size(0)) * 65536; });
    } catch (const std::exception& e) {
      error_ = e.what();
    }
  }

  std::string lastError() const { return error_; }

  // Returns the address of a buffer of at least `size` bytes for the next call.
  // Returns 0 (and sets lastError) when the memory for it cannot be had.
  uintptr_t inputBuffer(size_t size) {
    try {
      if (buffer_.size() < size) buffer_.resize(size);
    } catch (const std::bad_alloc&) {
      error_ = "out of memory for an input buffer of " + std::to_string(size) + " bytes";
      return 0;
    }
    return reinterpret_cast<uintptr_t>(buffer_.data());
  }

  // The effective limits (JSON), for the host's own checks (the gzip ratio).
  std::string limits() const {
    return session_ ? session_->config().limits.to_json().dump() : std::string("{}");
  }

  // Loads `size` bytes from the input buffer as an indicator source. `format` as the session
  // takes it: "", "auto-or-domains", a format name or "text:<type>[/<tag>]"; `role_name`:
  // "indicators", "whitelist" or "demo" (source_role_name). Returns JSON:
  // {"format": what the file was read as (e.g. "tinycheck-json", "text:domain"; "" if it was
  // not), "error": "" or a warning naming the file, "loaded": values added, "skipped": n}.
  std::string addIndicators(size_t size, const std::string& name, const std::string& format,
                            const std::string& role_name, const std::string& date,
                            const std::string& licence) {
    return call<std::string>([&] {
      auto role = zeekscope::source_role_from_name(role_name);
      if (!role) throw std::invalid_argument("unknown source role \"" + role_name + "\"");
      auto r = session_->add_indicators(std::string_view(buffer_.data(), size), name, format, *role,
                                        zeekscope::SourceDetails{date, licence});
      return nlohmann::json{
          {"format", r.format}, {"error", r.error}, {"loaded", r.loaded}, {"skipped", r.skipped}}
          .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    });
  }

  bool beginFile(const std::string& name) {
    return call<bool>([&] {
      session_->begin_file(name);
      return true;
    });
  }
  // A later part of a large log; its file's leading header is in the input buffer.
  bool beginFilePart(const std::string& name, size_t header_size) {
    return call<bool>([&] {
      session_->begin_file_part(name, std::string_view(buffer_.data(), header_size));
      return true;
    });
  }
  // Session::file_parts_info as JSON (times null when no connection has one).
  std::string filePartsInfo() const {
    auto i = session_->file_parts_info();
    auto time = [](const std::optional<double>& t) { return t ? nlohmann::json(*t) : nullptr; };
    return nlohmann::json{{"canFollow", i.can_follow},
                          {"firstTime", time(i.first_time)},
                          {"lastTime", time(i.last_time)},
                          {"destinations", i.destinations},
                          {"names", i.names},
                          {"originators", i.originators},
                          {"memoryBytes", i.memory_bytes},
                          {"maxDestinations", i.max_destinations},
                          {"maxNames", i.max_names},
                          {"maxOriginators", i.max_originators},
                          {"maxMemoryBytes", i.max_memory_bytes},
                          {"maxTimeSpan", i.max_time_span}}
        .dump();
  }
  bool feed(size_t size) {
    return call<bool>([&] {
      session_->feed(std::string_view(buffer_.data(), size));
      return true;
    });
  }
  bool endFile() {
    return call<bool>([&] {
      session_->end_file();
      return true;
    });
  }
  bool fileError(const std::string& name, const std::string& reason, const std::string& limit) {
    return call<bool>([&] {
      session_->file_error(name, reason, limit);
      return true;
    });
  }

  // Parallel reading: the state of what this session read, as bytes left in a buffer the
  // session owns (address from stateBuffer), and the merge of such bytes (from inputBuffer).
  size_t exportState() {
    return call<size_t>([&] {
      state_ = session_->export_state();
      return state_.size();
    });
  }
  uintptr_t stateBuffer() const { return reinterpret_cast<uintptr_t>(state_.data()); }
  bool mergeState(size_t size) {
    return call<bool>([&] {
      session_->merge_state(std::string_view(buffer_.data(), size));
      return true;
    });
  }

  // The domains IOC-06 needs, as a JSON array.
  std::string nameserverQueries() {
    return call<std::string>([&] {
      std::string out = "[";
      for (const auto& d : session_->nameserver_queries()) {
        if (out.size() > 1) out += ",";
        out += nlohmann::json(d).dump();
      }
      return out + "]";
    });
  }

  // `answers_json`: {"domain": ["ns1", ...], ...}; `failures_json`: {"domain": "reason"}.
  bool setNameservers(const std::string& answers_json, const std::string& failures_json) {
    return call<bool>([&] {
      auto answers = nlohmann::json::parse(answers_json);
      for (const auto& [domain, list] : answers.items())
        session_->set_nameservers(domain, list.get<std::vector<std::string>>());
      auto failures = nlohmann::json::parse(failures_json);
      for (const auto& [domain, reason] : failures.items())
        session_->nameserver_failure(domain, reason.get<std::string>());
      session_->nameservers_done();
      return true;
    });
  }

  // The report goes to `on_piece` (a JS function) in pieces of about a MiB: views of wasm
  // memory, valid only during the call.
  bool finish(emscripten::val on_piece) {
    return call<bool>([&] {
      session_->finish_json([&](std::string_view piece) {
        on_piece(emscripten::val(emscripten::typed_memory_view(piece.size(), piece.data())));
      });
      return true;
    });
  }

  // Seconds spent on logs, rules and the report, as JSON (for benchmarks).
  std::string timings() const {
    if (!session_) return "{}";
    const auto& t = session_->timings();
    return nlohmann::json{{"logs", t.logs}, {"rules", t.rules}, {"report", t.report}}.dump();
  }

 private:
  template <typename T, typename F>
  T call(F&& f) {
    error_.clear();
    if (!session_) {
      if (error_.empty()) error_ = "the session could not be created";
      return T{};
    }
    try {
      return f();
    } catch (const std::exception& e) {
      error_ = e.what();
      return T{};
    }
  }

  std::unique_ptr<Session> session_;
  std::vector<char> buffer_;
  std::string state_;
  std::string error_;
};

// `zeekscope logs` (log_writer::CaptureLogs): captures fed as files, in chunks through
// inputBuffer, then the Zeek logs handed to a JS function.
class WasmCaptureLogs {
 public:
  // `format`: "tsv" or "json".
  WasmCaptureLogs(const std::string& format, bool verify_checksums) {
    if (format != "tsv" && format != "json") {
      error_ = "the log format is tsv or json, not \"" + format + "\"";
      return;
    }
    using zeekscope::log_writer::LogFormat;
    logs_.emplace(zeekscope::log_writer::CaptureLogsOptions{
        format == "json" ? LogFormat::kJson : LogFormat::kTsv, verify_checksums});
  }

  std::string lastError() const { return error_; }

  uintptr_t inputBuffer(size_t size) {
    try {
      if (buffer_.size() < size) buffer_.resize(size);
    } catch (const std::bad_alloc&) {
      error_ = "out of memory for an input buffer of " + std::to_string(size) + " bytes";
      return 0;
    }
    return reinterpret_cast<uintptr_t>(buffer_.data());
  }

  // The default resource limits (JSON): the host's gzip ratio guard, as the native CLI's.
  std::string limits() const { return zeekscope::Limits{}.to_json().dump(); }

  // Whether the `size` bytes in the input buffer begin a capture (pcap or pcapng).
  bool looksLikeCapture(size_t size) const {
    return zeekscope::packet::looks_like_capture(std::string_view(buffer_.data(), size));
  }

  bool beginFile(const std::string& name) {
    return call([&] { logs_->begin_file(name); });
  }
  bool feed(size_t size) {
    return call([&] { logs_->feed(std::string_view(buffer_.data(), size)); });
  }
  // Returns JSON: {"read": bool, "packets": n, "connections": n, "messages": ["FILE: ...", ...]}.
  std::string endFile(const std::string& read_error) {
    std::string out;
    call([&] {
      auto r = logs_->end_file(read_error);
      out = nlohmann::json{{"read", r.read},
                           {"packets", r.packets},
                           {"connections", r.connections},
                           {"messages", r.messages}}
                .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    });
    return out;
  }
  // Each log with rows goes to `on_log(name, rows, bytes)`: bytes is a view of wasm memory,
  // valid only during the call.
  bool finish(emscripten::val on_log) {
    return call([&] {
      for (const auto& log : logs_->finish())
        on_log(log.name, double(log.rows),
               emscripten::val(emscripten::typed_memory_view(log.text.size(), log.text.data())));
    });
  }

 private:
  template <typename F>
  bool call(F&& f) {
    if (!logs_) {
      if (error_.empty()) error_ = "the capture logs could not be created";
      return false;
    }
    error_.clear();
    try {
      f();
      return true;
    } catch (const std::exception& e) {
      error_ = e.what();
      return false;
    }
  }

  std::optional<zeekscope::log_writer::CaptureLogs> logs_;
  std::vector<char> buffer_;
  std::string error_;
};

// The plain-text rendering of a finished report (the CLI's --format text).
std::string textReport(const std::string& report_json) {
  try {
    auto report = nlohmann::ordered_json::parse(report_json);
    if (!zeekscope::nested_within(report, zeekscope::kMaxReportDepth))
      throw std::invalid_argument("the report is nested too deeply");
    return zeekscope::text_report(report);
  } catch (const std::exception& e) {
    return std::string("zeekscope: cannot render the report: ") + e.what() + "\n";
  }
}

// A report made to leave the person's hands: `options_json` is {"redact": bool, "caseFile":
// bool, "inputs": [{"name", "sha256"} per input file], "created": ISO time} (all optional). Returns
// the report's JSON and, for a case file, a NUL and the case file's HTML (the report is parsed
// once: it may be tens of MB); or "!" and why it could not be made.
std::string exportReport(const std::string& report_json, const std::string& options_json) {
  try {
    auto report = nlohmann::ordered_json::parse(report_json);
    auto options = nlohmann::json::parse(options_json);
    bool case_file = options.value("caseFile", false);
    if (case_file) {
      zeekscope::CaseFacts facts;
      for (const auto& in : options.value("inputs", nlohmann::json::array()))
        facts.inputs.emplace_back(in.value("name", ""), in.value("sha256", ""));
      facts.created = options.value("created", std::string());
      zeekscope::add_case_facts(report, facts);
    }
    if (options.value("redact", false)) zeekscope::redact_report(report);
    std::string out = zeekscope::dump_report(report);
    if (case_file) out.append(1, '\0').append(zeekscope::case_file_html(report));
    return out;
  } catch (const std::exception& e) {
    return std::string("!cannot read the report: ") + e.what();
  }
}

// SHA-256 of a file's bytes, given in pieces, for the case file. Like the session, JS copies
// each piece into a buffer this object owns (inputBuffer), then calls update with its length.
class InputDigest {
 public:
  uintptr_t inputBuffer(size_t size) {
    try {
      if (buffer_.size() < size) buffer_.resize(size);
    } catch (const std::bad_alloc&) {
      return 0;
    }
    return reinterpret_cast<uintptr_t>(buffer_.data());
  }
  void update(size_t size) {
    sha_.update({reinterpret_cast<const uint8_t*>(buffer_.data()), std::min(size, buffer_.size())});
  }
  std::string hex() {
    auto d = sha_.finish();
    return zeekscope::hex_lower({d.data(), d.size()});
  }

 private:
  std::vector<uint8_t> buffer_;
  zeekscope::Sha256 sha_;
};

}  // namespace

EMSCRIPTEN_BINDINGS(zeekscope) {
  emscripten::function("textReport", &textReport);
  emscripten::function("exportReport", &exportReport);
  emscripten::class_<InputDigest>("InputDigest")
      .constructor<>()
      .function("inputBuffer", &InputDigest::inputBuffer)
      .function("update", &InputDigest::update)
      .function("hex", &InputDigest::hex);
  emscripten::class_<WasmSession>("Session")
      .constructor<const std::string&, const std::string&>()
      .function("lastError", &WasmSession::lastError)
      .function("inputBuffer", &WasmSession::inputBuffer)
      .function("addIndicators", &WasmSession::addIndicators)
      .function("beginFile", &WasmSession::beginFile)
      .function("beginFilePart", &WasmSession::beginFilePart)
      .function("filePartsInfo", &WasmSession::filePartsInfo)
      .function("feed", &WasmSession::feed)
      .function("endFile", &WasmSession::endFile)
      .function("fileError", &WasmSession::fileError)
      .function("limits", &WasmSession::limits)
      .function("exportState", &WasmSession::exportState)
      .function("stateBuffer", &WasmSession::stateBuffer)
      .function("mergeState", &WasmSession::mergeState)
      .function("nameserverQueries", &WasmSession::nameserverQueries)
      .function("setNameservers", &WasmSession::setNameservers)
      .function("finish", &WasmSession::finish)
      .function("timings", &WasmSession::timings);
  emscripten::class_<WasmCaptureLogs>("CaptureLogs")
      .constructor<const std::string&, bool>()
      .function("lastError", &WasmCaptureLogs::lastError)
      .function("inputBuffer", &WasmCaptureLogs::inputBuffer)
      .function("limits", &WasmCaptureLogs::limits)
      .function("looksLikeCapture", &WasmCaptureLogs::looksLikeCapture)
      .function("beginFile", &WasmCaptureLogs::beginFile)
      .function("feed", &WasmCaptureLogs::feed)
      .function("endFile", &WasmCaptureLogs::endFile)
      .function("finish", &WasmCaptureLogs::finish);
}
