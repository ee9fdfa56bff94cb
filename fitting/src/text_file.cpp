#include <sklaws/fitting/text_file.hpp>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <sstream>
#include <system_error>

namespace sklaws::fitting {

std::string read_text_file(const std::filesystem::path& path) {
    const std::string name = path.string();
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    // Located at line 1, column 1 like every other input error, so a message
    // always reads "file:line: column c: what".
    const std::string at = name + ":1: column 1: ";
    if (ec || !std::filesystem::exists(status)) throw InputError(at + "no such file, expected a readable text file");
    if (std::filesystem::is_directory(status)) throw InputError(at + "is a directory, expected a regular text file");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(at + "cannot be opened for reading");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) throw InputError(name + ": read error");
    require_text(text, name);
    return text;
}

namespace {

bool is_control(unsigned char c) { return (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7f; }

std::string location_of(const std::string& text, std::size_t offset, const std::string& name) {
    std::size_t line = 1, column = 1;
    for (std::size_t i = 0; i < offset; ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    char byte[8];
    std::snprintf(byte, sizeof byte, "0x%02x", static_cast<unsigned>(static_cast<unsigned char>(text[offset])));
    return name + ":" + std::to_string(line) + ": column " + std::to_string(column) + ": binary data (byte " + byte +
           "), expected text";
}

}  // namespace

void require_text(const std::string& text, const std::string& name) {
    std::size_t controls = 0, first_control = std::string::npos;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == 0) throw InputError(location_of(text, i, name));
        if (is_control(c)) {
            ++controls;
            if (first_control == std::string::npos) first_control = i;
        }
    }
    // A stray control byte in a real text is possible; more than 1 % is not text.
    if (controls > 0 && controls * 100 > text.size()) throw InputError(location_of(text, first_control, name));
}

}  // namespace sklaws::fitting
