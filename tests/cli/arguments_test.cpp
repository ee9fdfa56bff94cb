// cli/arguments and cli/options: the value grammar (counts in 1e12 notation
// up to 1e18, finite reals) and CLI11 options declared with it — every kind
// of bad command line is refused while parsing (main() turns that into exit
// status 2 and one line naming the option).
#include "arguments.hpp"
#include "options.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

using sklaws::cli::parse_count;
using sklaws::cli::parse_real;
using sklaws::cli::ParsedOptions;
using sklaws::cli::UsageError;

namespace {

// A command with the option kinds sklaws uses; parse() runs CLI11 on `words`.
struct TestCommand {
    CLI::App app{"test"};
    TestCommand() {
        sklaws::cli::count_option(app, "steps", "a count");
        sklaws::cli::count_option(app, "small", "a count up to 5", 5);
        sklaws::cli::real_option(app, "alpha", "a real");
        sklaws::cli::real_option(app, "delta", "a real");
        sklaws::cli::text_option(app, "out", "a text");
        sklaws::cli::list_option(app, "n", "counts", true);
        sklaws::cli::list_option(app, "w", "reals", false);
        sklaws::cli::flag_option(app, "bits", "a flag");
        sklaws::cli::positional_option(app, "FILE", "a file");
    }
    void parse(std::vector<std::string> words) {
        std::reverse(words.begin(), words.end());  // CLI11 takes them last-first
        app.parse(words);
    }
};

std::string parse_error(std::vector<std::string> words) {
    TestCommand command;
    try {
        command.parse(std::move(words));
    } catch (const CLI::ParseError& e) {
        return e.what();
    }
    return "(no error)";
}

}  // namespace

TEST_CASE("counts accept plain and 1e12-style integers up to 1e18", "[cli][arguments]") {
    CHECK(parse_count("0", "n") == 0);
    CHECK(parse_count("12345", "n") == 12345);
    CHECK(parse_count("1e12", "n") == 1000000000000ULL);
    CHECK(parse_count("1E15", "n") == 1000000000000000ULL);
    CHECK(parse_count("2.5e3", "n") == 2500);
    CHECK(parse_count("1e18", "n") == 1000000000000000000ULL);
    CHECK(parse_count("1000000000000000000", "n") == 1000000000000000000ULL);
    CHECK(parse_count("999999999999999999", "n") == 999999999999999999ULL);
    // Exact beyond 2^53, where a double would round: 123456789012345678 is
    // not a double, and must come back unchanged.
    CHECK(parse_count("123456789012345678", "n") == 123456789012345678ULL);
    CHECK(parse_count("1.23456789012345678e17", "n") == 123456789012345678ULL);
    CHECK(parse_count("00042", "n") == 42);
    CHECK(parse_count("5", "n", 5) == 5);
}

TEST_CASE("counts reject fractions, negatives, overflow, NaN and junk", "[cli][arguments]") {
    for (const std::string bad : {"1.5", "-3", "-0", "2e18", "1000000000000000001", "1.0000000000000001e18",
                                  "123456789012345678.5", "1e-3", "NaN", "nan", "inf", "", "e5", "1e", "12abc",
                                  "0x10", " 5", "5 ", "+5", "1e400", "99999999999999999999999"}) {
        INFO("text '" << bad << "'");
        CHECK_THROWS_AS(parse_count(bad, "option --n"), UsageError);
    }
    CHECK_THROWS_AS(parse_count("6", "n", 5), UsageError);
    CHECK_THROWS_WITH(parse_count("1.5", "option --n"), Catch::Contains("option --n") && Catch::Contains("'1.5'"));
}

TEST_CASE("reals accept finite decimals and reject the rest", "[cli][arguments]") {
    CHECK(parse_real("0.25", "x") == 0.25);
    CHECK(parse_real("-3", "x") == -3.0);
    CHECK(parse_real("1e-300", "x") == 1e-300);
    CHECK(parse_real("2.5E3", "x") == 2500.0);
    for (const std::string bad : {"NaN", "nan", "inf", "-inf", "1e400", "", "abc", "1.5x", " 1", "0x1p3", "1,5"}) {
        INFO("text '" << bad << "'");
        CHECK_THROWS_AS(parse_real(bad, "option --x"), UsageError);
    }
}

TEST_CASE("options parse in both spellings and read back with the value grammar", "[cli][arguments]") {
    TestCommand command;
    command.parse({"--steps", "1e12", "--alpha=0.5", "--bits", "--n", "10,100", "--w=0.5,1e-3", "input.csv"});
    const ParsedOptions args(command.app);
    CHECK(args.required_count("steps") == 1000000000000ULL);
    CHECK(args.required_real("alpha") == 0.5);
    CHECK(args.flag("bits"));
    CHECK(args.required_text("n") == "10,100");
    CHECK(sklaws::cli::split_list(args.required_text("w"), "--w") == std::vector<std::string>{"0.5", "1e-3"});
    CHECK(args.real_or("delta", 2.0) == 2.0);
    CHECK(args.count_or("small", 7) == 7);
    CHECK_FALSE(args.text("out").has_value());
    CHECK(args.positional("FILE") == "input.csv");
    CHECK_THROWS_WITH(args.required_text("out"), Catch::Contains("--out"));
}

TEST_CASE("bad command lines are refused while parsing, naming the option", "[cli][arguments]") {
    SECTION("missing value at the end") {
        CHECK_THAT(parse_error({"--steps"}), Catch::Contains("--steps"));
    }
    SECTION("missing value before the next option") {
        CHECK_THAT(parse_error({"--steps", "--bits"}), Catch::Contains("--steps"));
        CHECK_THAT(parse_error({"--out", "--steps", "3"}), Catch::Contains("--out"));
    }
    SECTION("negative numbers are values, not options") {
        TestCommand command;
        command.parse({"--delta", "-0.5"});
        CHECK(ParsedOptions(command.app).required_real("delta") == -0.5);
    }
    SECTION("option given twice") {
        CHECK_THAT(parse_error({"--steps", "1", "--steps", "2"}), Catch::Contains("--steps"));
        CHECK_THAT(parse_error({"--steps=1", "--steps=2"}), Catch::Contains("--steps"));
    }
    SECTION("flag given a value") {
        CHECK(parse_error({"--bits=yes"}) != "(no error)");
    }
    SECTION("bad values name the option and the text") {
        CHECK_THAT(parse_error({"--steps", "1.5"}), Catch::Contains("option --steps") && Catch::Contains("'1.5'"));
        CHECK_THAT(parse_error({"--steps", "2e18"}), Catch::Contains("--steps"));
        CHECK_THAT(parse_error({"--small", "6"}), Catch::Contains("--small"));
        CHECK_THAT(parse_error({"--alpha", "NaN"}), Catch::Contains("option --alpha"));
        CHECK_THAT(parse_error({"--n", "10,,100"}), Catch::Contains("--n"));
        CHECK_THAT(parse_error({"--n", "10,100,"}), Catch::Contains("--n"));
        CHECK_THAT(parse_error({"--n", "10,1.5"}), Catch::Contains("'1.5'"));
        CHECK_THAT(parse_error({"--w", "0.5,x"}), Catch::Contains("'x'"));
    }
}

TEST_CASE("a refused value is quoted on one line: control bytes escaped, at most 80 characters", "[cli][arguments]") {
    // Found by tests/fuzz/number_fuzz.cpp: "\n1e-5" was echoed with its
    // newline, so the one-line message became two (regressions/number/).
    CHECK_THROWS_WITH(parse_real("\n1e-5", "option --x"),
                      Catch::Equals("option --x expects a finite real number, got '\\x0a1e-5'"));
    CHECK_THROWS_WITH(parse_count("1\t2", "option --n"), Catch::Contains("got '1\\x092'"));
    const std::string huge(100000, '9');
    try {
        parse_real(huge + "x", "option --x");
        FAIL("accepted");
    } catch (const UsageError& e) {
        const std::string m = e.what();
        CHECK(m.size() < 200);
        CHECK(m.find("got '" + std::string(80, '9') + "...' (100001 bytes)") != std::string::npos);
    }
    CHECK(sklaws::cli::quoted_value(std::string(80, 'a')) == "'" + std::string(80, 'a') + "'");
}
