"""URL rules: Hugo's MakePath/urlize, path cleaning, joining, encoding, output files, permalinks."""

from __future__ import annotations

import pytest

from polyblog.urls import (
    absolute,
    clean_path,
    encode,
    expand_permalink,
    has_dot_segments,
    join,
    lang_prefix,
    make_path,
    output_file,
    site_url,
    urlize,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Machine Learning", "machine-learning"),
        ("machine-learning", "machine-learning"),
        ("MACHINE LEARNING", "machine-learning"),
        ("  Machine   Learning  ", "machine-learning"),
        ("Machine\tLearning", "machine-learning"),
        ("C++", "c++"),
        ("C#", "c#"),
        ("Node.js", "node.js"),
        ("snake_case", "snake_case"),
        ("Hello, World!", "hello-world"),
        ("What's new?", "whats-new"),
        ("fOO,bar:foobAR", "foobarfoobar"),
        ("Référencement", "référencement"),
        ("Économie & Société", "économie-société"),
        ("Straße", "straße"),
        ("Банковский кассир", "банковский-кассир"),
        ("日本語", "日本語"),
        ("機械学習 入門", "機械学習-入門"),
        ("은행", "은행"),
        ("संस्कृत", "संस्कृत"),  # combining marks are kept
        ("العربية", "العربية"),
        ("this+is+a+test", "this+is+a+test"),
        ("~foo", "~foo"),
        ("foo--bar", "foo--bar"),
        ("a%C3%B1ame", "a%c3%b1ame"),  # escapes are kept (and lowered with the rest)
        ("100%", "100"),  # a lone % is dropped
        ("Dall-e", "dall-e"),
        ("Stable Diffusion", "stable-diffusion"),
        ("GPT-3", "gpt-3"),
        ("2024", "2024"),
        ("", ""),
        ("!!!", ""),
        ("Foo - Bar", "foo-bar"),  # no run of hyphens from " - "
    ],
)
def test_urlize(text: str, expected: str) -> None:
    assert urlize(text) == expected


def test_urlize_keeps_case_when_asked() -> None:
    assert urlize("Machine Learning", lower=False) == "Machine-Learning"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  Foo bar  ", "Foo-bar"),
        ("Foo.Bar/foo_Bar-Foo", "Foo.Bar/foo_Bar-Foo"),
        ("FOo/BaR.html", "FOo/BaR.html"),
        ("трям/трям", "трям/трям"),
        ("a b\u00a0c", "a-b-c"),  # any unicode space
    ],
)
def test_make_path(text: str, expected: str) -> None:
    assert make_path(text) == expected


def test_same_term_written_differently_has_one_key() -> None:
    keys = {
        urlize(t)
        for t in ["Machine Learning", "machine learning", "machine-learning", " Machine  Learning "]
    }
    assert keys == {"machine-learning"}


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/", "/"),
        ("", "/"),
        ("a/b", "/a/b/"),
        ("/a/b", "/a/b/"),
        ("/a/b/", "/a/b/"),
        ("/a//b/", "/a/b/"),
        ("/a/./b/", "/a/b/"),
        ("/old.html", "/old.html"),
        ("/feed.xml", "/feed.xml"),
    ],
)
def test_clean_path(path: str, expected: str) -> None:
    assert clean_path(path) == expected


@pytest.mark.parametrize(
    ("path", "dots"),
    [("/a/../b/", True), ("./x", True), ("a\\..\\b", True), ("/a/b.c/", False), ("/a..b/", False)],
)
def test_has_dot_segments(path: str, dots: bool) -> None:
    assert has_dot_segments(path) is dots


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (("",), "/"),
        (("fr",), "/fr/"),
        (("", "posts", "x"), "/posts/x/"),
        (("fr", "/posts/x/"), "/fr/posts/x/"),
        (("/fr/", "tags", "machine-learning"), "/fr/tags/machine-learning/"),
    ],
)
def test_join(parts: tuple[str, ...], expected: str) -> None:
    assert join(*parts) == expected


def test_lang_prefix() -> None:
    assert lang_prefix("en", "en", False) == ""
    assert lang_prefix("fr", "en", False) == "fr"
    assert lang_prefix("en", "en", True) == "en"


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/fr/tags/référencement/", "/fr/tags/r%C3%A9f%C3%A9rencement/"),
        ("/ja/tags/機械学習/", "/ja/tags/%E6%A9%9F%E6%A2%B0%E5%AD%A6%E7%BF%92/"),
        ("/tags/c++/", "/tags/c++/"),
        ("/a b/", "/a%20b/"),
        ("/posts/x/", "/posts/x/"),
    ],
)
def test_encode(path: str, expected: str) -> None:
    assert encode(path) == expected


def test_encode_does_not_double_encode() -> None:
    assert encode("/a%C3%B1ame/") == "/a%C3%B1ame/"


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/", "index.html"),
        ("/fr/", "fr/index.html"),
        ("/posts/x/", "posts/x/index.html"),
        ("/404.html", "404.html"),
        ("/fr/404.html", "fr/404.html"),
        ("/index.xml", "index.xml"),
    ],
)
def test_output_file(path: str, expected: str) -> None:
    assert output_file(path) == expected


def test_site_url_and_absolute() -> None:
    assert site_url("/", "/fr/posts/x/") == "/fr/posts/x/"
    assert site_url("/blog/", "/fr/posts/x/") == "/blog/fr/posts/x/"
    assert absolute("https://example.org/", "/fr/") == "https://example.org/fr/"
    assert absolute("https://example.org/blog/", "/fr/") == "https://example.org/blog/fr/"
    assert absolute("https://example.org/", "/tags/é/") == "https://example.org/tags/%C3%A9/"


def test_expand_permalink() -> None:
    tokens = {"year": "2024", "month": "03", "slug": "hello", "section": "posts"}
    assert expand_permalink("/:year/:month/:slug/", tokens) == "/2024/03/hello/"
    assert expand_permalink("/:section/:year-:slug/", tokens) == "/posts/2024-hello/"
    with pytest.raises(KeyError):
        expand_permalink("/:nope/", tokens)
