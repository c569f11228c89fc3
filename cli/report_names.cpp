#include "report_names.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

namespace zeekscope::cli {

namespace fs = std::filesystem;

std::vector<InputFile> input_files(const std::string& arg) {
  std::error_code ec;
  auto status = fs::status(arg, ec);
  if (ec || !fs::exists(status)) throw std::runtime_error(arg + ": no such file or folder");
  if (!fs::is_directory(status)) return {{arg, fs::path(arg).filename().generic_string()}};
  fs::path root(arg);
  // The folder's own name as given ("." and "logs/" name the folder they stand for; a link is
  // named as the link, as the npm CLI names it).
  fs::path absolute = fs::absolute(root, ec).lexically_normal();
  if (absolute.filename().empty()) absolute = absolute.parent_path();
  std::string folder = absolute.filename().generic_string();
  std::vector<InputFile> files;
  for (auto it = fs::recursive_directory_iterator(
           root, fs::directory_options::skip_permission_denied, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    std::string inside = it->path().lexically_relative(root).generic_string();
    files.push_back({it->path().generic_string(), folder.empty() ? inside : folder + "/" + inside});
  }
  if (ec) throw std::runtime_error(arg + ": " + ec.message());
  std::sort(files.begin(), files.end(),
            [](const InputFile& a, const InputFile& b) { return a.path < b.path; });
  return files;
}

namespace {

// The entry for `file` ("list.txt", or "mvt/x.stix2" from the folder above) in a SOURCES.json.
bool label_from(const fs::path& sources, const std::string& file, SourceLabel& label) {
  std::ifstream in(sources, std::ios::binary);
  if (!in) return false;
  std::stringstream text;
  text << in.rdbuf();
  auto listing = nlohmann::json::parse(text.str(), nullptr, false);
  if (!listing.is_object() || !listing.contains("sources") || !listing["sources"].is_array())
    return false;
  auto text_of = [](const nlohmann::json& s, const char* key) {
    auto it = s.find(key);
    return it != s.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  for (const auto& s : listing["sources"]) {
    if (!s.is_object() || text_of(s, "file") != file || text_of(s, "name").empty()) continue;
    label.name = text_of(s, "name");
    label.details.date = text_of(s, "fetched").substr(0, 10);
    label.details.licence = text_of(s, "licence");
    return true;
  }
  return false;
}

}  // namespace

// fetch-feeds writes SOURCES.json in its folder, the STIX2 files one folder down.
SourceLabel indicator_label(const std::string& path) {
  fs::path file(path);
  SourceLabel label{file.filename().generic_string(), {}};
  fs::path dir = file.parent_path();
  if (!label_from(dir / "SOURCES.json", label.name, label))
    label_from(dir.parent_path() / "SOURCES.json",
               (dir.filename() / file.filename()).generic_string(), label);
  return label;
}

}  // namespace zeekscope::cli
