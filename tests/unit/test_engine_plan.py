"""The engine's change classification and render plan, as pure functions."""

from __future__ import annotations

from polyblog.engine.classify import classify
from polyblog.engine.plan import Previous, UnitRecord, plan_parts
from polyblog.site import PageKey
from polyblog.site.model import Page, PageKind, Pager, Site, page_key


def test_classify() -> None:
    post = classify(["content/posts/a/index.md"], "layouts")
    assert not post.full and not post.config and post.reason == "content/posts/a/index.md"
    layout = classify(["layouts/partials/footer.html"], "layouts")
    assert layout.full and layout.templates and not layout.bodies_too
    shortcode = classify(["layouts/shortcodes/alert.html", "static/x.css"], "layouts")
    assert shortcode.full and shortcode.bodies_too
    assert classify(["i18n/fr.yaml"], "layouts").bodies_too
    assert classify(["templates/base.html"], "templates").templates  # `layouts_dir`
    assert not classify(["themes/t/static/app.js"], "layouts").templates
    assert classify(["themes/t/templates/page.html"], "layouts").templates
    image = classify(["content/posts/a/cover.JPG"], "layouts")
    assert image.full and image.images and not image.templates
    assert classify(["blog.yaml"], "layouts").config
    lost = classify([], "layouts", outputs_lost=True)
    assert lost.full and lost.reason == "output changed"
    assert classify([""], "layouts").reason == "nothing changed"  # a path outside the site


def key(name: str) -> PageKey:
    return page_key("en", PageKind.SECTION, name)


def site_of(keys: dict[str, int]) -> Site:
    """A model of sections with these numbers of pagers."""
    pages = {
        key(k): Page(kind=PageKind.SECTION, lang="en", ident=k, path=f"/{k}/", title=k,
                     link_title=k, section=k)
        for k in keys
    }  # fmt: skip
    pagers = {
        key(k): tuple(
            Pager(list_key=key(k), number=i, path=f"/{k}/page/{i}/", items=())
            for i in range(1, n + 1)
        )
        for k, n in keys.items()
    }
    return Site(config=None, pages=pages, pagers=pagers, by_path={}, by_logical={},  # type: ignore[arg-type]
                series_parts={}, aliases=(), main_sections={})  # fmt: skip


def parts(site: Site):  # type: ignore[no-untyped-def]
    return lambda key: ["feed", *range(1, len(site.pagers[key]) + 1)]


def test_plan_renders_what_changed() -> None:
    old = site_of({"a": 2, "b": 1})
    everything = plan_parts(old, parts(old), None, (), (), everything=True)
    a, b = key("a"), key("b")
    assert everything.todo == [(a, "feed"), (a, 1), (a, 2), (b, "feed"), (b, 1)]
    records = {
        (a, "feed"): UnitRecord(("a.xml",), frozenset({("m", a)})),
        (a, 1): UnitRecord(("a1",), frozenset({("m", a), ("S", b)})),
        (a, 2): UnitRecord(("a2",), frozenset({("m", a)})),
        (b, "feed"): UnitRecord(("b.xml",), frozenset({("m", b)})),
        (b, 1): UnitRecord(("b1",), frozenset({("m", b)})),
    }
    last = Previous(old, records)  # type: ignore[arg-type]
    new = site_of({"a": 1, "b": 1})  # a lost its second pager
    found = plan_parts(new, parts(new), last, {a}, {("S", b)}, everything=False)
    assert found.removed == {(a, 2)}
    assert found.todo == [(a, 1)]  # the part that read b's summary; a's kept parts stay
    assert set(found.units) == set(records) - {(a, 2)}
    full = plan_parts(new, parts(new), last, (), (), everything=True)
    assert len(full.todo) == 4 and (a, 2) in full.removed and not full.units
