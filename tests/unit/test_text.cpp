// reos/util/text: UTF-8 repair and the line helpers used for stderr tails.
#include <catch2/catch.hpp>

#include "reos/util/text.hpp"

using namespace reos::util;

namespace {
const std::string kFFFD = "\xEF\xBF\xBD";
std::string repl(int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s += kFFFD;
  return s;
}
}  // namespace

TEST_CASE("sanitize_utf8 keeps valid text byte for byte", "[text][utf8]") {
  const std::string ascii = "plain ASCII, with\ttab and\nnewline";
  CHECK(sanitize_utf8(ascii) == ascii);
  // 2-, 3- and 4-byte sequences: é (U+00E9), ✓ (U+2713), 😀 (U+1F600), and the extremes.
  const std::string multi = "h\xC3\xA9llo \xE2\x9C\x93 \xF0\x9F\x98\x80";
  CHECK(sanitize_utf8(multi) == multi);
  const std::string extremes =
      "\xC2\x80 \xDF\xBF \xE0\xA0\x80 \xED\x9F\xBF \xEE\x80\x80 \xEF\xBF\xBF \xF0\x90\x80\x80 \xF4\x8F\xBF\xBF";
  CHECK(sanitize_utf8(extremes) == extremes);
  // Control characters are valid UTF-8 (JSON escaping is someone else's job).
  CHECK(sanitize_utf8(std::string("a\x01"
                                  "b",
                                  3)) == std::string("a\x01"
                                                     "b",
                                                     3));
  CHECK(sanitize_utf8(std::string("a\0b", 3)) == std::string("a\0b", 3));
  CHECK(sanitize_utf8("") == "");
}

TEST_CASE("sanitize_utf8 replaces invalid bytes with U+FFFD", "[text][utf8]") {
  CHECK(sanitize_utf8("\xFF") == kFFFD);
  CHECK(sanitize_utf8("a\x80"
                      "b") == "a" + kFFFD + "b");  // lone continuation byte
  CHECK(sanitize_utf8("a\xFE\xFF"
                      "b") == "a" + repl(2) + "b");         // bytes never valid in UTF-8
  CHECK(sanitize_utf8("\xF8\x88\x80\x80\x80") == repl(5));  // 5-byte form (not UTF-8)
  CHECK(sanitize_utf8("\xC3"
                      "A") == kFFFD + "A");                      // lead byte, then ASCII
  CHECK(sanitize_utf8("x\xE2\x9C").rfind("x" + kFFFD, 0) == 0);  // truncated at the end
  // The bytes pgBackRest printed for a wrong cipher pass.
  const std::string raw = "line 1: \x8a\xe9\x8d\x84\x0e\xfb\x1cj";
  const std::string clean = sanitize_utf8(raw);
  // \x8a is a stray continuation byte; \xe9\x8d\x84 happens to be a valid U+9344; \xfb is never valid.
  CHECK(clean == "line 1: " + kFFFD + "\xe9\x8d\x84" + "\x0e" + kFFFD + "\x1cj");
}

TEST_CASE("sanitize_utf8 rejects overlong forms", "[text][utf8]") {
  CHECK(sanitize_utf8("\xC0\xAF") == repl(2));          // '/' as 2 bytes
  CHECK(sanitize_utf8("\xC1\xBF") == repl(2));          // U+007F as 2 bytes
  CHECK(sanitize_utf8("\xE0\x80\xAF") == repl(3));      // '/' as 3 bytes
  CHECK(sanitize_utf8("\xE0\x9F\xBF") == repl(3));      // U+07FF as 3 bytes
  CHECK(sanitize_utf8("\xF0\x80\x80\xAF") == repl(4));  // '/' as 4 bytes
  CHECK(sanitize_utf8("\xF0\x8F\xBF\xBF") == repl(4));  // U+FFFF as 4 bytes
}

TEST_CASE("sanitize_utf8 rejects surrogates and code points above U+10FFFF", "[text][utf8]") {
  CHECK(sanitize_utf8("\xED\xA0\x80") == repl(3));      // U+D800
  CHECK(sanitize_utf8("\xED\xBF\xBF") == repl(3));      // U+DFFF
  CHECK(sanitize_utf8("\xF4\x90\x80\x80") == repl(4));  // U+110000
  CHECK(sanitize_utf8("ok\xED\xA0\x80ok") == "ok" + repl(3) + "ok");
}

TEST_CASE("sanitize_utf8 output is valid: sanitizing twice changes nothing", "[text][utf8]") {
  for (const std::string& in : {std::string("\xC0\xAF\xED\xA0\x80\xFF"), std::string("x\xE2\x9C"), std::string("\xF0\x9F\x98"),
                                std::string("a\xC3\xA9\x80z")}) {
    const auto once = sanitize_utf8(in);
    CHECK(sanitize_utf8(once) == once);
  }
}

TEST_CASE("tail_lines keeps the last non-empty lines", "[text]") {
  const std::string text = "one\n\ntwo\n   \nthree\nfour\n\n";
  CHECK(tail_lines(text, 2) == "three\nfour");
  CHECK(tail_lines(text, 3) == "two\nthree\nfour");
  CHECK(tail_lines(text, 10) == "one\ntwo\nthree\nfour");
  CHECK(tail_lines(text, 0) == "");
  CHECK(tail_lines("", 5) == "");
  CHECK(tail_lines("no newline at end", 1) == "no newline at end");
  // Indentation inside a kept line is preserved (pgBackRest continuation lines).
  CHECK(tail_lines("ERROR: x\n       HINT: y\n", 2) == "ERROR: x\n       HINT: y");
}

TEST_CASE("first_line returns the first non-empty line, trimmed", "[text]") {
  CHECK(first_line("\n  \n  hello world  \nsecond") == "hello world");
  CHECK(first_line("\r\nabc\r\n") == "abc");
  CHECK(first_line("single") == "single");
  CHECK(first_line("") == "");
  CHECK(first_line("\n\t\n") == "");
}

TEST_CASE("split_lines, trim and join", "[text]") {
  CHECK(split_lines("a\nb") == std::vector<std::string>{"a", "b"});
  CHECK(split_lines("a\nb\n") == std::vector<std::string>{"a", "b"});
  CHECK(split_lines("a\n\nb") == std::vector<std::string>{"a", "", "b"});
  CHECK(split_lines("\n") == std::vector<std::string>{""});
  CHECK(split_lines("").empty());
  CHECK(trim(" \t x y \r\n") == "x y");
  CHECK(trim("   ") == "");
  CHECK(join({"a", "b", "c"}, ", ") == "a, b, c");
  CHECK(join({}, ",") == "");
  CHECK(join({"solo"}, ",") == "solo");
}
