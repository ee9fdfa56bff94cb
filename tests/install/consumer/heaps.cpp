// Consumer of the installed sklaws::theory: K1 E[K_n] (docs/theory.md §3) in
// double. Prints "<value to 17 significant digits> <digits guaranteed>" for
// the install test to compare with the oracle (tests/oracle/package.tsv).
#include <sklaws/theory/heaps.hpp>

#include <cstdio>

int main() {
    const double value = sklaws::theory::expected_tables<double>(0.5, 1.0, 1e6);
    const auto evaluation = sklaws::theory::expected_tables_e<double>(0.5, 1.0, 1e6);
    std::printf("%.17g %.0f\n", value, evaluation.digits());
    return 0;
}
