#include "loader/gop.hpp"

namespace {

bool usable_format(EFI_GRAPHICS_PIXEL_FORMAT format) {
    return format == PixelBlueGreenRedReserved8BitPerColor ||
           format == PixelRedGreenBlueReserved8BitPerColor;
}

/// Parses "1024x768"; 0x0 when malformed.
void parse_resolution(StringView text, uint32_t& width, uint32_t& height) {
    uint32_t* target = &width;
    width = height = 0;
    for (char c : text) {
        if (c == 'x' && target == &width) {
            target = &height;
        } else if (c >= '0' && c <= '9' && *target < 100000) {
            *target = *target * 10 + static_cast<uint32_t>(c - '0');
        } else {
            width = height = 0;
            return;
        }
    }
}

/// The mode to use: the requested size if the firmware offers it, else the current mode if its
/// pixel format is usable, else the first usable mode. -1 when no mode is usable.
int64_t choose_mode(EFI_GRAPHICS_OUTPUT_PROTOCOL* gop, uint32_t want_w, uint32_t want_h) {
    int64_t current = -1, first = -1;
    for (uint32_t mode = 0; mode < gop->Mode->MaxMode; ++mode) {
        EFI_GRAPHICS_OUTPUT_MODE_INFORMATION* info = nullptr;
        UINTN size = 0;
        if (EFI_ERROR(gop->QueryMode(gop, mode, &size, &info))) continue;
        bool usable = usable_format(info->PixelFormat);
        bool wanted = info->HorizontalResolution == want_w && info->VerticalResolution == want_h;
        ST->BootServices->FreePool(info);
        if (!usable) continue;
        if (wanted) return mode;
        if (mode == gop->Mode->Mode) current = mode;
        if (first < 0) first = mode;
    }
    return current >= 0 ? current : first;
}

}  // namespace

Result<FramebufferInfo> setup_framebuffer(const BootOptions& options, Console& console) {
    EFI_GUID gop_guid = EFI_GRAPHICS_OUTPUT_PROTOCOL_GUID;
    EFI_GRAPHICS_OUTPUT_PROTOCOL* gop = nullptr;
    if (EFI_ERROR(
            ST->BootServices->LocateProtocol(&gop_guid, nullptr, reinterpret_cast<void**>(&gop))))
        return Error::NotFound;

    uint32_t want_w = 0, want_h = 0;
    parse_resolution(options.get_or("resolution", ""), want_w, want_h);
    int64_t mode = choose_mode(gop, want_w, want_h);
    if (mode < 0) return Error::Unsupported;
    if (static_cast<uint32_t>(mode) != gop->Mode->Mode &&
        EFI_ERROR(gop->SetMode(gop, static_cast<uint32_t>(mode))))
        return Error::DeviceError;

    const EFI_GRAPHICS_OUTPUT_MODE_INFORMATION* info = gop->Mode->Info;
    FramebufferInfo fb{
        .physical_base = gop->Mode->FrameBufferBase,
        .width = info->HorizontalResolution,
        .height = info->VerticalResolution,
        .stride = info->PixelsPerScanLine,
        .format = info->PixelFormat == PixelBlueGreenRedReserved8BitPerColor ? PixelFormat::Bgrx
                                                                             : PixelFormat::Rgbx,
    };
    if (want_w && (fb.width != want_w || fb.height != want_h))
        console.log("loader: resolution {}x{} is not offered; keeping the firmware's mode", want_w,
                    want_h);
    console.log("loader: GOP mode {}: {}x{}, stride {}, {}, framebuffer at 0x{:x}", mode, fb.width,
                fb.height, fb.stride, fb.format == PixelFormat::Bgrx ? "BGRX" : "RGBX",
                fb.physical_base);
    return fb;
}
