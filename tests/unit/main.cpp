// The one translation unit that holds Catch2's main().
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include "reos/error/error.hpp"

// An unexpected reos error shows its code and message instead of "Unknown exception".
CATCH_TRANSLATE_EXCEPTION(const reos::error::Error& e) {
  return "reos::error::Error(" + std::to_string(e.exit_code()) + "): " + e.message() +
         (e.hint().empty() ? "" : " (hint: " + e.hint() + ")");
}
