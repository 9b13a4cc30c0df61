#include <stddef.h>
#include <zlib.h>

// `inflateInit2` is a macro, which Swift cannot call; wrap it.
static inline int czlib_inflateInit2(z_streamp stream, int windowBits) {
    return inflateInit2_(stream, windowBits, ZLIB_VERSION, (int)sizeof(z_stream));
}

// `deflateInit2` is a macro too; wrap it (used by the gzip compressor helper).
static inline int czlib_deflateInit2(z_streamp stream, int level, int windowBits) {
    return deflateInit2_(stream, level, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY,
                         ZLIB_VERSION, (int)sizeof(z_stream));
}

// glibc declares these only under _GNU_SOURCE, which Glibc's Swift module does not set.
extern void *memmem(const void *haystack, size_t haystacklen, const void *needle, size_t needlelen);
extern void *memrchr(const void *s, int c, size_t n);
