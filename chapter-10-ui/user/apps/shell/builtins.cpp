// The commands the shell runs itself, because they change the shell: cd (its working
// directory, which every child inherits), exit; and pwd and help, which need no program.
#include "user/apps/shell/shell.hpp"

#include "user/runtime/print.hpp"

namespace shell {

bool run_builtin(State& state, const Command& command) {
    StringView name = command.name();
    auto arguments = command.arguments();
    if (name == StringView("cd")) {
        StringView to = arguments.size() > 1 ? arguments[1] : StringView("/");
        if (Status changed = state.names.change_directory(to); !changed.ok())
            print("shell: cd: {}: {}", to, error_name(changed.error()));
    } else if (name == StringView("pwd")) {
        print("{}", state.names.working_directory());
    } else if (name == StringView("exit")) {
        state.exit_requested = true;
        state.exit_code = 0;
        int32_t code = 0;  // digits only, at most 9999: anything else counts as 0
        for (char c : arguments.size() > 1 ? arguments[1] : StringView())
            if (c >= '0' && c <= '9' && code < 1000) code = code * 10 + (c - '0');
        state.exit_code = code;
    } else if (name == StringView("help")) {
        print("built-ins: cd [DIR], pwd, exit [CODE], help");
        print("programs: ls [-l] [PATH...], cat [FILE...], echo, wc [FILE...], mkdir, rm, mv, cp,");
        print("  ps, kill PID, sleep SECONDS, and the network tools fetch, ping, netstat");
        print("a | b: a's output into b;  < f, > f, >> f: files;  a ; b: in turn;");
        print("a &: in the background");
    } else {
        return false;
    }
    return true;
}

}  // namespace shell
