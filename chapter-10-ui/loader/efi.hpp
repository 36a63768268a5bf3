// The UEFI definitions, from GNU-EFI. Its headers are C, so they are included as C here, once.
// With GNU_EFI_USE_MS_ABI (set by shared/mk/loader.mk) every firmware function pointer carries
// the Microsoft calling convention UEFI uses, and C++ can call it like any other function.
#pragma once
extern "C" {
#include <efi.h>
#include <efilib.h>
}
