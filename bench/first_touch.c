/* How long a fresh page of memory takes to touch, with 4 KB pages or with transparent huge
 * pages: maps N MB, optionally asks for huge pages (MADV_HUGEPAGE, what jemalloc's thp:always
 * does), writes one byte per 4 KB and prints ms per MB. Session 13 (bench/README.md) found
 * 0.33-0.43 ms/MB with 4 KB pages every run and 0.12-12 ms/MB with huge pages on the VM.
 *
 *   gcc -O2 -o /tmp/first_touch bench/first_touch.c
 *   for i in 1 2 3; do /tmp/first_touch 300; /tmp/first_touch 300 huge; done
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s MB [huge]\n", argv[0]);
        return 2;
    }
    size_t mb = (size_t)atol(argv[1]);
    size_t n = mb << 20;
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    char *p = mmap(0, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
    if (argc > 2)
        madvise(p, n, MADV_HUGEPAGE);
    for (size_t i = 0; i < n; i += 4096)
        p[i] = 1;
    clock_gettime(CLOCK_MONOTONIC, &b);
    double ms = (b.tv_sec - a.tv_sec) * 1e3 + (b.tv_nsec - a.tv_nsec) / 1e6;
    printf("%zu MB %s: %.1f ms = %.3f ms/MB\n", mb, argc > 2 ? "huge pages" : "4 KB pages", ms, ms / mb);
    return 0;
}
