/* libFuzzer harness for the Mustache engine: compiles the input as a
 * template and, when it compiles, renders it against a small fixed context.
 * Every partial and parent name resolves to the input template itself, so
 * recursion is exercised and must stop at the engine's depth limit. The
 * same context as a view model must render the same bytes. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "util/arena.h"
#include "util/buf.h"
#include "view/mustache.h"

/* Lists hold one element: nested sections over longer lists multiply the
 * work exponentially, which would only make the fuzzer time out.  Nothing
 * nested in the context shadows a true key with a false one, so every
 * recursion runs into the depth limit, which ends the whole render. */
static const char CONTEXT_JSON[] =
    "{\"name\": \"<b>Ada</b> & 'Bob'\", \"n\": 42, \"r\": 1.21, \"zero\": 0,"
    " \"t\": true, \"f\": false, \"nil\": null, \"empty\": \"\", \"none\": [],"
    " \"list\": [{\"name\": \"x\"}], \"nums\": [7], \"obj\": {\"a\": {\"b\": \"deep\"}, \"name\": \"inner\"},"
    " \"partial\": \"self\", \"dyn\": {\"name\": \"a.b\"}}";

static const mustache_template *resolve_self(void *ud, const char *name)
{
    (void)name;
    return ud;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[128];
    mustache_template *t = mustache_compile((const char *)data, size, err, sizeof err);
    if (!t) return 0;

    json_t *ctx = json_loads(CONTEXT_JSON, 0, NULL);
    if (!ctx) abort();
    buf out = BUF_INIT;
    mustache_render(t, ctx, resolve_self, t, &out);
    /* Rendering twice must give the same bytes: nothing in the template
     * may change while it is rendered. */
    buf again = BUF_INIT;
    mustache_render(t, ctx, resolve_self, t, &again);
    if (out.len != again.len || (out.len && memcmp(out.data, again.data, out.len) != 0)) abort();

    /* The same context as a view model (vm.h), stacked as a page over an
     * empty layout, must render the same bytes as the jansson values. */
    arena a;
    arena_init(&a);
    vm_value stack[2] = {vm_obj_new(&a, 1), vm_from_json_deep(&a, ctx)};
    buf from_vm = BUF_INIT;
    mustache_render_stack(t, stack, 2, resolve_self, t, &from_vm);
    if (out.len != from_vm.len || (out.len && memcmp(out.data, from_vm.data, out.len) != 0)) abort();
    buf_free(&from_vm);
    arena_free_all(&a);

    buf_free(&again);
    buf_free(&out);
    json_decref(ctx);
    mustache_free(t);
    return 0;
}
