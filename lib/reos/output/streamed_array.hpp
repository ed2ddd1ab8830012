#pragma once
// An array of the result too big to hold as one DOM: info over tens of thousands of backups
// would build (and free) a JSON object per backup, most of its run time. Its elements are made
// one at a time while the envelope is written, each serialized and dropped.
#include <functional>
#include <vector>

#include <nlohmann/json.hpp>

namespace reos::output {

struct StreamedArray {
  /// Where it belongs in the document; an empty array holds its place there, so a reader that
  /// does not know about streaming sees a valid (if shorter) document.
  nlohmann::json::json_pointer at;
  /// Calls `emit` once per element, in order. May be called more than once.
  std::function<void(const std::function<void(nlohmann::json&&)>& emit)> elements;
};

/// Fills each streamed array into `doc` (for the text form, which reads the whole result).
void materialize(nlohmann::json& doc, const std::vector<StreamedArray>& streamed);

/// The same arrays, each pointer prefixed with `parent` (the result sits at "/result" of the
/// envelope).
std::vector<StreamedArray> rebased(std::vector<StreamedArray> streamed, const nlohmann::json::json_pointer& parent);

}  // namespace reos::output
