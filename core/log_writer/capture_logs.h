#pragma once
// Captures to Zeek logs, the whole of `zeekscope logs` but the files: every host (the native
// CLI, the npm CLI and the page, through wasm) feeds each capture's bytes here and gets the same
// logs and the same words about each file. One pipeline per file, its uids seeded from the
// file's name; the logs gather the records of all files. No I/O.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "flow/capture_pipeline.h"
#include "log_writer/zeek_log_set.h"

namespace zeekscope::log_writer {

struct CaptureLogsOptions {
  LogFormat format = LogFormat::kTsv;
  // Drop packets whose checksums fail, as Zeek by default; false (as the session's
  // verify_checksums) reads them all, as Zeek's -C.
  bool verify_checksums = false;
};

// What came of one file: whether it was read as a capture, and lines for the user, each naming
// the file ("FILE: at byte 24: ...", "FILE: 12 packets, 3 connections").
struct CaptureFileOutcome {
  bool read = false;
  uint64_t packets = 0;
  uint64_t connections = 0;
  std::vector<std::string> messages;
};

class CaptureLogs {
 public:
  explicit CaptureLogs(CaptureLogsOptions options);
  ~CaptureLogs();

  void begin_file(std::string_view name);
  void feed(std::string_view chunk);
  // The file's end. `read_error` is the host's reason when the bytes stopped early ("" if not):
  // what came before still counts.
  CaptureFileOutcome end_file(std::string_view read_error = "");

  // The logs of every file read (ZeekLogSet::finish).
  std::vector<ZeekLogFile> finish() { return logs_.finish(); }

 private:
  CaptureLogsOptions options_;
  ZeekLogSet logs_;
  std::string file_;
  std::unique_ptr<flow::CapturePipeline> pipeline_;
};

}  // namespace zeekscope::log_writer
