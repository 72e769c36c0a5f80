#include "vm.h"
#include <string.h>

vm_value vm_json(json_t *j)
{
    if (!j) return vm_null();
    switch (json_typeof(j)) {
    case JSON_STRING: return vm_strn(json_string_value(j), json_string_length(j));
    case JSON_INTEGER: return vm_int(json_integer_value(j));
    case JSON_REAL: return (vm_value){.kind = VM_REAL, .u.d = json_real_value(j)};
    case JSON_TRUE: return vm_bool(true);
    case JSON_FALSE: return vm_bool(false);
    case JSON_NULL: return vm_null();
    default: return (vm_value){.kind = VM_JSON, .u.json = j};
    }
}

vm_value vm_obj_new(arena *a, size_t cap)
{
    vm_obj *o = arena_alloc_raw(a, sizeof *o);
    o->n = 0;
    o->cap = cap ? cap : 4;
    o->f = arena_alloc_raw(a, o->cap * sizeof *o->f);
    return (vm_value){.kind = VM_OBJ, .u.obj = o};
}

vm_value vm_list_new(arena *a, size_t cap)
{
    vm_list *l = arena_alloc_raw(a, sizeof *l);
    l->n = 0;
    l->cap = cap ? cap : 4;
    l->v = arena_alloc_raw(a, l->cap * sizeof *l->v);
    return (vm_value){.kind = VM_LIST, .u.list = l};
}

/* Arena memory is not freed one block at a time: the old array stays until
 * the request ends, which costs less than tracking it. */
static void *grow(arena *a, void *old, size_t *cap, size_t size)
{
    size_t ncap = *cap * 2;
    void *p = arena_alloc_raw(a, ncap * size);
    memcpy(p, old, *cap * size);
    *cap = ncap;
    return p;
}

void vm_setn(arena *a, vm_value *obj, const char *key, size_t klen, vm_value v)
{
    if (obj->kind != VM_OBJ) return;
    vm_obj *o = obj->u.obj;
    for (size_t i = 0; i < o->n; i++)
        if (o->f[i].key_len == klen && memcmp(o->f[i].key, key, klen) == 0) {
            o->f[i].v = v;
            return;
        }
    if (o->n == o->cap) o->f = grow(a, o->f, &o->cap, sizeof *o->f);
    o->f[o->n++] = (vm_field){.key = key, .key_len = klen, .v = v};
}

void vm_push(arena *a, vm_value *list, vm_value v)
{
    if (list->kind != VM_LIST) return;
    vm_list *l = list->u.list;
    if (l->n == l->cap) l->v = grow(a, l->v, &l->cap, sizeof *l->v);
    l->v[l->n++] = v;
}

bool vm_get(const vm_value *obj, const char *key, size_t key_len, vm_value *out)
{
    if (obj->kind == VM_OBJ) {
        const vm_obj *o = obj->u.obj;
        /* length and first byte before memcmp: most keys differ there */
        for (size_t i = 0; i < o->n; i++)
            if (o->f[i].key_len == key_len && o->f[i].key[0] == key[0] &&
                memcmp(o->f[i].key, key, key_len) == 0) {
                *out = o->f[i].v;
                return true;
            }
        return false;
    }
    if (obj->kind == VM_JSON && json_is_object(obj->u.json)) {
        json_t *v = json_object_getn(obj->u.json, key, key_len);
        if (!v) return false;
        *out = vm_json(v);
        return true;
    }
    return false;
}

size_t vm_list_size(const vm_value *list)
{
    if (list->kind == VM_LIST) return list->u.list->n;
    if (list->kind == VM_JSON) return json_array_size(list->u.json);
    return 0;
}

vm_value vm_list_at(const vm_value *list, size_t i)
{
    if (list->kind == VM_LIST) return i < list->u.list->n ? list->u.list->v[i] : vm_null();
    if (list->kind == VM_JSON) return vm_json(json_array_get(list->u.json, i));
    return vm_null();
}

vm_value vm_from_json_deep(arena *a, json_t *j)
{
    if (json_is_array(j)) {
        vm_value l = vm_list_new(a, json_array_size(j));
        size_t i;
        json_t *e;
        json_array_foreach(j, i, e) vm_push(a, &l, vm_from_json_deep(a, e));
        return l;
    }
    if (json_is_object(j)) {
        vm_value o = vm_obj_new(a, json_object_size(j));
        const char *k;
        json_t *e;
        json_object_foreach(j, k, e) vm_set(a, &o, arena_strdup(a, k), vm_from_json_deep(a, e));
        return o;
    }
    vm_value v = vm_json(j);
    if (v.kind == VM_STR) v.u.s = arena_strndup(a, v.u.s, v.len);
    return v;
}
