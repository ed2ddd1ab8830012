#include "reos/util/progress.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "reos/util/human.hpp"

namespace reos::util {

using std::chrono::milliseconds;

namespace {

milliseconds since(std::chrono::steady_clock::time_point from, std::chrono::steady_clock::time_point to) {
  return std::max(milliseconds(0), std::chrono::duration_cast<milliseconds>(to - from));
}

}  // namespace

std::string progress_text(const ProgressSample& s) {
  std::string t = fmt::format("{}  {:.1f}%  {}", s.what, s.fraction * 100, human_bytes(s.done_bytes));
  if (s.total_bytes) t += fmt::format(" of {}{}", s.total_estimated ? "~" : "", human_bytes(*s.total_bytes));
  if (s.bytes_per_second) t += fmt::format("  {}/s", human_bytes(static_cast<std::uint64_t>(std::llround(*s.bytes_per_second))));
  t += "  elapsed " + human_duration(s.elapsed);
  t += "  left " + (s.remaining ? human_duration(*s.remaining) : std::string("?"));
  return t;
}

nlohmann::json progress_json(const ProgressSample& s) {
  using nlohmann::json;
  return {{"event", "progress"},
          {"operation", s.what},
          {"percent", std::round(s.fraction * 10000) / 100},
          {"bytes_done", s.done_bytes},
          {"bytes_total", s.total_bytes ? json(*s.total_bytes) : json(nullptr)},
          {"bytes_total_estimated", s.total_estimated},
          {"bytes_per_second", s.bytes_per_second ? json(std::llround(*s.bytes_per_second)) : json(nullptr)},
          {"elapsed_ms", s.elapsed.count()},
          {"remaining_ms", s.remaining ? json(s.remaining->count()) : json(nullptr)}};
}

void estimate(ProgressSample& s, milliseconds since_first, std::uint64_t done_since_first, double fraction_since_first) {
  s.bytes_per_second.reset();
  s.remaining.reset();
  if (s.fraction >= 1) {
    s.remaining = milliseconds(0);
  }
  if (since_first.count() <= 0) return;
  if (done_since_first > 0) s.bytes_per_second = static_cast<double>(done_since_first) * 1000.0 / since_first.count();
  if (s.remaining) return;
  if (s.total_bytes && s.bytes_per_second) {
    const std::uint64_t left = *s.total_bytes - std::min(*s.total_bytes, s.done_bytes);
    s.remaining = milliseconds(std::llround(static_cast<double>(left) / *s.bytes_per_second * 1000));
  } else if (fraction_since_first > 0) {
    s.remaining = milliseconds(std::llround(since_first.count() * (1 - s.fraction) / fraction_since_first));
  }
}

ProgressMeter::ProgressMeter(std::ostream& out, ProgressStyle style, std::string what, Clock clock, milliseconds min_interval)
    : out_(out), style_(style), what_(std::move(what)), clock_(std::move(clock)), min_interval_(min_interval) {
  started_ = clock_();
}

void ProgressMeter::update(double fraction, std::uint64_t done_bytes, std::optional<std::uint64_t> total_bytes,
                           bool total_estimated) {
  if (finished_) return;
  const auto now = clock_();
  if (!first_at_) {
    first_at_ = now;
    first_done_ = done_bytes;
    first_fraction_ = fraction;
  }
  ProgressSample s{what_, std::clamp(fraction, 0.0, 1.0), done_bytes, total_bytes, total_estimated, since(started_, now), {}, {}};
  estimate(s, since(*first_at_, now), done_bytes > first_done_ ? done_bytes - first_done_ : 0, fraction - first_fraction_);
  if (!drawn_at_ || since(*drawn_at_, now) >= min_interval_) {
    draw(s);
    drawn_at_ = now;
    held_.reset();
  } else {
    held_ = std::move(s);
  }
}

void ProgressMeter::finish() {
  if (finished_) return;
  finished_ = true;
  if (style_ == ProgressStyle::terminal) {
    if (drawn_ > 0) out_ << "\r\033[K" << std::flush;  // the result and any warning start on a clean line
    return;
  }
  if (held_) draw(*held_);
}

void ProgressMeter::draw(const ProgressSample& s) {
  switch (style_) {
    case ProgressStyle::terminal: out_ << '\r' << progress_text(s) << "\033[K"; break;
    case ProgressStyle::lines: out_ << progress_text(s) << '\n'; break;
    case ProgressStyle::json: out_ << progress_json(s).dump() << '\n'; break;
  }
  out_.flush();
  ++drawn_;
}

}  // namespace reos::util
