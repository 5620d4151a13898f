"""Where a language's UI strings come from (the bundled theme, a site theme, the site's own
`i18n/<lang>.yaml`), and the one warning for a language that has none: it names the missing
file and what is shown instead, with blog.yaml's line of the language; an error with --strict."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sitekit import REPO_THEME, Built, page

Build = Callable[..., Built]

POST = {"content/posts/hello.md": page("Hello", "Some words.\n", date="2024-03-05")}


def config(languages: str, default: str = "en", theme: str = "") -> str:
    """blog.yaml with `languages` (one `code: {...}` per line): the first is on line 5, or on
    line 6 with a theme."""
    lines = ["title: Strings", "base_url: https://example.org/", f"default_language: {default}"]
    lines += [f"theme: {theme}"] if theme else []
    lines += ["languages:", *(f"  {line}" for line in languages.strip().splitlines())]
    return "\n".join(lines) + "\n"


def warnings(built: Built) -> list[str]:
    return [line for line in built.result.stderr.splitlines() if ": warning: " in line]


def skip_link(built: Built, url: str) -> str:
    [link] = built.html(url).xpath("//a[contains(@class, 'skip-link')]")
    return " ".join(link.text_content().split())


def site_theme(with_i18n: dict[str, str]) -> dict[str, str | bytes]:
    """A site theme `themes/mine/` with the default theme's templates and only the given
    strings files."""
    files: dict[str, str | bytes] = {}
    templates = REPO_THEME / "templates"
    for path in templates.rglob("*"):
        if path.is_file():
            files[f"themes/mine/templates/{path.relative_to(templates).as_posix()}"] = (
                path.read_bytes()
            )
    files.update({f"themes/mine/i18n/{name}": text for name, text in with_i18n.items()})
    return files


def test_a_language_without_strings_warns_once_with_the_file_and_the_fallback(
    build_site: Build,
) -> None:
    built = build_site(POST, config=config("en: {}\neo: {}"))
    assert warnings(built) == [
        "blog.yaml:6: warning: language 'eo' has no UI strings: no i18n/eo.yaml in the site or "
        "in the bundled theme; the theme's texts are shown in English"
    ]
    assert built.html("/eo/").get("lang") == "eo"
    assert skip_link(built, "/eo/") == "Skip to content"


def test_the_warning_is_an_error_with_strict(build_site: Build) -> None:
    built = build_site(POST, "--strict", config=config("en: {}\nhaw: {}"), ok=False)
    assert (
        "blog.yaml:6: error: warning (--strict): language 'haw' has no UI strings: "
        "no i18n/haw.yaml in the site"
    ) in built.result.stderr
    assert not built.public.exists()


def test_the_default_language_is_what_is_shown_instead(build_site: Build) -> None:
    built = build_site(POST, config=config("fr: {}\neo: {}", default="fr"))
    [warning] = warnings(built)
    assert warning.endswith("the theme's texts are shown in French (the default language)")


def test_a_site_file_gives_a_language_its_strings(build_site: Build) -> None:
    files = {**POST, "i18n/eo.yaml": 'skip_to_content: "Saltu al la enhavo"\n'}
    built = build_site(files, config=config("en: {}\neo: {}"))
    assert warnings(built) == []
    assert skip_link(built, "/eo/") == "Saltu al la enhavo"
    assert "RSS feed" in built.text("/eo/")  # a key the file lacks: English


def test_a_regional_language_uses_its_base_language(build_site: Build) -> None:
    built = build_site(POST, config=config("en: {}\npt-br: {locale: pt_BR}\nnl: {}"))
    assert warnings(built) == []
    assert skip_link(built, "/pt-br/") == "Pular para o conteúdo"
    assert skip_link(built, "/nl/") == "Naar de inhoud"


def test_a_site_s_own_strings_override_the_theme_s(build_site: Build) -> None:
    files = {**POST, "i18n/fr.yaml": 'skip_to_content: "Passer au contenu"\n'}
    built = build_site(files, config=config("en: {}\nfr: {}"))
    assert skip_link(built, "/fr/") == "Passer au contenu"
    assert "Flux RSS" in built.text("/fr/")  # the theme's other French strings stay


def test_a_site_theme_without_strings_uses_the_bundled_ones(build_site: Build) -> None:
    files = {**POST, **site_theme({})}
    built = build_site(files, config=config("en: {}\nnl: {}\neo: {}", theme="mine"))
    assert warnings(built) == [
        "blog.yaml:8: warning: language 'eo' has no UI strings: no i18n/eo.yaml in the site or "
        "in themes/mine/; the theme's texts are shown in English"
    ]
    assert skip_link(built, "/nl/") == "Naar de inhoud"
    assert skip_link(built, "/eo/") == "Skip to content"


def test_a_site_theme_with_strings_must_have_the_language(build_site: Build) -> None:
    theme = site_theme({"en.yaml": 'skip_to_content: "Go to the text"\n'})
    built = build_site({**POST, **theme}, config=config("en: {}\nnl: {}", theme="mine"))
    [warning] = warnings(built)
    assert "language 'nl' has no UI strings: no i18n/nl.yaml in the site or in themes/mine/" in (
        warning
    )
    assert skip_link(built, "/") == "Go to the text"


def test_builtin_shortcodes_are_translated_under_a_site_theme(build_site: Build) -> None:
    files = {
        **site_theme({}),
        "content/posts/note.md": page("Note", "{{< admonition tip >}}Hi{{< /admonition >}}\n"),
        "content/posts/note.pl.md": page("Uwaga", "{{< admonition tip >}}Hej{{< /admonition >}}\n"),
    }
    built = build_site(files, config=config("en: {}\npl: {}", theme="mine"))
    title = "//*[contains(@class, 'sc-callout-title')]"
    assert " ".join(built.html("/posts/note/").xpath(title)[0].text_content().split()) == "Tip"
    assert " ".join(built.html("/pl/posts/note/").xpath(title)[0].text_content().split()) == (
        "Wskazówka"
    )


def test_the_bundled_theme_ships_the_documented_languages() -> None:
    docs = (Path(__file__).resolve().parent.parent / "docs" / "translations.md").read_text(
        encoding="utf-8"
    )
    section = docs.split("## UI strings", 1)[1]
    shipped = sorted(p.stem for p in (REPO_THEME / "i18n").glob("*.yaml"))
    for code in shipped:
        assert f"`{code}`" in section, f"docs/translations.md does not list {code}"
