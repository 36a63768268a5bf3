/* The Linux side of `make bench`: /init of a tiny initramfs, so it is the first user process.
 *
 * It prints `bench: first user process` before anything else (the boot figure), then measures
 * the three figures by the method the OS's own bench program uses (tests/bench.py's docstring):
 * guest TSC ticks around one operation per sample, warm-up operations first, the median of the
 * samples. Then it powers the machine off. Built with `gcc -O2 -static`: no libraries to load.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

enum { NULL_SAMPLES = 10000, NULL_WARMUP = 100, TRIP_SAMPLES = 1000, TRIP_WARMUP = 10,
       YIELD_SAMPLES = 1000, YIELD_WARMUP = 100 };

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

static uint64_t samples[NULL_SAMPLES];

static void null_syscall(void) {
    for (int i = 0; i < NULL_WARMUP; ++i) syscall(SYS_getppid);
    for (int i = 0; i < NULL_SAMPLES; ++i) {
        uint64_t t0 = read_tsc();
        syscall(SYS_getppid);
        samples[i] = read_tsc() - t0;
    }
    printf("bench: null-syscall median %llu ticks (%d samples)\n",
           (unsigned long long)median(samples, NULL_SAMPLES), NULL_SAMPLES);
}

static void write_all(int fd, const void *data, size_t size) {
    if (write(fd, data, size) != (ssize_t)size) die("write");
}

static void read_all(int fd, void *data, size_t size) {
    if (read(fd, data, size) != (ssize_t)size) die("read");
}

/* Two pipes, one each way; the peer echoes index + 1. A pipe write of 8 bytes is atomic. */
static void round_trip(void) {
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
    printf("bench: round-trip median %llu ticks (%d samples)\n",
           (unsigned long long)median(samples, TRIP_SAMPLES), TRIP_SAMPLES);
}

/* Both processes loop on sched_yield on the one CPU. The peer counts its yields in shared
 * memory, so each sample can check that the peer really ran between the two timestamps. */
static void yield_switch(void) {
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
    if (declined >= 10000000) {
        printf("bench: FAILED: yield: the peer did not run in %ld calls\n", declined);
        power_off();
    }
    printf("bench: yield median %llu ticks (%d samples)\n",
           (unsigned long long)median(samples, YIELD_SAMPLES), YIELD_SAMPLES);
    printf("bench: yield check: %ld calls returned without the peer running (not samples)\n", declined);
}

int main(void) {
    /* The kernel opened /dev/console (ttyS0) as fds 0-2; line-buffer so each line goes out whole. */
    setvbuf(stdout, NULL, _IOLBF, 0);
    printf("bench: first user process\n");
    struct utsname name;
    if (uname(&name) == 0) printf("bench: kernel %s %s\n", name.sysname, name.release);
    null_syscall();
    round_trip();
    yield_switch();
    printf("bench: done\n");
    power_off();
}
