// Teddy multi-literal prefilter (after Hyperscan's and the Rust aho-corasick crate's design) in front of the exact
// byte-pair check of LogBytes' LiteralScanner. See CLogScan.h for the tables.
#include "CLogScan.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define CLOGSCAN_X86 1
#endif

// The literals of the pair bucket of `text[i] text[i + 1]` that occur at `i` (needs i + 1 < count), among those of the
// fingerprint groups `groups` (bits; a literal of another group cannot start at `i`).
static inline void check_at(
    const clogscan_tables *t, const uint8_t *text, size_t count, size_t i, unsigned groups, uint64_t *found) {
    unsigned key = (unsigned)text[i] << 8 | text[i + 1];
    if (!((t->pair_bits[key >> 6] >> (key & 63)) & 1)) return;
    int bucket = (int)t->pair_table[key] - 1;
    int end = t->bucket_start[bucket + 1];
    for (int k = t->bucket_start[bucket]; k < end; k++) {
        int id = t->bucket_ids[k];
        if (!(t->literal_groups[id] & groups) || ((found[id >> 6] >> (id & 63)) & 1)) continue;
        int s = t->literal_start[id];
        size_t m = (size_t)(t->literal_start[id + 1] - s);
        if (m > count - i) continue;
        const uint8_t *lit = t->literal_bytes + s;
        const uint8_t *at = text + i;
        size_t j = 2;  // the first two bytes are the bucket's pair (a case variant of it when ignoring case)
        if (t->literal_ignores_case[id]) {
            while (j < m) {
                uint8_t c = at[j];
                if (c >= 0x41 && c <= 0x5A) c |= 0x20;
                if (c != lit[j]) break;
                j++;
            }
        } else {
            while (j < m && at[j] == lit[j]) j++;
        }
        if (j == m) found[id >> 6] |= (uint64_t)1 << (id & 63);
    }
}

// Every position from `from` on, one byte pair at a time.
static void scan_scalar(const clogscan_tables *t, const uint8_t *text, size_t count, size_t from, uint64_t *found) {
    for (size_t i = from; i + 1 < count; i++) check_at(t, text, count, i, 0xFF, found);
}

#if CLOGSCAN_X86

// Positions 0 ..< the returned one, 16 at a time; needs i + 19 <= count for each block (four overlapping loads).
__attribute__((target("ssse3"))) static size_t scan_ssse3(
    const clogscan_tables *t, const uint8_t *text, size_t count, size_t from, uint64_t *found) {
    const uint8_t *mk = t->masks;
    const __m128i lo0 = _mm_loadu_si128((const __m128i *)(mk + 0));
    const __m128i hi0 = _mm_loadu_si128((const __m128i *)(mk + 16));
    const __m128i lo1 = _mm_loadu_si128((const __m128i *)(mk + 32));
    const __m128i hi1 = _mm_loadu_si128((const __m128i *)(mk + 48));
    const __m128i lo2 = _mm_loadu_si128((const __m128i *)(mk + 64));
    const __m128i hi2 = _mm_loadu_si128((const __m128i *)(mk + 80));
    const __m128i lo3 = _mm_loadu_si128((const __m128i *)(mk + 96));
    const __m128i hi3 = _mm_loadu_si128((const __m128i *)(mk + 112));
    const __m128i nibble = _mm_set1_epi8(0x0F);
    const __m128i zero = _mm_setzero_si128();
    size_t i = from;
    for (; i + 19 <= count; i += 16) {
        __m128i c0 = _mm_loadu_si128((const __m128i *)(text + i));
        __m128i c1 = _mm_loadu_si128((const __m128i *)(text + i + 1));
        __m128i c2 = _mm_loadu_si128((const __m128i *)(text + i + 2));
        __m128i c3 = _mm_loadu_si128((const __m128i *)(text + i + 3));
        __m128i r = _mm_and_si128(_mm_shuffle_epi8(lo0, _mm_and_si128(c0, nibble)),
                                  _mm_shuffle_epi8(hi0, _mm_and_si128(_mm_srli_epi16(c0, 4), nibble)));
        r = _mm_and_si128(r, _mm_shuffle_epi8(lo1, _mm_and_si128(c1, nibble)));
        r = _mm_and_si128(r, _mm_shuffle_epi8(hi1, _mm_and_si128(_mm_srli_epi16(c1, 4), nibble)));
        r = _mm_and_si128(r, _mm_shuffle_epi8(lo2, _mm_and_si128(c2, nibble)));
        r = _mm_and_si128(r, _mm_shuffle_epi8(hi2, _mm_and_si128(_mm_srli_epi16(c2, 4), nibble)));
        r = _mm_and_si128(r, _mm_shuffle_epi8(lo3, _mm_and_si128(c3, nibble)));
        r = _mm_and_si128(r, _mm_shuffle_epi8(hi3, _mm_and_si128(_mm_srli_epi16(c3, 4), nibble)));
        unsigned m = ~(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(r, zero)) & 0xFFFFu;
        if (!m) continue;
        uint8_t groups[16];
        _mm_storeu_si128((__m128i *)groups, r);
        while (m) {
            unsigned k = (unsigned)__builtin_ctz(m);
            check_at(t, text, count, i + k, groups[k], found);
            m &= m - 1;
        }
    }
    return i;
}

// The same, 32 positions at a time (the 16-byte tables in both lanes); needs i + 35 <= count for each block.
__attribute__((target("avx2"))) static size_t scan_avx2(
    const clogscan_tables *t, const uint8_t *text, size_t count, uint64_t *found) {
    const uint8_t *mk = t->masks;
    const __m256i lo0 = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(mk + 0)));
    const __m256i hi0 = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(mk + 16)));
    const __m256i lo1 = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(mk + 32)));
    const __m256i hi1 = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(mk + 48)));
    const __m256i lo2 = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(mk + 64)));
    const __m256i hi2 = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(mk + 80)));
    const __m256i lo3 = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(mk + 96)));
    const __m256i hi3 = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(mk + 112)));
    const __m256i nibble = _mm256_set1_epi8(0x0F);
    const __m256i zero = _mm256_setzero_si256();
    size_t i = 0;
    for (; i + 35 <= count; i += 32) {
        __m256i c0 = _mm256_loadu_si256((const __m256i *)(text + i));
        __m256i c1 = _mm256_loadu_si256((const __m256i *)(text + i + 1));
        __m256i c2 = _mm256_loadu_si256((const __m256i *)(text + i + 2));
        __m256i c3 = _mm256_loadu_si256((const __m256i *)(text + i + 3));
        __m256i r = _mm256_and_si256(_mm256_shuffle_epi8(lo0, _mm256_and_si256(c0, nibble)),
                                     _mm256_shuffle_epi8(hi0, _mm256_and_si256(_mm256_srli_epi16(c0, 4), nibble)));
        r = _mm256_and_si256(r, _mm256_shuffle_epi8(lo1, _mm256_and_si256(c1, nibble)));
        r = _mm256_and_si256(r, _mm256_shuffle_epi8(hi1, _mm256_and_si256(_mm256_srli_epi16(c1, 4), nibble)));
        r = _mm256_and_si256(r, _mm256_shuffle_epi8(lo2, _mm256_and_si256(c2, nibble)));
        r = _mm256_and_si256(r, _mm256_shuffle_epi8(hi2, _mm256_and_si256(_mm256_srli_epi16(c2, 4), nibble)));
        r = _mm256_and_si256(r, _mm256_shuffle_epi8(lo3, _mm256_and_si256(c3, nibble)));
        r = _mm256_and_si256(r, _mm256_shuffle_epi8(hi3, _mm256_and_si256(_mm256_srli_epi16(c3, 4), nibble)));
        unsigned m = ~(unsigned)_mm256_movemask_epi8(_mm256_cmpeq_epi8(r, zero));
        if (!m) continue;
        uint8_t groups[32];
        _mm256_storeu_si256((__m256i *)groups, r);
        while (m) {
            unsigned k = (unsigned)__builtin_ctz(m);
            check_at(t, text, count, i + k, groups[k], found);
            m &= m - 1;
        }
    }
    return i;
}

#endif

int clogscan_vector_level(void) {
#if CLOGSCAN_X86
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2")) return 2;
    if (__builtin_cpu_supports("ssse3")) return 1;
#endif
    return 0;
}

void clogscan_scan(const clogscan_tables *tables, int level, const uint8_t *text, size_t count, uint64_t *found) {
    size_t i = 0;
#if CLOGSCAN_X86
    if (level >= 2) i = scan_avx2(tables, text, count, found);
    if (level >= 1) i = scan_ssse3(tables, text, count, i, found);
#else
    (void)level;
#endif
    scan_scalar(tables, text, count, i, found);
}
