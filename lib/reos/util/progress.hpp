#pragma once
// Progress of long work on stderr (never stdout: stdout is the product): percent, bytes done of
// total, rate, elapsed and time left, in util/human's units. Redrawn in place on a terminal,
// one line per update otherwise, or one JSON object per line for machines.
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

namespace reos::util {

enum class ProgressStyle {
  terminal,  // one line redrawn in place: "\r", the line, clear to its end
  lines,     // one text line per update (--progress while stderr is not a terminal)
  json,      // one JSON object per line (--progress with --output json)
};

/// One update as it is shown.
struct ProgressSample {
  std::string what;     // "backup", "restore"
  double fraction = 0;  // 0..1
  std::uint64_t done_bytes = 0;
  std::optional<std::uint64_t> total_bytes;  // nullopt: not known yet
  bool total_estimated = false;              // derived from the fraction, not known beforehand
  std::chrono::milliseconds elapsed{0};      // since the work started
  std::optional<double> bytes_per_second;    // nullopt until a second update moved
  std::optional<std::chrono::milliseconds> remaining;
};

/// "backup  45.7%  16.0 MiB of ~35.0 MiB  8.0 MiB/s  elapsed 2.0s  left 2.4s" ("~": estimated
/// total; "left ?" until there is a rate).
std::string progress_text(const ProgressSample& s);

/// {"event":"progress","operation":"backup","percent":45.67,"bytes_done":..,"bytes_total":..,
///  "bytes_total_estimated":true,"bytes_per_second":..,"elapsed_ms":..,"remaining_ms":..}
/// (unknown values are null); README documents the fields.
nlohmann::json progress_json(const ProgressSample& s);

/// Fills rate and time left: the rate over the copying since the first update (not since the
/// start: a backup's checkpoint comes first and copies nothing), the time left as the bytes
/// left at that rate, or, without a total, the fraction left at the fraction's own pace.
void estimate(ProgressSample& s, std::chrono::milliseconds since_first, std::uint64_t done_since_first,
              double fraction_since_first);

/// Draws updates on `out`, at most one per `min_interval` (a restore of small files prints
/// thousands of lines a second); the newest update held back is drawn by finish(), so the
/// last state is always shown in the lines and json styles. On a terminal finish() clears
/// the line, so what follows (the result, a warning) starts on a clean line.
class ProgressMeter {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;
  ProgressMeter(std::ostream& out, ProgressStyle style, std::string what, Clock clock = std::chrono::steady_clock::now,
                std::chrono::milliseconds min_interval = std::chrono::milliseconds(100));
  ~ProgressMeter() { finish(); }
  ProgressMeter(const ProgressMeter&) = delete;
  ProgressMeter& operator=(const ProgressMeter&) = delete;

  void update(double fraction, std::uint64_t done_bytes, std::optional<std::uint64_t> total_bytes, bool total_estimated);
  void finish();
  /// How many updates were drawn.
  int drawn() const { return drawn_; }

 private:
  void draw(const ProgressSample& s);

  std::ostream& out_;
  ProgressStyle style_;
  std::string what_;
  Clock clock_;
  std::chrono::milliseconds min_interval_;
  std::chrono::steady_clock::time_point started_;
  std::optional<std::chrono::steady_clock::time_point> first_at_, drawn_at_;
  std::uint64_t first_done_ = 0;
  double first_fraction_ = 0;
  std::optional<ProgressSample> held_;  // the newest update not drawn yet
  int drawn_ = 0;
  bool finished_ = false;
};

}  // namespace reos::util
