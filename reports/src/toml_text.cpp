#include "toml_text.hpp"

#include "sklaws/reports/report_config.hpp"

#include <fmt/format.h>

#include <cstddef>
#include <cstdint>

namespace sklaws::reports::detail {
namespace {

// Non-ASCII characters toml++ 3.3 takes for horizontal whitespace (its
// defined answers: U+00A0, U+1680, U+180E, U+2000..U+200B, U+202F,
// U+205F..U+2060, U+3000, U+FEFF); it skips them after a line-ending
// backslash, so the scan below must too to stay in step with it.
bool toml_non_ascii_blank(char32_t c) {
    return c == 0xA0 || c == 0x1680 || c == 0x180E || (c >= 0x2000 && c <= 0x200B) || c == 0x202F ||
           (c >= 0x205F && c <= 0x2060) || c == 0x3000 || c == 0xFEFF;
}

std::string code_point_name(char32_t c) { return fmt::format("U+{:04X}", static_cast<std::uint32_t>(c)); }

// A strict UTF-8 decoder (RFC 3629, table 3-7 of the Unicode standard) that
// tracks line and column, over which the scanner below walks.
class Decoder {
public:
    Decoder(std::string_view text, const std::string& source) : text_(text), source_(source) {}

    bool done() const { return pos_ >= text_.size(); }

    // The next character without consuming it (decoding it, so that an
    // invalid sequence is reported where it starts).
    char32_t peek() {
        if (!ahead_valid_) {
            ahead_ = decode(ahead_length_);
            ahead_valid_ = true;
        }
        return ahead_;
    }

    char32_t next() {
        const char32_t c = peek();
        ahead_valid_ = false;
        pos_ += ahead_length_;
        if (c == U'\n') {
            ++line_;
            column_ = 1;
        } else {
            ++column_;
        }
        return c;
    }

    // Whether the text at the current position starts with `n` copies of q.
    bool starts_with(char q, std::size_t n) const {
        if (text_.size() - pos_ < n) return false;
        for (std::size_t i = 0; i < n; ++i) {
            if (text_[pos_ + i] != q) return false;
        }
        return true;
    }

    // The error at the character about to be read.
    [[noreturn]] void fail(const std::string& message) const {
        throw ConfigError(source_ + ":" + std::to_string(line_) + ":" + std::to_string(column_) + ": " + message);
    }

private:
    std::uint8_t byte(std::size_t i) const { return static_cast<std::uint8_t>(text_[pos_ + i]); }

    [[noreturn]] void invalid(const std::string& what) const {
        fail("invalid UTF-8: " + what + " (a TOML document must be UTF-8 text)");
    }

    char32_t decode(std::size_t& length) const {
        const std::uint8_t b0 = byte(0);
        if (b0 < 0x80) {
            length = 1;
            return b0;
        }
        if (b0 <= 0xBF) invalid(fmt::format("byte 0x{:02X} continues a sequence that never started", b0));
        if (b0 == 0xC0 || b0 == 0xC1 || b0 >= 0xF5) invalid(fmt::format("byte 0x{:02X} never occurs in UTF-8", b0));
        length = b0 < 0xE0 ? 2 : b0 < 0xF0 ? 3 : 4;
        // The second byte's range depends on the first (this is where
        // overlong forms, surrogates and code points past U+10FFFF fail).
        std::uint8_t low = 0x80, high = 0xBF;
        const char* reason = "";
        if (b0 == 0xE0 || b0 == 0xF0) {
            low = b0 == 0xE0 ? 0xA0 : 0x90;
            reason = "an overlong encoding";
        } else if (b0 == 0xED) {
            high = 0x9F;
            reason = "a UTF-16 surrogate (U+D800..U+DFFF)";
        } else if (b0 == 0xF4) {
            high = 0x8F;
            reason = "a code point beyond U+10FFFF";
        }
        if (text_.size() - pos_ < length) {
            invalid(fmt::format("the file ends inside the {}-byte sequence starting 0x{:02X}", length, b0));
        }
        char32_t c = b0 & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07);
        for (std::size_t i = 1; i < length; ++i) {
            const std::uint8_t b = byte(i);
            const bool in_range = i == 1 ? (b >= low && b <= high) : (b >= 0x80 && b <= 0xBF);
            if (!in_range) {
                if (i == 1 && b >= 0x80 && b <= 0xBF) {
                    invalid(fmt::format("bytes 0x{:02X} 0x{:02X} start {}", b0, b, reason));
                }
                invalid(fmt::format("byte {} of the {}-byte sequence starting 0x{:02X} is 0x{:02X}, not a continuation "
                                    "byte 0x80..0xBF",
                                    i + 1, length, b0, b));
            }
            c = (c << 6) | (b & 0x3F);
        }
        return c;
    }

    std::string_view text_;
    const std::string& source_;
    std::size_t pos_ = 0;
    std::size_t line_ = 1, column_ = 1;
    char32_t ahead_ = 0;
    std::size_t ahead_length_ = 0;
    bool ahead_valid_ = false;
};

// Consumes a closing run of quotes: the delimiter and up to two quotes more
// that belong to the string ('''a'''' is "a'"), as toml++ reads them.
void close_multi_line(Decoder& d, char q) {
    for (int i = 0; i < 5 && d.starts_with(q, 1); ++i) d.next();
}

// After a backslash inside a multi-line basic string.
void after_ml_backslash(Decoder& d) {
    if (d.done()) return;
    const char32_t c = d.peek();
    if (c >= 0x80) {
        d.fail("'\\' followed by " + code_point_name(c) +
               " in a multi-line string is not a TOML escape (\\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX \\UXXXXXXXX, "
               "or a line-ending backslash)");
    }
    if (c != U' ' && c != U'\t' && c != U'\n' && c != U'\r') {
        d.next();  // an escaped ASCII character (\" does not close the string)
        return;
    }
    // A line-ending backslash: blanks, the line break, then toml++ skips
    // whitespace (its own notion of it) across lines up to the next character.
    while (!d.done() && (d.peek() == U' ' || d.peek() == U'\t')) d.next();
    if (!d.done() && d.peek() >= 0x80) {
        d.fail("a line-ending backslash must be the last character on its line but for spaces and tabs, found " +
               code_point_name(d.peek()));
    }
    while (!d.done()) {
        const char32_t s = d.peek();
        if (s == U' ' || s == U'\t' || s == U'\n' || s == U'\r') {
            d.next();
            continue;
        }
        if (s < 0x80) return;  // the scanner reads it inside the string
        if (toml_whitespace_undefined(s)) {
            // Valid TOML, but toml++ 3.3 asks whether this character is
            // whitespace and that question has no defined answer for it.
            d.fail(code_point_name(s) +
                   " begins the text a line-ending backslash continues: the TOML reader (toml++ 3.3) has undefined "
                   "behaviour on U+00A1..U+0499, U+2C5E..U+2FFF, U+3001..U+3057 and U+FB26..U+FEFE there; put an ASCII "
                   "character first or end the previous line without the backslash");
        }
        if (!toml_non_ascii_blank(s)) return;
        d.next();
    }
}

// Skips a string whose opening delimiter has been consumed.
void skip_string(Decoder& d, char q, bool multi_line) {
    const bool basic = q == '"';
    while (!d.done()) {
        if (multi_line && d.starts_with(q, 3)) {
            close_multi_line(d, q);
            return;
        }
        const char32_t c = d.next();
        if (!multi_line && (c == static_cast<char32_t>(q) || c == U'\n')) return;  // closed, or unterminated
        if (basic && c == U'\\') {
            if (multi_line) after_ml_backslash(d);
            else if (!d.done()) d.next();  // toml++ checks no whitespace after '\' on one line
        }
    }
}

}  // namespace

bool toml_whitespace_undefined(char32_t c) {
    return (c >= 0xA1 && c <= 0x499) || (c >= 0x2C5E && c <= 0x2FFF) || (c >= 0x3001 && c <= 0x3057) ||
           (c >= 0xFB26 && c <= 0xFEFE);
}

void check_toml_text(std::string_view text, const std::string& source) {
    Decoder d(text, source);
    if (!d.done() && d.peek() == 0xFEFF) d.next();  // a byte order mark, which toml++ skips
    while (!d.done()) {
        const char32_t c = d.peek();
        if (c >= 0x80) {
            d.fail("character " + code_point_name(c) +
                   " outside a string or comment: TOML allows non-ASCII characters only inside strings and comments");
        }
        d.next();
        if (c == U'#') {
            while (!d.done() && d.next() != U'\n') {
            }
        } else if (c == U'"' || c == U'\'') {
            const char q = static_cast<char>(c);
            const bool multi_line = d.starts_with(q, 2);
            if (multi_line) {
                d.next();
                d.next();
            }
            skip_string(d, q, multi_line);
        }
    }
}

}  // namespace sklaws::reports::detail
