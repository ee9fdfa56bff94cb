// bench_fitting_chinchilla: the full Besiroglu et al. (2024) joint-law fit —
// Huber(δ = 1e-3) objective on log L, 4500-start grid, 240 Chinchilla points —
// done by sklaws (Ceres L-BFGS, analytic gradient, TBB over starts) and by
// scipy.optimize.minimize(method="L-BFGS-B") running the same grid
// (bench/fitting_chinchilla_scipy.py, analytic gradient too), in the same run.
// Prints both wall times, the speed-up (target ≥ 20×) and both best
// objectives (target: equal to 1e-8 relative). Exit status 1 if either
// target is missed, 2 if the data (../shared) is absent.
#include <sklaws/fitting/csv_table.hpp>
#include <sklaws/fitting/joint_law_fit.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>

using namespace sklaws::fitting;

namespace {

std::string run_command(const std::string& command) {
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
    if (!pipe) return {};
    std::string out;
    char buffer[512];
    while (std::fgets(buffer, sizeof buffer, pipe.get())) out += buffer;
    return out;
}

double field(const std::string& line, const std::string& key) {
    const auto at = line.find(key + "=");
    if (at == std::string::npos) return NAN;
    return std::stod(line.substr(at + key.size() + 1));
}

}  // namespace

int main() {
    const std::filesystem::path csv =
        std::filesystem::path(SKLAWS_SHARED_DIR) / "data/external/chinchilla-epoch/svg_extracted_data.csv";
    if (!std::filesystem::exists(csv)) {
        std::cerr << "bench_fitting_chinchilla: " << csv.string() << " not found (../shared absent)\n";
        return 2;
    }
    const auto table = read_csv(csv);
    const auto n_all = table.numeric_column("Model Size", ValueDomain::positive);
    const auto c_all = table.numeric_column("Training FLOP", ValueDomain::positive);
    const auto l_all = table.numeric_column("loss", ValueDomain::positive);
    std::vector<double> n, d, l;
    for (auto i : rows_below_top_losses(l_all, 5)) {
        n.push_back(n_all[i]);
        d.push_back(c_all[i] / (6 * n_all[i]));
        l.push_back(l_all[i]);
    }
    const auto data = make_joint_law_data(n, d, l);

    const auto t0 = std::chrono::steady_clock::now();
    const auto fit = fit_joint_law(data);
    const double ours = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

    const std::string script = std::string(SKLAWS_BENCH_DIR) + "/fitting_chinchilla_scipy.py";
    const std::string line = run_command("/usr/bin/python3 '" + script + "' '" + csv.string() + "' 5");
    const double theirs = field(line, "seconds"), their_objective = field(line, "objective");
    if (!std::isfinite(theirs)) {
        std::cerr << "bench_fitting_chinchilla: the scipy baseline did not run: " << line << "\n";
        return 1;
    }
    const double speedup = theirs / ours;
    const double relative = std::abs(fit.objective - their_objective) / their_objective;
    std::printf("Chinchilla joint-law Huber fit, %zu points, %zu starts\n", data.size(), fit.starts);
    std::printf("%-34s %12s %22s %10s\n", "implementation", "seconds", "best objective", "converged");
    std::printf("%-34s %12.3f %22.15g %10zu\n", "sklaws (Ceres L-BFGS, TBB)", ours, fit.objective, fit.converged);
    std::printf("%-34s %12.3f %22.15g %10.0f\n", "scipy L-BFGS-B (same grid)", theirs, their_objective,
                field(line, "converged"));
    std::printf("speed-up %.1fx (target >= 20x); objectives agree to %.2e relative (target <= 1e-8)\n", speedup,
                relative);
    std::printf("sklaws estimate: E %.6g A %.6g B %.6g a %.6g b %.6g\n", fit.E, fit.A, fit.B, fit.a, fit.b);
    std::printf("scipy estimate:  %s", line.c_str());
    return speedup >= 20 && relative <= 1e-8 ? 0 : 1;
}
