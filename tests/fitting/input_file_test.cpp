// The one input-file guard (fitting/text_file.hpp) every command reads its
// files through: non-regular files (FIFO, device, directory) and files over
// the size limit are refused before a byte is read, and a file that cannot
// be reached or read says "permission denied" (issue 18, item 4; the 80-
// character cell excerpt and hexadecimal cells: csv_table_test.cpp). The
// commands' side (fit, corpus) is checked on the real
// executable: exit 2 at once (no waiting for a FIFO's writer, no reading
// /dev/zero until memory runs out), one line naming the file and what was
// expected.
#include "../support/sklaws_process.hpp"

#include <sklaws/fitting/csv_table.hpp>
#include <sklaws/fitting/text_file.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace sklaws::fitting;

namespace {

struct Scratch {
    fs::path root = fs::temp_directory_path() / ("sklaws_input_file_test_" + std::to_string(::getpid()));
    Scratch() {
        fs::remove_all(root);
        fs::create_directories(root);
    }
    ~Scratch() {
        std::error_code ec;
        fs::permissions(root / "locked", fs::perms::owner_all, ec);
        fs::remove_all(root, ec);
    }
};

std::string refusal(const fs::path& path, const InputLimits& limits = {}) {
    try {
        read_text_file(path, limits);
    } catch (const InputError& e) {
        return e.what();
    }
    return "(accepted)";
}

// read_text_file(path) as another user (uid/gid 65534) when run as root, who
// may read anything; returns the message, "(accepted)" or "(child failed)".
std::string refusal_as_unprivileged(const fs::path& path) {
    if (::geteuid() != 0) return refusal(path);
    int pipe_fds[2];
    REQUIRE(::pipe(pipe_fds) == 0);
    const pid_t child = ::fork();
    if (child == 0) {
        ::close(pipe_fds[0]);
        std::string message = "(child failed)";
        if (::setgid(65534) == 0 && ::setuid(65534) == 0) message = refusal(path);
        const ssize_t ignored = ::write(pipe_fds[1], message.data(), message.size());
        (void)ignored;
        ::_exit(0);
    }
    ::close(pipe_fds[1]);
    std::string message;
    char buffer[512];
    for (ssize_t n; (n = ::read(pipe_fds[0], buffer, sizeof buffer)) > 0;) message.append(buffer, static_cast<std::size_t>(n));
    ::close(pipe_fds[0]);
    ::waitpid(child, nullptr, 0);
    return message;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("FIFOs, devices and directories are refused before reading", "[input]") {
    Scratch s;
    const fs::path fifo = s.root / "pipe.csv";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    const auto start = std::chrono::steady_clock::now();
    const std::string m = refusal(fifo);  // must not wait for a writer
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
    CHECK(contains(m, fifo.string() + ":1: column 1: is a FIFO (named pipe), expected a regular text file"));
    CHECK(contains(refusal("/dev/zero"), "/dev/zero:1: column 1: is a character device, expected a regular text file"));
    CHECK(contains(refusal(s.root), "is a directory, expected a regular text file"));
    CHECK(contains(refusal(s.root / "absent.csv"), "absent.csv:1: column 1: no such file"));
}

TEST_CASE("the streamed check of a CSV applies the same guards", "[input]") {
    Scratch s;
    const fs::path fifo = s.root / "pipe.csv";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    CHECK_THROWS_WITH(read_csv(fifo), Catch::Contains("is a FIFO (named pipe), expected a regular text file"));
    CHECK_THROWS_WITH(csv_peak_bytes("/dev/zero"), Catch::Contains("/dev/zero:1: column 1: is a character device"));
    const fs::path file = s.root / "t.csv";
    std::ofstream(file) << "x,y\n1,2\n3,4\n";
    InputLimits limits;
    limits.max_bytes = 8;
    CHECK_THROWS_WITH(read_csv(file, {}, limits), Catch::Contains("is 12 bytes, over the input limit of 8 bytes"));
    CHECK_THROWS_WITH(csv_peak_bytes(file, {}, limits), Catch::Contains("over the input limit"));
    limits.max_bytes = 12;
    CHECK(read_csv(file, {}, limits).row_count() == 2);
}

TEST_CASE("a file over the input limit is refused with its size and the option to raise", "[input]") {
    Scratch s;
    const fs::path file = s.root / "big.csv";
    std::ofstream(file) << std::string(1000, 'x');
    InputLimits limits;
    limits.max_bytes = 999;
    CHECK(refusal(file, limits) == file.string() + ":1: column 1: is 1000 bytes, over the input limit of 999 bytes");
    limits.option = "--max-input-bytes";
    const std::string m = refusal(file, limits);
    CHECK(contains(m, "big.csv:1: column 1: is 1000 bytes, over the input limit of 999 bytes (--max-input-bytes 999)"));
    CHECK(contains(m, "raise --max-input-bytes"));
    limits.max_bytes = 1000;
    CHECK(read_text_file(file, limits).size() == 1000);
    CHECK(InputLimits{}.max_bytes == (std::uint64_t{1} << 30));
}

TEST_CASE("unreadable files and unenterable directories say permission denied", "[input]") {
    Scratch s;
    fs::create_directories(s.root / "locked");
    std::ofstream(s.root / "locked" / "data.csv") << "x,y\n1,2\n";
    std::ofstream(s.root / "secret.csv") << "x,y\n1,2\n";
    fs::permissions(s.root / "secret.csv", fs::perms::none);
    fs::permissions(s.root / "locked", fs::perms::none);
    const std::string in_locked = refusal_as_unprivileged(s.root / "locked" / "data.csv");
    CHECK(contains(in_locked, "data.csv:1: column 1: permission denied"));
    CHECK_FALSE(contains(in_locked, "no such file"));
    CHECK(contains(refusal_as_unprivileged(s.root / "secret.csv"), "secret.csv:1: column 1: permission denied"));
}

TEST_CASE("fit and corpus refuse FIFOs and devices at once", "[input]") {
    Scratch s;
    const fs::path fifo = s.root / "pipe";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    for (const std::string& bad : {std::string("/dev/zero"), fifo.string()}) {
        const std::vector<std::vector<std::string>> commands{
            {"fit", "--form", "power", bad},
            {"corpus", bad}};
        for (const auto& command : commands) {
            INFO("sklaws " << command[0] << " ... " << bad);
            sklaws::test::SklawsProcess p(s.root, command);
            REQUIRE(p.started());
            // A hang (waiting for a FIFO writer, reading /dev/zero) fails
            // here; the process is killed when `p` goes out of scope.
            REQUIRE(p.wait_exit(std::chrono::seconds(10)));
            const std::string err = p.err();
            INFO(err);
            CHECK(WIFEXITED(p.status()));
            CHECK(WEXITSTATUS(p.status()) == 2);
            CHECK(std::count(err.begin(), err.end(), '\n') == 1);
            CHECK(contains(err, bad + ":1: column 1: is a "));
            CHECK(contains(err, "expected a regular text file"));
        }
    }
}
