"""Property tests: urlize/make_path never fail and give clean, stable path segments."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from polyblog.urls import clean_path, has_dot_segments, make_path, urlize

words = st.one_of(
    st.text(max_size=60),
    st.lists(
        st.sampled_from(
            [
                "Machine",
                "Learning",
                " ",
                "  ",
                "-",
                "C++",
                "é",
                "日本語",
                ",",
                "!",
                "%C3%A9",
                "%",
                "/",
                ".",
                "_",
                "#",
                "\t",
                "\u00a0",
                "\u200b",
                "İ",
            ]
        ),
        max_size=20,
    ).map("".join),
)


@settings(max_examples=500, deadline=None)
@given(words)
def test_urlize_is_total_and_clean(text: str) -> None:
    out = urlize(text)
    assert isinstance(out, str)
    assert not any(ch.isspace() for ch in out)
    assert urlize(out) == out  # idempotent: a term key is its own key
    assert out == out.lower()
    if out.startswith("-"):
        assert "-" in text  # a leading hyphen only comes from one written in the text


@settings(max_examples=300, deadline=None)
@given(words)
def test_make_path_keeps_case_and_is_idempotent(text: str) -> None:
    out = make_path(text)
    assert make_path(out) == out
    assert urlize(text) == out.lower()


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab/.é-_"), max_size=30))
def test_clean_path_is_rooted_and_stable(path: str) -> None:
    if has_dot_segments(path):
        return
    out = clean_path(path)
    assert out.startswith("/")
    assert "//" not in out
    assert clean_path(out) == out
