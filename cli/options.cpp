// CLI11 options with sklaws' value grammar (options.hpp).
#include "options.hpp"

#include <sstream>

namespace sklaws::cli {

namespace {

bool looks_like_option(const std::string& text) { return text.size() > 2 && text.rfind("--", 0) == 0; }

// A CLI11 validator from a check that throws UsageError.
template <class Check>
CLI::Validator grammar(Check check) {
    return CLI::Validator(
        [check](std::string& value) -> std::string {
            if (looks_like_option(value)) return "expects a value, got the option " + value;
            try {
                check(value);
            } catch (const UsageError& e) {
                return e.what();
            }
            return {};
        },
        "");
}

}  // namespace

std::vector<std::string> split_list(const std::string& text, const std::string& what) {
    std::vector<std::string> items;
    std::string item;
    std::stringstream in(text);
    while (std::getline(in, item, ',')) {
        if (item.empty()) throw UsageError(what + " expects a comma-separated list without empty items, got '" + text + "'");
        items.push_back(item);
    }
    if (items.empty() || text.back() == ',') {
        throw UsageError(what + " expects a comma-separated list without empty items, got '" + text + "'");
    }
    return items;
}

CLI::Option* real_option(CLI::App& app, const std::string& name, const std::string& doc) {
    const std::string what = "option --" + name;
    return app.add_option("--" + name, doc)
        ->check(grammar([what](const std::string& v) { parse_real(v, what); }))
        ->type_name("X");
}

CLI::Option* count_option(CLI::App& app, const std::string& name, const std::string& doc, std::uint64_t max) {
    const std::string what = "option --" + name;
    return app.add_option("--" + name, doc)
        ->check(grammar([max, what](const std::string& v) { parse_count(v, what, max); }))
        ->type_name("N");
}

CLI::Option* text_option(CLI::App& app, const std::string& name, const std::string& doc) {
    return app.add_option("--" + name, doc)->check(grammar([](const std::string&) {}))->type_name("TEXT");
}

CLI::Option* list_option(CLI::App& app, const std::string& name, const std::string& doc, bool counts) {
    const std::string what = "option --" + name;
    return app.add_option("--" + name, doc)
        ->check(grammar([counts, what](const std::string& v) {
            for (const auto& item : split_list(v, what)) {
                if (counts) parse_count(item, what);
                else parse_real(item, what);
            }
        }))
        ->type_name(counts ? "N,N,..." : "X,X,...");
}

CLI::Option* flag_option(CLI::App& app, const std::string& name, const std::string& doc) {
    return app.add_flag("--" + name, doc)->disable_flag_override();
}

CLI::Option* positional_option(CLI::App& app, const std::string& name, const std::string& doc) {
    return app.add_option(name, doc);
}

const CLI::Option* ParsedOptions::option(const std::string& name) const {
    const CLI::Option* o = app_.get_option_no_throw("--" + name);
    return o ? o : app_.get_option_no_throw(name);
}

const std::string* ParsedOptions::overridden(const std::string& name) const {
    if (!overrides_) return nullptr;
    for (const auto& [key, value] : *overrides_)
        if (key == name) return &value;
    return nullptr;
}

bool ParsedOptions::has(const std::string& name) const {
    if (overridden(name)) return true;
    const CLI::Option* o = option(name);
    return o && o->count() > 0;
}

std::optional<std::string> ParsedOptions::text(const std::string& name) const {
    if (const std::string* value = overridden(name)) return *value;
    const CLI::Option* o = option(name);
    if (!o || o->count() == 0 || o->results().empty()) return std::nullopt;
    return o->results().front();
}

std::string ParsedOptions::required_text(const std::string& name) const {
    auto v = text(name);
    if (!v) throw UsageError("missing required option --" + name);
    return *v;
}

std::optional<double> ParsedOptions::real(const std::string& name) const {
    auto t = text(name);
    if (!t) return std::nullopt;
    return parse_real(*t, "option --" + name);
}

double ParsedOptions::required_real(const std::string& name) const {
    return parse_real(required_text(name), "option --" + name);
}

double ParsedOptions::real_or(const std::string& name, double fallback) const { return real(name).value_or(fallback); }

std::optional<std::uint64_t> ParsedOptions::count(const std::string& name, std::uint64_t max) const {
    auto t = text(name);
    if (!t) return std::nullopt;
    return parse_count(*t, "option --" + name, max);
}

std::uint64_t ParsedOptions::required_count(const std::string& name, std::uint64_t max) const {
    return parse_count(required_text(name), "option --" + name, max);
}

std::uint64_t ParsedOptions::count_or(const std::string& name, std::uint64_t fallback, std::uint64_t max) const {
    return count(name, max).value_or(fallback);
}

std::optional<std::string> ParsedOptions::positional(const std::string& name) const {
    const CLI::Option* o = app_.get_option_no_throw(name);
    if (!o || o->count() == 0 || o->results().empty()) return std::nullopt;
    return o->results().front();
}

}  // namespace sklaws::cli
