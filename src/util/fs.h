/* Small file-system helpers shared by the loaders of templates, static
 * files and migrations, which all read whole files and walk trees. */
#ifndef KOHTAAMO_FS_H
#define KOHTAAMO_FS_H
#include <stddef.h>

/* The whole file, NUL-terminated; the caller frees it. NULL with errno set. */
char *fs_read_file(const char *path, size_t *len);

/* Calls fn for every regular file below root (names starting with '.' are
 * skipped) with its path and its path relative to root. Stops at the first
 * non-zero return and returns it; -1 with err filled when a folder cannot
 * be read. */
typedef int (*fs_file_fn)(void *ud, const char *path, const char *rel, char *err, size_t errlen);
int fs_walk(const char *root, fs_file_fn fn, void *ud, char *err, size_t errlen);

#endif
