// CSV reader: values parsed, and every malformed input rejected with a
// message naming the file, the line and the column.
#include "fitting_test_support.hpp"

#include <catch2/catch.hpp>

#include <sklaws/fitting/csv_table.hpp>

using namespace sklaws::fitting;
using Catch::Matchers::Contains;

TEST_CASE("csv: header, comments, blanks, quoting and a BOM are handled", "[fitting][csv]") {
    const auto t = parse_csv("\xEF\xBB\xBF# comment\n\nx, \"y, quoted\" ,z\n1,2,3\n  # another\n4e1,\"5\",6\n", "mem.csv");
    REQUIRE(t.header == std::vector<std::string>{"x", "y, quoted", "z"});
    REQUIRE(t.rows.size() == 2);
    CHECK(t.line_numbers == std::vector<std::size_t>{4, 6});
    CHECK(t.numeric_column("x", ValueDomain::positive) == std::vector<double>{1, 40});
    CHECK(t.numeric_column("y, quoted", ValueDomain::finite) == std::vector<double>{2, 5});
}

TEST_CASE("csv: bad cells name file, line and column", "[fitting][csv]") {
    const auto t = parse_csv("a,b\n1,2\n3,abc\n4,-1\n5,inf\n", "runs.csv");
    CHECK_THROWS_WITH(t.numeric_column("b", ValueDomain::finite),
                      Contains("runs.csv:3") && Contains("column 'b' (column 2)") && Contains("abc"));
    const auto u = parse_csv("a,b\n1,2\n4,-1\n", "runs.csv");
    CHECK_THROWS_WITH(u.numeric_column("b", ValueDomain::positive),
                      Contains("runs.csv:3") && Contains("column 'b'") && Contains("positive"));
    const auto v = parse_csv("a,b\n1,nan\n", "runs.csv");
    CHECK_THROWS_WITH(v.numeric_column("b", ValueDomain::finite), Contains("runs.csv:2") && Contains("'nan'"));
    const auto w = parse_csv("a,b\n1,inf\n", "runs.csv");
    CHECK_THROWS_WITH(w.numeric_column("b", ValueDomain::finite), Contains("runs.csv:2") && Contains("'inf'"));
    const auto c = parse_csv("count\n3\n0\n", "c.csv");
    CHECK_THROWS_WITH(c.numeric_column("count", ValueDomain::count), Contains("c.csv:3") && Contains(">= 1"));
    const auto d = parse_csv("count\n2.5\n", "c.csv");
    CHECK_THROWS_AS(d.numeric_column("count", ValueDomain::count), InputError);
}

TEST_CASE("csv: structural errors are located", "[fitting][csv]") {
    CHECK_THROWS_WITH(parse_csv("", "e.csv"), Contains("e.csv:1") && Contains("column 1") && Contains("empty file"));
    CHECK_THROWS_WITH(parse_csv("# only a comment\n", "e.csv"), Contains("empty file"));
    CHECK_THROWS_WITH(parse_csv("a,b\n1,2,3\n", "r.csv"), Contains("r.csv:2") && Contains("column 3") && Contains("expected 2"));
    CHECK_THROWS_WITH(parse_csv("a,a\n", "h.csv"), Contains("h.csv:1") && Contains("duplicate"));
    CHECK_THROWS_WITH(parse_csv("a,\"b\n", "q.csv"), Contains("q.csv:1") && Contains("quoted"));
    CHECK_THROWS_WITH(parse_csv(std::string("a,b\n1,\0\n", 8), "bin.csv"), Contains("bin.csv:2") && Contains("column 3") && Contains("binary"));
    const auto t = parse_csv("a,b\n1,2\n", "m.csv");
    CHECK_THROWS_WITH(t.column_index("loss"), Contains("m.csv:1") && Contains("column 'loss'") && Contains("'a', 'b'"));
    CHECK_THROWS_WITH(t.require_rows(4, "b", "the power form has 3 parameters"),
                      Contains("m.csv:2") && Contains("column 'b'") && Contains("1 data rows") && Contains("at least 4"));
}

TEST_CASE("csv: a directory and a missing file are input errors", "[fitting][csv]") {
    CHECK_THROWS_WITH(read_csv(SKLAWS_ORACLE_DIR), Contains("is a directory"));
    CHECK_THROWS_WITH(read_csv(std::string(SKLAWS_ORACLE_DIR) + "/no-such-file.csv"), Contains("no such file"));
}
