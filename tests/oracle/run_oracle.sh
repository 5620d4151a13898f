#!/bin/sh
# Run the Hugo 0.111 oracle (../shared/oracle from the repo root) on the three reference sites and compare polyblog's
# output with it. Needs `hugo` (0.111.3) and `blog` on PATH. Nothing under the repo is modified except
# tests/oracle/*.json when --save is given.
#
#   tests/oracle/run_oracle.sh [--save]      # WORK=/tmp/polyblog-oracle by default
#
# Sites:
#   seedlike  tests/sites/seedlike (blog.yaml twin of oracle/sites/seedlike/hugo.toml)
#   loveit    ../shared/corpus/loveit + tests/oracle/loveit.blog.yaml (content copied to $WORK,
#             never into the repo)
#   example   the repo's own example site. Hugo reads a language contentDir nested in another
#             (content/ja inside content) twice, so the Hugo side runs on a copy with content/ja
#             moved to content-ja and a hand-written hugo.toml (tests/oracle/example.hugo.toml,
#             paginate 5 and timeZone like blog.yaml; blog2hugo.py would drop both).
set -eu
REPO=$(cd "$(dirname "$0")/../.." && pwd)
ORACLE=${ORACLE:-$REPO/../shared/oracle}
LOVEIT=${LOVEIT:-$REPO/../shared/corpus/loveit}
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

# loveit
mkdir -p "$WORK/loveit-src"
cp -r "$LOVEIT/content" "$WORK/loveit-src/content"
cp -r "$LOVEIT/static" "$WORK/loveit-src/static"
cp "$LOVEIT/LICENSE" "$WORK/loveit-src/LICENSE"
chmod -R u+w "$WORK/loveit-src"
cp "$REPO/tests/oracle/loveit.blog.yaml" "$WORK/loveit-src/blog.yaml"
# LoveIt's own shortcodes: empty stubs, as the oracle does on the Hugo side
mkdir -p "$WORK/loveit-src/layouts/shortcodes"
for n in admonition bilibili echarts image link mapbox mermaid music person raw script style typeit version; do
    : > "$WORK/loveit-src/layouts/shortcodes/$n.html"
done
# Work-around (copy only): polyblog counts every unclosed {{< version X >}} as a nesting level and
# fails past 20 (theme-documentation-basics has 100+); Hugo builds it. Make them self-closing.
grep -rl '{{< version' "$WORK/loveit-src/content" | while read -r f; do
    sed -i 's|{{< version \([^>]*[^ ]\) *>}}|{{< version \1 />}}|g' "$f"
done
"$ORACLE/hugo_manifest.sh" "$LOVEIT" "$WORK/loveit.json" --public "$WORK/loveit-hugo"

# example: Hugo side on a flattened copy; our side on the repo itself
mkdir -p "$WORK/example-flat"
cp -r "$REPO/content" "$WORK/example-flat/content"
mv "$WORK/example-flat/content/ja" "$WORK/example-flat/content-ja"
cp "$REPO/tests/oracle/example.hugo.toml" "$WORK/example-flat/hugo.toml"
"$ORACLE/hugo_manifest.sh" "$WORK/example-flat" "$WORK/example.json" --public "$WORK/example-hugo"
# the literal run the oracle README describes (blog2hugo.py; reads content/ja twice; paginate 10)
"$ORACLE/hugo_manifest.sh" "$REPO" "$WORK/example-blog2hugo.json" --public "$WORK/example-b2h-hugo"

for s in seedlike loveit example; do
    case $s in
        seedlike) src="$WORK/seedlike-src" ;;
        loveit) src="$WORK/loveit-src" ;;
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
    for s in seedlike loveit example; do cp "$WORK/$s.json" "$REPO/tests/oracle/$s.json"; done
    echo "saved tests/oracle/{seedlike,loveit,example}.json"
fi
