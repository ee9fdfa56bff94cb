// A running sklaws executable (SKLAWS_BINARY) as a child process, for the
// tests that interrupt, kill or race it: started with posix_spawn in a given
// working directory, stdout discarded, stderr captured to a file; SIGINT,
// SIGTERM and SIGHUP at their default disposition and unblocked (as for a
// terminal's foreground job, whatever the test runner inherited). A process
// still running when the object is destroyed is killed, so a failed check
// leaves nothing running on the shared machine.
#pragma once

#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <spawn.h>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace sklaws::test {

class SklawsProcess {
public:
    using Clock = std::chrono::steady_clock;

    SklawsProcess(const std::filesystem::path& cwd, const std::vector<std::string>& args,
                  const std::string& stderr_name = "stderr.txt")
        : SklawsProcess(Command{}, cwd, with_binary(args), stderr_name) {}

    // Runs `words` (program first, e.g. mpirun and its options before
    // SKLAWS_BINARY) the same way.
    struct Command {};
    SklawsProcess(Command, const std::filesystem::path& cwd, std::vector<std::string> words,
                  const std::string& stderr_name = "stderr.txt")
        : err_(cwd / stderr_name) {
        std::vector<char*> argv;
        for (auto& w : words) argv.push_back(w.data());
        argv.push_back(nullptr);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
        posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());
        posix_spawnattr_t attributes;
        posix_spawnattr_init(&attributes);
        sigset_t defaults, none;
        sigemptyset(&defaults);
        sigaddset(&defaults, SIGINT);
        sigaddset(&defaults, SIGTERM);
        sigaddset(&defaults, SIGHUP);
        sigemptyset(&none);
        posix_spawnattr_setsigdefault(&attributes, &defaults);
        posix_spawnattr_setsigmask(&attributes, &none);
        posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
        const int rc = posix_spawn(&pid_, words[0].c_str(), &actions, &attributes, argv.data(), environ);
        posix_spawn_file_actions_destroy(&actions);
        posix_spawnattr_destroy(&attributes);
        if (rc != 0) pid_ = -1;
    }
    ~SklawsProcess() {
        if (running()) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, nullptr, 0);
        }
    }
    SklawsProcess(const SklawsProcess&) = delete;
    SklawsProcess& operator=(const SklawsProcess&) = delete;

    bool started() const { return pid_ > 0; }
    pid_t pid() const { return pid_; }
    bool running() {
        if (pid_ <= 0 || exited_) return false;
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            exited_ = true;
            status_ = status;
        }
        return !exited_;
    }
    std::string err() const {
        std::ifstream in(err_, std::ios::binary);
        std::ostringstream s;
        s << in.rdbuf();
        return s.str();
    }
    void signal(int number) { ::kill(pid_, number); }
    // The raw waitpid status (WIFEXITED/WIFSIGNALED); valid once !running().
    int status() const { return status_; }

    // Waits until the process has exited or `limit` passed; true if exited.
    bool wait_exit(std::chrono::milliseconds limit) {
        return wait_for([&] { return !running(); }, limit, std::chrono::milliseconds(10));
    }

    // Polls until `done()` or the deadline; true if done.
    template <class Done>
    static bool wait_for(Done done, std::chrono::milliseconds limit, std::chrono::milliseconds poll) {
        const auto deadline = Clock::now() + limit;
        while (!done()) {
            if (Clock::now() > deadline) return false;
            std::this_thread::sleep_for(poll);
        }
        return true;
    }

private:
    static std::vector<std::string> with_binary(const std::vector<std::string>& args) {
        std::vector<std::string> words{SKLAWS_BINARY};
        words.insert(words.end(), args.begin(), args.end());
        return words;
    }

    std::filesystem::path err_;
    pid_t pid_ = -1;
    bool exited_ = false;
    int status_ = 0;
};

}  // namespace sklaws::test
