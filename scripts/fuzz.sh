#!/usr/bin/env bash
# Builds and runs every libFuzzer harness in tests/fuzz/ for a fixed time.
#
#   usage: scripts/fuzz.sh SECONDS        (run from the repository root)
#
# Each tests/fuzz/fuzz_NAME.c is built into build-fuzz/fuzz_NAME together with
# the sources listed in sources_for below, then run for SECONDS with the
# corpus build-fuzz/corpus-NAME (seeded from tests/fuzz/seeds/NAME/).  Logs
# and crash artifacts go to build-fuzz/.  Exits non-zero if any fuzzer fails
# to build or finds a crash, leak, timeout or out-of-memory.
set -u

if [ $# -ne 1 ] || ! [[ $1 =~ ^[0-9]+$ ]] || [ "$1" -eq 0 ]; then
    echo "usage: $0 SECONDS" >&2
    exit 2
fi
SECONDS_PER_FUZZER=$1

if [ ! -d src ] || [ ! -d tests/fuzz ]; then
    echo "fuzz.sh: run from the repository root" >&2
    exit 2
fi

CC=${FUZZ_CC:-clang}
# -fno-sanitize-recover makes UBSan findings crashes rather than log lines.
CFLAGS=(-g -O1 "-fsanitize=fuzzer,address,undefined" -fno-sanitize-recover=all
        -std=c11 -D_GNU_SOURCE -Isrc)
OUT=build-fuzz

# Prints "SOURCES|LIBS" for a fuzzer, or nothing if it is unknown.
sources_for() {
    case $1 in
        form)     echo "src/http/form.c src/util/arena.c|" ;;
        mustache) echo "src/view/mustache.c src/view/vm.c src/util/buf.c src/util/arena.c|-ljansson" ;;
        ptv)      echo "src/equality/ptv.c src/util/buf.c src/util/arena.c|-ljansson" ;;
        csv)      echo "src/util/csv.c src/util/buf.c tests/support/csvread.c|" ;;
        open311)  echo "src/open311/post.c src/http/form.c src/util/arena.c|-lm" ;;
        questionnaire) echo "src/fhir/questionnaire.c src/fhir/evaluate.c src/fhir/response.c src/util/arena.c|-ljansson -lm" ;;
    esac
}

mkdir -p "$OUT"

# Known fuzzers first, so a missing harness is reported, then any others.
names=(form mustache ptv csv open311 questionnaire)
for f in tests/fuzz/fuzz_*.c; do
    [ -e "$f" ] || continue
    n=$(basename "$f" .c)
    n=${n#fuzz_}
    [[ " ${names[*]} " == *" $n "* ]] || names+=("$n")
done

failed=0
for name in "${names[@]}"; do
    harness=tests/fuzz/fuzz_$name.c
    spec=$(sources_for "$name")
    if [ -z "$spec" ]; then
        echo "fuzz_$name: SKIP (no source list in scripts/fuzz.sh)"
        continue
    fi
    read -r -a srcs <<< "${spec%%|*}"
    read -r -a libs <<< "${spec#*|}"

    missing=
    for s in "$harness" "${srcs[@]}"; do
        [ -f "$s" ] || missing="$missing $s"
    done
    if [ -n "$missing" ]; then
        echo "fuzz_$name: SKIP (missing:$missing)"
        continue
    fi

    bin=$OUT/fuzz_$name
    log=$OUT/fuzz_$name.log
    if ! "$CC" "${CFLAGS[@]}" "$harness" "${srcs[@]}" -o "$bin" "${libs[@]}" > "$log" 2>&1; then
        echo "fuzz_$name: BUILD FAILED (see $log)"
        failed=1
        continue
    fi

    corpus=$OUT/corpus-$name
    mkdir -p "$corpus"
    if [ -d "tests/fuzz/seeds/$name" ]; then
        cp -n "tests/fuzz/seeds/$name"/* "$corpus"/ 2>/dev/null || true
    fi
    # The HL7 SDC examples (a peer test set kept outside the repository) seed the questionnaire fuzzer too.
    if [ "$name" = questionnaire ] && [ -d "${FHIR_SDC_DIR:-}" ]; then
        cp -n "$FHIR_SDC_DIR"/*.json "$corpus"/ 2>/dev/null || true
    fi

    if "$bin" -max_total_time="$SECONDS_PER_FUZZER" -rss_limit_mb=2048 \
            -artifact_prefix="$OUT/crash-$name-" "$corpus" >> "$log" 2>&1; then
        runs=$(grep -Eo 'Done [0-9]+ runs' "$log" | tail -n 1 | grep -Eo '[0-9]+')
        echo "fuzz_$name: OK (${runs:-?} runs in ${SECONDS_PER_FUZZER}s, corpus $corpus)"
    else
        artifact=$(grep -Eo "$OUT/crash-$name-[^ ]+" "$log" | tail -n 1)
        echo "fuzz_$name: CRASH (artifact ${artifact:-none}, see $log)"
        failed=1
    fi
done

exit $failed
