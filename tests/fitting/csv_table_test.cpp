// CSV reader: values parsed, and every malformed input rejected with a
// message naming the file, the line and the column.
#include "fitting_test_support.hpp"

#include <catch2/catch.hpp>

#include <sklaws/fitting/csv_table.hpp>
#include <sklaws/fitting/run_table.hpp>

#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace sklaws::fitting;
using Catch::Matchers::Contains;

TEST_CASE("csv: header, comments, blanks, quoting and a BOM are handled", "[fitting][csv]") {
    const auto t = parse_csv("\xEF\xBB\xBF# comment\n\nx, \"y, quoted\" ,z\n1,2,3\n  # another\n4e1,\"5\",6\n", "mem.csv");
    REQUIRE(t.header == std::vector<std::string>{"x", "y, quoted", "z"});
    REQUIRE(t.row_count() == 2);
    CHECK(t.cell(1, 1) == "5");
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

// ---------------------------------------------------------------- issue 14: pandas files and friends

TEST_CASE("csv: pandas to_csv index column is ignored, positions stay the file's", "[fitting][csv]") {
    // df.to_csv() of a frame with columns N, D, loss
    const auto t = parse_csv(",N,D,loss\n0,1e8,2e9,3.1\n1,2e8,4e9,2.9\n", "pd.csv");
    CHECK(t.index_column);
    CHECK(t.numeric_column("N", ValueDomain::positive) == std::vector<double>{1e8, 2e8});
    CHECK_FALSE(t.has_column(""));
    CHECK_THROWS_WITH(t.column_index(""), Contains("no such column") && !Contains("'', "));
    const auto bad = parse_csv(",N,D,loss\n0,1e8,2e9,x\n", "pd.csv");
    CHECK_THROWS_WITH(bad.numeric_column("loss", ValueDomain::positive), Contains("pd.csv:2: column 'loss' (column 4)"));
    // only the first header cell may be unnamed
    CHECK_THROWS_WITH(parse_csv("N,,loss\n1,2,3\n", "e.csv"), Contains("e.csv:1: column 2") && Contains("empty header"));
}

TEST_CASE("csv: --delimiter ';' and tab, with located errors", "[fitting][csv]") {
    const auto semi = parse_csv("N;loss\n1e8;3,5\n", "s.csv", {';'});
    CHECK(semi.header == std::vector<std::string>{"N", "loss"});
    // a decimal comma is not a number: refused with its location
    CHECK_THROWS_WITH(semi.numeric_column("loss", ValueDomain::positive), Contains("s.csv:2: column 'loss' (column 2)") && Contains("'3,5'"));
    const auto tab = parse_csv("N\tloss\n1e8\t3.5\n \t \n", "t.tsv", {'\t'});
    CHECK(tab.numeric_column("loss", ValueDomain::positive) == std::vector<double>{3.5});
    CHECK(parse_delimiter("tab") == '\t');
    CHECK(parse_delimiter("\\t") == '\t');
    CHECK(parse_delimiter(";") == ';');
    CHECK_THROWS_WITH(parse_delimiter("ab"), Contains("--delimiter"));
    CHECK_THROWS_WITH(parse_delimiter("\""), Contains("--delimiter"));
    // a ';' file read with the default comma: the header is one column, and the message says so
    const auto wrong = parse_csv("N;loss\n1;2\n", "w.csv");
    CHECK_THROWS_WITH(wrong.column_index("loss"), Contains("w.csv:1") && Contains("--delimiter"));
    CHECK_THROWS_WITH(parse_csv("a;b\n1;2;3\n", "r.csv", {';'}), Contains("r.csv:2: column 3") && Contains("expected 2"));
}

TEST_CASE("csv: hexadecimal cells are refused like hexadecimal options", "[fitting][csv]") {
    const auto t = parse_csv("x\n0x10\n", "h.csv");
    CHECK_THROWS_WITH(t.numeric_column("x", ValueDomain::finite), Contains("h.csv:2: column 'x' (column 1)") && Contains("'0x10'") && Contains("hexadecimal"));
    const auto p = parse_csv("x\n0x1p3\n", "h.csv");
    CHECK_THROWS_AS(p.numeric_column("x", ValueDomain::positive), InputError);
    const auto ok = parse_csv("x\n+1e3\n2.5E-3\n", "h.csv");
    CHECK(ok.numeric_column("x", ValueDomain::positive) == std::vector<double>{1000, 2.5e-3});
}

TEST_CASE("csv: a bad cell is quoted with at most 80 characters", "[fitting][csv]") {
    const std::string long_cell(500, 'z');
    const auto t = parse_csv("x\n" + long_cell + "\n", "l.csv");
    try {
        (void)t.numeric_column("x", ValueDomain::finite);
        FAIL("no error");
    } catch (const InputError& e) {
        const std::string m = e.what();
        CHECK(m.find("l.csv:2: column 'x' (column 1)") != std::string::npos);
        const auto open = m.find('\''  , m.find("got")), close = m.find('\'', open + 1);
        REQUIRE(close != std::string::npos);
        const std::string quoted = m.substr(open + 1, close - open - 1);
        // 79 characters and the ellipsis (3 bytes in UTF-8)
        CHECK(quoted.size() == 79 + 3);
        CHECK(m.find("(500 bytes)") != std::string::npos);
    }
    CHECK(quote_cell(std::string(80, 'a')) == "'" + std::string(80, 'a') + "'");
    CHECK(quote_cell("a\x01") == "'a\\x01'");
}

TEST_CASE("csv: missing values refused with a hint, dropped and counted with dropna", "[fitting][csv]") {
    const auto t = parse_csv("N,D,loss,note\n1e8,2e9,3.1,\n2e8,,2.9,x\n3e8,4e9,NaN,y\n4e8,5e9,2.5,z\n5e8,6e9,2.4,\n6e8,7e9,2.3,\n",
                             "na.csv");
    CHECK_THROWS_WITH(t.numeric_column("D", ValueDomain::positive), Contains("na.csv:3: column 'D' (column 2)") && Contains("--dropna"));
    const std::vector<ColumnRole> roles{{"N", std::string("N"), {}, ValueDomain::positive, true},
                                        {"D", std::string("D"), {}, ValueDomain::positive, true},
                                        {"loss", std::string("loss"), {}, ValueDomain::positive, true}};
    CHECK_THROWS_WITH(select_columns(t, roles, false), Contains("na.csv:3: column 'D' (column 2)") && Contains("--dropna"));
    const auto s = select_columns(t, roles, true);
    CHECK(s.dropped == 2);
    CHECK(s.dropped_lines == std::vector<std::size_t>{3, 4});
    CHECK(s.lines == std::vector<std::size_t>{2, 5, 6, 7});
    CHECK(s.values[2] == std::vector<double>{3.1, 2.5, 2.4, 2.3});
    // an unused column's empty cells do not matter; a bad (not missing) cell is refused even with dropna
    const auto u = parse_csv("N,loss\n1e8,3\n2e8,-1\n", "neg.csv");
    CHECK_THROWS_WITH(select_columns(u, std::vector<ColumnRole>{roles[0], roles[2]}, true), Contains("neg.csv:3: column 'loss'"));
}

TEST_CASE("csv: run columns found by name, named explicitly, or refused at the header", "[fitting][csv]") {
    const auto epoch = parse_csv("x,Model Size,Training FLOP,loss\n1,1e8,6e17,3\n2,2e8,2.4e18,2.8\n", "e.csv");
    const auto runs = read_runs(epoch, {}, {}, false);
    CHECK(runs.n_column == "Model Size");
    CHECK(runs.d_source == "D = C/(6N) from column 'Training FLOP'");
    CHECK(runs.d[0] == 6e17 / (6.0 * 1e8));
    CHECK(runs.c[1] == 2.4e18);
    const auto custom = parse_csv("params,tokens,final_loss,other_loss\n1e8,2e9,3,9\n", "c.csv");
    CHECK(read_runs(custom, {}, {}, false).loss_column == "final_loss");
    RunColumns named;
    named.loss = "other_loss";
    CHECK(read_runs(custom, named, {}, false).loss == std::vector<double>{9});
    named.loss = "nope";
    CHECK_THROWS_WITH(read_runs(custom, named, {}, false), Contains("c.csv:1: column 'nope'") && Contains("'final_loss'"));
    const auto no_loss = parse_csv("N,D,score\n1,2,3\n", "n.csv");
    CHECK_THROWS_WITH(read_runs(no_loss, {}, {}, false), Contains("n.csv:1: column for loss") && Contains("--loss"));
    const auto no_d = parse_csv("N,loss\n1,2\n", "n.csv");
    CHECK_THROWS_WITH(read_runs(no_d, {}, {}, false), Contains("n.csv:1") && Contains("--D") && Contains("--flops"));
}

TEST_CASE("csv: groups in order of first appearance, missing keys dropped or refused", "[fitting][csv]") {
    const auto t = parse_csv("cfg,seed,x\nb,1,1\na,1,2\nb,1,3\nb,2,4\n,1,5\n", "g.csv");
    CHECK_THROWS_WITH(group_rows(t, std::vector<std::string>{"cfg", "seed"}, false), Contains("g.csv:6: column 'cfg' (column 1)"));
    std::size_t dropped = 0;
    const auto g = group_rows(t, std::vector<std::string>{"cfg", "seed"}, true, &dropped);
    REQUIRE(g.size() == 3);
    CHECK(dropped == 1);
    CHECK(g[0].key == std::vector<std::string>{"b", "1"});
    CHECK(g[0].rows == std::vector<std::size_t>{0, 2});
    CHECK(g[1].key == std::vector<std::string>{"a", "1"});
    CHECK(g[2].rows == std::vector<std::size_t>{3});
    CHECK(split_column_list("source_file,row") == std::vector<std::string>{"source_file", "row"});
    CHECK(split_column_list("\"a,b\",c") == std::vector<std::string>{"a,b", "c"});
    CHECK_THROWS_AS(split_column_list("a,,b"), InputError);
}

TEST_CASE("csv: a file is read streamed, like its text in memory, within its size bound", "[fitting][csv]") {
    const auto path = std::filesystem::temp_directory_path() / ("sklaws_csv_stream_" + std::to_string(::getpid()) + ".csv");
    std::string text = "\xEF\xBB\xBF# runs\r\nN;D;loss\r\n";
    for (int i = 1; i <= 2000; ++i) text += std::to_string(i) + "e6;" + std::to_string(3 * i) + "e8;\"" + std::to_string(2 + 1.0 / i) + "\"\r\n";
    std::ofstream(path, std::ios::binary) << text;
    const auto from_file = read_csv(path, {';'});
    const auto from_text = parse_csv(text, path.string(), {';'});
    REQUIRE(from_file.row_count() == 2000);
    CHECK(from_file.header == from_text.header);
    CHECK(from_file.line_numbers == from_text.line_numbers);
    CHECK(from_file.numeric_column("loss", ValueDomain::positive) == from_text.numeric_column("loss", ValueDomain::positive));
    CHECK(from_file.cell(1999, 0) == "2000e6");
    CHECK(csv_peak_bytes(path, {';'}) >= from_file.memory_bytes());
    CHECK(csv_peak_bytes(path, {';'}) < 20 * text.size());
    std::ofstream(path, std::ios::binary) << std::string("a,b\n1,2\n3,\x01\x02\x03\x04\n");
    CHECK_THROWS_WITH(read_csv(path), Contains(":3: column 3: binary"));
    std::filesystem::remove(path);
}
