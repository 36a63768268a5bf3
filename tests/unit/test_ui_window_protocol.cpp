// ui::decode_request and ui::decode_event: every field checked, every bad message refused.
#include <catch2/catch.hpp>

#include <cstdint>
#include <cstring>
#include <vector>

#include "lib/ui/window_protocol.hpp"

using ui::WindowOp;

namespace {

template <typename T>
std::vector<uint8_t> bytes_of(const T& value) {
    std::vector<uint8_t> out(sizeof(T));
    std::memcpy(out.data(), &value, sizeof(T));
    return out;
}

uint32_t tag(WindowOp op) { return static_cast<uint32_t>(op); }

ui::CreateRequest create(uint32_t w, uint32_t h, const char* title) {
    ui::CreateRequest r{};
    r.width = w;
    r.height = h;
    r.title_size = uint32_t(std::strlen(title));
    std::memcpy(r.title, title, r.title_size);
    return r;
}

}  // namespace

TEST_CASE("ui protocol: a valid Create decodes", "[ui][protocol]") {
    auto view = ui::decode_request(tag(WindowOp::Create), bytes_of(create(640, 400, "Term")), 0);
    REQUIRE(view.ok());
    CHECK(view.value().op == WindowOp::Create);
    CHECK(view.value().width == 640);
    CHECK(view.value().height == 400);
    CHECK(view.value().title_text() == "Term");
    CHECK(ui::window_reply_tag(WindowOp::Create) == 0x8000'5701u);
}

TEST_CASE("ui protocol: Create refuses absurd sizes and bad titles", "[ui][protocol]") {
    const uint32_t sizes[][2] = {{0, 10}, {10, 0}, {4097, 10}, {10, 4097}, {UINT32_MAX, 1},
                                 {0x8000'0000u, 0x8000'0000u}};
    for (auto& s : sizes) {
        auto view = ui::decode_request(tag(WindowOp::Create), bytes_of(create(s[0], s[1], "t")), 0);
        CHECK(view.error() == Error::InvalidArgument);
    }
    CHECK(ui::decode_request(tag(WindowOp::Create), bytes_of(create(4096, 4096, "")), 0).ok());
    ui::CreateRequest control = create(10, 10, "a\nb");
    CHECK(ui::decode_request(tag(WindowOp::Create), bytes_of(control), 0).error() ==
          Error::InvalidArgument);
    ui::CreateRequest long_title = create(10, 10, "");
    long_title.title_size = ui::max_title_bytes + 1;
    std::memset(long_title.title, 'x', sizeof long_title.title);
    CHECK(ui::decode_request(tag(WindowOp::Create), bytes_of(long_title), 0).error() ==
          Error::InvalidArgument);
    long_title.title_size = UINT32_MAX;
    CHECK(ui::decode_request(tag(WindowOp::Create), bytes_of(long_title), 0).error() ==
          Error::InvalidArgument);
    long_title.title_size = ui::max_title_bytes;
    CHECK(ui::decode_request(tag(WindowOp::Create), bytes_of(long_title), 0).ok());
    ui::CreateRequest reserved = create(10, 10, "t");
    reserved.reserved = 1;
    CHECK(ui::decode_request(tag(WindowOp::Create), bytes_of(reserved), 0).error() ==
          Error::InvalidArgument);
}

TEST_CASE("ui protocol: sizes, handles and tags are checked", "[ui][protocol]") {
    std::vector<uint8_t> payload = bytes_of(create(10, 10, "t"));
    CHECK(ui::decode_request(tag(WindowOp::Create), payload, 1).error() == Error::InvalidArgument);
    std::vector<uint8_t> short_payload(payload.begin(), payload.end() - 1);
    CHECK(ui::decode_request(tag(WindowOp::Create), short_payload, 0).error() == Error::Truncated);
    payload.push_back(0);
    CHECK(ui::decode_request(tag(WindowOp::Create), payload, 0).error() == Error::InvalidArgument);
    CHECK(ui::decode_request(tag(WindowOp::Create), {}, 0).error() == Error::Truncated);
    CHECK(ui::decode_request(0x1234, {}, 0).error() == Error::Unsupported);
    CHECK(ui::decode_request(tag(WindowOp::Key), {}, 0).error() == Error::Unsupported);
    CHECK(ui::decode_request(ui::window_reply_tag(WindowOp::Show), {}, 0).error() ==
          Error::Unsupported);
    CHECK(ui::decode_event(tag(WindowOp::Create), {}, 0).error() == Error::Unsupported);
}

TEST_CASE("ui protocol: Show, Destroy, SetTitle and Damage", "[ui][protocol]") {
    ui::WindowRequest show{7, 0};
    auto view = ui::decode_request(tag(WindowOp::Show), bytes_of(show), 0);
    REQUIRE(view.ok());
    CHECK(view.value().window == ui::WindowId{7});
    CHECK(ui::decode_request(tag(WindowOp::Destroy), bytes_of(show), 0).ok());
    show.window = 0;
    CHECK(ui::decode_request(tag(WindowOp::Destroy), bytes_of(show), 0).error() ==
          Error::InvalidArgument);

    ui::TitleRequest title{};
    title.window = 3;
    title.title_size = 5;
    std::memcpy(title.title, "hello", 5);
    auto t = ui::decode_request(tag(WindowOp::SetTitle), bytes_of(title), 0);
    REQUIRE(t.ok());
    CHECK(t.value().title_text() == "hello");
    title.title[2] = 0x7f;
    CHECK(ui::decode_request(tag(WindowOp::SetTitle), bytes_of(title), 0).error() ==
          Error::InvalidArgument);

    ui::DamageRequest damage{3, 0, 10, 20, 30, 40};
    auto d = ui::decode_request(tag(WindowOp::Damage), bytes_of(damage), 0);
    REQUIRE(d.ok());
    CHECK(d.value().damage == gfx::Rect{10, 20, 30, 40});
    const ui::DamageRequest bad[] = {{3, 0, -1, 0, 5, 5},         {3, 0, 0, 0, -5, 5},
                                     {3, 0, 4000, 0, 97, 5},      {3, 0, 0, INT32_MAX, 0, 5},
                                     {3, 0, INT32_MAX, 0, INT32_MAX, 5}, {0, 0, 0, 0, 1, 1},
                                     {3, 9, 0, 0, 1, 1}};
    for (const auto& b : bad)
        CHECK(ui::decode_request(tag(WindowOp::Damage), bytes_of(b), 0).error() ==
              Error::InvalidArgument);
    ui::DamageRequest edge{3, 0, 4000, 4000, 96, 96};
    CHECK(ui::decode_request(tag(WindowOp::Damage), bytes_of(edge), 0).ok());
}

TEST_CASE("ui protocol: events decode and are checked", "[ui][protocol]") {
    ui::KeyMessage key{5, 0x1e, 1, 0, 'a', 0, {}, 0};
    auto k = ui::decode_event(tag(WindowOp::Key), bytes_of(key), 0);
    REQUIRE(k.ok());
    CHECK(k.value().scancode == 0x1e);
    CHECK(k.value().pressed);
    CHECK(k.value().ascii == 'a');
    const ui::KeyMessage bad_keys[] = {
        {0, 0x1e, 1, 0, 'a', 0, {}, 0}, {5, 0x9e, 1, 0, 'a', 0, {}, 0},
        {5, 0x1e, 2, 0, 'a', 0, {}, 0}, {5, 0x1e, 1, 7, 0, 0, {}, 0},
        {5, 0x1e, 0, 0, 'a', 0, {}, 0}};
    for (const auto& b : bad_keys)
        CHECK(ui::decode_event(tag(WindowOp::Key), bytes_of(b), 0).error() ==
              Error::InvalidArgument);

    ui::PointerMessage pointer{5, 10, 20, ui::button_left | ui::button_middle, 0};
    auto p = ui::decode_event(tag(WindowOp::Pointer), bytes_of(pointer), 0);
    REQUIRE(p.ok());
    CHECK(p.value().position == gfx::Point{10, 20});
    CHECK(p.value().buttons == 5);
    const ui::PointerMessage bad_pointers[] = {{5, -1, 0, 0, 0}, {5, 0, 4096, 0, 0},
                                               {5, 0, 0, 8, 0}, {0, 0, 0, 0, 0}};
    for (const auto& b : bad_pointers)
        CHECK(ui::decode_event(tag(WindowOp::Pointer), bytes_of(b), 0).error() ==
              Error::InvalidArgument);

    ui::FocusMessage focus{5, 1};
    auto f = ui::decode_event(tag(WindowOp::Focus), bytes_of(focus), 0);
    REQUIRE(f.ok());
    CHECK(f.value().focused);
    focus.focused = 2;
    CHECK(ui::decode_event(tag(WindowOp::Focus), bytes_of(focus), 0).error() ==
          Error::InvalidArgument);
    ui::WindowRequest close{5, 0};
    auto c = ui::decode_event(tag(WindowOp::CloseRequest), bytes_of(close), 0);
    REQUIRE(c.ok());
    CHECK(c.value().window == ui::WindowId{5});
    CHECK(ui::decode_event(tag(WindowOp::CloseRequest), bytes_of(close), 1).error() ==
          Error::InvalidArgument);
}

TEST_CASE("ui protocol: Connect carries exactly one handle and nothing else", "[ui][protocol]") {
    auto view = ui::decode_request(tag(WindowOp::Connect), {}, 1);
    REQUIRE(view.ok());
    CHECK(view.value().op == WindowOp::Connect);
    CHECK(!view.value().window);
    CHECK(ui::decode_request(tag(WindowOp::Connect), {}, 0).error() == Error::InvalidArgument);
    CHECK(ui::decode_request(tag(WindowOp::Connect), {}, 2).error() == Error::InvalidArgument);
    std::vector<uint8_t> extra(4, 0);
    CHECK(ui::decode_request(tag(WindowOp::Connect), extra, 1).error() == Error::InvalidArgument);
    // No other request may smuggle a handle in.
    ui::WindowRequest show{7, 0};
    CHECK(ui::decode_request(tag(WindowOp::Show), bytes_of(show), 1).error() ==
          Error::InvalidArgument);
    CHECK(ui::decode_event(tag(WindowOp::Connect), {}, 1).error() == Error::InvalidArgument);
    CHECK(ui::decode_event(tag(WindowOp::Connect), {}, 0).error() == Error::Unsupported);
}

TEST_CASE("ui protocol: Create's placement", "[ui][protocol]") {
    ui::CreateRequest r = create(10, 10, "t");
    auto automatic = ui::decode_request(tag(WindowOp::Create), bytes_of(r), 0);
    REQUIRE(automatic.ok());
    CHECK(!automatic.value().place_at);
    r.placement = ui::place_at;
    r.x = -50;
    r.y = 7000;  // any numbers: the window stack clamps the origin to the screen
    auto at = ui::decode_request(tag(WindowOp::Create), bytes_of(r), 0);
    REQUIRE(at.ok());
    CHECK(at.value().place_at);
    CHECK(at.value().origin == gfx::Point{-50, 7000});
    r.placement = 2;
    CHECK(ui::decode_request(tag(WindowOp::Create), bytes_of(r), 0).error() ==
          Error::InvalidArgument);
}

TEST_CASE("ui protocol: Key events carry KeyInput's modifiers and tsc", "[ui][protocol]") {
    ui::KeyMessage key{5, 0x30, 1, 0, 'B', 1 | 8, {}, 123456789012345ull};
    auto k = ui::decode_event(tag(WindowOp::Key), bytes_of(key), 0);
    REQUIRE(k.ok());
    CHECK(k.value().modifiers == (1 | 8));
    CHECK(k.value().tsc == 123456789012345ull);
    key.modifiers = 0x10;  // no such modifier
    CHECK(ui::decode_event(tag(WindowOp::Key), bytes_of(key), 0).error() ==
          Error::InvalidArgument);
    key.modifiers = 0;
    key.reserved[6] = 1;
    CHECK(ui::decode_event(tag(WindowOp::Key), bytes_of(key), 0).error() ==
          Error::InvalidArgument);

    ui::PointerMessage wheel{5, 1, 2, 0, -3};
    auto p = ui::decode_event(tag(WindowOp::Pointer), bytes_of(wheel), 0);
    REQUIRE(p.ok());
    CHECK(p.value().wheel == -3);
}
