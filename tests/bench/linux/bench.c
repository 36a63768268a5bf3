/* The Linux side of `make bench`: /init of a tiny initramfs, so it is the first user process.
 *
 * It prints `bench: first user process` before anything else (the boot figure), then measures
 * the three figures by the method the OS's own bench program uses (tests/bench.py's docstring):
 * guest TSC ticks around one operation per sample, warm-up operations first, the median of the
 * samples for a round; ROUNDS rounds of each figure, interleaved, a round starting ROUND_TICKS
 * after the last at the earliest, and the lowest round median printed beside the median round.
 * When the initramfs carries kernel modules (/modules, chapter 08's figures), it loads
 * them, mounts the FAT disk (virtio-blk, /dev/vda) and times the file figures the OS's
 * fsbench program times (user/apps/fsbench.cpp). Then it powers the machine off. Built with
 * `gcc -O2 -static`: no libraries to load.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

enum { ROUNDS = 25, NULL_SAMPLES = 10000, NULL_WARMUP = 100, TRIP_SAMPLES = 1000,
       TRIP_WARMUP = 10, YIELD_SAMPLES = 1000, YIELD_WARMUP = 100 };

/* The same instruction as the OS's read_tsc (user/runtime/cpu_probe.S): rdtsc, no fence. */
static inline uint64_t read_tsc(void) {
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

/* Stops the machine: init must never return (the kernel would panic). */
static void power_off(void) {
    fflush(stdout);
    sync();
    reboot(RB_POWER_OFF);
    for (;;) pause();
}

static void die(const char *what) {
    printf("bench: FAILED: %s: %s\n", what, strerror(errno));
    power_off();
}

static int by_value(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* The median of `n` samples (sorts them); for an even n the upper middle, as the OS does. */
static uint64_t median(uint64_t *samples, size_t n) {
    qsort(samples, n, sizeof *samples, by_value);
    return samples[n / 2];
}

/* A round starts this long after the last one at the earliest (about 0.3 s on a 2 GHz host). */
static const uint64_t ROUND_TICKS = 600000000;
static uint64_t samples[NULL_SAMPLES];
/* Each figure's round medians. */
static uint64_t null_rounds[ROUNDS], trip_rounds[ROUNDS], yield_rounds[ROUNDS];
/* Yield calls CFS declined, over all rounds. */
static long declined_total;

static uint64_t null_syscall(void) {
    for (int i = 0; i < NULL_WARMUP; ++i) syscall(SYS_getppid);
    for (int i = 0; i < NULL_SAMPLES; ++i) {
        uint64_t t0 = read_tsc();
        syscall(SYS_getppid);
        samples[i] = read_tsc() - t0;
    }
    return median(samples, NULL_SAMPLES);
}

static void write_all(int fd, const void *data, size_t size) {
    if (write(fd, data, size) != (ssize_t)size) die("write");
}

static void read_all(int fd, void *data, size_t size) {
    if (read(fd, data, size) != (ssize_t)size) die("read");
}

/* One round: two pipes, one each way, and a new peer that echoes index + 1. A pipe write of 8
 * bytes is atomic. The fork is outside the samples. */
static uint64_t round_trip(void) {
    int to_peer[2], from_peer[2];
    if (pipe(to_peer) || pipe(from_peer)) die("pipe");
    pid_t peer = fork();
    if (peer < 0) die("fork");
    if (peer == 0) {
        uint64_t value;
        for (int i = 0; i < TRIP_WARMUP + TRIP_SAMPLES; ++i) {
            read_all(to_peer[0], &value, sizeof value);
            ++value;
            write_all(from_peer[1], &value, sizeof value);
        }
        _exit(0);
    }
    for (int i = 0; i < TRIP_WARMUP + TRIP_SAMPLES; ++i) {
        uint64_t index = (uint64_t)i, reply = 0;
        uint64_t t0 = read_tsc();
        write_all(to_peer[1], &index, sizeof index);
        read_all(from_peer[0], &reply, sizeof reply);
        uint64_t t1 = read_tsc();
        if (reply != index + 1) {
            printf("bench: FAILED: round trip %d got %llu\n", i, (unsigned long long)reply);
            power_off();
        }
        if (i >= TRIP_WARMUP) samples[i - TRIP_WARMUP] = t1 - t0;
    }
    if (waitpid(peer, NULL, 0) != peer) die("waitpid");
    close(to_peer[0]); close(to_peer[1]); close(from_peer[0]); close(from_peer[1]);
    return median(samples, TRIP_SAMPLES);
}

/* One round: both processes loop on sched_yield on the one CPU. The peer (a new one per round)
 * counts its yields in shared memory, so each sample can check that the peer really ran
 * between the two timestamps. */
static uint64_t yield_switch(void) {
    volatile uint64_t *shared = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (shared == MAP_FAILED) die("mmap");
    volatile uint64_t *peer_yields = &shared[0], *stop = &shared[1];
    int ready[2];
    if (pipe(ready)) die("pipe");
    pid_t peer = fork();
    if (peer < 0) die("fork");
    if (peer == 0) {
        write_all(ready[1], "r", 1);
        /* Unlike the OS's peer (a fixed count of yields), this one yields until told to stop:
         * while CFS declines to switch, a peer with a count can finish it alone (we saw it). */
        while (!*stop) {
            sched_yield();
            *peer_yields += 1;
        }
        _exit(0);
    }
    char byte;
    read_all(ready[0], &byte, 1);  // the peer runs: from here on both are ready
    for (int i = 0; i < YIELD_WARMUP; ++i) sched_yield();
    /* CFS treats sched_yield as a hint: it switches only to a task whose virtual runtime is within
     * its wake-up granularity (1 ms) of ours. Under TCG the guest clock is the host's, so when the
     * host deschedules QEMU the running task is charged that time too, and for thousands of calls
     * a yield returns without the peer running (all 1000 samples of a boot we measured). Such a call
     * is no switch, so it is not a sample: a sample is a call during which the peer ran (the OS's
     * round-robin yield always switches). Bounded; the count of declined calls is printed. */
    long declined = 0;
    for (int i = 0; i < YIELD_SAMPLES && declined < 10000000;) {
        uint64_t before = *peer_yields;
        uint64_t t0 = read_tsc();
        sched_yield();
        uint64_t t1 = read_tsc();
        if (*peer_yields == before) {
            ++declined;
            continue;
        }
        samples[i++] = (t1 - t0) / 2;  // two switches: to the peer and back
    }
    *stop = 1;
    if (waitpid(peer, NULL, 0) != peer) die("waitpid");
    munmap((void *)shared, 4096);
    close(ready[0]); close(ready[1]);
    if (declined >= 10000000) {
        printf("bench: FAILED: yield: the peer did not run in %ld calls\n", declined);
        power_off();
    }
    declined_total += declined;
    return median(samples, YIELD_SAMPLES);
}

/* One figure of the boot: the lowest of its round medians (the round the host disturbed
 * least), and the median round beside it. */
static void report(const char *name, uint64_t *round_medians, int samples_per_round) {
    uint64_t best = round_medians[0];
    for (int i = 1; i < ROUNDS; ++i)
        if (round_medians[i] < best) best = round_medians[i];
    uint64_t middle = median(round_medians, ROUNDS);
    printf("bench: %s best round median %llu ticks, median round %llu (%d rounds of %d samples)\n",
           name, (unsigned long long)best, (unsigned long long)middle, ROUNDS, samples_per_round);
}

/* Spins until the TSC passes `when`: the same wait as the OS's program. */
static void wait_until(uint64_t when) {
    while (read_tsc() < when) {
    }
}

/* Each figure in ROUNDS rounds, interleaved, so that its rounds spread over the whole run. A
 * round starts ROUND_TICKS after the last at the earliest, as on the OS, whose rounds are
 * faster: both programs' rounds then span about the same host time. */
static void ipc_figures(void) {
    for (int r = 0; r < ROUNDS; ++r) {
        uint64_t start = read_tsc();
        null_rounds[r] = null_syscall();
        trip_rounds[r] = round_trip();
        yield_rounds[r] = yield_switch();
        if (r + 1 < ROUNDS) wait_until(start + ROUND_TICKS);
    }
    report("null-syscall", null_rounds, NULL_SAMPLES);
    report("round-trip", trip_rounds, TRIP_SAMPLES);
    report("yield", yield_rounds, YIELD_SAMPLES);
    printf("bench: yield check: %ld calls returned without the peer running (not samples)\n",
           declined_total);
}

/* --- Chapter 08's file figures: the same sizes and steps as the OS's fsbench. --- */
enum { FILE_BYTES = 16 << 20, CHUNK = 64 << 10, SMALL_FILES = 1000, SMALL_BYTES = 4096 };
static uint8_t chunk[CHUNK];

/* Loads every module of /modules in name order (build.py numbers them in dependency order). */
static void load_modules(void) {
    struct dirent **names;
    int n = scandir("/modules", &names, NULL, alphasort);
    if (n < 0) die("scandir /modules");
    for (int i = 0; i < n; ++i) {
        if (names[i]->d_name[0] == '.') continue;
        char path[300];
        snprintf(path, sizeof path, "/modules/%s", names[i]->d_name);
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0) die(path);
        if (syscall(SYS_finit_module, fd, "", 0) != 0 && errno != EEXIST) die(path);
        close(fd);
    }
}

/* Empties the page cache, so a read comes from the disk, as the OS's reads do. */
static void drop_caches(void) {
    sync();
    int fd = open("/proc/sys/vm/drop_caches", O_WRONLY);
    if (fd < 0) die("open drop_caches");
    write_all(fd, "3", 1);
    close(fd);
}

static void fill(uint8_t *data, size_t size, uint64_t at) {
    for (size_t i = 0; i < size; ++i) data[i] = (uint8_t)((at + i) * 7 + ((at + i) >> 12));
}

static void file_figures(void) {
    if (access("/modules", F_OK) != 0) return;  /* built without the disk figures */
    load_modules();
    mkdir("/proc", 0755);
    mkdir("/mnt", 0755);
    if (mount("proc", "/proc", "proc", 0, NULL) != 0) die("mount /proc");
    if (mount("devtmpfs", "/dev", "devtmpfs", 0, NULL) != 0) die("mount /dev");
    for (int i = 0; access("/dev/vda", F_OK) != 0; ++i) {  /* the probe may finish later */
        if (i == 500) die("no /dev/vda after 5 s");
        usleep(10000);
    }
    if (mount("/dev/vda", "/mnt", "vfat", 0, NULL) != 0) die("mount /dev/vda");

    int fd = open("/mnt/seq.bin", O_CREAT | O_TRUNC | O_WRONLY, 0644);
    if (fd < 0) die("create /mnt/seq.bin");
    uint64_t t0 = read_tsc();
    for (uint64_t at = 0; at < FILE_BYTES; at += CHUNK) {
        fill(chunk, CHUNK, at);
        write_all(fd, chunk, CHUNK);
    }
    if (fsync(fd) != 0) die("fsync");
    uint64_t t1 = read_tsc();
    close(fd);
    printf("bench: fat-write 16 MiB %llu ticks\n", (unsigned long long)(t1 - t0));

    drop_caches();
    fd = open("/mnt/seq.bin", O_RDONLY);
    if (fd < 0) die("open /mnt/seq.bin");
    uint8_t expected[256];
    t0 = read_tsc();
    for (uint64_t at = 0; at < FILE_BYTES; at += CHUNK) {
        read_all(fd, chunk, CHUNK);
        fill(expected, sizeof expected, at);  /* spot-check each chunk's start */
        if (memcmp(chunk, expected, sizeof expected) != 0) die("read back: wrong bytes");
    }
    t1 = read_tsc();
    close(fd);
    printf("bench: fat-read 16 MiB %llu ticks\n", (unsigned long long)(t1 - t0));

    if (mkdir("/mnt/many", 0755) != 0) die("mkdir /mnt/many");
    fill(chunk, SMALL_BYTES, 0);
    t0 = read_tsc();
    for (int i = 0; i < SMALL_FILES; ++i) {
        char name[64];
        snprintf(name, sizeof name, "/mnt/many/file%04d.txt", i);
        fd = open(name, O_CREAT | O_EXCL | O_WRONLY, 0644);
        if (fd < 0) die(name);
        write_all(fd, chunk, SMALL_BYTES);
        close(fd);
    }
    sync();
    t1 = read_tsc();
    printf("bench: fat-create 1000 files %llu ticks\n", (unsigned long long)(t1 - t0));
    if (umount("/mnt") != 0) die("umount /mnt");
}

int main(void) {
    /* The kernel opened /dev/console (ttyS0) as fds 0-2; line-buffer so each line goes out whole. */
    setvbuf(stdout, NULL, _IOLBF, 0);
    printf("bench: first user process\n");
    struct utsname name;
    if (uname(&name) == 0) printf("bench: kernel %s %s\n", name.sysname, name.release);
    ipc_figures();
    file_figures();
    printf("bench: done\n");
    power_off();
}
