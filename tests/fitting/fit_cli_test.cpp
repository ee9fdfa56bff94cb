// `sklaws fit` / `sklaws corpus` end to end (SKLAWS_BINARY): every bad input
// named in issue 4 exits with status 2, prints one line on stderr naming the
// file, the line and the column, and writes nothing on stdout; good input
// reproduces the library fit and is identical for any --threads.
#include "../support/run_sklaws.hpp"
#include "../support/scratch_directory.hpp"
#include "fitting_test_support.hpp"

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>

namespace fs = std::filesystem;

namespace {

// This file's directory, removed at exit.
const sklaws::test::ScratchDirectory& directory() {
    static const sklaws::test::ScratchDirectory dir("fit-cli");
    return dir;
}
const fs::path& scratch() { return directory().path(); }

using sklaws::test::run_sklaws;

fs::path write_file(const std::string& name, const std::string& content) { return directory().write(name, content); }

// Exit 2, nothing on stdout, exactly one stderr line naming file, line and column.
void check_rejected(const std::string& arguments, const fs::path& file, const std::string& line,
                    const std::string& what) {
    const auto r = run_sklaws(arguments);
    INFO("sklaws " << arguments << "\nstderr: " << r.err);
    CHECK(r.status == 2);
    CHECK(r.out.empty());
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    CHECK(r.err.find(file.string()) != std::string::npos);
    CHECK(r.err.find(file.string() + ":" + line + ":") != std::string::npos);
    CHECK(r.err.find("column") != std::string::npos);
    CHECK(r.err.find(what) != std::string::npos);
}

}  // namespace

TEST_CASE("fit cli: every bad input exits 2 with file, line and column", "[fitting][cli]") {
    const std::string good_rows = "x,y\n1,5\n10,3\n100,2.5\n1000,2.2\n";
    {
        const auto f = write_file("missing_column.csv", good_rows);
        check_rejected("fit --form power '" + f.string() + "' --y loss", f, "1", "'loss'");
    }
    {
        const auto f = write_file("non_numeric.csv", "x,y\n1,5\n10,abc\n100,2.5\n1000,2.2\n");
        check_rejected("fit --form power '" + f.string() + "'", f, "3", "abc");
    }
    {
        const auto f = write_file("nan.csv", "x,y\n1,5\n10,3\n100,nan\n1000,2.2\n");
        check_rejected("fit --form power '" + f.string() + "'", f, "4", "nan");
    }
    {
        const auto f = write_file("inf.csv", "# runs\nx,y\n1,5\n10,3\n100,2.5\n1000,-inf\n");
        check_rejected("fit --form power '" + f.string() + "'", f, "6", "inf");
    }
    {
        const auto f = write_file("nonpositive.csv", "x,y\n1,5\n0,3\n100,2.5\n1000,2.2\n");
        check_rejected("fit --form power '" + f.string() + "'", f, "3", "positive");
        const auto g = write_file("nonpositive_loss.csv", "N,D,loss\n1e8,1e9,3\n1e9,1e10,-2\n");
        check_rejected("fit --form chinchilla '" + g.string() + "'", g, "3", "positive");
    }
    {
        const auto f = write_file("too_few.csv", "x,y\n1,5\n10,3\n100,2.5\n");
        check_rejected("fit --form power '" + f.string() + "'", f, "4", "at least 4");
        const auto g = write_file("too_few_joint.csv", "N,D,loss\n1e8,1e9,3\n1e9,1e10,2.5\n2e9,1e10,2.4\n");
        // 5 free parameters + 1, and the 5 highest losses dropped first by default
        check_rejected("fit --form chinchilla '" + g.string() + "'", g, "4", "at least 11");
        check_rejected("fit --form chinchilla '" + g.string() + "' --exclude-top-loss 0", g, "4", "at least 6");
    }
    {
        const auto f = write_file("empty.csv", "");
        check_rejected("fit --form power '" + f.string() + "'", f, "1", "empty");
    }
    {
        const auto d = scratch() / "a_directory";
        fs::create_directories(d);
        check_rejected("fit --form power '" + d.string() + "'", d, "1", "directory");
    }
    {
        std::string garbage = "x,y\n1,2\n";
        for (int i = 0; i < 256; ++i) garbage += static_cast<char>((i * 37) & 0xff);
        const auto f = write_file("garbage.csv", garbage);
        check_rejected("fit --form power '" + f.string() + "'", f, "3", "binary");
    }
    {
        const auto f = write_file("zero_count.csv", "count\n3\n0\n1\n");
        check_rejected("fit --form pitman-yor '" + f.string() + "'", f, "3", ">= 1");
    }
    {
        const auto f = write_file("garbage.txt", std::string("ab\0cd", 5));
        check_rejected("corpus '" + f.string() + "'", f, "1", "binary");
    }
}

TEST_CASE("fit cli: usage errors exit 2", "[fitting][cli]") {
    const auto power = std::string(SKLAWS_ORACLE_DIR) + "/fitting_power_data.csv";
    CHECK(run_sklaws("fit --form cubic '" + power + "'").status == 2);
    CHECK(run_sklaws("fit --form power").status == 2);
    CHECK(run_sklaws("fit --form power '" + power + "' --bogus 1").status == 2);
}

TEST_CASE("fit cli: power fit matches the oracle; bootstrap identical for 1 and 2 threads", "[fitting][cli]") {
    const auto power = std::string(SKLAWS_ORACLE_DIR) + "/fitting_power_data.csv";
    const auto one = run_sklaws("fit --form power '" + power + "' --json --bootstrap 200 --seed 9 --threads 1");
    const auto two = run_sklaws("fit --form power '" + power + "' --json --bootstrap 200 --seed 9 --threads 2");
    REQUIRE(one.status == 0);
    CHECK(one.err.empty());
    CHECK(one.out == two.out);
    const auto j = nlohmann::json::parse(one.out);
    CHECK_ORACLE("power_E", j["E"]["estimate"].get<double>());
    CHECK_ORACLE("power_a", j["a"]["estimate"].get<double>());
    const auto ci = j["a"]["ci"];
    CHECK(ci[0].get<double>() <= j["a"]["estimate"].get<double>());
    CHECK(j["a"]["estimate"].get<double>() <= ci[1].get<double>());
    CHECK(j["implied_alpha"]["if_data_exponent"]["estimate"].get<double>() ==
          Approx(1 - j["a"]["estimate"].get<double>()).epsilon(1e-12));
    CHECK(j.contains("objective"));
    CHECK(j.contains("starts"));
    CHECK(j.contains("converged"));
}

TEST_CASE("fit cli: pitman-yor fit of the oracle counts", "[fitting][cli]") {
    const auto counts = std::string(SKLAWS_ORACLE_DIR) + "/fitting_py_counts.csv";
    const auto r = run_sklaws("fit --form pitman-yor '" + counts + "' --json");
    REQUIRE(r.status == 0);
    const auto j = nlohmann::json::parse(r.out);
    CHECK_ORACLE("py_alpha", j["alpha"]["estimate"].get<double>());
    CHECK_ORACLE("py_se_alpha", j["alpha"]["se"].get<double>());
    CHECK(j["alpha"]["ci"].size() == 2);
}
