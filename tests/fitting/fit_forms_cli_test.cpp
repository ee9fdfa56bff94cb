// `sklaws fit` with the issue-14 options end to end (SKLAWS_BINARY): pandas
// CSVs, --dropna, --delimiter, --group, --tie-exponents, --fix, --predict,
// --residuals, the isoflop form, and --help naming every form and option.
// Numbers are checked against the library tests' oracles (the command only
// formats what fitting/ computes); here the point is that every option
// reaches it and every bad input keeps its located message.
#include "../support/run_sklaws.hpp"
#include "../support/scratch_directory.hpp"
#include "fitting_test_support.hpp"

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace fs = std::filesystem;
using sklaws::test::run_sklaws;

namespace {

// This file's directory, removed at exit.
const sklaws::test::ScratchDirectory& directory() {
    static const sklaws::test::ScratchDirectory dir("fit-forms-cli");
    return dir;
}
const fs::path& scratch() { return directory().path(); }

fs::path write_file(const std::string& name, const std::string& content) { return directory().write(name, content); }

std::string quoted(const fs::path& p) { return "'" + p.string() + "'"; }

nlohmann::json fit_json(const std::string& arguments) {
    const auto r = run_sklaws("fit " + arguments + " --json");
    INFO("sklaws fit " << arguments << "\nstderr: " << r.err);
    REQUIRE(r.status == 0);
    return nlohmann::json::parse(r.out);
}

void check_refused(const std::string& arguments, const std::string& where, const std::string& what) {
    const auto r = run_sklaws("fit " + arguments);
    INFO("sklaws fit " << arguments << "\nstderr: " << r.err);
    CHECK(r.status == 2);
    CHECK(r.out.empty());
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    CHECK(r.err.find(where) != std::string::npos);
    CHECK(r.err.find(what) != std::string::npos);
}

// The synthetic power data as pandas writes it (index column), ';'-separated and tab-separated.
std::string power_rows(char delimiter, bool index) {
    const auto t = fitting_test::oracle_csv("fitting_power_data.csv");
    std::string out = std::string(index ? std::string(1, delimiter) : "") + "x" + delimiter + "y\n";
    for (std::size_t r = 0; r < t.row_count(); ++r)
        out += (index ? std::to_string(r) + delimiter : "") + std::string(t.cell(r, 0)) + delimiter + std::string(t.cell(r, 1)) + "\n";
    return out;
}

}  // namespace

TEST_CASE("fit cli: pandas files, delimiters, dropna", "[fitting][cli][csv]") {
    const auto plain = fit_json("--form power '" + std::string(SKLAWS_ORACLE_DIR) + "/fitting_power_data.csv'");
    for (const auto& [name, delimiter, text] : {std::tuple{"pandas.csv", ",", power_rows(',', true)},
                                                 std::tuple{"semi.csv", ";", power_rows(';', false)},
                                                 std::tuple{"tab.tsv", "tab", power_rows('\t', true)}}) {
        const auto f = write_file(name, text);
        const auto j = fit_json("--form power " + quoted(f) + " --delimiter '" + delimiter + "'");
        INFO(name);
        CHECK(j["a"]["estimate"] == plain["a"]["estimate"]);
        CHECK(j["points"] == plain["points"]);
    }
    // NaN and empty cells: refused with file:line:column and the hint, or dropped and counted
    auto text = power_rows(',', true);
    text += "100,1e12,\n101,,3\n102,1e13,NaN\n";
    const auto f = write_file("na.csv", text);
    const std::size_t first_bad = 2 + 25;  // header, 25 rows, then the empty y
    check_refused("--form power " + quoted(f), f.string() + ":" + std::to_string(first_bad) + ": column 'y' (column 3)", "--dropna");
    const auto j = fit_json("--form power " + quoted(f) + " --dropna");
    CHECK(j["points"] == plain["points"]);
    CHECK(j["dropped_missing"]["rows"] == 3);
    CHECK(j["dropped_missing"]["lines"] == nlohmann::json::array({27, 28, 29}));
    CHECK(j["a"]["estimate"] == plain["a"]["estimate"]);
    // hexadecimal and long cells
    const auto hex = write_file("hex.csv", "x,y\n1,5\n10,0x10\n100,2.5\n1000,2.2\n");
    check_refused("--form power " + quoted(hex), hex.string() + ":3: column 'y' (column 2)", "hexadecimal");
    const auto longcell = write_file("long.csv", "x,y\n1,5\n10," + std::string(300, '7') + "z\n100,2.5\n1000,2.2\n");
    const auto r = run_sklaws("fit --form power " + quoted(longcell));
    CHECK(r.status == 2);
    CHECK(r.err.size() < 300);
    CHECK(r.err.find("(301 bytes)") != std::string::npos);
    check_refused("--form power " + quoted(f) + " --delimiter xx", "--delimiter", "expected");
}

// Gadre et al.'s default procedure through the command: fit the five runs,
// predict the held-out ones with relative errors (0.71 % and 0.73 % for the
// 1.4B M = 640 and 6.9B M = 20 RedPajama models, SOURCE.md).
TEST_CASE("fit cli: over-training form with --predict on the Gadre et al. runs", "[fitting][cli][real-data]") {
    const auto path = fitting_test::external_data("gadre2024-overtraining/derived/runs_flat.csv");
    if (!fs::exists(path)) {
        WARN("skipped: " << path.string() << " not found (../shared absent)");
        return;
    }
    const auto t = sklaws::fitting::read_csv(path);
    std::string fit_rows = "N_params,D_tokens,loss_c4_val\n", predict_rows = "N_params,D_tokens,loss_c4_val,model\n";
    for (std::size_t r = 0; r < t.row_count(); ++r) {
        const auto cell = [&](const char* c) { return std::string(t.cell(r, t.column_index(c))); };
        if (cell("train_dataset") != "rpj") continue;
        const std::string m = cell("tokens_per_param_M"), model = cell("model");
        const std::string row = cell("N_params") + "," + cell("D_tokens") + "," + cell("loss_c4_val");
        if ((model.rfind("d=", 0) == 0 && m == "20.0") || (model == "d=96_l=8_h=4" && m == "320.0")) fit_rows += row + "\n";
        if (model == "open_lm_1b" || model == "open_lm_7b") predict_rows += row + "," + model + "-" + m + "\n";
    }
    const auto train = write_file("gadre_fit.csv", fit_rows), held = write_file("gadre_predict.csv", predict_rows);
    const auto j = fit_json("--form overtraining " + quoted(train) + " --N N_params --D D_tokens --loss loss_c4_val --predict " +
                            quoted(held) + " --residuals --bootstrap 50");
    CHECK(j["points"] == 5);
    CHECK(std::abs(j["chinchilla_equivalent"]["exponent"]["estimate"].get<double>() - -0.2729) <= 1e-4);
    const auto& rows = j["predictions"]["rows"];
    REQUIRE(rows.size() == 3);
    CHECK(std::abs(100 * std::abs(rows[1]["relative_error"].get<double>()) - 0.7103) <= 0.05);
    CHECK(std::abs(100 * std::abs(rows[2]["relative_error"].get<double>()) - 0.7320) <= 0.05);
    for (const auto& r : rows) {
        CHECK(r["ci"][0].get<double>() <= r["prediction"].get<double>());
        CHECK(r["prediction"].get<double>() <= r["ci"][1].get<double>());
    }
    CHECK(j["residuals"].size() == 5);
}

TEST_CASE("fit cli: --group, --fix, --tie-exponents and the isoflop form", "[fitting][cli][real-data]") {
    const auto optima = fitting_test::external_data("porian2024-isoflops/derived/compute_optimal_points.csv");
    const auto points = fitting_test::external_data("porian2024-isoflops/derived/isoflop_points.csv");
    if (!fs::exists(optima) || !fs::exists(points)) {
        WARN("skipped: Porian et al. data not found (../shared absent)");
        return;
    }
    const auto groups = fit_json("--form power " + quoted(optima) +
                                 " --space log --x flops --y N_opt --sigma N_opt_logstd --group source_file,row --dropna");
    REQUIRE(groups.is_array());
    REQUIRE(groups.size() == 15);
    CHECK(groups[0]["group"]["source_file"] == "data/summary_df.pickle.xz");
    CHECK(groups[0]["group"]["row"] == 0);
    for (std::size_t k = 0; k < 15; ++k)
        CHECK(-groups[k]["a"]["estimate"].get<double>() ==
              Approx(fitting_test::reference("porian_optima_a[" + std::to_string(k) + "]").value).epsilon(1e-9));
    const auto iso = fit_json("--form isoflop " + quoted(points) + " --flops flops --group source_file,row --bootstrap 100");
    REQUIRE(iso.size() == 15);
    for (std::size_t k = 0; k < 15; ++k) {
        CHECK(iso[k]["a"]["estimate"].get<double>() ==
              Approx(fitting_test::reference("porian_isoflop_a[" + std::to_string(k) + "]").value).epsilon(1e-9));
        CHECK(iso[k]["budgets"].size() >= 10);
        CHECK(iso[k]["a"]["ci"].size() == 2);
    }
    const auto fixed = fit_json("--form isoflop " + quoted(points) + " --flops flops --group source_file,row --fix a=0.5");
    CHECK(fixed[0]["a"]["fixed"] == true);
    CHECK(fixed[0]["a"]["estimate"] == 0.5);
    // chinchilla: tied, and fixed parameters reported as fixed
    const std::string joint = "'" + std::string(SKLAWS_ORACLE_DIR) + "/fitting_joint_data.csv' --exclude-top-loss 0";
    const auto tied = fit_json("--form chinchilla " + joint + " --tie-exponents");
    CHECK(tied["a"]["estimate"] == tied["b"]["estimate"]);
    CHECK(tied["tied"] == "a = b");
    CHECK_ORACLE("tied_a", tied["a"]["estimate"].get<double>());
    CHECK_ORACLE("tied_E", tied["E"]["estimate"].get<double>());
    const auto held = fit_json("--form chinchilla " + joint + " --fix E=1.8,b=0.37");
    CHECK(held["E"]["fixed"] == true);
    CHECK(held["b"]["estimate"] == 0.37);
    CHECK_FALSE(held["A"].contains("fixed"));
    CHECK_ORACLE("fixedEb_a", held["a"]["estimate"].get<double>());
    check_refused("--form chinchilla " + joint + " --fix C=1", "--fix", "no parameter 'C'");
    check_refused("--form chinchilla " + joint + " --fix E", "--fix", "NAME=VALUE");
    check_refused("--form power " + joint + " --tie-exponents", "--tie-exponents", "does not apply");
}

TEST_CASE("fit cli: Chinchilla on the Epoch file reproduces the published fit by default", "[fitting][cli][real-data]") {
    const auto path = fitting_test::chinchilla_csv();
    if (!fs::exists(path)) {
        WARN("skipped: Chinchilla data not found (../shared absent)");
        return;
    }
    const auto j = fit_json("--form chinchilla " + quoted(path));
    CHECK(j["points"] == 240);
    CHECK(j["excluded_top_loss"]["rows"] == 5);
    CHECK(std::abs(j["objective"].get<double>() - 0.0010182740) <= 1e-10);
    CHECK(std::abs(j["b"]["estimate"].get<double>() - 0.36716) <= 2e-5);
}

TEST_CASE("fit cli: --help documents every form and option", "[fitting][cli]") {
    const auto r = run_sklaws("fit --help");
    REQUIRE(r.status == 0);
    for (const char* word : {"power", "chinchilla", "overtraining", "data-constrained", "isoflop", "pitman-yor", "--group",
                             "--fix", "--predict", "--residuals", "--dropna", "--delimiter", "--tie-exponents",
                             "--unique-tokens", "--exclude-top-loss", "--bootstrap", "--N", "--D", "--flops", "--loss",
                             "--x", "--y", "--weights", "--sigma", "--space", "--counts", "--budget-tolerance",
                             "--huber-delta", "--robust", "R_D", "eta", "G_N", "alpha"}) {
        INFO(word);
        CHECK(r.out.find(word) != std::string::npos);
    }
}
