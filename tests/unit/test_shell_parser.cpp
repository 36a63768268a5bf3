// lib/shell/command_line: words and quoting, pipelines, redirections, ; and &, the limits, and
// every refusal with its message and the offset it points at.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "lib/shell/command_line.hpp"

namespace {

std::string str(StringView v) { return std::string(v.data(), v.size()); }

// The line as one string per command: arguments joined by ',', then <in, >out or >>out, and
// '|' between the commands of a pipeline, ' &' after a background one, '; ' between pipelines.
std::string shape(const std::string& line) {
    static shell::CommandLine parsed;  // about 10 KiB: not on the test's stack
    shell::ParseError error = shell::parse(StringView(line.data(), line.size()), parsed);
    if (!error.ok()) return "error: " + str(shell::describe(error.problem));
    std::string out;
    for (size_t p = 0; p < parsed.pipeline_count(); ++p) {
        shell::Pipeline pipeline = parsed.pipeline(p);
        if (p > 0) out += "; ";
        for (size_t c = 0; c < pipeline.commands.size(); ++c) {
            const shell::Command& command = pipeline.commands[c];
            if (c > 0) out += "|";
            for (size_t a = 0; a < command.arguments().size(); ++a)
                out += (a > 0 ? "," : "") + str(command.arguments()[a]);
            if (command.has_input()) out += " <" + str(command.input());
            if (command.has_output())
                out += (command.append() ? " >>" : " >") + str(command.output());
        }
        if (pipeline.background) out += " &";
    }
    return out;
}

shell::ParseError error_of(const std::string& line) {
    static shell::CommandLine parsed;
    shell::ParseError error = shell::parse(StringView(line.data(), line.size()), parsed);
    CHECK(parsed.pipeline_count() == 0);  // a refused line leaves nothing to run
    return error;
}

}  // namespace

TEST_CASE("shell parser: words split on blanks", "[shell]") {
    CHECK(shape("ls") == "ls");
    CHECK(shape("  echo   a\tb  ") == "echo,a,b");
    CHECK(shape("") == "");
    CHECK(shape("   ") == "");
    CHECK(shape("# only a comment") == "");
    CHECK(shape("echo a#b # the rest") == "echo,a#b");
}

TEST_CASE("shell parser: quotes and backslashes", "[shell]") {
    CHECK(shape("echo 'a b' \"c d\"") == "echo,a b,c d");
    CHECK(shape("echo 'it''s' a'b'\"c\"d") == "echo,its,abcd");
    CHECK(shape("echo '' \"\"") == "echo,,");
    CHECK(shape("echo 'a|b;c&d<e>f #g'") == "echo,a|b;c&d<e>f #g");
    CHECK(shape("echo '\\n' \"\\\"x\\\\\" \"\\n\"") == "echo,\\n,\"x\\,\\n");
    CHECK(shape("echo a\\ b \\| \\'") == "echo,a b,|,'");
    CHECK(shape("echo \"it's\" 'say \"hi\"'") == "echo,it's,say \"hi\"");
}

TEST_CASE("shell parser: pipes, sequences and the background", "[shell]") {
    CHECK(shape("ls /fat | wc") == "ls,/fat|wc");
    CHECK(shape("a|b|c") == "a|b|c");
    CHECK(shape("a ; b") == "a; b");
    CHECK(shape("a;b;") == "a; b");
    CHECK(shape("httpd & ping 10.0.2.2") == "httpd &; ping,10.0.2.2");
    CHECK(shape("a | b & c | d ;") == "a|b &; c|d");
    CHECK(shape("a&") == "a &");
}

TEST_CASE("shell parser: redirections", "[shell]") {
    CHECK(shape("cat < in > out") == "cat <in >out");
    CHECK(shape("cat<in>>out") == "cat <in >>out");
    CHECK(shape("> out echo hi") == "echo,hi >out");
    CHECK(shape("sort < in | uniq > out") == "sort <in|uniq >out");
    CHECK(shape("echo x > 'a file'") == "echo,x >a file");
    CHECK(shape("echo x > ''") == "echo,x >");  // an empty name: the spawner's to refuse
}

TEST_CASE("shell parser: words are NUL-terminated and walkable as a pipeline list", "[shell]") {
    static shell::CommandLine parsed;
    REQUIRE(shell::parse("ls -l /fat | wc > n; echo done &", parsed).ok());
    REQUIRE(parsed.pipeline_count() == 2);
    REQUIRE(parsed.commands().size() == 3);
    shell::Pipeline first = parsed.pipeline(0);
    REQUIRE(first.commands.size() == 2);
    CHECK_FALSE(first.background);
    CHECK(first.commands[0].name() == StringView("ls"));
    CHECK(std::string(first.commands[0].arguments()[2].data()) == "/fat");  // a C string too
    CHECK(std::string(first.commands[1].output().data()) == "n");
    CHECK_FALSE(first.commands[1].append());
    CHECK(parsed.pipeline(1).background);
    CHECK(parsed.pipeline(1).commands[0].arguments().size() == 2);
    CHECK(parsed.pipeline(5).commands.empty());
}

TEST_CASE("shell parser: a new parse replaces the old one", "[shell]") {
    static shell::CommandLine parsed;
    REQUIRE(shell::parse("a > x | b", parsed).problem ==
            shell::Problem::output_piped_and_redirected);
    REQUIRE(shell::parse("c", parsed).ok());
    REQUIRE(parsed.commands().size() == 1);
    CHECK_FALSE(parsed.commands()[0].has_output());
    CHECK(parsed.commands()[0].arguments().size() == 1);
}

TEST_CASE("shell parser: every refusal names its problem and where it is", "[shell]") {
    struct Case {
        const char* line;
        shell::Problem problem;
        size_t offset;
        const char* message;
    };
    const std::vector<Case> cases = {
        {"echo 'abc", shell::Problem::unbalanced_quote, 5, "unbalanced quote"},
        {"echo \"a\\\"", shell::Problem::unbalanced_quote, 5, "unbalanced quote"},
        {"echo a\\", shell::Problem::trailing_backslash, 6,
         "nothing after \\ at the end of the line"},
        {"| wc", shell::Problem::empty_before_pipe, 0, "empty command before |"},
        {"a | | b", shell::Problem::empty_before_pipe, 4, "empty command before |"},
        {"; a", shell::Problem::empty_before_semicolon, 0, "empty command before ;"},
        {"a ; ; b", shell::Problem::empty_before_semicolon, 4, "empty command before ;"},
        {"a & & b", shell::Problem::empty_before_ampersand, 4, "empty command before &"},
        {"ls |", shell::Problem::missing_after_pipe, 3, "missing command after |"},
        {"ls | ; b", shell::Problem::missing_after_pipe, 3, "missing command after |"},
        {"cat <", shell::Problem::missing_file_after_less, 4, "missing file name after <"},
        {"ls > | wc", shell::Problem::missing_file_after_greater, 3, "missing file name after >"},
        {"ls >> ;", shell::Problem::missing_file_after_greater, 3, "missing file name after >"},
        {"ls > # x", shell::Problem::missing_file_after_greater, 3, "missing file name after >"},
        {"> f", shell::Problem::redirect_without_command, 0, "redirection without a command"},
        {"a; < f | b", shell::Problem::redirect_without_command, 3,
         "redirection without a command"},
        {"cat < a < b", shell::Problem::double_input, 8, "more than one < for a command"},
        {"ls > a >> b", shell::Problem::double_output, 7, "more than one > for a command"},
        {"ls | wc < f", shell::Problem::input_piped_and_redirected, 8,
         "input both piped and redirected with <"},
        {"ls > f | wc", shell::Problem::output_piped_and_redirected, 7,
         "output both redirected with > and piped"},
        {"a && b", shell::Problem::and_or_unsupported, 2, "&& and || are not supported: use ;"},
        {"a || b", shell::Problem::and_or_unsupported, 2, "&& and || are not supported: use ;"},
    };
    for (const Case& c : cases) {
        INFO(c.line);
        shell::ParseError error = error_of(c.line);
        CHECK(error.problem == c.problem);
        CHECK(error.offset == c.offset);
        CHECK(str(shell::describe(error.problem)) == c.message);
    }
}

TEST_CASE("shell parser: the limits hold exactly", "[shell]") {
    std::string args = "echo";
    for (size_t i = 1; i < shell::max_arguments; ++i) args += " x";
    CHECK(error_of(args + " y").problem == shell::Problem::too_many_arguments);
    CHECK(error_of(args + " y").offset == args.size() + 1);
    CHECK(shape(args).size() == args.size());  // 32 arguments: fine ("echo,x,x...")

    std::string commands = "a";
    for (size_t i = 1; i < shell::max_commands; ++i) commands += i % 2 ? "|a" : ";a";
    CHECK(shape(commands).substr(0, 5) == "a|a; ");
    CHECK(error_of(commands + "|b").problem == shell::Problem::too_many_commands);
    CHECK(error_of(commands + "&b").problem == shell::Problem::too_many_commands);
    CHECK(shape(commands + "&").back() == '&');

    std::string full(shell::max_line_bytes, 'w');
    CHECK(shape(full).size() == shell::max_line_bytes);
    CHECK(error_of(full + "w").problem == shell::Problem::line_too_long);
    std::string with_nul = "echo a";
    with_nul += '\0';
    CHECK(error_of(with_nul).problem == shell::Problem::nul_byte);
    CHECK(error_of(with_nul).offset == 6);
}

TEST_CASE("shell parser: the densest line fits its text buffer", "[shell]") {
    // 512 one-letter words and operators: every word's NUL takes the separator's byte.
    std::string line;
    for (size_t c = 0; c < shell::max_commands; ++c) {
        if (c > 0) line += '|';
        line += 'p';
        for (size_t a = 1; a < shell::max_arguments; ++a) line += " a";
    }
    static shell::CommandLine parsed;
    REQUIRE(line.size() <= shell::max_line_bytes);
    REQUIRE(shell::parse(StringView(line.data(), line.size()), parsed).ok());
    REQUIRE(parsed.commands().size() == shell::max_commands);
    for (const shell::Command& command : parsed.commands()) {
        REQUIRE(command.arguments().size() == shell::max_arguments);
        CHECK(command.arguments().back() == StringView("a"));
    }
}
