#!/bin/sh
# Runs libFuzzer targets of diagnose-fuzz, one after another, and fails if any finds a crash, leak, timeout or
# out-of-memory. Usage (from the package root, after the fuzz build):
#   Fuzz/run.sh BINARY SECONDS TARGET...
# Each target fuzzes .build/fuzz-corpus/<target>/ (assembled by Fuzz/corpus.sh; libFuzzer adds what it finds there)
# for SECONDS, with a 2 s limit per input and 2 GB of memory. Crashing inputs land in fuzz-artifacts/<target>/;
# replay one with `FUZZ_TARGET=<target> BINARY fuzz-artifacts/<target>/crash-…`.
set -u
bin=$1; seconds=$2; shift 2
failed=""
summary=""
mkdir -p fuzz-artifacts
for target in "$@"; do
  case $target in
    json|har|ndjson|schema) dict=Fuzz/dict/json.dict ;;
    yaml|spec|rules) dict=Fuzz/dict/yaml.dict ;;
    raw|curl-verbose) dict=Fuzz/dict/http.dict ;;
    curl|form) dict=Fuzz/dict/curl.dict ;;
    *) dict="" ;;
  esac
  Fuzz/corpus.sh "$target" || exit 1
  mkdir -p "fuzz-artifacts/$target"
  log="fuzz-artifacts/$target.log"
  echo "== fuzzing $target for ${seconds}s (log: $log)"
  FUZZ_TARGET=$target SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
    LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$(pwd)/Fuzz/lsan.supp:print_suppressions=0} \
    "$bin" ${dict:+-dict=$dict} -max_total_time="$seconds" -timeout=2 -rss_limit_mb=2048 -malloc_limit_mb=2048 \
    -max_len=65536 -print_final_stats=1 -artifact_prefix="fuzz-artifacts/$target/" \
    ".build/fuzz-corpus/$target" >"$log" 2>&1
  status=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  if [ "$status" -ne 0 ]; then
    failed="$failed $target"
    echo "!! $target failed (exit $status):"
    grep -E 'ERROR: |SUMMARY: |Test unit written to|Fatal error|==[0-9]+==' "$log" | head -8
    summary="$summary
$target: FAILED after ${runs:-?} runs, cov ${cov:-?}"
  else
    summary="$summary
$target: ${runs:-?} runs, cov ${cov:-?}"
  fi
done
echo "== fuzz summary (${seconds}s per target)$summary"
if [ -n "$failed" ]; then
  echo "diagnose-fuzz: failures in:$failed; inputs are in fuzz-artifacts/<target>/" >&2
  exit 1
fi
