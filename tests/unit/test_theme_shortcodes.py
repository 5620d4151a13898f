"""The default theme's versions of Hugo themes' shortcodes (LoveIt, DoIt, Blowfish, Congo,
hugo-book, PaperMod, Stack): elements, classes and attributes, positional and named forms,
hostile arguments, no third-party requests; and the DoIt and LoveIt example content building
without an unknown shortcode.

One module-scoped site (en + fr) holds a page per group of shortcodes; output is checked on
the parsed HTML (lxml).
"""

from __future__ import annotations

import base64
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jinja2
import lxml.html
import pytest

from polyblog.mathml import tex_to_mathml
from polyblog.shortcodes.builtins import BUILTINS
from polyblog.shortcodes.parse import Call, Node, parse
from sitekit import REPO, REPO_THEME, Built, SiteFactory, ensure_theme, page, run_site

Element = lxml.html.HtmlElement
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)
SHORTCODES = REPO_THEME / "templates" / "shortcodes"
CORPUS = (REPO / ".." / "shared" / "corpus").resolve()

CONFIG = """\
title: Theme shortcodes
base_url: https://example.org/
default_language: en
languages:
  en:
    name: English
    locale: en_US
  fr:
    name: Français
    locale: fr_FR
"""

EVIL = '"><script>alert(1)</script>'

PAGES: dict[str, str] = {
    "admonition": """\
{{< admonition tip "This is a tip" false >}}
A **tip**.
{{< /admonition >}}

{{< admonition type=warning title="Named" open=true >}}
Careful.
{{< /admonition >}}

{{< admonition >}}
Default.
{{< /admonition >}}

{{< admonition type="x\\" onmouseover=\\"alert(1)" title="<b>t</b>" >}}
Hostile.
{{< /admonition >}}

{{% hint warning %}}
Hint **text**.
{{% /hint %}}
""",
    "version": """\
A {{< version 0.2.0 changed >}} B {{< version 0.1.1 >}}
C {{< version version="1.0.0" type="deleted" >}}
D {{< version "2.0" "<b>x</b>" >}}
""",
    "icons": """\
A {{< fa-icon regular smile >}} B {{< fa-icon style=solid icon=tachometer-alt >}}
C {{< icon "github" >}} D {{< fa-icon brands no-such-icon >}} E {{< icon "../../base" >}}
F {{< fa-icon solid "x\\"><script>" >}}
""",
    "links": """\
P0 {{< link "https://example.com/a?b=1&c=2" >}}

P1 {{< link "https://example.com/" "Example" "Visit" >}}

P2 {{< link href="/about/" content="About" title="T" class="big <x>" rel="me" >}}

P3 {{< link "javascript:alert(1)" "bad" >}} {{< link "java\\tscript:alert(1)" "tab" >}}
{{< link "//evil.example/" "proto" >}}

P4 {{< link "mailto:a@example.org" >}} {{< link "pic.png" "resource" >}}
""",
    "images": """\
{{< image src="pic.png" caption="A caption" width="693px" height="419px" >}}

{{< image "/img/site.png" "Alt text" >}}

{{< image src="https://example.com/remote.png" alt="remote" linked=false caption="c" >}}

{{< image src="javascript:alert(1)" caption="bad" >}}

{{< image src="pic.png" alt="book" title="Book caption" loading="eager" >}}

{{< inTextImg url="pic.png" height="20" alt="inline" >}}

{{< screenshot src="pic" alt="Shot" caption="Screen" href="https://example.com/" >}}
""",
    "cards": """\
{{< showcase "Title one" "Summary one" "pic.png" "/posts/links/" "3" >}}

{{< showcase title="Title two" summary="Summary two" image="pic.png" link="javascript:x"
    column="9" >}}

{{< friend "Pal" "https://pal.example/" "pic.png" "A bio" >}}

{{< friend name="Named pal" url="https://pal2.example/" bio="Bio two" >}}

{{< friend name="" url="" avatar="" bio="" >}}

Mention {{< person "https://dillon.example/" Dillon "author" "pic.png" >}} and
{{< person url="https://e.example" name="Evgeny" nick="nekr0z" text="t" >}}
""",
    "tabs": """\
{{< tabs defaultTab="1" >}}

{{% tab title="One" %}}
First **tab**
{{% /tab %}}

{{% tab title="Two" select=true %}}
Second
{{% /tab %}}

{{< /tabs >}}

{{< tabs >}}

{{< tab label="Blowfish" >}}
B
{{< /tab >}}

{{< tab "Book" >}}
C
{{< /tab >}}

{{< /tabs >}}
""",
    "diagrams": """\
{{< mermaid >}}
graph LR;
A-->B</pre><script>alert(1)</script>
{{< /mermaid >}}

{{< echarts >}}
{"title": {"text": "<b>T</b>"}}
{{< /echarts >}}

{{< chart >}}
type: 'bar'
{{< /chart >}}

{{< typeit >}}
This is *typed*
{{< /typeit >}}

{{< typeit tag=h4 >}}
Heading **typed**
{{< /typeit >}}

{{< typeit code=java >}}
class A { String s = "<b>"; }
{{< /typeit >}}

{{< typeit tag="script" >}}
x
{{< /typeit >}}
""",
    "maths": """\
Inline {{< katex >}}\\pi(x) < 1{{< /katex >}} and
{{< katex display=true >}}\\frac{1}{2}{{< /katex >}}

{{< katex />}}

{{< math >}}$\\sum_i x_i${{< /math >}}

{{< math >}}
$$a=b$$
{{< /math >}}
""",
    "raw": """\
{{< raw >}}<b id="raw">x</b>{{< /raw >}}

{{< rawhtml >}}<i id="rawhtml">y</i>{{< /rawhtml >}}

{{< script >}}
document.title = "pwned";
{{< /script >}}

{{< style "text-align: right; strong{color:#00b1ff;}" >}}
Right **aligned**.
{{< /style >}}

{{< style style=`color: red; background-color: url(javascript:x); font-size: 12px;
 position: fixed; width: 10px;}body{x:y` >}}
Mixed.
{{< /style >}}
""",
    "embeds": """\
{{< bilibili BV1Sx411T7QQ >}}

{{< bilibili id=BV1TJ411C7An p=3 autoplay=0 muted=1 t=30 >}}

{{< bilibili "BV1\\"><script>" >}}

{{< tencent "u00306ng962" >}}

{{< youku "XNDYxODg0NTM2" >}}

{{< youtubeLite id="SgXhGb-7QbU" label="Demo" params="start=130" >}}

{{< video src="clip.mp4" poster="pic.png" >}}

{{< video "https://cdn.example/remote.mp4" >}}

{{< audio src="clip.mp3" >}}

{{< asciinema cast="demo.cast" loop=true >}}
""",
    "music": """\
{{< music url="clip.mp3" name=Wavelength artist=oldmanyoung cover="pic.png" >}}

{{< music netease song 1868553 >}}

{{< music server="netease" type="playlist" id="60198" >}}

{{< music auto="https://music.163.com/#/playlist?id=60198" >}}

{{< music "https://y.qq.com/n/ryqq/playlist/1" >}}

{{< aplayer fixed=false mini=false theme="#b7daff" >}}
{{< audio name="Track" artist="Band" url="clip.mp3" cover="pic.png" />}}
{{< audio name="Far" artist="Away" url="https://cdn.example/far.mp3" >}}
[00:00.00]lyrics
{{< /audio >}}
{{< /aplayer >}}
""",
    "places": """\
{{< mapbox 121.485 31.233 12 >}}

{{< mapbox lng=-122.252 lat=37.453 zoom=10 >}}

{{< mapbox lng="x" lat="nan" >}}

{{< bluesky link="https://bsky.app/profile/bsky.app/post/3latotljnec2h" >}}

{{< bluesky link="javascript:alert(1)" >}}

{{< github repo="nunocoracao/blowfish" >}}

{{< github repo="a/b/../c" >}}

{{< gitlab projectID="278964" >}}

{{< gitlab 2349278 >}}

{{< codeimporter url="https://raw.example/x/main.go" type="go" >}}

{{< mdimporter url="https://raw.example/README.md" >}}
""",
    "blocks": """\
{{< lead >}}
Lemons and *lemonade*.
{{< /lead >}}

{{< badge >}}
New article!
{{< /badge >}}

{{< badge style="info" title="Hugo" value="0.147" >}}

{{< button href="https://example.com/" target="_blank" >}}Go{{< /button >}}

{{< button relref="/posts/links/" >}}Home{{< /button >}}

{{< button href="javascript:alert(1)" target="x\\" y" >}}Bad{{< /button >}}

{{< gallery >}}
<img src="pic.png" class="grid-w33" />
{{< /gallery >}}

{{< timeline >}}

{{< timelineItem icon="github" header="Header" badge="Badge" subheader="Sub" >}}
Item **text**
{{< /timelineItem >}}

{{< /timeline >}}

{{< keywordList >}}
{{< keyword icon="code" >}} **Skill** {{< /keyword >}}
{{< /keywordList >}}

{{< keyword >}} Alone {{< /keyword >}}

{{< list limit=2 title="Latest" >}}

{{< swatches "#64748b" "red;background:url(x)" "rgb(1, 2, 3)" >}}

{{% rtl %}}
- مرحبا
{{% /rtl %}}

{{% ltr %}}
Left
{{% /ltr %}}
""",
    "book": """\
{{% columns ratio="1:2" %}}
- Left
- Right
{{% /columns %}}

{{% steps %}}
1. First
2. Second
{{% /steps %}}

{{% expand "Custom Label" "..." %}}
Hidden **text**
{{% /expand %}}

{{% expand %}}
Default label
{{% /expand %}}

{{< card href="/posts/links/" image="pic.png" alt="Card image" >}}
Card **body**
{{< /card >}}

{{< collapse summary="More" openByDefault=true >}}
Collapsed
{{< /collapse >}}

{{< accordion separated=true >}}
{{< accordionItem title="Q1" open=true >}}
A1
{{< /accordionItem >}}
{{< /accordion >}}

{{< quote author="Someone" source="The book" url="https://example.com/book" >}}
Quoted **text**.
{{< /quote >}}

{{< carousel images="{pic.png, gallery/b.png, https://example.com/x.jpg, javascript:x}"
    aspectRatio="21-9" >}}

{{< carousel images="gallery/*" >}}
""",
}


@pytest.fixture(scope="module")
def site(site_factory: SiteFactory) -> Built:
    files: dict[str, str | bytes] = {"blog.yaml": CONFIG, "static/img/site.png": PNG}
    for name, body in PAGES.items():
        files[f"content/posts/{name}/index.md"] = page(name.title(), body)
        files[f"content/posts/{name}/pic.png"] = PNG
        files[f"content/posts/{name}/clip.mp4"] = b"\0"
        files[f"content/posts/{name}/clip.mp3"] = b"\0"
        files[f"content/posts/{name}/demo.cast"] = "{}"
    files["content/posts/book/gallery/a.png"] = PNG
    files["content/posts/book/gallery/b.png"] = PNG
    files["content/posts/book/gallery/notes.txt"] = "x"
    files["content/posts/admonition/index.fr.md"] = page("Avertissements", PAGES["admonition"])
    files["content/posts/version/index.fr.md"] = page("Versions", PAGES["version"])
    return site_factory.build(files)


def content(built: Built, url: str) -> Element:
    found = built.html(url).xpath('//article[@class="content"]')
    assert len(found) == 1, url
    return found[0]


def has(name: str) -> str:
    """XPath predicate: the element has CSS class `name`."""
    return f'contains(concat(" ", normalize-space(@class), " "), " {name} ")'


def words(el: Element) -> str:
    return " ".join(el.text_content().split())


def only(el: Element, xpath: str) -> Element:
    found = el.xpath(xpath)
    assert len(found) == 1, f"{xpath}: {len(found)} in {lxml.html.tostring(el)!r}"
    return found[0]


def test_the_theme_ships_thirty_names_beyond_the_builtins() -> None:
    names = {p.stem for p in SHORTCODES.glob("*.html")} - set(BUILTINS)
    assert len(names) >= 30, sorted(names)
    assert {"admonition", "tabs", "tab", "mermaid", "katex", "fa-icon", "hint"} <= names


def test_admonition_positional_named_and_defaults(site: Built) -> None:
    body = content(site, "/posts/admonition/")
    boxes = body.xpath(f".//details[{has('sc-admonition')}]")
    assert len(boxes) == 4
    tip, warning, note, hostile = boxes
    assert "sc-callout-tip" in tip.get("class")
    assert tip.get("open") is None  # positional third argument false
    assert words(only(tip, "./summary")) == "This is a tip"
    assert only(tip, ".//strong").text == "tip"
    assert only(tip, "./summary//svg").get("aria-hidden") == "true"
    assert "sc-callout-warning" in warning.get("class") and warning.get("open") is not None
    assert words(only(warning, "./summary")) == "Named"
    assert "sc-callout-note" in note.get("class") and words(only(note, "./summary")) == "Note"
    # a type outside the list is a note; the title is text
    assert hostile.get("class") == "sc-callout sc-callout-note sc-admonition"
    assert hostile.get("onmouseover") is None
    assert words(only(hostile, "./summary")) == "<b>t</b>" and not hostile.xpath(".//summary//b")
    hint = only(body, f".//aside[{has('sc-hint')}]")
    assert "sc-callout-warning" in hint.get("class") and hint.get("role") == "note"
    fr = content(site, "/fr/posts/admonition/")
    titles = [words(s) for s in fr.xpath(f"//details[{has('sc-admonition')}]/summary")]
    assert titles[2] == "Remarque"


def test_version_badges(site: Built) -> None:
    badges = content(site, "/posts/version/").xpath(f"//span[{has('sc-version')}]")
    assert [(b.get("class"), words(b)) for b in badges] == [
        ("sc-version sc-version-changed", "Changed in 0.2.0"),
        ("sc-version sc-version-new", "New in 0.1.1"),
        ("sc-version sc-version-deleted", "Removed in 1.0.0"),
        ("sc-version sc-version-new", "New in 2.0"),
    ]
    fr = content(site, "/fr/posts/version/").xpath(f"//span[{has('sc-version')}]")
    assert words(fr[0]) == "Modifié en 0.2.0"


def test_icons_are_inline_svg_or_a_text_label(site: Built) -> None:
    body = content(site, "/posts/icons/")
    icons = body.xpath(f".//span[{has('sc-icon')}]")
    assert len(icons) == 6
    smile, gauge, github, missing, outside, hostile = icons
    for icon in (smile, gauge, github):
        svg = only(icon, "./svg")
        assert svg.get("viewbox") and svg.get("fill") == "currentColor"
        assert icon.get("aria-hidden") == "true"
    # the regular (outlined) smile is not the solid one
    assert smile.xpath("./svg/path/@d") != gauge.xpath("./svg/path/@d")
    assert "sc-icon-text" in missing.get("class") and words(missing) == "no-such-icon"
    assert not outside.xpath(".//svg") and words(outside) == "../../base"
    assert not body.xpath(".//script") and not hostile.xpath(".//svg")


def test_link_forms_and_refused_targets(site: Built) -> None:
    body = content(site, "/posts/links/")
    links = {words(a): a for a in body.xpath(f".//a[{has('sc-link')}]")}
    bare = links["https://example.com/a?b=1&c=2"]
    assert bare.get("href") == "https://example.com/a?b=1&c=2"
    assert bare.get("rel") == "noopener noreferrer"
    assert links["Example"].get("title") == "Visit"
    about = links["About"]
    assert about.get("href") == "/about/" and about.get("title") == "T"
    assert about.get("class") == "sc-link big" and about.get("rel") == "me"
    assert links["mailto:a@example.org"].get("href") == "mailto:a@example.org"
    assert links["resource"].get("href") == "/posts/links/pic.png"
    refused = [words(s) for s in body.xpath(f".//span[{has('sc-link-refused')}]")]
    assert refused == ["bad", "tab", "proto"]
    assert not [h for h in body.xpath(".//a/@href") if "script" in h or h.startswith("//")]


def test_images_resources_sizes_and_captions(site: Built) -> None:
    body = content(site, "/posts/images/")
    figures = body.xpath(f".//figure[{has('sc-figure')}]")
    first = figures[0]
    img = only(first, ".//img")
    assert img.get("src") == "/posts/images/pic.png"
    assert (img.get("width"), img.get("height")) == ("693", "419")
    assert only(first, "./a").get("href") == "/posts/images/pic.png"
    assert words(only(first, "./figcaption")) == "A caption"
    plain = only(body, ".//img[@alt='Alt text']")
    assert plain.get("src") == "/img/site.png" and plain.getparent().tag != "a"
    remote = only(body, ".//img[@alt='remote']")
    assert remote.getparent().tag == "figure"  # linked=false: no link around it
    assert not body.xpath(".//img[contains(@src, 'script')]")
    book = only(body, ".//img[@alt='book']")
    assert book.get("loading") == "eager"
    assert words(only(book.xpath("ancestor::figure[1]")[0], "./figcaption")) == "Book caption"
    inline = only(body, f".//img[{has('sc-in-text-img')}]")
    assert (inline.get("src"), inline.get("height")) == ("/posts/images/pic.png", "20")
    shot = only(body, f".//figure[{has('sc-screenshot')}]")
    assert only(shot, ".//img").get("src") == "/posts/images/pic.png"
    assert only(shot, "./a").get("href") == "https://example.com/"


def test_showcase_friend_and_person(site: Built) -> None:
    body = content(site, "/posts/cards/")
    one, two = body.xpath(f".//article[{has('sc-showcase')}]")
    assert "sc-showcase-col-3" in one.get("class")
    assert one.xpath(".//h3/a/@href") == ["/posts/links/"]
    assert words(only(one, ".//h3")) == "Title one"
    assert only(one, ".//img").get("src") == "/posts/cards/pic.png"
    assert "sc-showcase-col-2" in two.get("class")  # column=9 is not a layout
    assert not two.xpath(".//a")  # javascript: link dropped
    friends = body.xpath(f".//*[{has('sc-friend')}]")
    assert [f.get("href") for f in friends] == ["https://pal.example/", "https://pal2.example/"]
    assert words(only(friends[0], f".//*[{has('sc-friend-bio')}]")) == "A bio"
    assert only(friends[1], ".//svg") is not None  # no avatar: an icon
    people = body.xpath(f".//span[{has('h-card')}]")
    assert [p.xpath("./a/@href") for p in people] == [
        ["https://dillon.example/"],
        ["https://e.example"],
    ]
    assert words(only(people[0], f".//*[{has('p-name')}]")) == "Dillon"
    assert only(people[0], ".//img").get("src") == "/posts/cards/pic.png"
    assert words(only(people[1], f".//*[{has('p-nickname')}]")) == "nekr0z"


def test_tabs_show_every_panel_with_its_title_and_load_the_local_script(site: Built) -> None:
    doc = site.html("/posts/tabs/")
    groups = doc.xpath(f"//div[{has('sc-tabs')}]")
    assert len(groups) == 2
    first, second = groups
    assert first.get("data-default-tab") == "1" and second.get("data-default-tab") == "0"
    titles = [[words(h) for h in g.xpath(f".//*[{has('sc-tab-title')}]")] for g in groups]
    assert titles == [["One", "Two"], ["Blowfish", "Book"]]
    panels = first.xpath(f".//section[{has('sc-tab')}]")
    assert panels[0].get("data-selected") is None and panels[1].get("data-selected") is not None
    assert only(panels[0], ".//strong").text == "tab"
    scripts = set(doc.xpath("//script/@src"))
    assert "/js/tabs.js" in scripts
    assert (REPO_THEME / "static" / "js" / "tabs.js").is_file()
    assert site.exists("/js/tabs.js")


def test_diagrams_and_charts_are_escaped_text(site: Built) -> None:
    body = content(site, "/posts/diagrams/")
    mermaid = only(body, ".//pre[contains(@class, 'mermaid')]")
    assert mermaid.text_content() == "graph LR;\nA-->B</pre><script>alert(1)</script>"
    assert not body.xpath(".//script")
    charts = body.xpath(f".//figure[{has('sc-chart')}]")
    assert [c.xpath("string(.//code)") for c in charts] == [
        '{"title": {"text": "<b>T</b>"}}',
        "type: 'bar'",
    ]
    assert words(only(charts[0], "./figcaption")) == "Chart data"
    typeit = body.xpath(f".//*[{has('sc-typeit')}]")
    assert [t.tag for t in typeit] == ["div", "h4", "pre", "div"]
    assert only(typeit[0], ".//em").text == "typed"
    assert words(typeit[1]) == "Heading typed" and not typeit[1].xpath(".//p")
    assert only(typeit[2], "./code").get("class") == "language-java"
    assert typeit[2].text_content() == 'class A { String s = "<b>"; }'


def test_maths_render_as_mathml_with_the_tex_kept(site: Built) -> None:
    body = content(site, "/posts/maths/")
    maths = body.xpath(f".//*[{has('sc-math')}]")
    assert [m.tag for m in maths] == ["span", "div", "span", "div"]
    annotations = [m.xpath("string(.//annotation)") for m in maths]
    assert annotations == ["\\pi(x) < 1", "\\frac{1}{2}", "\\sum_i x_i", "a=b"]
    assert [m.xpath("string(.//math/@display)") for m in maths] == [
        "inline",
        "block",
        "inline",
        "block",
    ]


def test_raw_is_html_when_allowed_and_script_renders_nothing(site: Built) -> None:
    body = content(site, "/posts/raw/")
    # the site keeps raw HTML (markup.unsafe_html, the default): raw and rawhtml pass it on
    assert sorted(e.get("id") for e in body.xpath(".//*[@id='raw' or @id='rawhtml']")) == [
        "raw",
        "rawhtml",
    ]
    assert not body.xpath(".//script") and "pwned" not in body.text_content()
    styled = body.xpath(f".//div[{has('sc-style')}]")
    assert styled[0].get("style") == "text-align:right"
    assert only(styled[0], ".//strong").text == "aligned"
    assert styled[1].get("style") == "color:red;font-size:12px;width:10px"


def test_raw_is_text_when_raw_html_is_off(build_site: Callable[..., Built]) -> None:
    config = "title: T\nbase_url: https://example.org/\nmarkup:\n  unsafe_html: false\n"
    files = {"content/posts/p.md": page("P", '{{< raw >}}<b id="raw">x</b>{{< /raw >}}\n')}
    body = content(build_site(files, config=config), "/posts/p/")
    assert not body.xpath(".//b")
    assert '<b id="raw">x</b>' in body.text_content()


def test_video_embeds_are_facades_and_nothing_loads_from_elsewhere(site: Built) -> None:
    doc = site.html("/posts/embeds/")
    body = content(site, "/posts/embeds/")
    facades = body.xpath(".//a[contains(@class, 'sc-youtube-facade')]")
    assert [(a.get("href"), a.get("data-embed")) for a in facades] == [
        (
            "https://www.bilibili.com/video/BV1Sx411T7QQ/?p=1",
            "https://player.bilibili.com/player.html?bvid=BV1Sx411T7QQ&page=1&autoplay=1",
        ),
        (
            "https://www.bilibili.com/video/BV1TJ411C7An/?p=3&t=30",
            "https://player.bilibili.com/player.html?bvid=BV1TJ411C7An&page=3&autoplay=1&t=30&muted=1",
        ),
        (
            "https://v.qq.com/x/page/u00306ng962.html",
            "https://v.qq.com/txp/iframe/player.html?vid=u00306ng962&auto=1",
        ),
        (
            "https://v.youku.com/v_show/id_XNDYxODg0NTM2.html",
            "https://player.youku.com/embed/XNDYxODg0NTM2",
        ),
        (
            "https://www.youtube.com/watch?v=SgXhGb-7QbU",
            "https://www.youtube-nocookie.com/embed/SgXhGb-7QbU?autoplay=1&start=130",
        ),
        ("https://cdn.example/remote.mp4", None),
    ]
    # the link's name says what it does and holds the visible title (WCAG 2.5.3)
    assert only(facades[4], ".//span[@aria-hidden='true'][not(@class='sc-youtube-play')]").text == (
        "Demo"
    )
    assert words(only(facades[4], f".//span[{has('sc-visually-hidden')}]")) == "Play: Demo"
    assert body.xpath(f".//p[{has('sc-embed-invalid')}]")  # the hostile bilibili id
    video = only(body, ".//video")
    assert (video.get("src"), video.get("poster")) == (
        "/posts/embeds/clip.mp4",
        "/posts/embeds/pic.png",
    )
    assert only(body, ".//audio").get("src") == "/posts/embeds/clip.mp3"
    cast = only(body, f".//p[{has('sc-asciinema')}]/a")
    assert cast.get("href") == "/posts/embeds/demo.cast"
    assert_no_third_party_requests(doc)


def assert_no_third_party_requests(doc: Element) -> None:
    assert not doc.xpath("//iframe | //embed | //object | //meting-js | //lite-youtube")
    for attr in doc.xpath(
        "//script/@src | //link/@href[../@rel='stylesheet'] | //video/@src"
        " | //audio/@src | //source/@src | //video/@poster"
    ):
        assert not re.match(r"(?i)\s*(https?:)?//", attr), attr


def test_music_and_aplayer(site: Built) -> None:
    doc = site.html("/posts/music/")
    body = content(site, "/posts/music/")
    local = body.xpath(f".//figure[{has('sc-music')}]")[0]
    assert only(local, ".//audio").get("src") == "/posts/music/clip.mp3"
    assert only(local, ".//img").get("src") == "/posts/music/pic.png"
    assert words(only(local, f".//*[{has('sc-audio-title')}]")) == "Wavelength – oldmanyoung"
    cards = body.xpath(f".//p[{has('sc-music')}]/a")
    assert [a.get("href") for a in cards] == [
        "https://music.163.com/#/song?id=1868553",
        "https://music.163.com/#/playlist?id=60198",
        "https://music.163.com/#/playlist?id=60198",
        "https://y.qq.com/n/ryqq/playlist/1",
    ]
    assert words(cards[2]) == "Listen on NetEase Cloud Music"
    tracks = body.xpath(f".//figure[{has('sc-aplayer')}]/ol/li")
    titles = [words(only(li, f".//*[{has('sc-audio-title')}]")) for li in tracks]
    assert titles == ["Track – Band", "Far – Away"]
    assert only(tracks[0], ".//audio").get("src") == "/posts/music/clip.mp3"
    assert only(tracks[1], ".//a").get("href") == "https://cdn.example/far.mp3"
    assert_no_third_party_requests(doc)


def test_maps_repositories_and_imports_are_links(site: Built) -> None:
    body = content(site, "/posts/places/")
    hrefs = body.xpath(f".//p[{has('sc-linkcard')}]/a/@href")
    assert hrefs == [
        "https://www.openstreetmap.org/?mlat=31.23300&mlon=121.48500#map=12/31.23300/121.48500",
        "https://www.openstreetmap.org/?mlat=37.45300&mlon=-122.25200#map=10/37.45300/-122.25200",
        "https://bsky.app/profile/bsky.app/post/3latotljnec2h",
        "https://github.com/nunocoracao/blowfish",
        "https://gitlab.com/projects/278964",
        "https://gitlab.com/-/snippets/2349278",
        "https://raw.example/x/main.go",
        "https://raw.example/README.md",
    ]
    assert "main.go" in words(body.xpath(f".//p[{has('sc-import')}]")[0])
    assert_no_third_party_requests(site.html("/posts/places/"))


def test_blowfish_and_congo_blocks(site: Built) -> None:
    body = content(site, "/posts/blocks/")
    assert only(body, f".//div[{has('sc-lead')}]//em").text == "lemonade"
    badges = body.xpath(f".//span[{has('sc-badge')}]")
    assert words(badges[0]) == "New article!" and not badges[0].xpath(".//p")
    assert "sc-badge-info" in badges[1].get("class")
    assert [words(s) for s in badges[1]] == ["Hugo", "0.147"]
    buttons = body.xpath(f".//a[{has('sc-button')}]")
    assert [(b.get("href"), b.get("target"), b.get("rel"), words(b)) for b in buttons] == [
        ("https://example.com/", "_blank", "noopener", "Go"),
        ("/posts/links/", None, None, "Home"),
        (None, None, None, "Bad"),
    ]
    assert only(body, f".//div[{has('sc-gallery')}]//img").get("class") == "grid-w33"
    item = only(body, f".//ol[{has('sc-timeline')}]/li[{has('sc-timeline-item')}]")
    assert words(only(item, ".//h3")) == "Header"
    assert only(item, ".//strong").text == "text" and item.xpath(".//svg")
    keywords = body.xpath(f".//ul[{has('sc-keywords')}]/li/span[{has('sc-keyword')}]")
    assert len(keywords) == 1 and only(keywords[0], ".//strong").text == "Skill"
    assert len(body.xpath(f".//span[{has('sc-keyword')}]")) == 2
    listing = only(body, f".//section[{has('sc-list')}]")
    assert words(only(listing, "./h2")) == "Latest" and listing.xpath(".//a/@href") == ["/"]
    swatches = body.xpath(f".//span[{has('sc-swatch-color')}]/@style")
    assert swatches == ["background-color:#64748b", "background-color:rgb(1, 2, 3)"]
    assert only(body, ".//div[@dir='rtl']//li").text == "مرحبا"
    assert words(only(body, ".//div[@dir='ltr']")) == "Left"


def test_hugo_book_and_other_blocks(site: Built) -> None:
    body = content(site, "/posts/book/")
    columns = only(body, f".//div[{has('sc-columns')}]")
    assert columns.get("style") == "--sc-col-1:1;--sc-col-2:2"
    assert [words(li) for li in columns.xpath("./ul/li")] == ["Left", "Right"]
    assert len(body.xpath(f".//div[{has('sc-steps')}]/ol/li")) == 2
    expands = body.xpath(f".//details[{has('sc-expand')}]")
    assert [words(only(d, "./summary")) for d in expands] == ["Custom Label ...", "Expand ↕"]
    card = only(body, f".//div[{has('sc-card')}]")
    assert card.xpath("./a/@href") == ["/posts/links/"]
    assert only(card, ".//img").get("alt") == "Card image"
    collapse = only(body, f".//details[{has('sc-collapse')}]")
    assert collapse.get("open") is not None and words(only(collapse, "./summary")) == "More"
    item = only(body, f".//div[{has('sc-accordion-separated')}]/details")
    assert item.get("open") is not None and words(only(item, "./summary")) == "Q1"
    quote = only(body, f".//figure[{has('sc-quote')}]")
    assert only(quote, "./blockquote").get("cite") == "https://example.com/book"
    assert words(only(quote, "./figcaption")) == "— Someone, The book"
    listed, pattern = body.xpath(f".//div[{has('sc-carousel')}]")
    assert "sc-ratio-21-9" in listed.get("class")
    assert listed.xpath(".//img/@src") == [
        "/posts/book/pic.png",
        "/posts/book/gallery/b.png",
        "https://example.com/x.jpg",
    ]
    assert pattern.xpath(".//img/@src") == [
        "/posts/book/gallery/a.png",
        "/posts/book/gallery/b.png",
    ]
    assert pattern.get("role") == "region" and pattern.get("tabindex") == "0"


# -- templates rendered directly: settings a build does not pass yet ----------------------------


def theme_env(filters: dict[str, Any] | None = None) -> jinja2.Environment:
    """The theme's templates with the build's options, and optional extra filters."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(REPO_THEME / "templates")),
        autoescape=True,
        undefined=jinja2.ChainableUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(filters or {})
    return env


def render(env: jinja2.Environment, name: str, **context: Any) -> Element:
    values: dict[str, Any] = {
        "args": [],
        "kwargs": {},
        "inner": "",
        "inner_source": "",
        "inner_html": "",
        "page": {"resources": {}},
        "site": {},
        "t": lambda key, **_: key,
        "rel_url": lambda path: path,
    }
    values.update(context)
    html = env.get_template(f"shortcodes/{name}.html").render(values)
    return lxml.html.fragment_fromstring(html, create_parent="div")


def test_raw_outputs_html_when_the_site_allows_raw_html() -> None:
    env = theme_env()
    allowed = {"markup": {"unsafe_html": True}}
    for name in ("raw", "rawhtml"):
        out = render(env, name, inner='<b id="x">y</b>', site=allowed)
        assert only(out, ".//b").get("id") == "x"
        out = render(env, name, inner='<b id="x">y</b>', site={"markup": {"unsafe_html": False}})
        assert not out.xpath(".//b") and out.text_content() == '<b id="x">y</b>'


def test_katex_and_math_use_the_mathml_filter_when_present() -> None:
    env = theme_env({"mathml": tex_to_mathml})
    out = render(env, "katex", inner_source="x^2 < y", kwargs={"display": True})
    block = only(out, "./div")
    assert "sc-math-display" in block.get("class")
    math = only(block, "./math")
    assert math.get("display") == "block"
    assert only(math, ".//annotation").text == "x^2 < y"
    assert math.xpath(".//msup")
    out = render(env, "math", inner_source="$\\frac{1}{2}$")
    assert only(out, "./span/math").get("display") == "inline"


@pytest.mark.parametrize(
    "tex",
    [
        "\\text{<script>alert(1)</script>}",
        "\\href{javascript:alert(1)}{x}",
        '\\color{red"onmouseover=alert(1)}{x}',
        "\\style{background:url(x)}{x}",
    ],
)
def test_mathml_keeps_only_allowed_elements_and_attributes(tex: str) -> None:
    out = lxml.html.fragment_fromstring(str(tex_to_mathml(tex)), create_parent="div")
    assert not out.xpath(".//script | .//*[@href] | .//*[@style] | .//*[@onmouseover]")
    assert only(out, ".//annotation").text == tex


def test_mathml_shows_tex_that_does_not_convert_as_code() -> None:
    out = str(tex_to_mathml("<\\frac{"))
    assert out == '<code class="sc-math-tex">&lt;\\frac{</code>'
    assert str(tex_to_mathml("  ")) == ""


# -- the DoIt and LoveIt example content --------------------------------------------------------

CORPUS_CONFIG = """\
title: {name}
base_url: https://example.org/
default_language: en
languages:
  en:
    name: English
    locale: en
  zh-cn:
    name: 简体中文
    locale: zh_CN
"""


def calls(nodes: list[Node]) -> Iterator[Call]:
    for node in nodes:
        if isinstance(node, Call):
            yield node
            yield from calls(node.inner or [])


@pytest.mark.parametrize("name", ["doit", "loveit"])
def test_doit_and_loveit_content_has_no_unknown_shortcode(
    name: str, site_factory: SiteFactory
) -> None:
    source = CORPUS / name / "content"
    if not source.is_dir():
        pytest.skip(f"{name} corpus not found (expected ../shared/corpus/{name}/content)")
    theme_names = {p.stem for p in SHORTCODES.glob("*.html")}
    used = {
        call.name
        for path in sorted(source.rglob("*.md"))
        for call in calls(parse(path.read_text(encoding="utf-8")))
    }
    assert used and not used - theme_names, sorted(used - theme_names)
    root = site_factory.new_root(name)
    shutil.copytree(source, root / "content")
    (root / "blog.yaml").write_text(CORPUS_CONFIG.format(name=name), encoding="utf-8")
    ensure_theme(root)
    built = run_site(root, root / "public", ["--drafts"], ok=None)
    output = built.result.output
    assert "Traceback" not in output
    assert "unknown shortcode" not in output, output
    if built.result.exit_code == 0:  # DoIt's relref to a missing page fails its build
        assert built.exists("/posts/theme-documentation-extended-shortcodes/")


CHROMIUM = Path("/usr/bin/chromium")


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium")
def test_tabs_script_makes_an_aria_tab_list_with_keyboard_use(site: Built) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    html = site.text("/posts/tabs/")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"]
        )
        try:
            tab = browser.new_page()
            tab.route("**/*", lambda route: route.abort())  # the page alone, offline
            tab.set_content(html)
            tab.add_script_tag(path=str(site.file("/js/tabs.js")))
            groups = tab.locator(".sc-tabs")
            first = groups.nth(0)
            buttons = first.get_by_role("tab")
            assert buttons.all_inner_texts() == ["One", "Two"]
            # `select=true` on the second tab wins over defaultTab
            assert buttons.nth(1).get_attribute("aria-selected") == "true"
            assert first.get_by_role("tabpanel", name="Two").is_visible()
            assert not first.get_by_role("tabpanel", name="One", include_hidden=True).is_visible()
            assert not first.locator(".sc-tab-title").first.is_visible()
            buttons.nth(1).focus()
            tab.keyboard.press("ArrowRight")  # wraps to the first tab
            assert buttons.nth(0).get_attribute("aria-selected") == "true"
            assert tab.evaluate("document.activeElement.textContent") == "One"
            assert first.get_by_role("tabpanel", name="One").is_visible()
            tab.keyboard.press("End")
            assert buttons.nth(1).get_attribute("aria-selected") == "true"
            groups.nth(1).get_by_role("tab", name="Book").click()
            assert groups.nth(1).get_by_role("tabpanel", name="Book").is_visible()
            assert first.get_by_role("tablist").get_attribute("aria-label") == "Tabs"
        finally:
            browser.close()


def test_every_theme_shortcode_renders_without_arguments(site_factory: SiteFactory) -> None:
    """No argument is required: a call without any renders (possibly nothing), never an error."""
    names = sorted({p.stem for p in SHORTCODES.glob("*.html")} - set(BUILTINS))
    bare = "\n\n".join(f"{{{{< {name} />}}}}" for name in names)
    paired = "\n\n".join(f"{{{{% {name} %}}}}\nSome *text*\n{{{{% /{name} %}}}}" for name in names)
    built = site_factory.build(
        {"content/posts/bare.md": page("Bare", bare), "content/posts/paired.md": page("P", paired)}
    )
    assert "Traceback" not in built.result.output
    assert content(built, "/posts/paired/").xpath(".//em")
