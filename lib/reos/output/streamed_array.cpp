#include "reos/output/streamed_array.hpp"

namespace reos::output {

void materialize(nlohmann::json& doc, const std::vector<StreamedArray>& streamed) {
  for (const auto& s : streamed) {
    auto& array = doc[s.at];
    s.elements([&](nlohmann::json&& e) { array.push_back(std::move(e)); });
  }
}

std::vector<StreamedArray> rebased(std::vector<StreamedArray> streamed, const nlohmann::json::json_pointer& parent) {
  for (auto& s : streamed) s.at = parent / s.at;
  return streamed;
}

}  // namespace reos::output
