#include "loader/esp_file.hpp"

namespace {

/// An open EFI file that closes itself (RAII): no path out of read_esp_file leaks a handle.
class EfiFile {
public:
    EfiFile() = default;
    EfiFile(const EfiFile&) = delete;
    EfiFile& operator=(const EfiFile&) = delete;
    ~EfiFile() {
        if (file_) file_->Close(file_);
    }
    EFI_FILE_HANDLE* out() { return &file_; }
    EFI_FILE_HANDLE get() const { return file_; }

private:
    EFI_FILE_HANDLE file_ = nullptr;
};

}  // namespace

Result<std::span<const uint8_t>> read_esp_file(EFI_HANDLE image, const char16_t* path,
                                               uint32_t memory_type) {
    EFI_BOOT_SERVICES* bs = ST->BootServices;
    // The volume is the device the firmware loaded us from.
    EFI_LOADED_IMAGE* loaded = nullptr;
    EFI_GUID loaded_image_guid = EFI_LOADED_IMAGE_PROTOCOL_GUID;
    if (EFI_ERROR(bs->HandleProtocol(image, &loaded_image_guid, reinterpret_cast<void**>(&loaded))))
        return Error::DeviceError;
    EFI_SIMPLE_FILE_SYSTEM_PROTOCOL* fs = nullptr;
    EFI_GUID fs_guid = EFI_SIMPLE_FILE_SYSTEM_PROTOCOL_GUID;
    if (EFI_ERROR(
            bs->HandleProtocol(loaded->DeviceHandle, &fs_guid, reinterpret_cast<void**>(&fs))))
        return Error::DeviceError;
    EfiFile root, file;
    if (EFI_ERROR(fs->OpenVolume(fs, root.out()))) return Error::DeviceError;
    if (EFI_ERROR(root.get()->Open(root.get(), file.out(),
                                   reinterpret_cast<CHAR16*>(const_cast<char16_t*>(path)),
                                   EFI_FILE_MODE_READ, 0)))
        return Error::NotFound;

    // The size, from the file's EFI_FILE_INFO (a struct followed by the file name).
    alignas(8) uint8_t info_buffer[sizeof(EFI_FILE_INFO) + 256];
    UINTN info_size = sizeof info_buffer;
    EFI_GUID info_guid = EFI_FILE_INFO_ID;
    if (EFI_ERROR(file.get()->GetInfo(file.get(), &info_guid, &info_size, info_buffer)))
        return Error::DeviceError;
    uint64_t size = reinterpret_cast<EFI_FILE_INFO*>(info_buffer)->FileSize;
    if (size > max_esp_file_size) return Error::Unsupported;

    void* data = nullptr;
    // The firmware gives pool memory pages of the requested type, OS-defined types included.
    if (EFI_ERROR(
            bs->AllocatePool(static_cast<EFI_MEMORY_TYPE>(memory_type), size ? size : 1, &data)))
        return Error::OutOfMemory;
    UINTN read = size;
    if (EFI_ERROR(file.get()->Read(file.get(), &read, data))) return Error::DeviceError;
    if (read != size) return Error::Truncated;
    return std::span<const uint8_t>(static_cast<const uint8_t*>(data), size);
}
