#pragma once
// A ProcessRunner for unit tests: it expects invocations in strict order, compares argv
// exactly, and answers with scripted results. A surprise call fails the test and names the
// unexpected argv.
#include <deque>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "reos/process/runner.hpp"
#include "reos/util/text.hpp"

namespace reos::testing {

struct ScriptedCall {
  std::vector<std::string> argv;  // exact argv[0..]
  process::ProcessResult result;
};

class ScriptedRunner : public process::ProcessRunner {
 public:
  ScriptedRunner& expect(std::vector<std::string> argv, int exit_code, std::string out = {}, std::string err = {}) {
    process::ProcessResult r;
    r.exit_code = exit_code;
    r.out = std::move(out);
    r.err = std::move(err);
    calls_.push_back({std::move(argv), r});
    return *this;
  }
  ScriptedRunner& expect_result(std::vector<std::string> argv, process::ProcessResult r) {
    calls_.push_back({std::move(argv), std::move(r)});
    return *this;
  }

  /// Instead of a script: answers every call with `answer` (for tests that compare what ran
  /// with a plan, rather than with a list written in the test).
  ScriptedRunner& answer_with(std::function<process::ProcessResult(const process::Invocation&)> answer) {
    answer_ = std::move(answer);
    return *this;
  }

  process::ProcessResult run(const process::Invocation& inv) override {
    seen_.push_back(inv);
    if (answer_) return answer_(inv);
    const auto argv = inv.argv();
    if (calls_.empty()) {
      throw std::logic_error("unexpected invocation (none scripted): " + util::join(argv, " "));
    }
    ScriptedCall next = calls_.front();
    calls_.pop_front();
    if (next.argv != argv) {
      throw std::logic_error("unexpected invocation: " + util::join(argv, " ") +
                             "\n          expected: " + util::join(next.argv, " "));
    }
    return next.result;
  }

  bool all_consumed() const { return calls_.empty(); }
  const std::vector<process::Invocation>& seen() const { return seen_; }

 private:
  std::deque<ScriptedCall> calls_;
  std::vector<process::Invocation> seen_;
  std::function<process::ProcessResult(const process::Invocation&)> answer_;
};

}  // namespace reos::testing
