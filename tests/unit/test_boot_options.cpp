// lib/boot_options: the key = value parser shared by the loader and the kernel.
#include <catch2/catch.hpp>

#include <string>

#include "lib/boot/boot_options.hpp"

namespace {

std::string str(StringView s) { return std::string(s.data(), s.size()); }

}  // namespace

TEST_CASE("boot options: get, get_or and has", "[boot_options]") {
    BootOptions options("kernel = \\kernel.elf\ntest=breakpoint\n");
    auto kernel = options.get("kernel");
    REQUIRE(kernel.ok());
    CHECK(str(kernel.value()) == "\\kernel.elf");
    CHECK(str(options.get("test").value()) == "breakpoint");
    auto missing = options.get("nope");
    CHECK_FALSE(missing.ok());
    CHECK(missing.error() == Error::NotFound);
    CHECK(str(options.get_or("nope", "fallback")) == "fallback");
    CHECK(str(options.get_or("test", "fallback")) == "breakpoint");
    CHECK(options.has("kernel"));
    CHECK_FALSE(options.has("kern"));      // whole keys only, no prefixes
    CHECK_FALSE(options.has("kernel "));
    CHECK(options.first_malformed_line() == 0);
}

TEST_CASE("boot options: comments, blank lines and spacing", "[boot_options]") {
    BootOptions options(
        "# a comment = not an option\n"
        "\n"
        "   \t\n"
        "   # an indented comment\n"
        "  spaced   =   value with spaces  \n"
        "empty =\n"
        "cmd = a=b\n"
        "last = no newline at the end");
    CHECK_FALSE(options.has("# a comment"));
    CHECK(str(options.get("spaced").value()) == "value with spaces");
    REQUIRE(options.get("empty").ok());
    CHECK(str(options.get("empty").value()).empty());
    CHECK(str(options.get("cmd").value()) == "a=b");  // the first '=' splits
    CHECK(str(options.get("last").value()) == "no newline at the end");
    CHECK(options.first_malformed_line() == 0);
}

TEST_CASE("boot options: CRLF line ends", "[boot_options]") {
    BootOptions options("# written on Windows\r\n\r\nkernel = \\kernel.elf\r\nlog = debug\r\n");
    CHECK(str(options.get("kernel").value()) == "\\kernel.elf");
    CHECK(str(options.get("log").value()) == "debug");
    CHECK(options.first_malformed_line() == 0);
}

TEST_CASE("boot options: the last occurrence wins", "[boot_options]") {
    BootOptions options("log = info\nlog = debug\nother = 1\n");
    CHECK(str(options.get("log").value()) == "debug");
}

TEST_CASE("boot options: the first malformed line is reported, 1-based", "[boot_options]") {
    CHECK(BootOptions("a = 1\n\n# fine\njust words\nb = 2\noops\n").first_malformed_line() == 4);
    CHECK(BootOptions("= no key\n").first_malformed_line() == 1);
    CHECK(BootOptions("a = 1\r\nb\r\n").first_malformed_line() == 2);
    CHECK(BootOptions("").first_malformed_line() == 0);
    CHECK(BootOptions().first_malformed_line() == 0);
    CHECK_FALSE(BootOptions().has("anything"));
    // A malformed line does not hide the well-formed ones.
    CHECK(str(BootOptions("junk\nkey = v\n").get("key").value()) == "v");
}

TEST_CASE("boot options: get_number reads decimal values and falls back otherwise", "[boot_options]") {
    BootOptions options("hz = 250\nzero = 0\nbad = 12x\nempty =\nhuge = 1234567890\nneg = -5\n");
    CHECK(options.get_number("hz", 100) == 250);
    CHECK(options.get_number("zero", 7) == 0);
    CHECK(options.get_number("bad", 7) == 7);
    CHECK(options.get_number("empty", 7) == 7);
    CHECK(options.get_number("huge", 7) == 7);  // more than 9 digits could overflow: refused
    CHECK(options.get_number("neg", 7) == 7);
    CHECK(options.get_number("missing", 42) == 42);
}
