// cli/arguments: option grammar, counts in 1e12 notation up to 1e18, and the
// UsageError (exit status 2 in main) for every kind of bad input.
#include "arguments.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using sklaws::cli::Arguments;
using sklaws::cli::parse_count;
using sklaws::cli::parse_real;
using sklaws::cli::UsageError;

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

TEST_CASE("options parse in both spellings and are marked as used", "[cli][arguments]") {
    Arguments args({"--steps", "1e12", "--alpha=0.5", "--bits", "input.csv"}, {"bits"});
    CHECK(args.required_count("steps") == 1000000000000ULL);
    CHECK(args.required_real("alpha") == 0.5);
    CHECK(args.flag("bits"));
    CHECK_FALSE(args.flag("verbose"));
    CHECK(args.real_or("beta", 2.0) == 2.0);
    CHECK(args.count_or("seed", 7) == 7);
    CHECK_FALSE(args.text("out").has_value());
    REQUIRE(args.positional().size() == 1);
    CHECK(args.positional()[0] == "input.csv");
    CHECK_NOTHROW(args.finish(1));
    CHECK_THROWS_AS(args.finish(0), UsageError);  // one positional too many
}

TEST_CASE("bad command lines throw UsageError naming the option", "[cli][arguments]") {
    SECTION("unknown option") {
        Arguments args({"--stpes", "10"}, {});
        CHECK_THROWS_WITH(args.finish(), Catch::Contains("unknown option --stpes"));
    }
    SECTION("unknown flag") {
        Arguments args({"--verbose"}, {"verbose"});
        CHECK_THROWS_AS(args.finish(), UsageError);
    }
    SECTION("missing value at the end") {
        CHECK_THROWS_WITH(Arguments({"--steps"}, {}), Catch::Contains("--steps expects a value"));
    }
    SECTION("missing value before the next option") {
        CHECK_THROWS_WITH(Arguments({"--steps", "--seed", "3"}, {}), Catch::Contains("--steps expects a value"));
    }
    SECTION("negative numbers are values, not options") {
        Arguments args({"--delta", "-0.5"}, {});
        CHECK(args.required_real("delta") == -0.5);
    }
    SECTION("option given twice") {
        CHECK_THROWS_WITH(Arguments({"--n", "1", "--n", "2"}, {}), Catch::Contains("given twice"));
        CHECK_THROWS_WITH(Arguments({"--n=1", "--n=2"}, {}), Catch::Contains("given twice"));
    }
    SECTION("missing required option") {
        Arguments args({}, {});
        CHECK_THROWS_WITH(args.required_count("n"), Catch::Contains("missing required option --n"));
        CHECK_THROWS_WITH(args.required_real("alpha"), Catch::Contains("--alpha"));
        CHECK_THROWS_WITH(args.required_text("out"), Catch::Contains("--out"));
    }
    SECTION("flag given a value") {
        Arguments args({"--bits=yes"}, {"bits"});
        CHECK_THROWS_WITH(args.flag("bits"), Catch::Contains("takes no value"));
    }
    SECTION("bad count value names the option") {
        Arguments args({"--n", "1.5"}, {});
        CHECK_THROWS_WITH(args.count("n"), Catch::Contains("option --n") && Catch::Contains("'1.5'"));
        Arguments big({"--n", "2e18"}, {});
        CHECK_THROWS_AS(big.required_count("n"), UsageError);
        Arguments nan({"--x", "NaN"}, {});
        CHECK_THROWS_AS(nan.real("x"), UsageError);
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
