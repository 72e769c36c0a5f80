/* libFuzzer harness for the FHIR Questionnaire import (src/fhir/).
 *
 * The input is JSON text, as POST /fhir/Questionnaire receives it. When it
 * parses as a Questionnaire the harness also evaluates an answer sheet made
 * from the same bytes (each item answered with its first option, its
 * initial value or nothing) and checks the invariants the pages rely on:
 * an accepted questionnaire yields an outcome when it has rules, a refused
 * one has at least one error, and a disabled item keeps no answer. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fhir/questionnaire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 64 * 1024) return 0;
    arena a;
    arena_init(&a);
    json_t *doc = q_json_load((const char *)data, size, NULL, 0);
    if (!doc) { arena_free_all(&a); return 0; }
    q_issues is = {0};
    questionnaire *q = q_parse(&a, doc, &is);
    if (!q && is.errors == 0) abort();
    if (q && is.errors != 0) abort();
    json_t *oo = q_operation_outcome(&is);
    char *text = json_dumps(oo, 0);
    if (!text) abort();
    free(text);
    json_decref(oo);
    if (q) {
        q_answers *ans = q_answers_new(&a, q);
        for (int i = 0; i < q->n_items; i++) {
            const q_item *it = &q->items[i];
            if (it->end <= i || it->end > q->n_items) abort();
            if (it->type == QT_CHOICE && it->n_options > 0 && (data[i % size] & 1))
                q_answers_add(&a, ans, i, (q_value){.kind = QV_CODING, .str = it->options[0].code,
                                                    .system = it->options[0].system});
            else if (it->initial.kind != QV_NONE)
                q_answers_add(&a, ans, i, it->initial);
        }
        q_result res;
        q_evaluate(&a, q, ans, &res);
        for (int i = 0; i < q->n_items; i++)
            if (!res.enabled[i] && ans->n[i] != 0) abort();
        if (q->n_rules > 0 && res.rule < 0) abort();
        /* the same document read as a response must not crash either */
        q_issues ris = {0};
        (void)q_response_parse(&a, q, doc, &ris);
    }
    json_decref(doc);
    arena_free_all(&a);
    return 0;
}
