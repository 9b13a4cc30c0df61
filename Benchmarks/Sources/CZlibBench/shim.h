#include <zlib.h>
static inline int czb_inflateInit2(z_streamp s, int wb) { return inflateInit2_(s, wb, ZLIB_VERSION, (int)sizeof(z_stream)); }
