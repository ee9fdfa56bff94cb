// libFuzzer harness: the report's TOML configuration reader
// (reports/report_config.hpp: parse_report_config, validate_experiments) on
// arbitrary bytes, with the real schema of every registered experiment.
//
// Contract checked: parse_report_config either returns a configuration
// whose [run] and [fit] values lie in their documented domains (1 <=
// z_threshold <= 10, 1e-4 <= quick_replicate_fraction <= 1, 2 <=
// quick_min_replicates <= 1e8, 20 <= bootstrap <= 1e5, 0.5 <= confidence <=
// 0.999), or throws ConfigError whose message is one line starting
// "fuzz.toml"; validate_experiments on an accepted configuration either
// throws such a ConfigError or returns, and then every override is a value
// its experiment's parameter accepts (validation::check_parameter: [model]
// alpha = 0 is the model's to take and model-scaling's to refuse, found by
// this harness). A
// crash, a leak, undefined behaviour (the reader once dereferenced an empty
// optional for an integer beyond a double's exact range), another exception
// or a broken invariant is a finding.
#include <sklaws/reports/report_config.hpp>
#include <sklaws/validation/experiments.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

namespace {

using namespace sklaws;

void require(bool condition) {
    if (!condition) std::abort();
}

void check_message(const reports::ConfigError& e) {
    const std::string m = e.what();
    require(m.rfind("fuzz.toml", 0) == 0);
    require(m.find('\n') == std::string::npos);
}

const reports::ConfigSchema& schema() {
    static const reports::ConfigSchema s = reports::config_schema();
    return s;
}

void check_run_and_fit(const reports::ReportConfig& c) {
    require(c.z_threshold >= 1 && c.z_threshold <= 10);
    require(c.quick_replicate_fraction >= 1e-4 && c.quick_replicate_fraction <= 1);
    require(c.quick_min_replicates >= 2 && c.quick_min_replicates <= 100000000);
    require(c.bootstrap >= 20 && c.bootstrap <= 100000);
    require(c.confidence >= 0.5 && c.confidence <= 0.999);
}

// After validate_experiments accepted it: a [model] value is checked against
// the model's domain when read, and against each experiment's own (narrower,
// e.g. alpha > 0) domain there, so only then must every override fit.
void check_overrides(const reports::ReportConfig& c) {
    for (const auto& e : schema().experiments) {
        const validation::ParameterValues values = c.overrides_for(e.name, e.parameters);
        for (const auto& [name, value] : values.items()) {
            bool known = false;
            for (const auto& spec : e.parameters) {
                if (spec.name != name) continue;
                known = true;
                validation::check_parameter(spec, value);  // throws (uncaught: a finding) if out of its domain
            }
            require(known);
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    reports::ReportConfig config;
    try {
        config = reports::parse_report_config(text, "fuzz.toml", schema());
    } catch (const reports::ConfigError& e) {
        check_message(e);
        return 0;
    }
    check_run_and_fit(config);
    try {
        reports::validate_experiments(config);
    } catch (const reports::ConfigError& e) {
        check_message(e);
        return 0;
    }
    check_overrides(config);
    return 0;
}
