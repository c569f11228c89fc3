#pragma once
// How inputs and indicator sources are named in reports: never by a local path, which often
// carries the person's name or their helper's folder layout. The npm CLI names them alike
// (js/node-host.js).
#include <string>
#include <vector>

#include "intel/indicator.h"

namespace zeekscope::cli {

struct InputFile {
  std::string path;  // to open
  std::string name;  // in the report
};

// The files of a PATH argument in a stable order: the file itself, named by its base name, or a
// folder's files (searched recursively, sorted by path), named by the folder's own name and
// their path inside it ("phone-logs/conn.log"). Throws std::runtime_error naming PATH.
std::vector<InputFile> input_files(const std::string& arg);

struct SourceLabel {
  std::string name;
  SourceDetails details;
};

// An indicator file's name in the report: the feed's name, date and licence when the file was
// written by `zeekscope fetch-feeds` (listed in SOURCES.json beside it), else its base name.
SourceLabel indicator_label(const std::string& path);

}  // namespace zeekscope::cli
