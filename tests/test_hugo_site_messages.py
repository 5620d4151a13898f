"""A Hugo site without blog.yaml: every command that loads the config says which Hugo file it
found and to run `blog import hugo`, exits 1, and shows no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitekit import run_cli


@pytest.mark.parametrize(
    "args",
    [
        ["build"],
        ["check"],
        ["serve", "--port", "0", "--no-watch"],
        ["translations"],
        ["new", "posts/x"],
    ],
)
def test_hugo_site_without_blog_yaml(tmp_path: Path, args: list[str]) -> None:
    (tmp_path / "hugo.toml").write_text('baseURL = "https://example.org/"\n', encoding="utf-8")
    outcome = run_cli([*args, "--source", str(tmp_path)])
    outcome.assert_clean_failure()
    assert outcome.exit_code == 1
    first = outcome.stderr.splitlines()[0]
    assert first == (
        f"error: no blog.yaml in {tmp_path}, but hugo.toml is a Hugo configuration: run "
        "`blog import hugo` to write a blog.yaml from it"
    ), outcome.stderr
    assert "Traceback" not in outcome.output


def test_the_config_dir_form(tmp_path: Path) -> None:
    (tmp_path / "config/_default").mkdir(parents=True)
    (tmp_path / "config/_default/hugo.toml").write_text("", encoding="utf-8")
    outcome = run_cli(["build", "--source", str(tmp_path)])
    assert outcome.exit_code == 1
    assert "but config/_default/ is a Hugo configuration" in outcome.stderr


def test_the_corpus_hugo_sites(tmp_path: Path) -> None:
    """The real Hugo sites of the shared corpus, as they are (when present)."""
    corpus = Path(__file__).resolve().parents[2] / "shared" / "corpus"
    sites = {"loveit": "hugo.toml", "doit": "config/_default/"}
    found = [(name, f) for name, f in sites.items() if (corpus / name).is_dir()]
    if not found:
        pytest.skip("no ../shared/corpus here")
    for name, named in found:
        if (corpus / name / "blog.yaml").exists():
            continue
        outcome = run_cli(["build", "--source", str(corpus / name), "-d", str(tmp_path / name)])
        assert outcome.exit_code == 1
        assert f"but {named} is a Hugo configuration" in outcome.stderr
