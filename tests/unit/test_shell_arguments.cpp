// lib/shell/arguments: the words a shell gives a program survive the trip through one
// arguments text (join_arguments, then Arguments::split), whatever they hold; malformed texts
// and texts over the limits give no words at all.
#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "lib/core/format.hpp"
#include "lib/shell/arguments.hpp"

namespace {

std::string str(StringView v) { return std::string(v.data(), v.size()); }

/// The text join_arguments makes of `words`.
std::string joined(const std::vector<std::string>& words) {
    std::vector<StringView> views;
    for (const std::string& w : words) views.emplace_back(w.data(), w.size());
    FormatBuffer<8192> out;
    shell::join_arguments(views, out);
    return str(out.view());
}

/// The words Arguments::split finds in `text`; {"<refused>"} when it refuses it.
std::vector<std::string> split(const std::string& text) {
    static shell::Arguments arguments;  // about 1.5 KiB of words: not on the stack
    if (!arguments.split(StringView(text.data(), text.size()))) return {"<refused>"};
    std::vector<std::string> words;
    for (StringView w : arguments.words()) {
        words.push_back(str(w));
        CHECK(w.data()[w.size()] == '\0');  // each word ends with a NUL in the storage
    }
    return words;
}

}  // namespace

TEST_CASE("arguments: plain words are joined as they are", "[shell][arguments]") {
    CHECK(joined({"-l", "/fat", "notes.txt"}) == "-l /fat notes.txt");
    CHECK(joined({}) == "");
    CHECK(split("-l /fat notes.txt") == std::vector<std::string>{"-l", "/fat", "notes.txt"});
    CHECK(split("  spaced \t out  ") == std::vector<std::string>{"spaced", "out"});
    CHECK(split("").empty());
}

TEST_CASE("arguments: words that need it are quoted", "[shell][arguments]") {
    CHECK(joined({"a  b"}) == "'a  b'");
    CHECK(joined({""}) == "''");
    CHECK(joined({"it's"}) == "'it'\\''s'");
    CHECK(joined({"a|b", "x>y", "#c"}) == "'a|b' 'x>y' '#c'");
    CHECK(split("'a  b' '' 'it'\\''s'") == std::vector<std::string>{"a  b", "", "it's"});
    CHECK(split("e\\ f") == std::vector<std::string>{"e f"});
}

TEST_CASE("arguments: any words survive join then split", "[shell][arguments]") {
    std::mt19937 random(10);
    const std::string alphabet = "ab '\"\\|;&<>#\t-.";
    for (int round = 0; round < 2000; ++round) {
        std::vector<std::string> words(random() % 6);
        for (std::string& w : words)
            for (size_t n = random() % 8; n > 0; --n) w += alphabet[random() % alphabet.size()];
        std::string text = joined(words);
        INFO("text: " << text);
        CHECK(split(text) == words);
    }
}

TEST_CASE("arguments: malformed or oversized texts give no words", "[shell][arguments]") {
    CHECK(split("'open") == std::vector<std::string>{"<refused>"});
    CHECK(split("end\\") == std::vector<std::string>{"<refused>"});
    std::string many;
    for (size_t i = 0; i <= shell::max_arguments; ++i) many += "w ";
    CHECK(split(many) == std::vector<std::string>{"<refused>"});
    CHECK(split(std::string(shell::max_line_bytes + 1, 'x')) ==
          std::vector<std::string>{"<refused>"});
    CHECK(split(std::string(shell::max_line_bytes, 'x')).size() == 1);
}
