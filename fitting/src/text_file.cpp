#include <sklaws/fitting/text_file.hpp>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <sstream>
#include <system_error>
#include <vector>

namespace sklaws::fitting {

namespace {

void require_regular(const std::filesystem::path& path) {
    const std::string name = path.string();
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    // Located at line 1, column 1 like every other input error, so a message
    // always reads "file:line: column c: what".
    const std::string at = name + ":1: column 1: ";
    if (ec || !std::filesystem::exists(status)) throw InputError(at + "no such file, expected a readable text file");
    if (std::filesystem::is_directory(status)) throw InputError(at + "is a directory, expected a regular text file");
}

}  // namespace

std::string read_text_file(const std::filesystem::path& path) {
    require_regular(path);
    const std::string name = path.string();
    const std::string at = name + ":1: column 1: ";
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

TextFileStats check_text_file(const std::filesystem::path& path, char counted) {
    require_regular(path);
    const std::string name = path.string();
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(name + ":1: column 1: cannot be opened for reading");
    std::vector<char> block(1 << 20);
    TextFileStats stats;
    std::uintmax_t controls = 0;
    std::size_t line = 1, column = 1, first_line = 0, first_column = 0;
    unsigned char first_byte = 0;
    const auto located = [&](std::size_t l, std::size_t c, unsigned char b) {
        char byte[8];
        std::snprintf(byte, sizeof byte, "0x%02x", static_cast<unsigned>(b));
        return InputError(name + ":" + std::to_string(l) + ": column " + std::to_string(c) + ": binary data (byte " + byte +
                          "), expected text");
    };
    while (in) {
        in.read(block.data(), static_cast<std::streamsize>(block.size()));
        const auto got = static_cast<std::size_t>(in.gcount());
        for (std::size_t i = 0; i < got; ++i) {
            const auto c = static_cast<unsigned char>(block[i]);
            if (c == 0) throw located(line, column, c);
            if (is_control(c) && controls++ == 0) {
                first_line = line;
                first_column = column;
                first_byte = c;
            }
            if (block[i] == counted) ++stats.counted;
            if (c == '\n') {
                ++line;
                column = 1;
            } else {
                ++column;
            }
        }
        stats.bytes += got;
    }
    if (in.bad()) throw InputError(name + ": read error");
    if (controls > 0 && controls * 100 > stats.bytes) throw located(first_line, first_column, first_byte);
    stats.lines = line;
    return stats;
}

}  // namespace sklaws::fitting
