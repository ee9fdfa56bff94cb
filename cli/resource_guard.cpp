#include "resource_guard.hpp"

#include "arguments.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <unistd.h>

namespace sklaws::cli {

namespace {

// memory.max of the cgroup (v2) this process is in, if it is a number.
std::optional<double> cgroup_memory_limit() {
    std::ifstream self("/proc/self/cgroup");
    std::string line, path;
    while (std::getline(self, line)) {
        if (line.rfind("0::", 0) == 0) path = line.substr(3);  // the unified hierarchy
    }
    if (path.empty()) return std::nullopt;
    std::ifstream limit("/sys/fs/cgroup" + path + "/memory.max");
    std::string text;
    if (!(limit >> text) || text == "max") return std::nullopt;
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (end == text.c_str() || !(v > 0)) return std::nullopt;
    return v;
}

}  // namespace

double available_memory_bytes() {
    const long pages = ::sysconf(_SC_PHYS_PAGES), page = ::sysconf(_SC_PAGESIZE);
    double bytes = pages > 0 && page > 0 ? static_cast<double>(pages) * static_cast<double>(page) : 0;
    if (const auto cgroup = cgroup_memory_limit(); cgroup && (bytes == 0 || *cgroup < bytes)) bytes = *cgroup;
    return bytes > 0 ? bytes : 4.0 * (1 << 30);  // unknown: assume a small machine
}

double default_memory_limit_bytes() { return default_memory_fraction * available_memory_bytes(); }

double parse_memory_size(const std::string& text, const std::string& what) {
    const std::string expected = what + " expects a memory size such as 512M, 8G or 1.5G (bytes, or K/M/G/T for powers "
                                        "of 1024), got '" + text.substr(0, 80) + "'";
    std::size_t split = text.size();
    while (split > 0 && std::isalpha(static_cast<unsigned char>(text[split - 1]))) --split;
    std::string unit = text.substr(split);
    std::transform(unit.begin(), unit.end(), unit.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    if (unit.size() == 3 && unit.substr(1) == "IB") unit = unit.substr(0, 1);  // "GiB" -> "G"
    if (unit.size() == 2 && unit[1] == 'B') unit = unit.substr(0, 1);           // "GB" -> "G" (still 1024^3)
    double scale = 0;
    if (unit.empty() || unit == "B") scale = 1;
    else if (unit == "K") scale = 1024.0;
    else if (unit == "M") scale = 1024.0 * 1024;
    else if (unit == "G") scale = 1024.0 * 1024 * 1024;
    else if (unit == "T") scale = 1024.0 * 1024 * 1024 * 1024;
    else throw UsageError(expected);
    double number = 0;
    try {
        number = parse_real(text.substr(0, split), what);
    } catch (const UsageError&) {
        throw UsageError(expected);
    }
    if (!(number > 0) || !std::isfinite(number * scale)) throw UsageError(expected);
    return number * scale;
}

std::string format_bytes(double bytes) {
    char text[64];
    const double kib = 1024, mib = kib * 1024, gib = mib * 1024, tib = gib * 1024;
    if (!std::isfinite(bytes)) std::snprintf(text, sizeof text, "more than any machine has");
    else if (bytes >= 1024 * tib) std::snprintf(text, sizeof text, "%.3g TiB", bytes / tib);
    else if (bytes >= tib) std::snprintf(text, sizeof text, "%.1f TiB", bytes / tib);
    else if (bytes >= gib) std::snprintf(text, sizeof text, "%.1f GiB", bytes / gib);
    else if (bytes >= mib) std::snprintf(text, sizeof text, "%.0f MiB", bytes / mib);
    else if (bytes >= kib) std::snprintf(text, sizeof text, "%.0f KiB", bytes / kib);
    else std::snprintf(text, sizeof text, "%.0f bytes", bytes);
    return text;
}

std::string format_seconds(double seconds) {
    char text[64];
    if (!std::isfinite(seconds)) std::snprintf(text, sizeof text, "longer than any run can");
    else if (seconds >= 2 * 86400) std::snprintf(text, sizeof text, "%.3g days", seconds / 86400);
    else if (seconds >= 2 * 3600) std::snprintf(text, sizeof text, "%.1f h", seconds / 3600);
    else if (seconds >= 120) std::snprintf(text, sizeof text, "%.0f min", seconds / 60);
    else std::snprintf(text, sizeof text, "%.0f s", seconds);
    return text;
}

void resource_options(CLI::App& app, bool reads_files) {
    text_option(app, "max-memory",
                "refuse (exit 2) a request whose estimated peak memory exceeds SIZE (512M, 8G, ...; default 3/4 of "
                "physical memory)")
        ->group("resources");
    if (reads_files) {
        count_option(app, "max-input-bytes", "refuse input files larger than N bytes (default 1 GiB = 1073741824)")
            ->group("resources");
    }
}

ResourceLimits resource_limits(const ParsedOptions& args) {
    ResourceLimits limits;
    if (const auto text = args.text("max-memory")) {
        limits.max_memory_bytes = parse_memory_size(*text, "option --max-memory");
        limits.from_option = true;
    } else {
        limits.max_memory_bytes = default_memory_limit_bytes();
    }
    return limits;
}

fitting::InputLimits input_limits(const ParsedOptions& args) {
    fitting::InputLimits limits;
    limits.option = "--max-input-bytes";
    if (const auto n = args.count("max-input-bytes")) {
        if (*n == 0) throw UsageError("option --max-input-bytes expects at least 1 byte");
        limits.max_bytes = *n;
    }
    return limits;
}

void require_resources(const ResourceNeeds& needs, const ResourceLimits& limits, const std::string& command,
                       const std::string& what, const std::string& because) {
    const std::string reason = because.empty() ? std::string() : " (" + because + ")";
    if (!(needs.peak_bytes <= limits.max_memory_bytes)) {
        const std::string allowed =
            limits.from_option
                ? "the " + format_bytes(limits.max_memory_bytes) + " that --max-memory allows"
                : "the " + format_bytes(limits.max_memory_bytes) + " allowed by default (3/4 of this machine's " +
                      format_bytes(available_memory_bytes()) + "; raise it with --max-memory SIZE)";
        const std::string amount = std::isfinite(needs.peak_bytes)
                                       ? "about " + format_bytes(needs.peak_bytes) + " of memory"
                                       : "more memory than any machine has";
        throw UsageError(what + " needs " + amount + reason + ", more than " + allowed);
    }
    announce_time(command, what, needs.wall_seconds, because);
}

void announce_time(const std::string& command, const std::string& what, double wall_seconds, const std::string& because) {
    if (!(wall_seconds > kAnnounceSeconds)) return;
    std::cerr << "sklaws " << command << ": " << what << " will take about " << format_seconds(wall_seconds)
              << (because.empty() ? std::string() : " (" + because + ")") << "\n";
}

double peak_resident_bytes() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmHWM:", 0) == 0) return std::strtod(line.c_str() + 6, nullptr) * 1024;
    }
    return 0;
}

}  // namespace sklaws::cli
