#!/usr/bin/env python3
"""Peak memory and time of `blog build` on hostile inputs (the numbers in docs/security.md).

    python benchmarks/hostile_inputs.py               # every case, a table on stdout
    python benchmarks/hostile_inputs.py deep-yaml     # only the cases whose name contains this

Each case is a one-page site written into a temporary folder and built by `python -m polyblog
build --jobs 1` in a subprocess; time is the wall clock around it and memory the subprocess's peak
resident set (`resource.getrusage(RUSAGE_CHILDREN).ru_maxrss`, measured for that one child by
running each build from a fresh helper process). "outcome" is `ok`, or the first line of the error.
A traceback in the output is reported as `CRASH`.

Stdlib only.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

CONFIG = "title: Hostile\nbase_url: https://example.org/\n"
MB = 1024 * 1024


def _fm(body: str, front: str = "title: T\n") -> str:
    return f"---\n{front}---\n{body}"


def _paste(size: int) -> str:
    line = "Lorem ipsum dolor sit amet, *consectetur* adipiscing elit, `sed` do eiusmod.\n"
    para = line * 8 + "\n"
    return para * (size // len(para))


def _one_line(size: int) -> str:
    return "word " * (size // 5) + "\n"


def _deep_list(depth: int) -> str:
    return "".join("  " * i + "- item\n" for i in range(depth))


def _deep_quote(depth: int) -> str:
    return ">" * depth + " deep\n"


def _deep_brackets(depth: int) -> str:
    return "[" * depth + "x" + "](/u)" * depth + "\n"


def _deep_emphasis(depth: int) -> str:
    return "*_" * depth + "x" + "_*" * depth + "\n"


def _deep_yaml(depth: int) -> str:
    return _fm("body\n", "title: T\nx: " + "[" * depth + "]" * depth + "\n")


def _deep_yaml_block(depth: int) -> str:
    lines = "".join(" " * i + "k:\n" for i in range(1, depth))
    return _fm("body\n", "title: T\nx:\n" + lines)


def _deep_json(depth: int) -> str:
    return '{"title": "T", "x": ' + "[" * depth + "]" * depth + "}\nbody\n"


def _deep_toml(depth: int) -> str:
    return "+++\ntitle = 'T'\nx = " + "[" * depth + "]" * depth + "\n+++\nbody\n"


def _alias_bomb(levels: int) -> str:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels):
        refs = ",".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    return _fm("body\n", "title: T\n" + "\n".join(lines) + "\n")


def _nested_shortcodes(depth: int) -> str:
    return "{{< details >}}" * depth + "x" + "{{< /details >}}" * depth + "\n"


def _many_calls(count: int) -> str:
    return '{{< alert "note" >}}x{{< /alert >}}\n\n' * count


def _terms(count: int) -> dict[str, str]:
    tags = json.dumps([f"tag {i}" for i in range(count)])
    return {"content/x.md": _fm("body\n", f"title: T\ntags: {tags}\n")}


def _pages_in_section(count: int) -> dict[str, str]:
    return {f"content/posts/p{i}.md": _fm(f"Post {i}.\n", f"title: P{i}\n") for i in range(count)}


def _single(text: str) -> dict[str, str]:
    return {"content/x.md": text}


def _pages_with_terms(pages: int, terms: int) -> dict[str, str]:
    out = {}
    for i in range(pages):
        tags = json.dumps([f"tag {i} {j}" for j in range(terms)])
        out[f"content/posts/p{i}.md"] = _fm(f"Post {i}.\n", f"title: P{i}\ntags: {tags}\n")
    return out


LIMIT = 4 * MB  # polyblog.content.discover.MAX_FILE_BYTES

CASES: dict[str, Callable[[], dict[str, str]]] = {
    "paste-20MB-paragraphs (over the limit)": lambda: _single(_fm(_paste(20 * MB))),
    "paste-4MB-paragraphs (at the limit)": lambda: _single(_fm(_paste(LIMIT - 100))),
    "paste-4MB-one-line": lambda: _single(_fm(_one_line(LIMIT - 100))),
    "list-nested-1000 (1 MB of indentation)": lambda: _single(_fm(_deep_list(1_000))),
    "blockquote-nested-100k": lambda: _single(_fm(_deep_quote(100_000))),
    "links-nested-10k": lambda: _single(_fm(_deep_brackets(10_000))),
    "emphasis-nested-50k": lambda: _single(_fm(_deep_emphasis(50_000))),
    "yaml-flow-nested-100k": lambda: _single(_deep_yaml(100_000)),
    "yaml-block-nested-2k": lambda: _single(_deep_yaml_block(2_000)),
    "json-nested-100k": lambda: _single(_deep_json(100_000)),
    "toml-nested-100k": lambda: _single(_deep_toml(100_000)),
    "yaml-alias-bomb-9x9 (72 aliases)": lambda: _single(_alias_bomb(9)),
    "yaml-alias-bomb-13x9 (108 aliases)": lambda: _single(_alias_bomb(13)),
    "shortcodes-nested-10k": lambda: _single(_fm(_nested_shortcodes(10_000))),
    "shortcodes-10k-calls": lambda: _single(_fm(_many_calls(10_000))),
    "one page, 10k terms (over the limit)": lambda: _terms(10_000),
    "one page, 100 terms (the limit)": lambda: _terms(100),
    "100 pages x 100 distinct terms": lambda: _pages_with_terms(100, 100),
    "section-5k-pages": lambda: _pages_in_section(5_000),
}


def _measure(files: dict[str, str]) -> tuple[float, float, str]:
    """Run the build in a fresh helper so RUSAGE_CHILDREN holds that one build only."""
    with tempfile.TemporaryDirectory(prefix="pb-hostile-") as tmp:
        root = Path(tmp) / "site"
        for rel, text in {"blog.yaml": CONFIG, **files}.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        helper = subprocess.run(
            [sys.executable, __file__, "--child", str(root), str(Path(tmp) / "public")],
            capture_output=True,
            text=True,
            check=True,
        )
        return tuple(json.loads(helper.stdout))  # type: ignore[return-value]


def _child(root: str, public: str) -> None:
    argv = [sys.executable, "-m", "polyblog", "build", "-q", "--jobs", "1"]
    argv += ["--source", root, "--destination", public]
    start = time.perf_counter()
    proc = subprocess.run(argv, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    if "Traceback" in proc.stderr:
        outcome = "CRASH: " + proc.stderr.strip().splitlines()[-1]
    elif proc.returncode == 0:
        outcome = "ok"
    else:
        outcome = proc.stderr.strip().splitlines()[0]
    print(json.dumps([seconds, peak_mb, outcome[:110]]))


def main(argv: list[str]) -> None:
    if argv[:1] == ["--child"]:
        _child(argv[1], argv[2])
        return
    wanted = argv[0] if argv else ""
    print("| input | time (s) | peak RSS (MB) | outcome |")
    print("|---|---:|---:|---|")
    baseline = _measure({"content/x.md": _fm("Hello.\n")})
    print(f"| baseline: one small page | {baseline[0]:.2f} | {baseline[1]:.0f} | {baseline[2]} |")
    for name, make in CASES.items():
        if wanted not in name:
            continue
        seconds, peak, outcome = _measure(make())
        print(f"| {name} | {seconds:.2f} | {peak:.0f} | {outcome} |", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
