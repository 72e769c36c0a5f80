#include "fs.h"
#include "buf.h"
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

char *fs_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    buf b = BUF_INIT;
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) buf_append(&b, chunk, n);
    fclose(f);
    return buf_detach(&b, len);
}

static int walk(const char *root, const char *rel, fs_file_fn fn, void *ud, char *err, size_t errlen)
{
    char dirpath[4096];
    snprintf(dirpath, sizeof dirpath, "%s%s%s", root, rel[0] ? "/" : "", rel);
    DIR *d = opendir(dirpath);
    if (!d) {
        snprintf(err, errlen, "%s: %s", dirpath, strerror(errno));
        return -1;
    }
    struct dirent *e;
    int rc = 0;
    while (rc == 0 && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') continue;
        char child_rel[2048], child_path[4096];
        snprintf(child_rel, sizeof child_rel, "%s%s%s", rel, rel[0] ? "/" : "", e->d_name);
        snprintf(child_path, sizeof child_path, "%s/%s", root, child_rel);
        struct stat st;
        if (stat(child_path, &st) != 0) continue;
        rc = S_ISDIR(st.st_mode) ? walk(root, child_rel, fn, ud, err, errlen)
                                 : fn(ud, child_path, child_rel, err, errlen);
    }
    closedir(d);
    return rc;
}

int fs_walk(const char *root, fs_file_fn fn, void *ud, char *err, size_t errlen)
{
    return walk(root, "", fn, ud, err, errlen);
}
