#ifndef CLOGSCAN_H
#define CLOGSCAN_H

#include <stddef.h>
#include <stdint.h>

// The tables of a LogBytes `LiteralScanner`, borrowed for one scan (all owned by Swift arrays).
//
// A literal of two bytes or more is found from its first two bytes: `pair_bits` has bit `b0 << 8 | b1` set when some
// literal starts with that raw pair (every case variant of it for a literal that ignores case); `pair_table` maps the
// pair to its bucket + 1; the bucket's literal ids are `bucket_ids[bucket_start[b] ..< bucket_start[b + 1]]`; literal
// `id` is `literal_bytes[literal_start[id] ..< literal_start[id + 1]]`, compared from its third byte on with ASCII
// upper-case text bytes folded to lower case when `literal_ignores_case[id]` is non-zero.
//
// `masks` is the Teddy fingerprint in front of that check (CLOGSCAN_MASK_BYTES bytes): for fingerprint byte k (0-3 of a
// literal), 16 bytes indexed by a text byte's low nibble, then 16 by its high nibble; bit g of both entries is set
// when some literal of fingerprint group g (0-7) may have that nibble there. A position where, for some group, all eight
// lookups have the group's bit is a candidate, checked in the pair tables; so the masks must only never miss a literal
// (a superset), and how tight they are decides the speed alone. `literal_groups[id]` is the bit of literal `id`'s group
// (0 for a literal shorter than two bytes): a candidate is compared only with the literals of the groups it passed.
typedef struct clogscan_tables {
    const uint64_t *pair_bits;
    const uint16_t *pair_table;
    const int32_t *bucket_start;
    const int32_t *bucket_ids;
    const uint8_t *literal_bytes;
    const int32_t *literal_start;
    const uint8_t *literal_ignores_case;
    const uint8_t *masks;
    const uint8_t *literal_groups;
} clogscan_tables;

#define CLOGSCAN_MASK_BYTES 128

// The widest kernel this CPU runs: 2 AVX2, 1 SSSE3, 0 none (portable scalar code only).
int clogscan_vector_level(void);

// Sets in `found` the bit of every literal of two bytes or more that occurs in `text[0 ..< count]`, with the kernel
// `level` (at most `clogscan_vector_level()`; 0 is the scalar loop). Bits already set are literals known to occur:
// they are not compared again.
void clogscan_scan(const clogscan_tables *tables, int level, const uint8_t *text, size_t count, uint64_t *found);

#endif
