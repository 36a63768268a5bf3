// mkfs_cjfs IMAGE [SIZE_MIB]: formats a disk image as cjfs. With SIZE_MIB, (re)creates the
// file with that size first (sparse: only the metadata blocks take room).
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <unistd.h>

#include "host/file_block_device.hpp"
#include "host/stdio_writer.hpp"
#include "lib/fs/cjfs/layout.hpp"
#include "lib/fs/cjfs/mkfs.hpp"

int main(int argc, char** argv) {
    if (argc != 2 && argc != 3) {
        std::fprintf(stderr, "usage: mkfs_cjfs IMAGE [SIZE_MIB]\n");
        return 2;
    }
    if (argc == 3) {
        long mib = std::strtol(argv[2], nullptr, 10);
        int fd = open(argv[1], O_RDWR | O_CREAT | O_TRUNC, 0644);
        if (mib <= 0 || fd < 0 || ftruncate(fd, static_cast<off_t>(mib) * 1024 * 1024) != 0) {
            std::fprintf(stderr, "mkfs_cjfs: cannot create %s of %s MiB\n", argv[1], argv[2]);
            return 1;
        }
        close(fd);
    }
    FileBlockDevice device(argv[1]);
    if (!device.ok()) {
        std::fprintf(stderr, "mkfs_cjfs: cannot open %s\n", argv[1]);
        return 1;
    }
    Status made = cjfs::mkfs(device);
    if (!made.ok()) {
        std::fprintf(stderr, "mkfs_cjfs: %s: %s\n", argv[1], error_name(made.error()));
        return 1;
    }
    std::printf("mkfs_cjfs: %s: %llu blocks of 4 KiB\n", argv[1],
                static_cast<unsigned long long>(device.block_count() / 8));
    return 0;
}
