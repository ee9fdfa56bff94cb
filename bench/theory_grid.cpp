// A 1000-point K1 grid at 50 digits in one `sklaws theory` process (issue
// #17: <= 10 ms total), beside mpmath evaluating the same 1000 points in one
// Python process (bench/theory_grid_mpmath.py, /usr/bin/python3).
//
// Ours is the wall time of the whole process (start-up, parsing, the 1000
// evaluations, rendering 1000 JSON objects to /dev/null), best of 7 runs,
// and beside it a one-point run of the same command, so the grid's own cost
// (the difference) is visible apart from the process start-up.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

namespace {

double best_wall_ms(const std::string& command, int runs) {
    double best = 1e300;
    for (int r = 0; r < runs; ++r) {
        const auto t0 = std::chrono::steady_clock::now();
        if (std::system(command.c_str()) != 0) {
            std::fprintf(stderr, "failed: %s\n", command.c_str());
            std::exit(1);
        }
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        if (ms < best) best = ms;
    }
    return best;
}

}  // namespace

int main() {
    const std::string sklaws = SKLAWS_BINARY;
    const std::string base = "'" + sklaws + "' theory expected-tables --alpha 0.5 --beta 1 --digits 50 --json ";
    const double grid = best_wall_ms(base + "--n 1e3:1e12:1000 > /dev/null", 7);
    const double one = best_wall_ms(base + "--n 1e12 > /dev/null", 7);
    const std::string python = "/usr/bin/python3 '" + std::string(SKLAWS_BENCH_DIR) +
                               "/theory_grid_mpmath.py' 0.5 1 1e3 1e12 1000 50";
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(python.c_str(), "r"), pclose);
    double mpmath_s = -1;
    int points = 0;
    if (!pipe || std::fscanf(pipe.get(), "%lf %d", &mpmath_s, &points) != 2) {
        std::fprintf(stderr, "mpmath baseline failed (python3-mpmath installed?)\n");
        return 1;
    }
    std::printf("K1 grid --n 1e3:1e12:1000, alpha 0.5, beta 1, 50 digits\n");
    std::printf("  sklaws theory, whole process (best of 7): %8.2f ms   [target <= 10 ms]  %s\n", grid,
                grid <= 10 ? "met" : "NOT met");
    std::printf("  sklaws theory, one point (start-up):      %8.2f ms   (grid's own cost %.2f ms, %.2f us/point)\n", one,
                grid - one, (grid - one) * 1000 / 1000);
    std::printf("  mpmath, %d points in one process:        %8.2f ms   (%.0fx ours)\n", points, mpmath_s * 1e3,
                mpmath_s * 1e3 / grid);
    return 0;
}
