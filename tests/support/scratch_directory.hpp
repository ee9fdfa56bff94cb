// A directory of a test's own under the temporary directory, named by the
// test's name and process id (ctest runs the cases of one executable as
// parallel processes), emptied when made and removed with everything in it
// when the object goes. A test file that shares one directory across its
// cases keeps a function-local static, which is removed at exit.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace sklaws::test {

class ScratchDirectory {
public:
    explicit ScratchDirectory(const std::string& name)
        : path_(std::filesystem::temp_directory_path() / ("sklaws-" + name + "-" + std::to_string(::getpid()))) {
        std::filesystem::remove_all(path_);
        std::filesystem::create_directories(path_);
    }
    ~ScratchDirectory() {
        std::error_code ignored;  // a destructor must not throw
        std::filesystem::remove_all(path_, ignored);
    }
    ScratchDirectory(const ScratchDirectory&) = delete;
    ScratchDirectory& operator=(const ScratchDirectory&) = delete;

    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

    // Writes `content` byte for byte to `name` here and returns its path.
    std::filesystem::path write(const std::string& name, const std::string& content) const {
        const auto p = path_ / name;
        std::ofstream(p, std::ios::binary) << content;
        return p;
    }
    // The same, returning the path single-quoted for a shell command line.
    std::string file(const std::string& name, const std::string& content) const {
        return "'" + write(name, content).string() + "'";
    }

private:
    std::filesystem::path path_;
};

}  // namespace sklaws::test
