#include "sklaws/reports/number_format.hpp"

#include <fmt/format.h>

#include <cmath>

namespace sklaws::reports {

std::string format_number(std::optional<double> value, int digits) {
    if (!value || !std::isfinite(*value)) return "—";
    return fmt::format("{:.{}g}", *value, digits);
}

}  // namespace sklaws::reports
