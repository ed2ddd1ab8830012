#include "reos/util/text.hpp"

#include <cctype>

namespace reos::util {

std::string sanitize_utf8(std::string_view in) {
  static const char kReplacement[] = "\xEF\xBF\xBD";
  std::string out;
  out.reserve(in.size());
  std::size_t i = 0;
  const auto* s = reinterpret_cast<const unsigned char*>(in.data());
  while (i < in.size()) {
    unsigned char c = s[i];
    std::size_t len = 0;
    unsigned cp_min = 0;
    if (c < 0x80)
      len = 1;
    else if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp_min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp_min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp_min = 0x10000;
    }
    bool ok = len > 0 && i + len <= in.size();
    unsigned cp = len == 1 ? c : (len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07);
    for (std::size_t k = 1; ok && k < len; ++k) {
      ok = (s[i + k] & 0xC0) == 0x80;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    // Reject overlong forms, surrogates and out-of-range code points too.
    if (ok && len > 1) ok = cp >= cp_min && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
    if (ok) {
      out.append(in.substr(i, len));
      i += len;
    } else {
      out += kReplacement;
      ++i;
    }
  }
  return out;
}

std::string printable(std::string_view text) {
  std::string out;
  for (char c : sanitize_utf8(text)) {
    const auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\n' && c != '\t') || u == 0x7f)
      out += "\xEF\xBF\xBD";
    else
      out += c;
  }
  return out;
}

std::vector<std::string> split_lines(std::string_view text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) {
      if (start < text.size()) lines.emplace_back(text.substr(start));
      break;
    }
    lines.emplace_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return lines;
}

std::string trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r' || s[b] == '\n')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r' || s[e - 1] == '\n')) --e;
  return std::string(s.substr(b, e - b));
}

std::string tail_lines(std::string_view text, std::size_t max_lines) {
  std::vector<std::string> kept;
  for (auto& line : split_lines(text)) {
    if (!trim(line).empty()) kept.push_back(std::move(line));
  }
  std::size_t from = kept.size() > max_lines ? kept.size() - max_lines : 0;
  std::vector<std::string> tail(kept.begin() + static_cast<std::ptrdiff_t>(from), kept.end());
  return join(tail, "\n");
}

std::string first_line(std::string_view text) {
  for (const auto& line : split_lines(text)) {
    std::string t = trim(line);
    if (!t.empty()) return t;
  }
  return {};
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i) out += sep;
    out += parts[i];
  }
  return out;
}

bool is_plain_word(std::string_view s, bool absolute) {
  if (s.empty() || (absolute && s[0] != '/')) return false;
  for (char c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '/' && c != '.' && c != '_' && c != '-') return false;
  }
  return true;
}

}  // namespace reos::util
