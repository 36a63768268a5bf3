#include "loader/console.hpp"

namespace {

/// The text output the firmware's graphics console installs on the GOP device, or nullptr.
/// The console splitter's own handle (ST->ConsoleOutHandle) carries GOP and text output too:
/// it is the mirror we are avoiding, so it is skipped.
SIMPLE_TEXT_OUTPUT_INTERFACE* find_screen_text_output(EFI_BOOT_SERVICES* bs) {
    EFI_GUID text_guid = EFI_SIMPLE_TEXT_OUTPUT_PROTOCOL_GUID;
    EFI_GUID gop_guid = EFI_GRAPHICS_OUTPUT_PROTOCOL_GUID;
    UINTN count = 0;
    EFI_HANDLE* handles = nullptr;
    if (EFI_ERROR(bs->LocateHandleBuffer(ByProtocol, &text_guid, nullptr, &count, &handles)))
        return nullptr;
    SIMPLE_TEXT_OUTPUT_INTERFACE* found = nullptr;
    for (UINTN i = 0; i < count && !found; ++i) {
        void* gop = nullptr;
        if (handles[i] == ST->ConsoleOutHandle || handles[i] == ST->StandardErrorHandle) continue;
        if (EFI_ERROR(bs->HandleProtocol(handles[i], &gop_guid, &gop))) continue;
        if (EFI_ERROR(bs->HandleProtocol(handles[i], &text_guid, reinterpret_cast<void**>(&found))))
            found = nullptr;
    }
    bs->FreePool(handles);
    return found;
}

}  // namespace

void Console::init(EFI_BOOT_SERVICES* boot_services) {
    serial_.init();
    screen_text_ = find_screen_text_output(boot_services);
    if (screen_text_) screen_text_->ClearScreen(screen_text_);
}

void Console::put(char c) {
    serial_.put(c);
    if (on_framebuffer_) {
        screen_.put(c);
        return;
    }
    if (!screen_text_) return;
    // UEFI text is UCS-2: widen our ASCII one character at a time.
    CHAR16 wide[3] = {static_cast<CHAR16>(c), 0, 0};
    if (c == '\n') wide[0] = u'\r', wide[1] = u'\n';
    screen_text_->OutputString(screen_text_, wide);
}

void Console::use_framebuffer(const Framebuffer& fb) {
    screen_ = TextConsole(fb);
    screen_.clear();
    on_framebuffer_ = true;
}
