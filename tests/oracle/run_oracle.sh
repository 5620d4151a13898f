#!/bin/sh
# Run the Hugo 0.111 oracle (../shared/oracle from the repo root) on the reference sites and compare
# polyblog's output with it. Needs `hugo` (0.111.3) and `blog` on PATH. Nothing under the repo is modified except
# tests/oracle/*.json when --save is given.
#
#   tests/oracle/run_oracle.sh [--save]      # WORK=/tmp/polyblog-oracle by default
#
# Sites:
#   seedlike  tests/sites/seedlike (blog.yaml twin of oracle/sites/seedlike/hugo.toml)
#   loveit    ../shared/corpus/loveit and ../shared/corpus/doit, copied untouched to $WORK (never
#   doit      into the repo); our side is the blog.yaml `blog import hugo` writes there
#   example   the repo's own example site. Hugo reads a language contentDir nested in another
#             (content/ja inside content) twice, so the Hugo side runs on a copy with content/ja
#             moved to content-ja and a hand-written hugo.toml (tests/oracle/example.hugo.toml,
#             paginate 5 and timeZone like blog.yaml; blog2hugo.py would drop both).
set -eu
REPO=$(cd "$(dirname "$0")/../.." && pwd)
ORACLE=${ORACLE:-$REPO/../shared/oracle}
CORPUS=${CORPUS:-$REPO/../shared/corpus}
WORK=${WORK:-/tmp/polyblog-oracle}
SAVE=0
[ "${1:-}" = "--save" ] && SAVE=1
rm -rf "$WORK" && mkdir -p "$WORK"

site_copy() { # SRC DEST: copy a blog.yaml site (the default theme is bundled with polyblog)
    mkdir -p "$2"
    cp -r "$1/content" "$2/content"
    cp "$1/blog.yaml" "$2/blog.yaml"
    if [ -d "$1/static" ]; then cp -r "$1/static" "$2/static"; fi
}

# seedlike
site_copy "$REPO/tests/sites/seedlike" "$WORK/seedlike-src"
"$ORACLE/hugo_manifest.sh" "$ORACLE/sites/seedlike" "$WORK/seedlike.json" --public "$WORK/seedlike-hugo"

# loveit and doit: the Hugo sites copied untouched; our side is what `blog import hugo` makes of them
for name in loveit doit; do
    mkdir -p "$WORK/$name-src"
    cp -r "$CORPUS/$name/." "$WORK/$name-src/"
    chmod -R u+w "$WORK/$name-src"
    blog import hugo --source "$WORK/$name-src" >"$WORK/$name-import.txt"
    "$ORACLE/hugo_manifest.sh" "$CORPUS/$name" "$WORK/$name.json" --public "$WORK/$name-hugo"
done

# example: Hugo side on a flattened copy; our side on the repo itself
mkdir -p "$WORK/example-flat"
cp -r "$REPO/content" "$WORK/example-flat/content"
mv "$WORK/example-flat/content/ja" "$WORK/example-flat/content-ja"
cp "$REPO/tests/oracle/example.hugo.toml" "$WORK/example-flat/hugo.toml"
"$ORACLE/hugo_manifest.sh" "$WORK/example-flat" "$WORK/example.json" --public "$WORK/example-hugo"
# the literal run the oracle README describes (blog2hugo.py; reads content/ja twice; paginate 10)
"$ORACLE/hugo_manifest.sh" "$REPO" "$WORK/example-blog2hugo.json" --public "$WORK/example-b2h-hugo"

for s in seedlike loveit doit example; do
    case $s in
        seedlike) src="$WORK/seedlike-src" ;;
        loveit | doit) src="$WORK/$s-src" ;;
        example) src="$REPO" ;;
    esac
    blog build --source "$src" --destination "$WORK/$s-ours" >/dev/null
    echo "== $s"
    "$ORACLE/compare.py" "$WORK/$s.json" "$WORK/$s-ours" --show 50 --json "$WORK/$s-cmp.json" || true
    "$ORACLE/compare.py" "$WORK/$s.json" "$WORK/$s-ours" --strict >/dev/null 2>&1 \
        && echo "strict: pass" || echo "strict: FAIL (exit $?)"
    python3 "$REPO/tests/oracle/deep_compare.py" "$WORK/$s.json" "$src" --public "$WORK/$s-ours" \
        --show 10 | tail -1 || true
done
echo "== example via blog2hugo.py (informational)"
"$ORACLE/compare.py" "$WORK/example-blog2hugo.json" "$WORK/example-ours" | tail -1 || true

if [ $SAVE = 1 ]; then
    for s in seedlike loveit doit example; do
        # shared data is named relative to the repository, never by a machine path
        sed -e "s|\"$REPO/../shared/|\"../shared/|" -e "s|\"$(cd "$REPO/.." && pwd)/shared/|\"../shared/|" \
            -e "s|\"$WORK/example-flat\"|\"example-flat (run_oracle.sh work copy)\"|" \
            "$WORK/$s.json" >"$REPO/tests/oracle/$s.json"
    done
    echo "saved tests/oracle/{seedlike,loveit,doit,example}.json"
fi
