#include "reos/pgbackrest/progress.hpp"

#include <charconv>
#include <cmath>

namespace reos::pgbackrest {

namespace {

// A decimal with at most one '.', as pgBackRest prints sizes and percentages.
std::optional<double> decimal(std::string_view t) {
  if (t.empty() || t.size() > 24) return std::nullopt;
  int dots = 0;
  for (char c : t) {
    if (c == '.')
      ++dots;
    else if (c < '0' || c > '9')
      return std::nullopt;
  }
  if (dots > 1 || t.front() == '.' || t.back() == '.') return std::nullopt;
  // from_chars for double is in libstdc++ 11 and later (Debian 12 has 12).
  double v = 0;
  const auto r = std::from_chars(t.data(), t.data() + t.size(), v);
  if (r.ec != std::errc() || r.ptr != t.data() + t.size()) return std::nullopt;
  return v;
}

}  // namespace

std::optional<std::uint64_t> parse_size_text(std::string_view t) {
  static const std::pair<std::string_view, double> units[] = {
      {"PB", 1125899906842624.0}, {"TB", 1099511627776.0}, {"GB", 1073741824.0}, {"MB", 1048576.0}, {"KB", 1024.0}, {"B", 1.0}};
  for (const auto& [unit, factor] : units) {
    if (t.size() <= unit.size() || t.substr(t.size() - unit.size()) != unit) continue;
    const auto v = decimal(t.substr(0, t.size() - unit.size()));
    if (!v || *v * factor > 1.8e19) return std::nullopt;
    return static_cast<std::uint64_t>(std::llround(*v * factor));
  }
  return std::nullopt;
}

std::optional<FileProgress> parse_file_progress(std::string_view line) {
  // "<time> P01 DETAIL: backup file <path> (<size>, <pct>%) [checksum <hex>]"; the path may hold
  // anything, so the figures are the last parenthesis that ends in "%)".
  std::size_t at = std::string_view::npos;
  for (std::string_view tag : {" DETAIL: backup file ", " DETAIL: restore file "}) {
    at = line.find(tag);
    if (at != std::string_view::npos) {
      at += tag.size();
      break;
    }
  }
  if (at == std::string_view::npos) return std::nullopt;
  const auto close = line.rfind("%)");
  if (close == std::string_view::npos || close < at) return std::nullopt;
  const auto open = line.rfind('(', close);
  if (open == std::string_view::npos || open < at) return std::nullopt;
  const std::string_view inside = line.substr(open + 1, close - open - 1);  // "13MB, 37.25" (or "bundle 1/2, 13MB, 37.25")
  const auto comma = inside.rfind(", ");
  if (comma == std::string_view::npos) return std::nullopt;
  std::string_view size_text = inside.substr(0, comma);
  if (const auto before = size_text.rfind(", "); before != std::string_view::npos) size_text.remove_prefix(before + 2);
  const auto size = parse_size_text(size_text);
  const auto percent = decimal(inside.substr(comma + 2));
  if (!size || !percent || *percent > 100) return std::nullopt;
  return FileProgress{*size, *percent};
}

void with_file_progress(process::Invocation& inv) {
  for (auto& a : inv.args)
    if (a.rfind("--log-level-console=", 0) == 0) a = "--log-level-console=detail";
}

void FileProgressFeed::line(std::string_view text) {
  const auto f = parse_file_progress(text);
  if (!f) return;
  printed_sum_ += f->size_bytes;
  const double fraction = f->percent / 100;
  if (known_total_) {
    meter_.update(fraction, static_cast<std::uint64_t>(std::llround(fraction * static_cast<double>(*known_total_))), known_total_,
                  false);
    return;
  }
  // No total known beforehand: what was printed, and the total that percentage implies
  // (unknown while pgBackRest still says 0.00 %).
  std::optional<std::uint64_t> total;
  if (fraction > 0) total = static_cast<std::uint64_t>(std::llround(static_cast<double>(printed_sum_) / fraction));
  meter_.update(fraction, printed_sum_, total, true);
}

}  // namespace reos::pgbackrest
