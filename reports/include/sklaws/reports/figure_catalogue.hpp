// How each experiment's figures are presented in the report: the claim they
// illustrate, a title, a caption saying what to look for, and axis labels
// with units (validation/ names axes by symbol only, e.g. "n"), plus the
// figures the report derives from theory/ and the experiments' numbers:
//
//  * acquisition-curves: A1 accuracy Acc(n, w) against n, one curve per
//    frequency w of the acquisition experiment, its Monte Carlo points at the
//    simulated n;
//  * hallucination-per-element: H1 rate per element
//    (1 − P(stored | w))(1 − 1/V) against w/w*(C), the curve from A2's
//    P(stored | w) = P(Binomial(n, w) > n w*), the points from the
//    hallucination experiment's own Monte Carlo (a learner queried about
//    every element of each band of w/w*, wrong answers counted; see
//    validation/hallucination_by_frequency.hpp), with the band-averaged H1
//    each band is z-tested against.
#pragma once

#include "sklaws/reports/report_document.hpp"

#include <sklaws/validation/experiments.hpp>

#include <string>
#include <vector>

namespace sklaws::reports {

// The claim an experiment's figures belong to ("" if the catalogue has none).
std::string home_claim(const std::string& experiment);

// Applies title, caption and axis labels to a figure of that experiment
// (matched by figure id); figures of a single point per series are dropped
// (returns false) — their number is in the comparison table.
bool present_figure(Figure& figure);

// acquisition-curves (see above) for a finished acquisition experiment.
Figure acquisition_figure(const validation::ExperimentResult& acquisition);

// hallucination-per-element (see above) for a finished hallucination experiment.
Figure hallucination_figure(const validation::ExperimentResult& hallucination);

}  // namespace sklaws::reports
