#include <sklaws/fitting/text_file.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace sklaws::fitting {

namespace {

// An open input file; closes it on every path out.
class InputFile {
public:
    InputFile(const std::filesystem::path& path, const InputLimits& limits);
    ~InputFile() {
        if (fd_ >= 0) ::close(fd_);
    }
    InputFile(const InputFile&) = delete;
    InputFile& operator=(const InputFile&) = delete;

    std::uint64_t size() const { return size_; }
    // Reads up to `capacity` bytes; 0 at the end. Refuses a file that grows
    // past the limit while read (its size was not known: /proc).
    std::size_t read(char* buffer, std::size_t capacity);

private:
    std::string name_, at_;
    InputLimits limits_;
    int fd_ = -1;
    std::uint64_t size_ = 0, read_ = 0;
};

std::string why_unopenable(int error) {
    switch (error) {
        case ENOENT: return "no such file";
        case EACCES:
        case EPERM: return "permission denied";
        case ENOTDIR: return "a component of the path is not a directory";
        case ELOOP: return "too many levels of symbolic links";
        case ENAMETOOLONG: return "file name too long";
        default: return std::strerror(error);
    }
}

std::string kind_of(mode_t mode) {
    if (S_ISDIR(mode)) return "is a directory";
    if (S_ISFIFO(mode)) return "is a FIFO (named pipe)";
    if (S_ISCHR(mode)) return "is a character device";
    if (S_ISBLK(mode)) return "is a block device";
    if (S_ISSOCK(mode)) return "is a socket";
    return "is not a regular file";
}

std::string bytes_text(std::uint64_t bytes) {
    char text[64];
    if (bytes >= (std::uint64_t{1} << 30)) {
        std::snprintf(text, sizeof text, "%.1f GiB", static_cast<double>(bytes) / (1 << 30));
    } else if (bytes >= (std::uint64_t{1} << 20)) {
        std::snprintf(text, sizeof text, "%.1f MiB", static_cast<double>(bytes) / (1 << 20));
    } else {
        std::snprintf(text, sizeof text, "%llu bytes", static_cast<unsigned long long>(bytes));
    }
    return text;
}

std::string too_large(const std::string& at, std::uint64_t size, bool at_least, const InputLimits& limits) {
    std::string m = at + "is " + (at_least ? "more than " : "") + bytes_text(size) + ", over the input limit of " +
                    bytes_text(limits.max_bytes);
    if (!limits.option.empty()) {
        m += " (" + limits.option + " " + std::to_string(limits.max_bytes) + "); raise " + limits.option + " to read it";
    }
    return m;
}

InputFile::InputFile(const std::filesystem::path& path, const InputLimits& limits)
    : name_(path.string()), at_(name_ + ":1: column 1: "), limits_(limits) {
    // Located at line 1, column 1 like every other input error, so a message
    // always reads "file:line: column c: what".
    const std::string expected = ", expected a regular text file";
    // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused
    // below. (It changes nothing for a regular file.)
    fd_ = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd_ < 0) throw InputError(at_ + why_unopenable(errno) + expected);
    struct stat st {};
    if (::fstat(fd_, &st) != 0) throw InputError(at_ + why_unopenable(errno) + expected);
    if (!S_ISREG(st.st_mode)) throw InputError(at_ + kind_of(st.st_mode) + expected);
    size_ = static_cast<std::uint64_t>(st.st_size);
    if (size_ > limits_.max_bytes) throw InputError(too_large(at_, size_, false, limits_));
}

std::size_t InputFile::read(char* buffer, std::size_t capacity) {
    for (;;) {
        const ssize_t n = ::read(fd_, buffer, capacity);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw InputError(name_ + ": read error: " + std::strerror(errno));
        read_ += static_cast<std::uint64_t>(n);
        if (read_ > limits_.max_bytes) throw InputError(too_large(at_, limits_.max_bytes, true, limits_));
        return static_cast<std::size_t>(n);
    }
}

}  // namespace

std::string read_text_file(const std::filesystem::path& path, const InputLimits& limits) {
    InputFile file(path, limits);
    std::string text;
    text.reserve(static_cast<std::size_t>(file.size()));
    std::vector<char> block(1 << 16);
    while (const std::size_t n = file.read(block.data(), block.size())) text.append(block.data(), n);
    require_text(text, path.string());
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

TextFileStats check_text_file(const std::filesystem::path& path, char counted, const InputLimits& limits) {
    InputFile file(path, limits);
    const std::string name = path.string();
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
    while (const std::size_t got = file.read(block.data(), block.size())) {
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
    if (controls > 0 && controls * 100 > stats.bytes) throw located(first_line, first_column, first_byte);
    stats.lines = line;
    return stats;
}

}  // namespace sklaws::fitting
