// sklaws.report: `sklaws report` in-process — the command's own code
// (cli/report_command.cpp through the command registry), so configuration,
// verdicts, files and exit statuses are the command's.
//
// The command talks to the user on stderr (progress, errors, the final line).
// During the call std::cerr goes to a buffer instead (one report at a time:
// std::cerr is process-wide): its text becomes the ValueError message for
// bad input (exit status 2) and the result's "message" otherwise. The same
// buffer is how Ctrl-C reaches the run: every progress draw writes to it, and
// a write after the Python caller was interrupted throws Cancelled, which
// unwinds the run (the staging directory removes itself; the destination is
// untouched), so KeyboardInterrupt arrives within a progress step.
#include "report_module.hpp"

#include "interruptible.hpp"
#include "names.hpp"

#include "command_registry.hpp"

#include <algorithm>
#include <iostream>
#include <mutex>
#include <sstream>
#include <streambuf>
#include <string>

namespace py = pybind11;

namespace sklaws::python {
namespace {

// A string buffer whose every write first checks the cancellation flag.
class CancellingBuffer : public std::stringbuf {
public:
    explicit CancellingBuffer(const CancelFlag& flag) : flag_(flag) {}

protected:
    std::streamsize xsputn(const char* s, std::streamsize n) override {
        flag_.throw_if_requested();
        return std::stringbuf::xsputn(s, n);
    }
    int_type overflow(int_type c) override {
        flag_.throw_if_requested();
        return std::stringbuf::overflow(c);
    }

private:
    const CancelFlag& flag_;
};

// Swaps std::cerr onto `buffer` (throwing through, not swallowing, the
// buffer's exceptions) for the scope.
class CerrCapture {
public:
    explicit CerrCapture(std::streambuf* buffer) : old_(std::cerr.rdbuf(buffer)), old_mask_(std::cerr.exceptions()) {
        std::cerr.exceptions(std::ios::badbit);
    }
    ~CerrCapture() {
        std::cerr.clear();
        std::cerr.exceptions(old_mask_);
        std::cerr.rdbuf(old_);
    }
    CerrCapture(const CerrCapture&) = delete;
    CerrCapture& operator=(const CerrCapture&) = delete;

private:
    std::streambuf* old_;
    std::ios::iostate old_mask_;
};

std::mutex report_mutex;

const cli::Command& report_command() {
    if (const cli::Command* c = cli::find_command("report")) return *c;
    throw std::logic_error("the report command is not registered");
}

std::string option_text(py::handle value) { return py::str(value).cast<std::string>(); }

py::object run_report(py::kwargs kwargs) {
    std::vector<std::string> words;
    for (auto item : kwargs) {
        const std::string option = option_name(item.first.cast<std::string>());
        if (item.second.is_none()) continue;
        if (py::isinstance<py::bool_>(item.second)) {
            if (item.second.cast<bool>()) words.push_back("--" + option);
            continue;
        }
        py::object value = py::reinterpret_borrow<py::object>(item.second);
        if (py::hasattr(value, "__fspath__")) value = py::module_::import("os").attr("fspath")(value);
        words.push_back("--" + option);
        words.push_back(option_text(value));
    }
    if (std::find(words.begin(), words.end(), "--out") == words.end()) {
        words.push_back("--out");
        words.push_back("sklaws-report");
    }
    const std::string out = *(std::find(words.begin(), words.end(), "--out") + 1);
    std::string message;
    const int status = interruptible([&](const CancelFlag& flag) {
        std::lock_guard<std::mutex> lock(report_mutex);
        CancellingBuffer buffer(flag);
        int code = 0;
        {
            CerrCapture capture(&buffer);
            code = cli::run_command(report_command(), words, true);
        }
        message = buffer.str();
        return code;
    });
    auto strip = [](std::string text) {
        const std::string prefix = "sklaws report: ";
        std::string kept;
        std::istringstream lines(text);
        for (std::string line; std::getline(lines, line);) {
            if (line.find_first_not_of(" \r\t") == std::string::npos) continue;
            if (line.rfind(prefix, 0) == 0) line = line.substr(prefix.size());
            kept += (kept.empty() ? "" : "\n") + line;
        }
        return kept;
    };
    if (status == 2) throw py::value_error(strip(message));
    if (status == 130) {
        PyErr_SetNone(PyExc_KeyboardInterrupt);
        throw py::error_already_set();
    }
    py::dict result;
    result["out"] = py::module_::import("os").attr("path").attr("abspath")(out);
    result["exit_status"] = status;
    result["all_pass"] = status == 0;
    result["message"] = strip(message);
    py::module_ json = py::module_::import("json");
    py::object path = py::module_::import("os").attr("path").attr("join")(result["out"], "report.json");
    if (py::module_::import("os").attr("path").attr("exists")(path).cast<bool>()) {
        py::object file = py::module_::import("builtins").attr("open")(path, "r", py::arg("encoding") = "utf-8");
        result["report"] = json.attr("load")(file);
        file.attr("close")();
    }
    return result;
}

}  // namespace

void bind_report(py::module_& m) {
    m.def("report", &run_report,
          "report(*, out='sklaws-report', config=None, quick=False, seed=None, threads=None, data=None)\n--\n\n"
          "Writes the validation report, exactly as `sklaws report` with the same options (keyword arguments, '_' "
          "for '-'; True for a flag such as quick=True). Returns {'out': directory, 'exit_status': the command's "
          "status, 'all_pass': whether every check passes, 'message': what the command said, 'report': the parsed "
          "report.json}. Bad input (a configuration error, a destination that is not a report) raises ValueError "
          "with the command's message; Ctrl-C stops the run within a progress step (KeyboardInterrupt) and leaves "
          "the destination untouched.");
}

}  // namespace sklaws::python
