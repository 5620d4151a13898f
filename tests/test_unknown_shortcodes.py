"""Every unknown shortcode of a file is reported in one run, each at its file:line:col with
"did you mean"; calls inside code are not run (so not reported); the build still fails."""

from __future__ import annotations

from collections.abc import Callable

from sitekit import Built, page

BODY = """\
Hello {{< yotube abc >}} there.

```
{{< notincode >}}
```

{{< alert >}}A {{< nope1 >}} and {{< nope2 >}}{{< /alert >}}

{{< alrt >}}

{{< figure >}}
"""


def test_every_unknown_shortcode_of_a_file_in_one_run(build_site: Callable[..., Built]) -> None:
    files = {
        "content/posts/x.md": page("X", BODY),
        "content/posts/y.md": page("Y", "{{< zzz >}}"),
    }
    built = build_site(files, ok=False)
    errors = [line for line in built.result.stderr.splitlines() if ": error: " in line]
    assert errors == [
        "content/posts/x.md:4:7: error: unknown shortcode 'yotube' (did you mean youtube, "
        "youtubeLite?)",
        "content/posts/x.md:10:16: error: unknown shortcode 'nope1'",
        "content/posts/x.md:10:34: error: unknown shortcode 'nope2'",
        "content/posts/x.md:12:1: error: unknown shortcode 'alrt' (did you mean alert, chart?)",
        "content/posts/x.md:14:1: error: figure: needs src",
        "content/posts/y.md:4:1: error: unknown shortcode 'zzz'",
    ]
    assert built.result.stderr.splitlines()[-1] == "6 errors; nothing was written."
    assert not built.public.exists()


def test_errors_of_one_file_print_in_line_order(build_site: Callable[..., Built]) -> None:
    body = "\n\n".join(f"{{{{< nope{n} >}}}}" for n in range(12))
    built = build_site({"content/posts/x.md": page("X", body)}, ok=False)
    lines = [
        int(line.split(":")[1]) for line in built.result.stderr.splitlines() if ": error: " in line
    ]
    assert lines == sorted(lines) and len(lines) == 12 and lines[0] == 4 and lines[-1] == 26


def test_one_unknown_shortcode_is_one_error(build_site: Callable[..., Built]) -> None:
    built = build_site({"content/posts/x.md": page("X", "A {{< nope >}} b")}, ok=False)
    err = built.result.stderr.splitlines()
    assert err[0] == "content/posts/x.md:4:3: error: unknown shortcode 'nope'"
    assert err[1:3] == ["    A {{< nope >}} b", "      ^"]
