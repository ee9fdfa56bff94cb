// The fits practitioners use, on the published datasets of
// ../shared/data/external (read in place via SKLAWS_SHARED_DIR; each test
// skips with a message when ../shared is absent). Reference numbers: the
// authors' published values (SOURCE.md, fit_summary.csv) and the independent
// numpy/scipy program tests/oracle/fitting_real_data_oracle.py.
#include "fitting_test_support.hpp"

#include <catch2/catch.hpp>

#include <sklaws/fitting/columns.hpp>
#include <sklaws/fitting/csv_table.hpp>
#include <sklaws/fitting/isoflop.hpp>
#include <sklaws/fitting/loss_forms.hpp>
#include <sklaws/fitting/run_table.hpp>

#include <cmath>
#include <filesystem>
#include <map>

using namespace sklaws::fitting;

namespace {

bool present(const std::filesystem::path& path) {
    if (std::filesystem::exists(path)) return true;
    WARN("skipped: " << path.string() << " not found (../shared/data/external absent)");
    return false;
}

std::string cell(const CsvTable& t, std::size_t row, const std::string& column) { return std::string(t.cell(row, t.column_index(column))); }

std::vector<std::size_t> rows_where(const CsvTable& t, const std::function<bool(std::size_t)>& keep) {
    std::vector<std::size_t> rows;
    for (std::size_t r = 0; r < t.row_count(); ++r)
        if (keep(r)) rows.push_back(r);
    return rows;
}

}  // namespace

// Gadre et al. 2024: the over-training form fitted to the paper's default fit
// set (the four small models at M = 20 and the 11M model at M = 320, C4-eval
// loss). SOURCE.md: for RedPajama training their notebook prints relative
// errors 0.7103 % (1.4B, M = 640) and 0.7320 % (6.9B, M = 20), checked here
// to ±0.05 percentage points; the same procedure gives exponent −0.2425,
// E = 1.508 (C4) and −0.2544, E = 1.735 (RefinedWeb), checked to one unit
// of their last printed digit (SOURCE.md's 1.735 is 1.73446 rounded up:
// scipy gives 1.73446 as we do). All values also against scipy.
TEST_CASE("real data: Gadre et al. over-training fit predicts 1.4B and 6.9B", "[fitting][real-data][gadre]") {
    const auto path = fitting_test::external_data("gadre2024-overtraining/derived/runs_flat.csv");
    if (!present(path)) return;
    const auto t = read_csv(path);
    RunColumns columns;
    columns.n = "N_params";
    columns.d = "D_tokens";
    columns.loss = "loss_c4_val";
    struct Published {
        std::string set;
        double exponent, exponent_tol, E, E_tol;
    };
    for (const Published& p : {Published{"rpj", -0.2729, 1e-4, 1.837, 1e-3}, Published{"c4_original", -0.2425, 1e-4, 1.508, 1e-3},
                               Published{"rw_original", -0.2544, 1e-4, 1.735, 1e-3}}) {
        INFO("training set " << p.set);
        const std::vector<std::string> small{"d=96_l=8_h=4", "d=512_l=8_h=4", "d=576_l=24_h=8", "d=1024_l=24_h=8"};
        const auto fit_rows = rows_where(t, [&](std::size_t r) {
            if (cell(t, r, "train_dataset") != p.set) return false;
            const std::string model = cell(t, r, "model"), m = cell(t, r, "tokens_per_param_M");
            return (std::find(small.begin(), small.end(), model) != small.end() && m == "20.0") ||
                   (model == "d=96_l=8_h=4" && m == "320.0");
        });
        REQUIRE(fit_rows.size() == 5);
        const auto runs = read_runs(t, columns, {}, false, fit_rows);
        LossFormOptions o;
        o.form = LossForm::overtraining;
        const auto fit = fit_loss_form(loss_form_data(runs), o);
        CHECK(fit.best_converged);
        CHECK(std::abs(fit.value("exponent") - p.exponent) <= p.exponent_tol);
        CHECK(std::abs(fit.value("E") - p.E) <= p.E_tol);
        CHECK_ORACLE("gadre_" + p.set + "_exponent", fit.value("exponent"));
        CHECK_ORACLE("gadre_" + p.set + "_E", fit.value("E"));
        CHECK_ORACLE("gadre_" + p.set + "_a", fit.value("a"));
        CHECK_ORACLE("gadre_" + p.set + "_b", fit.value("b"));
        const auto held_out = rows_where(t, [&](std::size_t r) {
            return cell(t, r, "train_dataset") == p.set && (cell(t, r, "model") == "open_lm_1b" || cell(t, r, "model") == "open_lm_7b");
        });
        REQUIRE(held_out.size() == 3);
        const auto targets = read_runs(t, columns, {}, false, held_out);
        const auto points = loss_form_data(targets);
        for (std::size_t i = 0; i < points.size(); ++i) {
            const double predicted = loss_form_predict(fit, points, i);
            const double error = 100 * std::abs(predicted - points.y[i]) / points.y[i];
            const std::string model = cell(t, held_out[i], "model");
            const std::string m = cell(t, held_out[i], "tokens_per_param_M");
            const std::string key = "gadre_" + p.set + "_relerr_" + model + "_M" + m.substr(0, m.find('.'));
            INFO(model << " M = " << m << ": relative error " << error << " %");
            CHECK_ORACLE(key, error);
            if (p.set == "rpj" && model == "open_lm_1b" && m == "640.0") CHECK(std::abs(error - 0.7103) <= 0.05);
            if (p.set == "rpj" && model == "open_lm_7b") CHECK(std::abs(error - 0.7320) <= 0.05);
        }
    }
}

// Porian et al. 2024: isoFLOP analysis (isoflop.hpp) of each of the 15
// configurations of isoflop_points.csv, grouped by (source_file, row). The
// issue's bar: a inside the published 95 % interval (fit_summary.csv) for at
// least 12 of 15. Observed: 14 of 15 (only "Reproducing Kaplan et al.", a =
// 0.875 against 0.824–0.846, lies outside); the oracle's re-implementation
// gives the same a to 1e-9, and a parabola through all runs of each budget
// gets 4 of 15 (porian_allruns_a in the oracle table).
TEST_CASE("real data: Porian et al. isoFLOP exponents inside the published intervals", "[fitting][real-data][porian]") {
    const auto points = fitting_test::external_data("porian2024-isoflops/derived/isoflop_points.csv");
    const auto summary = fitting_test::external_data("porian2024-isoflops/derived/fit_summary.csv");
    if (!present(points) || !present(summary)) return;
    const auto t = read_csv(points), s = read_csv(summary);
    const std::vector<std::string> keys{"source_file", "row"};
    const auto groups = group_rows(t, keys, false);
    REQUIRE(groups.size() == 15);
    std::map<std::vector<std::string>, std::size_t> summary_row;
    for (const auto& g : group_rows(s, keys, false)) summary_row[g.key] = g.rows.at(0);
    RunColumns columns;
    columns.flops = "flops";
    columns.d = "D";
    std::size_t inside = 0, allruns_inside = 0;
    for (std::size_t k = 0; k < groups.size(); ++k) {
        const auto runs = read_runs(t, columns, {}, false, groups[k].rows);
        const auto fit = fit_isoflop(runs);
        const std::size_t r = summary_row.at(groups[k].key);
        const double lo = std::stod(cell(s, r, "a_CI95_lo")), hi = std::stod(cell(s, r, "a_CI95_hi"));
        INFO(cell(s, r, "label") << " (" << groups[k].key[0] << " row " << groups[k].key[1] << "): a = " << fit.a
                                 << ", published 95 % interval (" << lo << ", " << hi << "), " << fit.used << " of "
                                 << fit.budgets.size() << " budgets bracketed");
        CHECK_ORACLE("porian_isoflop_a[" + std::to_string(k) + "]", fit.a);
        CHECK(fit.used >= 8);
        CHECK(fit.b == Approx(1 - fit.a).margin(1e-9));  // D = C/(6N) in this file, so D* = C/(6N*)
        const double allruns = fitting_test::reference("porian_allruns_a[" + std::to_string(k) + "]").value;
        inside += lo <= fit.a && fit.a <= hi;
        allruns_inside += lo <= allruns && allruns <= hi;
        // every bracketed budget has its optimum between the neighbouring sizes and an interval around it
        for (const auto& b : fit.budgets) {
            if (!b.bracketed) continue;
            CHECK(b.n_lo < b.n_opt);
            CHECK(b.n_opt < b.n_hi);
            CHECK(b.bracket_lines.size() == 3);
        }
    }
    CHECK(inside >= 12);
    CHECK(inside == 14);
    CHECK(allruns_inside < 12);
    const auto boot_runs = read_runs(t, columns, {}, false, groups[4].rows);
    const auto fit = fit_isoflop(boot_runs);
    const auto boot = bootstrap_isoflop(fit, {400, 7, 0, 0.95});
    CHECK(boot.interval("a").lo < fit.a);
    CHECK(fit.a < boot.interval("a").hi);
}

// The power law of their own per-budget optima (compute_optimal_points.csv):
// weighted least squares of ln N_opt on ln C, weights 1/N_opt_logstd², rows
// with NaN dropped (4, via dropna) — the computation of the published a
// (fit_summary.csv a_exponent_bs_median_weighted), reproduced to 3 decimals.
TEST_CASE("real data: Porian et al. published exponents from their optima", "[fitting][real-data][porian]") {
    const auto optima = fitting_test::external_data("porian2024-isoflops/derived/compute_optimal_points.csv");
    const auto summary = fitting_test::external_data("porian2024-isoflops/derived/fit_summary.csv");
    if (!present(optima) || !present(summary)) return;
    const auto t = read_csv(optima), s = read_csv(summary);
    const std::vector<std::string> keys{"source_file", "row"};
    const auto groups = group_rows(t, keys, true);
    REQUIRE(groups.size() == 15);
    std::map<std::vector<std::string>, std::size_t> summary_row;
    for (const auto& g : group_rows(s, keys, false)) summary_row[g.key] = g.rows.at(0);
    std::size_t dropped = 0;
    for (std::size_t k = 0; k < groups.size(); ++k) {
        const std::vector<ColumnRole> roles{{"x", std::string("flops"), {}, ValueDomain::positive, true},
                                            {"y", std::string("N_opt"), {}, ValueDomain::positive, true},
                                            {"sigma", std::string("N_opt_logstd"), {}, ValueDomain::positive, true}};
        const auto sel = select_columns(t, roles, true, groups[k].rows);
        dropped += sel.dropped;
        LossFormData data;
        data.x = sel.values[0];
        data.y = sel.values[1];
        for (double sigma : sel.values[2]) data.w.push_back(1 / (sigma * sigma));
        LossFormOptions o;
        o.form = LossForm::power;
        o.log_space = true;
        const auto fit = fit_loss_form(data, o);
        const double a = -fit.value("a");  // N* = A C^(-a) in the power form's sign convention
        const double published = std::stod(cell(s, summary_row.at(groups[k].key), "a_exponent_bs_median_weighted"));
        INFO(cell(s, summary_row.at(groups[k].key), "label") << ": a = " << a << ", published " << published);
        CHECK(std::abs(a - published) < 5e-4);
        CHECK_ORACLE("porian_optima_a[" + std::to_string(k) + "]", a);
    }
    CHECK(dropped == 4);
}

// OLMo ladder (Bhagia et al. 2024): the Chinchilla form (Besiroglu et al.'s
// procedure, all 4500 starts) fitted to the final C4 losses of the 16 runs
// 190M–1B × {1, 2, 5, 10}×C (reruns and 0.5×C left out, as the paper's step
// 1), predicting the six 3B runs. The fit (E = 1.040, a = 0.112, b = 0.158)
// under-predicts every 3B run; observed relative errors (prediction −
// actual)/actual: 0.5×C −3.3 % (a length outside the fitted 1–10×C), 1×C
// −1.7 % (rerun −1.7 %), 2×C −0.9 %, 5×C −0.6 %, 10×C −0.9 % — the
// olmo_relerr_* entries of the oracle table, which this test matches,
// together with the fitted E, a, b and every prediction.
TEST_CASE("real data: OLMo ladder fit on <= 1.3B predicts the 3B runs", "[fitting][real-data][olmo]") {
    const auto path = fitting_test::external_data("olmo-ladder-bhagia2024/derived/c4_loss_final.csv");
    if (!present(path)) return;
    const auto t = read_csv(path);
    RunColumns columns;
    columns.n = "N_params";
    columns.d = "D_tokens";
    columns.loss = "c4_loss";
    const auto train = rows_where(t, [&](std::size_t r) {
        const std::string length = cell(t, r, "length");
        return std::stod(cell(t, r, "N_params")) <= 1.3e9 && cell(t, r, "rerun") == "False" && length != "0.5xC";
    });
    REQUIRE(train.size() == 16);
    LossFormOptions o;
    o.form = LossForm::chinchilla;
    const auto fit = fit_loss_form(loss_form_data(read_runs(t, columns, {}, false, train)), o);
    CHECK(fit.best_converged);
    CHECK_ORACLE("olmo_objective", fit.objective);
    CHECK_ORACLE("olmo_E", fit.value("E"));
    CHECK_ORACLE("olmo_a", fit.value("a"));
    CHECK_ORACLE("olmo_b", fit.value("b"));
    const auto test_rows = rows_where(t, [&](std::size_t r) { return cell(t, r, "size_label") == "3B"; });
    REQUIRE(test_rows.size() == 6);
    const auto points = loss_form_data(read_runs(t, columns, {}, false, test_rows));
    for (std::size_t i = 0; i < points.size(); ++i) {
        const std::string run = cell(t, test_rows[i], "run");
        const double predicted = loss_form_predict(fit, points, i);
        const double error = 100 * (predicted - points.y[i]) / points.y[i];
        INFO(run << ": predicted " << predicted << ", actual " << points.y[i] << ", relative error " << error << " %");
        CHECK_ORACLE("olmo_pred_" + run, predicted);
        CHECK_ORACLE("olmo_relerr_" + run, error);
        CHECK(error < 0);
        CHECK(error > (run == "3B-0.5xC" ? -3.5 : -1.8));
    }
}

// Pythia (Biderman et al. 2023): per model, the data-scaling law
// y = E + A·D^(−a) of LAMBADA log-perplexity against tokens, over the
// checkpoints at step ≥ 1000 (16 or 17 per model), least squares as power_law_fit
// does; every fit converges and matches scipy's E, a and objective. The
// exponents (pythia_*_a in the oracle table) are 0.7–1.5: LAMBADA
// log-perplexity falls steeply over the first 13000 steps and then flattens
// (and rises again late in training for the smallest models), so E is close
// to the late-training level.
TEST_CASE("real data: Pythia LAMBADA data-scaling fit per model", "[fitting][real-data][pythia]") {
    const auto path = fitting_test::external_data("pythia-evals/derived/lambada_curves.csv");
    if (!present(path)) return;
    const auto t = read_csv(path);
    const std::vector<std::string> keys{"model"};
    const auto groups = group_rows(t, keys, false);
    REQUIRE(groups.size() == 15);
    for (const auto& g : groups) {
        std::vector<std::size_t> rows;
        for (std::size_t r : g.rows)
            if (std::stod(cell(t, r, "step")) >= 1000) rows.push_back(r);
        REQUIRE(rows.size() >= 16);
        const std::vector<ColumnRole> roles{{"x", std::string("D_tokens"), {}, ValueDomain::positive, true},
                                            {"y", std::string("lambada_logppl"), {}, ValueDomain::finite, true}};
        const auto sel = select_columns(t, roles, false, rows);
        LossFormData data;
        data.x = sel.values[0];
        data.y = sel.values[1];
        LossFormOptions o;
        o.form = LossForm::power;
        const auto fit = fit_loss_form(data, o);
        INFO(g.key[0] << ": E = " << fit.value("E") << ", A = " << fit.value("A") << ", a = " << fit.value("a"));
        CHECK(fit.best_converged);
        CHECK_ORACLE("pythia_" + g.key[0] + "_E", fit.value("E"));
        CHECK_ORACLE("pythia_" + g.key[0] + "_a", fit.value("a"));
        CHECK_ORACLE("pythia_" + g.key[0] + "_objective", fit.objective);
    }
}
