// Factories of the registered experiments, one per docs/theory.md group; each is
// defined beside its estimators (heaps_experiments.cpp, ...).
#pragma once

#include <sklaws/validation/experiments.hpp>

namespace sklaws::validation::detail {

ExperimentSpec tables_experiment();
ExperimentSpec block_counts_experiment();
ExperimentSpec zipf_rank_frequency_experiment();
ExperimentSpec entropy_experiment();
ExperimentSpec p_new_experiment();
ExperimentSpec syntax_redundancy_experiment();
ExperimentSpec knowledge_redundancy_experiment();
ExperimentSpec data_scaling_experiment();
ExperimentSpec model_scaling_experiment();
ExperimentSpec acquisition_experiment();
ExperimentSpec fine_tuning_experiment();
ExperimentSpec hallucination_experiment();

// The replicate count a run uses: options.replicates, or the default.
inline std::size_t replicates_for(const RunOptions& options, std::size_t default_replicates) {
    return options.replicates != 0 ? options.replicates : default_replicates;
}

}  // namespace sklaws::validation::detail
