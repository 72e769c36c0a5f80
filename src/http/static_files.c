#include "static_files.h"
#include "request.h"
#include "../util/fs.h"
#include <errno.h>
#include <microhttpd.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct asset {
    char *name;         /* "css/site.css" */
    char *hashed_name;  /* "css/site.1a2b3c4d5e.css" */
    char *url;          /* "/static/" + hashed_name */
    char *etag;         /* "\"1a2b3c4d5e\"" */
    const char *content_type;
    char *data;
    size_t len;
} asset;

static asset *assets;
static size_t nassets, cap_assets;

static const char *content_type_for(const char *name)
{
    const char *dot = strrchr(name, '.');
    if (!dot) return "application/octet-stream";
    static const struct { const char *ext, *type; } types[] = {
        {".css", "text/css; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
        {".svg", "image/svg+xml"}, {".png", "image/png"}, {".ico", "image/x-icon"},
        {".woff2", "font/woff2"}, {".txt", "text/plain; charset=utf-8"},
        {".webmanifest", "application/manifest+json"},
    };
    for (size_t i = 0; i < sizeof types / sizeof *types; i++)
        if (strcmp(dot, types[i].ext) == 0) return types[i].type;
    return "application/octet-stream";
}

static int add_file(void *ud, const char *path, const char *name, char *err, size_t errlen)
{
    (void)ud;
    size_t len;
    char *data = fs_read_file(path, &len);
    if (!data) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    if (nassets == cap_assets) {
        cap_assets = cap_assets ? cap_assets * 2 : 16;
        assets = realloc(assets, cap_assets * sizeof *assets);
        if (!assets) abort();
    }
    asset *a = &assets[nassets++];
    a->name = strdup(name);
    a->data = data;
    a->len = len;
    a->content_type = content_type_for(name);
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)a->data, a->len);
    char hex[11];
    sodium_bin2hex(hex, sizeof hex, h, 5);
    const char *dot = strrchr(name, '.');
    const char *slash = strrchr(name, '/');
    if (!dot || (slash && dot < slash)) dot = name + strlen(name);
    size_t stem = (size_t)(dot - name);
    size_t hlen = strlen(name) + 12;
    a->hashed_name = malloc(hlen);
    snprintf(a->hashed_name, hlen, "%.*s.%s%s", (int)stem, name, hex, dot);
    size_t ulen = strlen(a->hashed_name) + 9;
    a->url = malloc(ulen);
    snprintf(a->url, ulen, "/static/%s", a->hashed_name);
    a->etag = malloc(16);
    snprintf(a->etag, 16, "\"%s\"", hex);
    return 0;
}

int static_load(const char *dir, char *err, size_t errlen)
{
    static_unload();
    return fs_walk(dir, add_file, NULL, err, errlen);
}

void static_unload(void)
{
    for (size_t i = 0; i < nassets; i++) {
        free(assets[i].name);
        free(assets[i].hashed_name);
        free(assets[i].url);
        free(assets[i].etag);
        free(assets[i].data);
    }
    free(assets);
    assets = NULL;
    nassets = cap_assets = 0;
}

const char *static_url(const char *name)
{
    for (size_t i = 0; i < nassets; i++)
        if (strcmp(assets[i].name, name) == 0) return assets[i].url;
    return "";
}

/* GET /static/{*path} */
int static_serve(request *r)
{
    const char *path = req_param(r, "path");
    for (size_t i = 0; i < nassets; i++) {
        asset *a = &assets[i];
        int hashed = strcmp(a->hashed_name, path) == 0;
        if (!hashed && strcmp(a->name, path) != 0) continue;
        req_header(r, "ETag", a->etag);
        req_header(r, "Cache-Control", hashed ? "public, max-age=31536000, immutable"
                                              : "public, max-age=300");
        const char *inm = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
                                                      MHD_HTTP_HEADER_IF_NONE_MATCH);
        if (inm && (strstr(inm, a->etag) || strcmp(inm, "*") == 0)) {
            r->status = 304;
            return 0;
        }
        r->status = 200;
        r->content_type = a->content_type;
        r->static_body = a->data;
        r->static_len = a->len;
        return 0;
    }
    respond_error(r, 404, NULL);
    return 0;
}
