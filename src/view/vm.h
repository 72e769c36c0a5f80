/* View models: what a template reads, built in the request's arena.
 *
 * A list page used to build its view model from jansson values: a hash
 * table and a heap-style allocation per object, a copy of every string.
 * A vm object is a short array of fields scanned in order (pages have a
 * handful of keys per object), strings point at text that already lives
 * in the arena (database cells), and everything goes when the request's
 * arena does.  jansson values can be wrapped (vm_json), so a page may
 * build part of its model either way; the Mustache engine reads both. */
#ifndef KOHTAAMO_VM_H
#define KOHTAAMO_VM_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "../util/arena.h"

typedef enum {
    VM_NULL,
    VM_FALSE,
    VM_TRUE,
    VM_INT,
    VM_REAL,
    VM_STR,
    VM_LIST,
    VM_OBJ,
    VM_JSON,    /* a jansson array or object, read in place */
} vm_kind;

typedef struct vm_list vm_list;
typedef struct vm_obj vm_obj;

typedef struct vm_value {
    vm_kind kind;
    size_t len;             /* VM_STR: bytes, without the NUL */
    union {
        int64_t i;
        double d;
        const char *s;      /* NUL-terminated; not owned */
        vm_list *list;
        vm_obj *obj;
        json_t *json;       /* borrowed: must outlive the render */
    } u;
} vm_value;

typedef struct vm_field {
    const char *key;        /* not owned: usually a string literal */
    size_t key_len;
    vm_value v;
} vm_field;

struct vm_list {
    size_t n, cap;
    vm_value *v;
};

struct vm_obj {
    size_t n, cap;
    vm_field *f;
};

static inline vm_value vm_null(void) { return (vm_value){.kind = VM_NULL}; }
static inline vm_value vm_bool(bool b) { return (vm_value){.kind = b ? VM_TRUE : VM_FALSE}; }
static inline vm_value vm_int(int64_t i) { return (vm_value){.kind = VM_INT, .u.i = i}; }
/* s must live as long as the model (a literal, or arena text); NULL is null. */
static inline vm_value vm_strn(const char *s, size_t n)
{
    return s ? (vm_value){.kind = VM_STR, .len = n, .u.s = s} : vm_null();
}
static inline vm_value vm_str(const char *s) { return vm_strn(s, s ? strlen(s) : 0); }
/* Reads j in place (scalars are copied, arrays and objects borrowed). */
vm_value vm_json(json_t *j);

/* An empty object or list in a, with room for cap entries before it grows. */
vm_value vm_obj_new(arena *a, size_t cap);
vm_value vm_list_new(arena *a, size_t cap);
/* Sets key (which must outlive the model) in obj, replacing an earlier value. */
void vm_setn(arena *a, vm_value *obj, const char *key, size_t key_len, vm_value v);
static inline void vm_set(arena *a, vm_value *obj, const char *key, vm_value v)
{
    vm_setn(a, obj, key, strlen(key), v);   /* a literal key's length is known when compiling */
}
void vm_push(arena *a, vm_value *list, vm_value v);

/* The value of key in an object (vm or jansson), or false when it has none. */
bool vm_get(const vm_value *obj, const char *key, size_t key_len, vm_value *out);
/* Items of a list (vm or jansson array); 0 for anything else. */
size_t vm_list_size(const vm_value *list);
vm_value vm_list_at(const vm_value *list, size_t i);

/* A deep copy of j made of vm values only (tests render the Mustache spec
 * through both representations with it). */
vm_value vm_from_json_deep(arena *a, json_t *j);

#endif
