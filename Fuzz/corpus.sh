#!/bin/sh
# Assembles the seed corpus of one fuzz target into .build/fuzz-corpus/<target>/ from the lists in Fuzz/seeds/.
# Usage: Fuzz/corpus.sh TARGET   (run from the package root). Seeds are copied, never committed: the project's fixtures
# and ../shared/corpus stay where they are. Existing entries (inputs libFuzzer found earlier) are kept.
set -eu
target=$1
list="Fuzz/seeds/$target.txt"
out=".build/fuzz-corpus/$target"
[ -f "$list" ] || { echo "diagnose-fuzz: no seed list $list" >&2; exit 1; }
mkdir -p "$out"
corpus_root=${DIAGNOSE_CORPUS:-../shared/corpus}
copied=0
expand() {
  case $1 in
    fixtures/*) echo "Tests/DiagnoseCoreTests/Fixtures/${1#fixtures/}" ;;
    golden/*) echo "Tests/DiagnoseCoreTests/Golden/${1#golden/}" ;;
    corpus/*) echo "$corpus_root/${1#corpus/}" ;;
    inline/*) echo "Fuzz/seeds/inline/${1#inline/}" ;;
    docs/*) echo "$1" ;;
  esac
}
while IFS= read -r line; do
  case $line in ''|'#'*) continue ;; esac
  case $line in
    suite:*)
      # JSON-Schema-Test-Suite files: every (schema, instance) pair becomes one "schema NUL instance" seed.
      command -v python3 >/dev/null 2>&1 || continue
      pattern=$(expand "${line#suite:}")
      # shellcheck disable=SC2086
      n=$(python3 - "$out" $pattern <<'PY'
import json, sys, os, hashlib
out, files = sys.argv[1], [f for f in sys.argv[2:] if os.path.isfile(f)]
count = 0
for path in files:
    try:
        groups = json.load(open(path, encoding="utf-8"))
    except Exception:
        continue
    for group in groups:
        schema = json.dumps(group.get("schema"), ensure_ascii=False).encode()
        for test in group.get("tests", []):
            data = schema + b"\0" + json.dumps(test.get("data"), ensure_ascii=False).encode()
            name = "suite-" + hashlib.sha1(data).hexdigest()[:16]
            with open(os.path.join(out, name), "wb") as f:
                f.write(data)
            count += 1
print(count)
PY
)
      copied=$((copied + n)) ;;
    *)
      pattern=$(expand "$line")
      # shellcheck disable=SC2086
      for f in $pattern; do
        [ -f "$f" ] || continue
        [ "$(wc -c <"$f")" -le 1048576 ] || continue
        cp "$f" "$out/seed-$(printf '%s' "$f" | cksum | cut -d' ' -f1)"
        copied=$((copied + 1))
      done ;;
  esac
done <"$list"
echo "$target: $copied seed files in $out"
