/* Mustache: templates are compiled once into a tree of nodes and rendered
 * many times, possibly from many threads at once.  A compiled template is
 * never written to after mustache_compile returns; everything a render
 * needs to change lives in a struct render on the caller's stack.
 *
 * Whitespace follows the spec, including the optional inheritance rules for
 * blocks and parents (specs/whitespace.md in the spec repository):
 *
 *  - A non-interpolation tag alone on its line is "standalone": the line's
 *    indentation, the tag and the line ending all disappear.
 *  - A standalone partial or parent indents every line of what it expands
 *    to.  This is done at render time, because partials are compiled on
 *    their own: the compiler leaves an N_LINE node at the start of every
 *    template line and the renderer writes the current indentation there.
 *    Text produced by interpolation is never indented, as the spec asks.
 *  - A block's "intrinsic indentation" is dropped from each line of its
 *    content when compiling, and the indentation of the block tag at the
 *    place the block is expanded is added back when rendering.
 *
 * Values that count as false for sections: missing, null, false, "" and
 * the empty list.  Numbers, including 0, and objects are true. */

#include "mustache.h"
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Sections open at once while compiling.  Bounds the recursion of the
 * compiler and of mustache_free. */
#define MAX_NESTING 256
/* Sections, partials, parents and blocks entered at once while rendering.
 * A recursive partial stops here instead of exhausting the stack. */
#define MAX_DEPTH 64

enum node_kind {
    N_TEXT,         /* literal bytes */
    N_LINE,         /* a template line starts here: indentation goes here */
    N_VAR,          /* {{name}}, HTML-escaped */
    N_RAW,          /* {{{name}}} or {{&name}} */
    N_SECTION,      /* {{#name}} ... {{/name}} */
    N_INVERTED,     /* {{^name}} ... {{/name}} */
    N_PARTIAL,      /* {{>name}} */
    N_PARENT,       /* {{<name}} ... {{/name}}: kids are the argument blocks */
    N_BLOCK,        /* {{$name}} ... {{/name}}: kids are the default content */
};

typedef struct node node;
typedef struct node_list {
    node *v;
    size_t n, cap;
} node_list;

struct node {
    unsigned char kind;
    bool dynamic;       /* N_PARTIAL, N_PARENT: the name is looked up (>*name) */
    /* N_PARTIAL, N_PARENT: indent every line of the expansion.
     * N_BLOCK: indent the first line of the content too.
     * N_LINE: this marks the first line of a block's content, which the
     * block itself indents or not, depending on where it is expanded. */
    bool standalone;
    const char *text;   /* N_TEXT: the bytes; N_PARTIAL, N_PARENT, N_BLOCK:
                         * indentation.  Points into the template's source. */
    size_t len;
    char *name;         /* NUL-terminated tag name; path follows in the same
                         * allocation */
    const char *path;   /* the name split at dots: npath strings, NUL-separated */
    unsigned npath;     /* 0 for the implicit iterator "." */
    size_t key_len;     /* length of the first string of path */
    node_list kids;
};

struct mustache_template {
    char *src;          /* private copy; N_TEXT nodes point into it */
    node_list root;
};

static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p) {
        fputs("kohtaamo: out of memory\n", stderr);
        abort();
    }
    return p;
}

static node *push(node_list *l)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 8;
        l->v = xrealloc(l->v, l->cap * sizeof *l->v);
    }
    node *n = &l->v[l->n++];
    memset(n, 0, sizeof *n);
    return n;
}

static void free_list(node_list *l);

static void free_node(node *n)
{
    free(n->name);
    free_list(&n->kids);
}

static void free_list(node_list *l)
{
    for (size_t i = 0; i < l->n; i++) free_node(&l->v[i]);
    free(l->v);
    l->v = NULL;
    l->n = l->cap = 0;
}

static void set_name(node *n, const char *s, size_t len)
{
    char *m = xrealloc(NULL, 2 * len + 2);
    memcpy(m, s, len);
    m[len] = '\0';
    char *path = m + len + 1;
    memcpy(path, s, len);
    path[len] = '\0';
    n->name = m;
    n->path = path;
    if (len == 1 && s[0] == '.') {
        n->npath = 0;
        return;
    }
    n->npath = 1;
    n->key_len = len;
    for (size_t i = 0; i < len; i++)
        if (path[i] == '.') {
            if (n->npath == 1) n->key_len = i;
            path[i] = '\0';
            n->npath++;
        }
}

/* ---------------------------------------------------------------- compiler */

typedef struct parser {
    const char *s;
    size_t len;
    size_t pos;             /* literal text not yet emitted starts here */
    const char *otag, *ctag;
    size_t olen, clen;
    const char *strip;      /* intrinsic indentation of the enclosing block */
    size_t strip_len;
    size_t block_start;     /* where the enclosing block's content starts */
    unsigned nesting;
    char *err;
    size_t errlen;
} parser;

/* What an opening tag leaves for its closing tag. */
typedef struct opening {
    unsigned char kind;     /* N_SECTION, N_INVERTED, N_PARENT or N_BLOCK */
    bool argument;          /* N_BLOCK directly inside a parent */
    bool left_clear;        /* only whitespace before the tag on its line */
    bool dynamic;
    const char *name;
    size_t name_len;
    size_t at;              /* offset of the tag, for messages */
    const char *lead;       /* N_BLOCK: whitespace before the tag */
    size_t lead_len;
    bool pair_standalone;   /* set by the closing tag of an N_BLOCK */
} opening;

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static unsigned line_of(const parser *p, size_t at)
{
    unsigned line = 1;
    for (size_t i = 0; i < at && i < p->len; i++)
        if (p->s[i] == '\n') line++;
    return line;
}

static int fail(parser *p, size_t at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int fail(parser *p, size_t at, const char *fmt, ...)
{
    if (p->err && p->errlen) {
        int n = snprintf(p->err, p->errlen, "line %u: ", line_of(p, at));
        if (n >= 0 && (size_t)n < p->errlen) {
            va_list ap;
            va_start(ap, fmt);
            vsnprintf(p->err + n, p->errlen - (size_t)n, fmt, ap);
            va_end(ap);
        }
    }
    return -1;
}

static bool at_line_start(const parser *p, size_t at)
{
    return at == 0 || p->s[at - 1] == '\n';
}

/* Only blanks between the start of the line and at?  Sets *line to the
 * start of the line. */
static bool left_clear(const parser *p, size_t at, size_t *line)
{
    size_t i = at;
    while (i > 0 && (p->s[i - 1] == ' ' || p->s[i - 1] == '\t')) i--;
    *line = i;
    return at_line_start(p, i);
}

/* Only blanks between at and the end of the line?  Sets *next to the start
 * of the next line (after "\n" or "\r\n") or to the end of input. */
static bool right_clear(const parser *p, size_t at, size_t *next)
{
    size_t i = at;
    while (i < p->len && (p->s[i] == ' ' || p->s[i] == '\t')) i++;
    if (i == p->len) {
        *next = i;
        return true;
    }
    if (p->s[i] == '\n') {
        *next = i + 1;
        return true;
    }
    if (p->s[i] == '\r' && i + 1 < p->len && p->s[i + 1] == '\n') {
        *next = i + 2;
        return true;
    }
    return false;
}

/* The indentation [line, at) as seen after the enclosing block's intrinsic
 * indentation has been taken off. */
static void indentation(const parser *p, size_t line, size_t at, const char **ind, size_t *len)
{
    size_t n = at - line;
    if (p->strip_len && n >= p->strip_len && memcmp(p->s + line, p->strip, p->strip_len) == 0) {
        *ind = p->s + line + p->strip_len;
        *len = n - p->strip_len;
    } else {
        *ind = p->s + line;
        *len = n;
    }
}

static void push_text(node_list *out, const char *s, size_t len)
{
    node *last = out->n ? &out->v[out->n - 1] : NULL;
    if (last && last->kind == N_TEXT && last->text + last->len == s) {
        last->len += len;       /* contiguous: extend rather than add */
        return;
    }
    node *n = push(out);
    n->kind = N_TEXT;
    n->text = s;
    n->len = len;
}

static void push_line(node_list *out, bool block_first)
{
    node *n = push(out);
    n->kind = N_LINE;
    n->standalone = block_first;
}

/* Emits the literal text [a, b), with a line marker at each line start and
 * the enclosing block's intrinsic indentation removed from it. */
static void emit_text(parser *p, node_list *out, size_t a, size_t b)
{
    while (a < b) {
        bool bol = at_line_start(p, a);
        if (a == p->block_start) push_line(out, true);
        else if (bol) push_line(out, false);
        if (bol && p->strip_len && b - a >= p->strip_len &&
            memcmp(p->s + a, p->strip, p->strip_len) == 0) {
            a += p->strip_len;
            if (a == b) break;
        }
        const char *nl = memchr(p->s + a, '\n', b - a);
        size_t e = nl ? (size_t)(nl - p->s) + 1 : b;
        push_text(out, p->s + a, e - a);
        a = e;
    }
}

/* A tag that stays on its line starts that line if it is in column 0. */
static void mark_line(parser *p, node_list *out, size_t at, bool closing)
{
    if (at == p->block_start) {
        if (!closing) push_line(out, true);     /* an empty block has no lines */
    } else if (at_line_start(p, at)) {
        push_line(out, false);
    }
}

/* Emits the text before a tag and moves past the tag.  A standalone tag
 * takes its whole line with it: indentation, tag and line ending. */
static void pass_tag(parser *p, node_list *out, size_t start, size_t end, bool alone,
                     size_t line, size_t next, bool closing)
{
    if (alone) {
        emit_text(p, out, p->pos, line);
        p->pos = next;
    } else {
        emit_text(p, out, p->pos, start);
        mark_line(p, out, start, closing);
        p->pos = end;
    }
}

static void trim(const char *s, size_t *a, size_t *b)
{
    while (*a < *b && is_space(s[*a])) (*a)++;
    while (*b > *a && is_space(s[*b - 1])) (*b)--;
}

/* Trims [a, b) into a tag name; with allow_star, a leading '*' makes it a
 * dynamic name.  Fails on empty names and names with blanks inside. */
static int tag_name(parser *p, size_t at, size_t a, size_t b, bool allow_star,
                    bool *dynamic, const char **name, size_t *len)
{
    trim(p->s, &a, &b);
    *dynamic = false;
    if (allow_star && a < b && p->s[a] == '*') {
        *dynamic = true;
        a++;
        trim(p->s, &a, &b);
    }
    if (a == b) return fail(p, at, "empty tag name");
    for (size_t i = a; i < b; i++)
        if (is_space(p->s[i])) return fail(p, at, "blank inside tag name '%.*s'", (int)(b - a), p->s + a);
    *name = p->s + a;
    *len = b - a;
    return 0;
}

/* {{=<% %>=}}: content [a, b) must be exactly two blank-separated words. */
static int set_delimiters(parser *p, size_t at, size_t a, size_t b)
{
    size_t o = a, oe, c, ce, rest;
    while (o < b && is_space(p->s[o])) o++;
    for (oe = o; oe < b && !is_space(p->s[oe]); oe++) {}
    for (c = oe; c < b && is_space(p->s[c]); c++) {}
    for (ce = c; ce < b && !is_space(p->s[ce]); ce++) {}
    for (rest = ce; rest < b && is_space(p->s[rest]); rest++) {}
    if (oe == o || ce == c || rest != b)
        return fail(p, at, "bad delimiter change (want two delimiters separated by a blank)");
    p->otag = p->s + o;
    p->olen = oe - o;
    p->ctag = p->s + c;
    p->clen = ce - c;
    return 0;
}

/* Finds the closing delimiter at or after from.  With mark, the delimiter
 * must be preceded by mark ('}' of a triple mustache, '=' of a delimiter
 * change) and *close is the offset of mark. */
static bool find_close(const parser *p, size_t from, char mark, size_t *close)
{
    size_t i = from;
    while (i <= p->len) {
        const char *hit = memmem(p->s + i, p->len - i, p->ctag, p->clen);
        if (!hit) return false;
        size_t c = (size_t)(hit - p->s);
        if (!mark) {
            *close = c;
            return true;
        }
        if (c > from && p->s[c - 1] == mark) {
            *close = c - 1;
            return true;
        }
        i = c + 1;
    }
    return false;
}

static const char *kind_word(unsigned char kind)
{
    switch (kind) {
    case N_SECTION: return "section";
    case N_INVERTED: return "inverted section";
    case N_PARENT: return "parent";
    default: return "block";
    }
}

static int parse(parser *p, node_list *out, opening *open);

static int nest(parser *p, node_list *kids, opening *open)
{
    if (p->nesting >= MAX_NESTING)
        return fail(p, open->at, "sections nested deeper than %d", MAX_NESTING);
    p->nesting++;
    int rc = parse(p, kids, open);
    p->nesting--;
    return rc;
}

/* Moves the blocks among a parent's children into args; the rest of what
 * sits inside a parent tag is ignored, as the spec says. */
static void keep_blocks(node_list *all, node_list *args)
{
    for (size_t i = 0; i < all->n; i++) {
        if (all->v[i].kind == N_BLOCK) *push(args) = all->v[i];
        else free_node(&all->v[i]);
    }
    free(all->v);
    all->v = NULL;
    all->n = all->cap = 0;
}

static int parse_block(parser *p, node_list *out, opening *open, size_t start, size_t end,
                       const char *name, size_t name_len)
{
    size_t line = 0, next = 0;
    bool lc = left_clear(p, start, &line), rc = right_clear(p, end, &next);
    opening o = {.kind = N_BLOCK, .left_clear = lc, .name = name, .name_len = name_len, .at = start};
    o.argument = open && open->kind == N_PARENT;
    node n;
    memset(&n, 0, sizeof n);
    n.kind = N_BLOCK;
    set_name(&n, name, name_len);

    const char *saved_strip = p->strip;
    size_t saved_strip_len = p->strip_len, saved_block_start = p->block_start;
    size_t ws_end = 0;

    if (o.argument) {
        /* An argument block: what precedes it inside the parent is ignored,
         * and a line ending right after the tag belongs to the tag. */
        emit_text(p, out, p->pos, lc ? line : start);
        p->pos = rc ? next : end;
    } else {
        pass_tag(p, out, start, end, lc && rc, line, next, false);
        if (lc && rc) n.standalone = true;
        else if (lc) indentation(p, line, start, &o.lead, &o.lead_len);
    }
    if (rc && (o.argument || n.standalone)) {
        /* The content starts on the next line, whose indentation is the
         * block's intrinsic indentation. */
        for (ws_end = next; ws_end < p->len && (p->s[ws_end] == ' ' || p->s[ws_end] == '\t'); ws_end++) {}
        if (n.standalone) indentation(p, next, ws_end, &n.text, &n.len);
        p->strip = p->s + next;
        p->strip_len = ws_end - next;
    }
    p->block_start = p->pos;

    int err = nest(p, &n.kids, &o);
    p->strip = saved_strip;
    p->strip_len = saved_strip_len;
    p->block_start = saved_block_start;
    if (err) {
        free_node(&n);
        return -1;
    }
    if (!o.argument && !n.standalone && o.pair_standalone) {
        /* Opening tag first and closing tag last on their lines: the
         * content is indented like the opening tag, but the whitespace
         * around the tags stays where it is. */
        n.text = o.lead;
        n.len = o.lead_len;
    }
    *push(out) = n;
    return 0;
}

static int parse_close(parser *p, node_list *out, opening *open, size_t start, size_t end,
                       size_t cs, size_t ce)
{
    bool dynamic;
    const char *name;
    size_t len, line = 0, next = 0;
    if (tag_name(p, start, cs, ce, true, &dynamic, &name, &len)) return -1;
    if (!open) return fail(p, start, "closing tag '%.*s' without an opening tag", (int)len, name);
    if (dynamic != open->dynamic || len != open->name_len || memcmp(name, open->name, len) != 0)
        return fail(p, start, "%s '%s%.*s' (line %u) closed by '%s%.*s'", kind_word(open->kind),
                    open->dynamic ? "*" : "", (int)open->name_len, open->name, line_of(p, open->at),
                    dynamic ? "*" : "", (int)len, name);
    bool lc = left_clear(p, start, &line), rc = right_clear(p, end, &next);

    if (open->kind == N_PARENT) {
        /* A parent is standalone when it opens first and closes last on
         * its lines, even if both tags share a line. */
        emit_text(p, out, p->pos, lc ? line : start);
        p->pos = rc && (lc || open->left_clear) ? next : end;
    } else if (open->kind == N_BLOCK && open->argument) {
        /* The end of an argument block is the end of a little template:
         * blanks before it go, what follows is outside the block anyway. */
        emit_text(p, out, p->pos, lc ? line : start);
        p->pos = end;
    } else {
        if (open->kind == N_BLOCK) open->pair_standalone = open->left_clear && rc;
        pass_tag(p, out, start, end, lc && rc, line, next, true);
    }
    return 0;
}

/* Parses nodes into out until the tag that closes open, or to the end of
 * the input when open is NULL.  Returns 0, or -1 with the error message set. */
static int parse(parser *p, node_list *out, opening *open)
{
    for (;;) {
        const char *hit = NULL;
        if (p->pos < p->len) hit = memmem(p->s + p->pos, p->len - p->pos, p->otag, p->olen);
        if (!hit) {
            if (open)
                return fail(p, open->at, "unclosed %s '%s%.*s'", kind_word(open->kind),
                            open->dynamic ? "*" : "", (int)open->name_len, open->name);
            emit_text(p, out, p->pos, p->len);
            p->pos = p->len;
            return 0;
        }

        size_t start = (size_t)(hit - p->s), body = start + p->olen;
        char sigil = body < p->len ? p->s[body] : '\0';
        size_t cs, ce, end;     /* tag content is [cs, ce); the tag ends at end */
        if (sigil == '{' || sigil == '=') {
            cs = body + 1;
            if (!find_close(p, cs, sigil == '{' ? '}' : '=', &ce))
                return fail(p, start, "unclosed tag");
            end = ce + 1 + p->clen;
        } else {
            cs = sigil && strchr("!#^/><$&", sigil) ? body + 1 : body;
            if (!find_close(p, cs, '\0', &ce)) return fail(p, start, "unclosed tag");
            end = ce + p->clen;
        }

        size_t line = 0, next = 0;
        bool lc = left_clear(p, start, &line), rc = right_clear(p, end, &next);
        bool alone = lc && rc;
        bool dynamic;
        const char *name;
        size_t len;

        switch (sigil) {
        case '!':
            pass_tag(p, out, start, end, alone, line, next, false);
            break;

        case '=':
            if (set_delimiters(p, start, cs, ce)) return -1;
            pass_tag(p, out, start, end, alone, line, next, false);
            break;

        case '/':
            return parse_close(p, out, open, start, end, cs, ce);

        case '#':
        case '^': {
            if (tag_name(p, start, cs, ce, false, &dynamic, &name, &len)) return -1;
            opening o = {.kind = sigil == '#' ? N_SECTION : N_INVERTED, .name = name,
                         .name_len = len, .at = start};
            pass_tag(p, out, start, end, alone, line, next, false);
            node n;
            memset(&n, 0, sizeof n);
            n.kind = o.kind;
            set_name(&n, name, len);
            if (nest(p, &n.kids, &o)) {
                free_node(&n);
                return -1;
            }
            *push(out) = n;
            break;
        }

        case '>': {
            if (tag_name(p, start, cs, ce, true, &dynamic, &name, &len)) return -1;
            const char *ind = NULL;
            size_t ind_len = 0;
            if (alone) indentation(p, line, start, &ind, &ind_len);
            pass_tag(p, out, start, end, alone, line, next, false);
            node *n = push(out);
            n->kind = N_PARTIAL;
            n->dynamic = dynamic;
            n->standalone = alone;
            n->text = ind;
            n->len = ind_len;
            set_name(n, name, len);
            break;
        }

        case '<': {
            if (tag_name(p, start, cs, ce, true, &dynamic, &name, &len)) return -1;
            opening o = {.kind = N_PARENT, .left_clear = lc, .dynamic = dynamic, .name = name,
                         .name_len = len, .at = start};
            node n;
            memset(&n, 0, sizeof n);
            n.kind = N_PARENT;
            n.dynamic = dynamic;
            n.standalone = lc;
            if (lc) {
                indentation(p, line, start, &n.text, &n.len);
                emit_text(p, out, p->pos, line);
            } else {
                emit_text(p, out, p->pos, start);
                mark_line(p, out, start, false);
            }
            p->pos = end;
            set_name(&n, name, len);
            node_list all = {NULL, 0, 0};
            if (nest(p, &all, &o)) {
                free_list(&all);
                free_node(&n);
                return -1;
            }
            keep_blocks(&all, &n.kids);
            *push(out) = n;
            break;
        }

        case '$':
            if (tag_name(p, start, cs, ce, false, &dynamic, &name, &len)) return -1;
            if (parse_block(p, out, open, start, end, name, len)) return -1;
            break;

        default: {     /* {{name}}, {{&name}}, {{{name}}} */
            if (tag_name(p, start, cs, ce, false, &dynamic, &name, &len)) return -1;
            pass_tag(p, out, start, end, false, line, next, false);
            node *n = push(out);
            n->kind = sigil == '{' || sigil == '&' ? N_RAW : N_VAR;
            set_name(n, name, len);
            break;
        }
        }
    }
}

mustache_template *mustache_compile(const char *src, size_t len, char *err, size_t errlen)
{
    if (err && errlen) err[0] = '\0';
    if (!src && len) {
        if (err && errlen) snprintf(err, errlen, "line 1: no template");
        return NULL;
    }
    mustache_template *t = xrealloc(NULL, sizeof *t);
    t->src = xrealloc(NULL, len + 1);
    if (len) memcpy(t->src, src, len);
    t->src[len] = '\0';
    t->root = (node_list){NULL, 0, 0};

    parser p = {.s = t->src, .len = len, .otag = "{{", .olen = 2, .ctag = "}}", .clen = 2,
                .block_start = SIZE_MAX, .err = err, .errlen = errlen};
    if (parse(&p, &t->root, NULL)) {
        mustache_free(t);
        return NULL;
    }
    return t;
}

void mustache_free(mustache_template *t)
{
    if (!t) return;
    free_list(&t->root);
    free(t->src);
    free(t);
}

/* ---------------------------------------------------------------- renderer */

typedef struct frame {      /* the context stack, innermost first */
    vm_value v;
    const struct frame *up;
} frame;

typedef struct scope {      /* argument blocks of the parents being expanded */
    const node_list *args;
    const struct scope *up;
} scope;

typedef struct render {
    mustache_partial_fn partial;
    void *ud;
    buf *out;
    buf indent;             /* indentation now in force: indent.data[indent_from..] */
    size_t indent_from;
    int depth;
} render;

/* The value a tag names; false when no frame has it. */
static bool lookup(const frame *f, const node *n, vm_value *out)
{
    if (n->npath == 0) {
        *out = f->v;
        return true;
    }
    const char *key = n->path;
    bool found = false;
    for (; f && !found; f = f->up) found = vm_get(&f->v, key, n->key_len, out);
    /* The rest of a dotted name resolves only against what the first part
     * found, never further down the stack. */
    for (unsigned i = 1; found && i < n->npath; i++) {
        key += strlen(key) + 1;
        vm_value inner = *out;
        found = vm_get(&inner, key, strlen(key), out);
    }
    return found;
}

static bool falsey(bool found, const vm_value *v)
{
    if (!found) return true;
    switch (v->kind) {
    case VM_NULL:
    case VM_FALSE: return true;
    case VM_STR: return v->len == 0;
    case VM_LIST: return v->u.list->n == 0;
    case VM_JSON: return json_is_array(v->u.json) && json_array_size(v->u.json) == 0;
    default: return false;
    }
}

static bool is_list(const vm_value *v)
{
    return v->kind == VM_LIST || (v->kind == VM_JSON && json_is_array(v->u.json));
}

/* Shortest of %.15g .. %.17g that reads back as the same double, so 1.21
 * prints as "1.21" and 0.1+0.2 as "0.30000000000000004". */
static size_t format_real(double d, char *out, size_t size)
{
    int n = 0;
    for (int prec = 15; prec <= 17; prec++) {
        n = snprintf(out, size, "%.*g", prec, d);
        if (strtod(out, NULL) == d) break;
    }
    for (char *c = out; *c; c++)
        if (*c == ',') *c = '.';    /* whatever LC_NUMERIC says */
    return n > 0 ? (size_t)n : 0;
}

/* The text of a scalar, or false for null, objects and lists. */
static bool scalar_text(const vm_value *v, char *num, size_t numlen, const char **s, size_t *len)
{
    switch (v->kind) {
    case VM_STR:
        *s = v->u.s;
        *len = v->len;
        return true;
    case VM_INT: {
        int n = snprintf(num, numlen, "%" PRId64, v->u.i);
        *s = num;
        *len = n > 0 ? (size_t)n : 0;
        return true;
    }
    case VM_REAL:
        *len = format_real(v->u.d, num, numlen);
        *s = num;
        return true;
    case VM_TRUE:
        *s = "true";
        *len = 4;
        return true;
    case VM_FALSE:
        *s = "false";
        *len = 5;
        return true;
    default:
        return false;
    }
}

static void write_indent(render *r)
{
    if (r->indent.len > r->indent_from)
        buf_append(r->out, r->indent.data + r->indent_from, r->indent.len - r->indent_from);
}

static int render_nodes(render *r, const node_list *l, size_t from, const frame *f, const scope *sc);

static int render_list(render *r, const node_list *l, const frame *f, const scope *sc)
{
    return render_nodes(r, l, 0, f, sc);
}

/* Expands a partial or parent: a standalone one adds its indentation to
 * what is in force; an inline one starts from none, as its lines after the
 * first are not lines of the including template. */
static int render_include(render *r, const node *n, const frame *f, const scope *sc)
{
    const char *name = n->name;
    char num[64];
    if (n->dynamic) {
        vm_value v;
        size_t len;
        if (!lookup(f, n, &v) || !(v.kind == VM_STR || v.kind == VM_INT || v.kind == VM_REAL)) return 0;
        if (!scalar_text(&v, num, sizeof num, &name, &len)) return 0;
    }
    const mustache_template *t = r->partial ? r->partial(r->ud, name) : NULL;
    if (!t) return 0;
    if (++r->depth > MAX_DEPTH) return -1;

    size_t saved_len = r->indent.len, saved_from = r->indent_from;
    if (n->standalone) buf_append(&r->indent, n->text, n->len);
    else r->indent_from = r->indent.len;
    scope args = {&n->kids, sc};
    int rc = render_list(r, &t->root, f, n->kind == N_PARENT ? &args : sc);
    r->indent.len = saved_len;
    r->indent_from = saved_from;
    r->depth--;
    return rc;
}

static int render_block(render *r, const node *n, const frame *f, const scope *sc)
{
    /* The outermost override wins: a template that extends a parent that
     * extends another has the last word. */
    const node *over = NULL;
    for (const scope *s = sc; s; s = s->up)
        for (size_t i = 0; i < s->args->n; i++)
            if (strcmp(s->args->v[i].name, n->name) == 0) {
                over = &s->args->v[i];
                break;
            }
    const node_list *body = over ? &over->kids : &n->kids;
    if (++r->depth > MAX_DEPTH) return -1;

    size_t saved_len = r->indent.len;
    buf_append(&r->indent, n->text, n->len);
    size_t first = 0;
    if (body->n && body->v[0].kind == N_LINE && body->v[0].standalone) {
        if (n->standalone) write_indent(r);
        first = 1;
    }
    int rc = render_nodes(r, body, first, f, sc);
    r->indent.len = saved_len;
    r->depth--;
    return rc;
}

static int render_nodes(render *r, const node_list *l, size_t from, const frame *f, const scope *sc)
{
    for (size_t i = from; i < l->n; i++) {
        const node *n = &l->v[i];
        switch (n->kind) {
        case N_TEXT:
            buf_append(r->out, n->text, n->len);
            break;

        case N_LINE:
            if (!n->standalone) write_indent(r);
            break;

        case N_VAR:
        case N_RAW: {
            vm_value val;
            char num[64];
            const char *s;
            size_t len;
            if (!lookup(f, n, &val) || !scalar_text(&val, num, sizeof num, &s, &len)) break;
            if (n->kind == N_VAR) buf_html_escape(r->out, s, len);
            else buf_append(r->out, s, len);
            break;
        }

        case N_SECTION: {
            vm_value val;
            bool found = lookup(f, n, &val);
            if (falsey(found, &val)) break;
            if (++r->depth > MAX_DEPTH) return -1;
            if (is_list(&val)) {
                size_t count = vm_list_size(&val);
                for (size_t k = 0; k < count; k++) {
                    frame fr = {vm_list_at(&val, k), f};
                    if (render_list(r, &n->kids, &fr, sc)) return -1;
                }
            } else {
                frame fr = {val, f};
                if (render_list(r, &n->kids, &fr, sc)) return -1;
            }
            r->depth--;
            break;
        }

        case N_INVERTED: {
            vm_value val;
            bool found = lookup(f, n, &val);
            if (!falsey(found, &val)) break;
            if (++r->depth > MAX_DEPTH) return -1;
            if (render_list(r, &n->kids, f, sc)) return -1;
            r->depth--;
            break;
        }

        case N_PARTIAL:
        case N_PARENT:
            if (render_include(r, n, f, sc)) return -1;
            break;

        case N_BLOCK:
            if (render_block(r, n, f, sc)) return -1;
            break;
        }
    }
    return 0;
}

int mustache_render_stack(const mustache_template *t, const vm_value *stack, size_t depth,
                          mustache_partial_fn partial, void *ud, buf *out)
{
    if (!t || !out || depth > MAX_DEPTH) return -1;
    render r = {.partial = partial, .ud = ud, .out = out, .indent = BUF_INIT};
    frame frames[MAX_DEPTH + 1];
    const frame *top = NULL;
    for (size_t i = 0; i < depth; i++) {
        frames[i] = (frame){stack[i], top};
        top = &frames[i];
    }
    frame empty = {vm_null(), NULL};
    int rc = render_list(&r, &t->root, top ? top : &empty, NULL);
    buf_free(&r.indent);
    return rc;
}

int mustache_render(const mustache_template *t, json_t *ctx,
                    mustache_partial_fn partial, void *ud, buf *out)
{
    vm_value root = vm_json(ctx);
    return mustache_render_stack(t, &root, 1, partial, ud, out);
}
