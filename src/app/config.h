#ifndef KOHTAAMO_CONFIG_H
#define KOHTAAMO_CONFIG_H
#include <stdio.h>
#include "app.h"

/* Fills cfg from, in rising precedence: defaults, the config file
 * (--config or KOHTAAMO_CONFIG), KOHTAAMO_* environment, then flags in
 * argv. Unconsumed arguments are moved to rest (argv order kept). Returns 0,
 * or -1 after printing what was wrong. */
int config_load(config *cfg, int argc, char **argv, int *rest_argc, char **rest_argv);
void config_print_help(FILE *out);
/* Prints the effective configuration in the config file's own format. */
void config_print(const config *cfg, FILE *out);

#endif
