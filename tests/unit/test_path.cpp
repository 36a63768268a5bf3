// lib/fs/path: checking and cleaning paths ("." and ".." on the text, never above the start),
// the limits (names, whole paths, 300 components), and the walk over a real file system.
#include <catch2/catch.hpp>

#include <string>

#include "lib/fs/path.hpp"

namespace {

std::string clean(const std::string& path) {
    auto result = fs::CleanPath::make(StringView(path.data(), path.size()));
    REQUIRE(result.ok());
    return std::string(result.value().text().data(), result.value().text().size());
}

Error error_of(const std::string& path) {
    auto result = fs::CleanPath::make(StringView(path.data(), path.size()));
    REQUIRE_FALSE(result.ok());
    return result.error();
}

std::string repeat(const std::string& part, size_t times) {
    std::string out;
    for (size_t i = 0; i < times; ++i) out += part;
    return out;
}

}  // namespace

TEST_CASE("path: plain paths stay as they are, a leading and a trailing '/' go", "[path]") {
    CHECK(clean("a") == "a");
    CHECK(clean("a/b/c") == "a/b/c");
    CHECK(clean("/a/b") == "a/b");
    CHECK(clean("a/b/") == "a/b");
    CHECK(clean("/") == "");
    CHECK(clean("...") == "...");
    CHECK(clean("a..b/.c") == "a..b/.c");
}

TEST_CASE("path: \".\" is dropped and \"..\" removes the name before it", "[path]") {
    CHECK(clean(".") == "");
    CHECK(clean("./a/./b/.") == "a/b");
    CHECK(clean("a/../b") == "b");
    CHECK(clean("a/b/../../c") == "c");
    CHECK(clean("a/b/c/..") == "a/b");
    CHECK(clean("a/..") == "");
}

TEST_CASE("path: \"..\" never climbs above the starting directory", "[path]") {
    CHECK(clean("..") == "");
    CHECK(clean("../b") == "b");
    CHECK(clean("/../../b") == "b");
    CHECK(clean("a/../../b") == "b");
    CHECK(clean(repeat("../", 50) + "etc/passwd") == "etc/passwd");
}

TEST_CASE("path: empty names, an empty path and NUL are refused", "[path]") {
    CHECK(error_of("") == Error::InvalidArgument);
    CHECK(error_of("//") == Error::InvalidArgument);
    CHECK(error_of("a//b") == Error::InvalidArgument);
    CHECK(error_of("//a") == Error::InvalidArgument);
    CHECK(error_of("a/b//") == Error::InvalidArgument);
    CHECK(error_of(std::string("a\0b", 3)) == Error::InvalidArgument);
}

TEST_CASE("path: names up to 255 bytes, paths up to max_path_bytes", "[path]") {
    CHECK(clean(std::string(255, 'n')) == std::string(255, 'n'));
    CHECK(error_of(std::string(256, 'n')) == Error::NameTooLong);
    CHECK(error_of("a/" + std::string(256, 'n') + "/b") == Error::NameTooLong);
    std::string longest = repeat("a/", fs::max_path_bytes / 2 - 1) + "bb";
    REQUIRE(longest.size() == fs::max_path_bytes);
    auto ok = fs::CleanPath::make(StringView(longest.data(), longest.size()));
    REQUIRE(ok.ok());
    CHECK(ok.value().depth() == fs::max_path_bytes / 2);
    CHECK(error_of(longest + "b") == Error::NameTooLong);
    // 300 components do not fit: refused before any of them is looked at.
    CHECK(error_of(repeat("a/", 299) + "a") == Error::NameTooLong);
    CHECK(error_of(repeat("./", 300)) == Error::NameTooLong);
}

TEST_CASE("path: parent, name and depth split the cleaned path", "[path]") {
    auto path = fs::CleanPath::make("x/y/../z/file.txt");
    REQUIRE(path.ok());
    CHECK(path.value().parent() == StringView("x/z"));
    CHECK(path.value().name() == StringView("file.txt"));
    CHECK(path.value().depth() == 3);
    auto one = fs::CleanPath::make("top");
    REQUIRE(one.ok());
    CHECK(one.value().parent().empty());
    CHECK(one.value().name() == StringView("top"));
    auto none = fs::CleanPath::make("/.");
    REQUIRE(none.ok());
    CHECK(none.value().empty());
    CHECK(none.value().depth() == 0);
    CHECK(none.value().name().empty());
}

TEST_CASE("path: take_first_name walks the names in order", "[path]") {
    StringView rest = "a/bc/d";
    CHECK(fs::take_first_name(rest) == StringView("a"));
    CHECK(fs::take_first_name(rest) == StringView("bc"));
    CHECK(fs::take_first_name(rest) == StringView("d"));
    CHECK(rest.empty());
}
