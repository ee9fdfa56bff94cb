// Fits that used to "succeed" on input with no answer (issue 18, items 7
// and 8): they are refused with a DomainError naming what is wrong, and the
// intervals they report stay inside the parameter's domain.
#include "../support/run_sklaws.hpp"

#include <sklaws/fitting/pitman_yor_fit.hpp>
#include <sklaws/fitting/power_law_fit.hpp>
#include <sklaws/numerics/errors.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <functional>
#include <fstream>
#include <string>
#include <unistd.h>
#include <vector>

using namespace sklaws::fitting;
using sklaws::numerics::DomainError;

namespace {

std::string message_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const DomainError& e) {
        return e.what();
    }
    return "(accepted)";
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("a power-law fit with every weight zero is refused, not 'converged'", "[fit]") {
    const std::vector<double> x{1, 2, 4, 8, 16, 32}, y{3, 2.5, 2.2, 2.1, 2.05, 2.02};
    const std::vector<double> zero(6, 0.0), two_positive{0, 0, 0, 0, 1, 1}, four_positive{0, 0, 1, 1, 1, 1};
    PowerLawOptions o;
    o.weights = zero;
    CHECK(contains(message_of([&] { fit_power_law(x, y, o); }), "points of positive weight = 0"));
    o.weights = two_positive;
    CHECK(contains(message_of([&] { fit_power_law(x, y, o); }), "at least 4 points with a weight > 0 for 3 free parameters"));
    o.weights = four_positive;
    const auto fit = fit_power_law(x, y, o);
    CHECK(std::isfinite(fit.objective));
}

TEST_CASE("a power-law fit whose squared residuals overflow is refused, never an infinite objective", "[fit]") {
    std::vector<double> x, y;
    for (int i = 0; i <= 20; ++i) {
        x.push_back(std::pow(10.0, -300 + 30 * i));
        y.push_back(x.back());  // y up to 1e300: y^2 overflows double
    }
    CHECK(contains(message_of([&] { fit_power_law(x, y); }), "or the squared residuals overflow double; rescale y"));
    // The same x with a modest y fits, with a finite objective.
    for (int i = 0; i <= 20; ++i) y[i] = 2 + 0.001 * i;
    CHECK(std::isfinite(fit_power_law(x, y).objective));
}

TEST_CASE("a Pitman-Yor fit of counts that are all 1 is refused: the likelihood has no maximum", "[fit]") {
    const std::vector<std::uint64_t> ones(6, 1);
    const std::string m = message_of([&] { fit_pitman_yor(ones); });
    CHECK(contains(m, "every one of the 6 elements was seen once"));
    CHECK(contains(m, "no maximum"));
    PitmanYorFitOptions fixed_alpha;
    fixed_alpha.fixed_alpha = 0.5;  // beta alone has no maximum either
    CHECK(contains(message_of([&] { fit_pitman_yor(ones, fixed_alpha); }), "no maximum"));
    std::vector<std::uint64_t> one_repeat = ones;
    one_repeat[0] = 2;
    CHECK_NOTHROW(fit_pitman_yor(one_repeat));
}

TEST_CASE("a successful fit prints nothing on stderr, however wide its x range", "[fit]") {
    const auto dir = std::filesystem::temp_directory_path() / ("sklaws_fit_quiet_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    {
        std::ofstream csv(dir / "wide.csv");
        csv << "x,y\n";
        for (int i = 0; i <= 20; ++i) csv << "1e" << (-300 + 30 * i) << "," << 2 + 0.001 * i << "\n";
    }
    const auto r = sklaws::test::run_sklaws("fit --form power --json '" + (dir / "wide.csv").string() + "'");
    INFO(r.err);
    CHECK(r.status == 0);
    CHECK(r.err.empty());  // no Ceres/glog lines
    CHECK(r.out.find("\"objective\": null") == std::string::npos);
    std::filesystem::remove_all(dir);
}

TEST_CASE("a Pitman-Yor interval for alpha never reaches above 1", "[fit]") {
    // 80 singletons, three doubletons and a triple: alpha ~ 0.80 with an
    // observed-information SE ~ 0.27, so the unclipped Wald interval is
    // [0.28, 1.32], outside the domain 0 <= alpha < 1.
    std::vector<std::uint64_t> counts(80, 1);
    counts.insert(counts.end(), {2, 2, 2, 3});
    const auto fit = fit_pitman_yor(counts);
    REQUIRE(fit.information_ok);
    CHECK(fit.alpha + 1.96 * fit.se_alpha > 1);  // the case this test is about
    CHECK(fit.alpha_hi <= 1);
    CHECK(fit.alpha_lo >= 0);
    CHECK(fit.at_boundary);
}

TEST_CASE("corpus --bootstrap needs two resamples for an interval and never prints one of NaNs", "[fit]") {
    const auto dir = std::filesystem::temp_directory_path() / ("sklaws_corpus_boot_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto file = dir / "c.txt";
    {
        std::ofstream text(file);
        for (int i = 0; i < 20; ++i) text << "the cat sat on the mat and the dog sat on the log while the cat ran\n";
    }
    const auto one = sklaws::test::run_sklaws("corpus --bootstrap 1 '" + file.string() + "'");
    CHECK(one.status == 2);
    CHECK(one.err.find("--bootstrap expects at least 2 resamples") != std::string::npos);
    const auto two = sklaws::test::run_sklaws("corpus --bootstrap 2 '" + file.string() + "'");
    INFO(two.out << two.err);
    CHECK(two.status == 0);
    CHECK(two.out.find("nan") == std::string::npos);
    CHECK(two.out.find("Heaps h") != std::string::npos);
    std::filesystem::remove_all(dir);
}
