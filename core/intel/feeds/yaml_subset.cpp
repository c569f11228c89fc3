#include "intel/feeds/yaml_subset.h"

#include <string>
#include <vector>

#include "common/text.h"
#include "intel/feeds/feed.h"

namespace zeekscope {
namespace {

struct Line {
  size_t indent;
  std::string text;  // without indentation and comments
  size_t number;
};

std::string strip_comment(std::string_view s) {
  bool single = false, dbl = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\'' && !dbl)
      single = !single;
    else if (c == '"' && !single)
      dbl = !dbl;
    else if (c == '#' && !single && !dbl && (i == 0 || s[i - 1] == ' ' || s[i - 1] == '\t'))
      return std::string(trim(s.substr(0, i)));
  }
  return std::string(trim(s));
}

nlohmann::json scalar(std::string_view s) {
  s = trim(s);
  if (s.size() >= 2 &&
      ((s.front() == '"' && s.back() == '"') || (s.front() == '\'' && s.back() == '\'')))
    return std::string(s.substr(1, s.size() - 2));
  if (s == "[]") return nlohmann::json::array();
  if (s == "{}") return nlohmann::json::object();
  if (s.empty() || s == "~" || s == "null") return nullptr;
  return std::string(s);
}

// Finds "key:" at the start of s (a colon followed by space or end, outside quotes).
size_t key_colon(std::string_view s) {
  if (s.empty() || s.front() == '"' || s.front() == '\'') {
    if (s.empty()) return std::string_view::npos;
    size_t close = s.find(s.front(), 1);
    if (close == std::string_view::npos) return std::string_view::npos;
    if (close + 1 < s.size() && s[close + 1] == ':' &&
        (close + 2 == s.size() || s[close + 2] == ' '))
      return close + 1;
    return std::string_view::npos;
  }
  for (size_t i = 0; i < s.size(); ++i)
    if (s[i] == ':' && (i + 1 == s.size() || s[i + 1] == ' ')) return i;
  return std::string_view::npos;
}

class Parser {
 public:
  explicit Parser(std::vector<Line> lines) : lines_(std::move(lines)) {}

  nlohmann::json parse_document() {
    if (lines_.empty()) return nullptr;
    auto out = parse_block(lines_[0].indent);
    if (pos_ < lines_.size())
      throw FeedError("YAML line " + std::to_string(lines_[pos_].number) +
                      ": unexpected indentation");
    return out;
  }

 private:
  bool is_item(const Line& l) const { return l.text == "-" || l.text.starts_with("- "); }

  nlohmann::json parse_block(size_t indent) {
    if (is_item(lines_[pos_])) return parse_sequence(indent);
    if (key_colon(lines_[pos_].text) != std::string_view::npos) return parse_mapping(indent);
    return scalar(lines_[pos_++].text);
  }

  nlohmann::json parse_sequence(size_t indent) {
    nlohmann::json out = nlohmann::json::array();
    while (pos_ < lines_.size() && lines_[pos_].indent == indent && is_item(lines_[pos_])) {
      Line& l = lines_[pos_];
      std::string rest = l.text == "-" ? "" : std::string(trim(l.text.substr(2)));
      if (rest.empty()) {
        ++pos_;
        if (pos_ < lines_.size() && lines_[pos_].indent > indent)
          out.push_back(parse_block(lines_[pos_].indent));
        else
          out.push_back(nullptr);
        continue;
      }
      // "- key: value" opens a mapping whose keys sit two columns further in.
      size_t item_indent = indent + (l.text.size() - rest.size());
      l.indent = item_indent;
      l.text = rest;
      if (key_colon(rest) != std::string_view::npos)
        out.push_back(parse_mapping(item_indent));
      else if (rest.starts_with("- "))
        out.push_back(parse_sequence(item_indent));
      else
        out.push_back(scalar(lines_[pos_++].text));
    }
    return out;
  }

  nlohmann::json parse_mapping(size_t indent) {
    nlohmann::json out = nlohmann::json::object();
    while (pos_ < lines_.size() && lines_[pos_].indent == indent && !is_item(lines_[pos_])) {
      const Line& l = lines_[pos_];
      size_t colon = key_colon(l.text);
      if (colon == std::string_view::npos)
        throw FeedError("YAML line " + std::to_string(l.number) + ": expected \"key: value\"");
      auto key = scalar(std::string_view(l.text).substr(0, colon));
      std::string key_text = key.is_string() ? key.get<std::string>() : key.dump();
      std::string_view value = trim(std::string_view(l.text).substr(colon + 1));
      ++pos_;
      if (!value.empty()) {
        if (value.front() == '|' || value.front() == '>' || value.front() == '&' ||
            value.front() == '*')
          throw FeedError("YAML line " + std::to_string(l.number) +
                          ": block scalars, anchors and aliases are not supported");
        out[key_text] = scalar(value);
        continue;
      }
      if (pos_ < lines_.size() && (lines_[pos_].indent > indent ||
                                   (lines_[pos_].indent == indent && is_item(lines_[pos_]))))
        out[key_text] = parse_block(lines_[pos_].indent);
      else
        out[key_text] = nullptr;
    }
    return out;
  }

  std::vector<Line> lines_;
  size_t pos_ = 0;
};

}  // namespace

nlohmann::json parse_yaml_subset(std::string_view text) {
  std::vector<Line> lines;
  size_t number = 0;
  for (auto raw : split(text, '\n')) {
    ++number;
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    size_t indent = 0;
    while (indent < raw.size() && raw[indent] == ' ') ++indent;
    if (indent < raw.size() && raw[indent] == '\t')
      throw FeedError("YAML line " + std::to_string(number) + ": tab in indentation");
    std::string body = strip_comment(raw.substr(indent));
    if (body.empty() || body == "---" || body == "...") continue;
    lines.push_back({indent, std::move(body), number});
  }
  return Parser(std::move(lines)).parse_document();
}

}  // namespace zeekscope
