// `sklaws fit` as a function (fit_command.cpp), for the Python module: the
// same parsing, fits, JSON and error messages as the command.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace sklaws::cli {

// The fit forms (--form), in --help order: "power", "chinchilla", ...
std::vector<std::string> fit_forms();

// The text of `sklaws fit --help`.
std::string fit_usage();

// The object `sklaws fit <words> --json` prints; words as typed after
// `sklaws fit` (--form F FILE options). UsageError / InputError (a
// DomainError) for bad input, with the command's messages.
nlohmann::ordered_json fit_to_json(const std::vector<std::string>& words);

}  // namespace sklaws::cli
