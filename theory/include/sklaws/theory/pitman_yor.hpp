// The Pitman-Yor knowledge model PY(α, β) of docs/theory.md §2–3 in one include:
// Heaps (K1, K2), the law of K_n (K3), Zipf block counts (K4), α-diversity
// and ranked weights (K5), GEM entropy (K6), p_new (K7) and the EPPF.
// See each header for the formula, domain and accuracy.
#pragma once

#include "block_counts.hpp"
#include "diversity.hpp"
#include "eppf.hpp"
#include "gem_entropy.hpp"
#include "heaps.hpp"
#include "p_new.hpp"
#include "pitman_yor_parameters.hpp"
#include "tables_law.hpp"
