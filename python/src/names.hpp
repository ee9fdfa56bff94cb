// Python names for CLI names: '-' becomes '_', and a Python keyword gets a
// trailing '_' (--lambda is lambda_=..., the usual Python spelling); the
// reverse maps a keyword argument back to the option.
#pragma once

#include <algorithm>
#include <set>
#include <string>

namespace sklaws::python {

inline std::string python_name(std::string name) {
    static const std::set<std::string> keywords = {
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def",
        "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda",
        "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield"};
    std::replace(name.begin(), name.end(), '-', '_');
    if (keywords.count(name)) name += '_';
    return name;
}

inline std::string option_name(std::string keyword) {
    if (keyword.size() > 1 && keyword.back() == '_') keyword.pop_back();
    std::replace(keyword.begin(), keyword.end(), '_', '-');
    return keyword;
}

}  // namespace sklaws::python
