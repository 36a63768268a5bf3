// fsck_cjfs [-n] IMAGE: checks a cjfs image and prints each problem; exits 0 when clean, 1 when
// not (or when it cannot be mounted), 2 for bad usage. It first mounts the image, which replays
// the log (as the OS would); -n checks the image as it is, without writing to it.
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include "host/file_block_device.hpp"
#include "host/stdio_writer.hpp"
#include "lib/fs/cjfs/cjfs.hpp"
#include "lib/fs/cjfs/fsck.hpp"

int main(int argc, char** argv) {
    bool replay = true;
    if (argc == 3 && std::strcmp(argv[1], "-n") == 0) replay = false;
    if (argc != 2 && !(argc == 3 && !replay)) {
        std::fprintf(stderr, "usage: fsck_cjfs [-n] IMAGE\n");
        return 2;
    }
    const char* path = argv[argc - 1];
    FileBlockDevice device(path);
    if (!device.ok()) {
        std::fprintf(stderr, "fsck_cjfs: cannot open %s\n", path);
        return 1;
    }
    if (replay) {
        auto fs = std::make_unique<cjfs::Cjfs>(device);
        Status mounted = fs->mount();
        if (!mounted.ok()) {
            StringView why = fs->problem();
            std::printf("fsck_cjfs: %s: cannot mount (%s): %.*s\n", path,
                        error_name(mounted.error()), static_cast<int>(why.size()), why.data());
            return 1;
        }
    }
    Result<uint64_t> size = cjfs::fsck_scratch_size(device);
    if (!size.ok()) {
        std::fprintf(stderr, "fsck_cjfs: %s: %s\n", path, error_name(size.error()));
        return 1;
    }
    std::vector<uint8_t> scratch(size.value());
    StdioWriter out;
    Result<uint64_t> problems = cjfs::fsck(device, scratch, out);
    if (!problems.ok()) {
        std::fprintf(stderr, "fsck_cjfs: %s: %s\n", path, error_name(problems.error()));
        return 1;
    }
    if (problems.value() == 0) {
        std::printf("fsck_cjfs: %s: clean\n", path);
        return 0;
    }
    std::printf("fsck_cjfs: %s: %llu problems\n", path,
                static_cast<unsigned long long>(problems.value()));
    return 1;
}
