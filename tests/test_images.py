"""Responsive images (`polyblog.images`): derivatives at the configured widths, never upscaled,
metadata (GPS) removed, orientation applied, the `<img>` attributes, the first image eager,
SVG/GIF/remote images left as they are, the cache, broken images, and the `images` keys."""

from __future__ import annotations

import io
import shutil
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import lxml.html
import pytest
from PIL import Image, ImageOps

from polyblog.config import ImagesConfig, load_config
from polyblog.errors import ConfigError
from polyblog.images import encode as encoder
from polyblog.images.encode import avif_supported
from polyblog.images.html import rewrite_images
from polyblog.images.plan import Derivative, ImagePlan, SourceImage
from polyblog.images.probe import ImageInfo
from polyblog.images.strip import strip_metadata
from sitekit import Built, page

RED, BLUE = (220, 20, 20), (20, 20, 220)
MAKE, GPS = 0x010F, 0x8825
AVIF = avif_supported()


def photo(
    fmt: str = "JPEG",
    size: tuple[int, int] = (1000, 500),
    orientation: int = 1,
    gps: bool = True,
) -> bytes:
    """An image, left half red and right half blue, with a camera make, GPS position and
    orientation in its EXIF."""
    image = Image.new("RGB", size, BLUE)
    image.paste(RED, (0, 0, size[0] // 2, size[1]))
    exif = Image.Exif()
    exif[MAKE] = "PhoneMaker"
    if orientation != 1:
        exif[0x0112] = orientation
    if gps:
        exif.get_ifd(GPS).update({1: "N", 2: (48.0, 51.0, 24.0), 3: "E", 4: (2.0, 21.0, 3.0)})
    buffer = io.BytesIO()
    image.save(buffer, fmt, exif=exif.tobytes(), **({"quality": 90} if fmt == "JPEG" else {}))
    return buffer.getvalue()


def png_with_text(size: tuple[int, int] = (600, 300)) -> bytes:
    """A PNG with a tEXt chunk (an author's comment) and an eXIf chunk with GPS."""
    data = photo("PNG", size)
    chunk = b"tEXt" + b"Comment\x00taken at home"
    text = struct.pack(">I", len(chunk) - 4) + chunk + struct.pack(">I", zlib.crc32(chunk))
    at = data.index(b"IDAT") - 4
    return data[:at] + text + data[at:]


def opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def post(body: str, **front: object) -> str:
    return page("Post", body, date="2024-01-02", **front)


def img(built: Built, url: str, alt: str) -> lxml.html.HtmlElement:
    (found,) = built.html(url).xpath(f'//main//img[@alt="{alt}"]')
    return found


def srcset(element: lxml.html.HtmlElement) -> dict[int, str]:
    """A srcset's candidates by width descriptor."""
    out: dict[int, str] = {}
    for candidate in element.get("srcset").split(","):
        url, descriptor = candidate.split()
        assert descriptor.endswith("w")
        out[int(descriptor[:-1])] = url
    return out


# -- sizes, srcset and the output files -----------------------------------------------------------


def test_derivatives_at_each_width_up_to_the_original(build_site: Callable[..., Built]) -> None:
    built = build_site(
        {
            "content/posts/x/index.md": post("![A photo](photo.jpg)\n\n![Wide](wide.png)\n"),
            "content/posts/x/photo.jpg": photo(size=(1000, 500)),
            "content/posts/x/wide.png": photo("PNG", size=(2000, 400)),
        }
    )
    tag = img(built, "/posts/x/", "A photo")
    assert tag.get("src") == "photo.jpg"  # the original stays the fallback
    assert (tag.get("width"), tag.get("height")) == ("1000", "500")
    assert tag.get("sizes") == "(max-width: 48rem) 100vw, 48rem"
    assert tag.get("decoding") == "async"
    # never upscaled: 1200 and 1600 are left out, the image's own 1000 is there instead
    assert srcset(tag) == {w: f"photo-{w}.webp" for w in (480, 800, 1000)}
    for width in (480, 800, 1000):
        made = opened(built.read(f"/posts/x/photo-{width}.webp"))
        assert made.format == "WEBP"
        assert made.size == (width, width // 2)
    for missing in ("photo-1200.webp", "photo-1600.webp"):
        assert not built.exists("/posts/x/" + missing)
    wide = img(built, "/posts/x/", "Wide")
    assert sorted(srcset(wide)) == [480, 800, 1200, 1600]  # no 2000: larger than the largest
    assert opened(built.read("/posts/x/wide-1600.webp")).size == (1600, 320)
    assert not built.exists("/posts/x/wide-2000.webp")


@pytest.mark.skipif(not AVIF, reason="this Pillow cannot write AVIF")
def test_avif_in_a_picture_element(build_site: Callable[..., Built]) -> None:
    built = build_site(
        {
            "content/posts/x/index.md": post("![A photo](photo.jpg)\n"),
            "content/posts/x/photo.jpg": photo(size=(900, 600)),
        }
    )
    tag = img(built, "/posts/x/", "A photo")
    (picture,) = tag.xpath("ancestor::picture")
    (source,) = picture.xpath("./source")
    assert source.get("type") == "image/avif"
    assert source.get("sizes") == tag.get("sizes")
    assert srcset(source) == {480: "photo-480.avif", 800: "photo-800.avif", 900: "photo-900.avif"}
    assert opened(built.read("/posts/x/photo-800.avif")).size == (800, 533)


def test_widths_and_formats_from_blog_yaml(build_site: Callable[..., Built]) -> None:
    built = build_site(
        {
            "blog.yaml": "base_url: https://example.org/\n"
            "images: {widths: [300, 600], formats: [webp], sizes: 50vw, quality: 60}\n",
            "content/posts/x/index.md": post("![A photo](photo.jpg)\n"),
            "content/posts/x/photo.jpg": photo(size=(1000, 500)),
        }
    )
    tag = img(built, "/posts/x/", "A photo")
    assert srcset(tag) == {300: "photo-300.webp", 600: "photo-600.webp"}
    assert tag.get("sizes") == "50vw"
    assert not tag.xpath("ancestor::picture")
    assert not list(built.public.rglob("*.avif"))


def test_figure_cover_and_list_cards(build_site: Callable[..., Built]) -> None:
    built = build_site(
        {
            "content/posts/x/index.md": post(
                '{{< figure src="chart.png" alt="Chart" width="300" caption="A chart" >}}\n',
                cover_alt="Cover",
            ),
            "content/posts/x/featured.jpg": photo(size=(1600, 900)),
            "content/posts/x/chart.png": photo("PNG", size=(900, 600)),
        }
    )
    chart = img(built, "/posts/x/", "Chart")
    assert (chart.get("width"), chart.get("height")) == ("300", "200")  # in proportion
    assert chart.get("sizes") == "(max-width: 300px) 100vw, 300px"
    assert sorted(srcset(chart)) == [480, 800, 900]
    cover = img(built, "/posts/x/", "Cover")
    assert cover.get("src") == "/posts/x/featured.jpg"
    assert sorted(srcset(cover)) == [480, 800, 1200, 1600]
    card = built.html("/posts/").xpath('//*[contains(@class,"post-card-cover")]//img')[0]
    assert srcset(card)[480] == "/posts/x/featured-480.webp"
    assert built.exists("/posts/x/featured-480.webp")


def test_first_image_of_a_page_is_eager_the_rest_lazy(build_site: Callable[..., Built]) -> None:
    three = "![One](a.png)\n\n![Two](a.png)\n\n![Three](a.png)\n"
    built = build_site(
        {
            "content/posts/x/index.md": post(three),
            "content/posts/x/a.png": photo("PNG", size=(500, 300)),
            "content/posts/y/index.md": post(three, cover_alt="Cover"),
            "content/posts/y/a.png": photo("PNG", size=(500, 300)),
            "content/posts/y/cover.png": photo("PNG", size=(500, 300)),
        }
    )
    loading = [
        (e.get("alt"), e.get("loading"), e.get("fetchpriority"))
        for e in built.html("/posts/x/").xpath("//main//img")
    ]
    assert loading == [("One", "eager", "high"), ("Two", "lazy", None), ("Three", "lazy", None)]
    # with a cover, the cover comes first: every body image is lazy
    tree = built.html("/posts/y/")
    assert [e.get("loading") for e in tree.xpath("//main//img")] == ["eager", *["lazy"] * 3]
    assert tree.xpath("//main//img")[0].get("alt") == "Cover"


# -- metadata and orientation ------------------------------------------------------------------


def test_exif_and_gps_removed_orientation_applied(build_site: Callable[..., Built]) -> None:
    source = photo(size=(1000, 500), orientation=6)  # stored landscape, shown portrait
    assert opened(source).getexif().get_ifd(GPS)  # the test image has a position
    built = build_site(
        {
            "content/posts/x/index.md": post("![A photo](photo.jpg)\n"),
            "content/posts/x/photo.jpg": source,
        }
    )
    tag = img(built, "/posts/x/", "A photo")
    assert (tag.get("width"), tag.get("height")) == ("500", "1000")
    assert sorted(srcset(tag)) == [480, 500]
    shown = ImageOps.exif_transpose(opened(source))
    for width in (480, 500):
        made = opened(built.read(f"/posts/x/photo-{width}.webp"))
        assert made.size == (width, width * 2)
        assert not made.getexif() and "xmp" not in made.info and "icc_profile" not in made.info
        top, bottom = made.getpixel((width // 2, 5)), made.getpixel((width // 2, width * 2 - 5))
        assert _near(top, shown.getpixel((250, 2))) and _near(bottom, shown.getpixel((250, 997)))
    # the original is published without its metadata, upright, its pixels untouched
    original = built.read("/posts/x/photo.jpg")
    exif = opened(original).getexif()
    assert dict(exif) == {0x0112: 6}
    assert not exif.get_ifd(GPS)
    assert opened(original).tobytes() == opened(source).tobytes()
    assert len(original) < len(source)


def test_png_and_webp_originals_lose_text_and_exif(build_site: Callable[..., Built]) -> None:
    built = build_site(
        {
            "content/posts/x/index.md": post("![P](a.png)\n\n![W](b.webp)\n"),
            "content/posts/x/a.png": png_with_text(),
            "content/posts/x/b.webp": photo("WEBP", size=(600, 300)),
        }
    )
    png = opened(built.read("/posts/x/a.png"))
    assert "Comment" not in png.info and not png.getexif()
    assert png.tobytes() == opened(png_with_text()).tobytes()
    webp = opened(built.read("/posts/x/b.webp"))
    assert not webp.getexif() and webp.size == (600, 300)


def test_strip_metadata_false_keeps_the_original(build_site: Callable[..., Built]) -> None:
    source = photo(size=(600, 300))
    built = build_site(
        {
            "blog.yaml": "base_url: https://example.org/\nimages: {strip_metadata: false}\n",
            "content/posts/x/index.md": post("![A photo](photo.jpg)\n"),
            "content/posts/x/photo.jpg": source,
        }
    )
    assert built.read("/posts/x/photo.jpg") == source
    assert opened(built.read("/posts/x/photo-480.webp")).getexif()[MAKE] == "PhoneMaker"


def test_lossless_strip_units() -> None:
    jpeg = photo(size=(64, 32), orientation=3)
    out = strip_metadata(jpeg, "JPEG", 3)
    assert dict(opened(out).getexif()) == {0x0112: 3}
    assert opened(out).tobytes() == opened(jpeg).tobytes()
    assert strip_metadata(strip_metadata(jpeg, "JPEG", 1), "JPEG", 1) == strip_metadata(
        jpeg, "JPEG", 1
    )
    png = strip_metadata(photo("PNG", size=(8, 8), orientation=8), "PNG", 8)
    assert dict(opened(png).getexif()) == {0x0112: 8}
    webp = strip_metadata(photo("WEBP", size=(8, 8), orientation=6), "WEBP", 6)
    assert dict(opened(webp).getexif()) == {0x0112: 6}


# -- left as they are -------------------------------------------------------------------------


def test_svg_gif_and_remote_images_pass_through(build_site: Callable[..., Built]) -> None:
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 60"><rect/></svg>'
    gif = io.BytesIO()
    Image.new("P", (40, 30)).save(gif, "GIF")
    built = build_site(
        {
            "content/posts/x/index.md": post(
                "![Diagram](d.svg)\n\n![Anim](a.gif)\n\n![Far](https://cdn.example/x.jpg)\n"
            ),
            "content/posts/x/d.svg": svg,
            "content/posts/x/a.gif": gif.getvalue(),
        }
    )
    diagram = img(built, "/posts/x/", "Diagram")
    assert (diagram.get("width"), diagram.get("height")) == ("120", "60")
    assert diagram.get("srcset") is None and diagram.get("loading") == "eager"
    anim = img(built, "/posts/x/", "Anim")
    assert (anim.get("width"), anim.get("height"), anim.get("srcset")) == ("40", "30", None)
    assert anim.get("loading") == "lazy"
    assert built.read("/posts/x/d.svg") == svg
    assert built.read("/posts/x/a.gif") == gif.getvalue()
    far = img(built, "/posts/x/", "Far")
    assert dict(far.attrib) == {"src": "https://cdn.example/x.jpg", "alt": "Far"}
    made = sorted(p.name for p in (built.public / "posts" / "x").iterdir())
    assert made == ["a.gif", "d.svg", "index.html"]


def test_static_images_only_when_a_page_shows_them(build_site: Callable[..., Built]) -> None:
    built = build_site(
        {
            "content/posts/x/index.md": post("![Logo](/img/logo.png)\n"),
            "static/img/logo.png": photo("PNG", size=(500, 250)),
            "static/img/unused.png": photo("PNG", size=(500, 250)),
        }
    )
    assert sorted(srcset(img(built, "/posts/x/", "Logo"))) == [480, 500]
    assert built.exists("/img/logo-480.webp")
    assert not opened(built.read("/img/logo.png")).getexif()
    assert not built.exists("/img/unused-480.webp")
    assert opened(built.read("/img/unused.png")).getexif()  # copied as it is


def test_an_image_linked_from_outside_the_site_is_not_read(
    build_site: Callable[..., Built], tmp_path: Path
) -> None:
    outside = tmp_path / "secret.png"
    outside.write_bytes(photo("PNG", size=(500, 250)))
    built = build_site({"content/posts/x/index.md": post("![S](/img/secret.png)\n")}, ok=None)
    (built.root / "static" / "img").mkdir(parents=True)
    (built.root / "static" / "img" / "secret.png").symlink_to(outside)
    again = built.rebuild()
    assert img(again, "/posts/x/", "S").get("srcset") is None
    assert not again.exists("/img/secret-480.webp")


# -- social card ------------------------------------------------------------------------------


def test_social_card_for_og_and_twitter(build_site: Callable[..., Built]) -> None:
    built = build_site(
        {
            "content/posts/x/index.md": post("Text.\n"),
            "content/posts/x/cover.png": photo("PNG", size=(2000, 1500)),
            "content/posts/y/index.md": post("Text.\n"),
            "content/posts/y/featured.jpg": photo(size=(600, 400)),
        }
    )
    tree = built.html("/posts/x/")
    card = "https://example.org/posts/x/cover-social.jpg"
    assert tree.xpath('//meta[@property="og:image"]/@content') == [card]
    assert tree.xpath('//meta[@name="twitter:image"]/@content') == [card]
    made = opened(built.read("/posts/x/cover-social.jpg"))
    assert (made.format, made.size) == ("JPEG", (1200, 630))
    assert not made.getexif()
    small = opened(built.read("/posts/y/featured-social.jpg"))
    assert small.size == (600, 315)  # cropped to 1.91:1, not enlarged


# -- cache, determinism, errors ---------------------------------------------------------------


def test_second_build_encodes_nothing(
    build_site: Callable[..., Built], monkeypatch: pytest.MonkeyPatch
) -> None:
    encodes: list[str] = []
    real = encoder.encode_all

    def counting(path: Path, targets: list[Derivative], cfg: ImagesConfig) -> list[bytes]:
        encodes.extend(target.url for target in targets)
        return real(path, targets, cfg)

    monkeypatch.setattr(encoder, "encode_all", counting)
    files = {
        "content/posts/x/index.md": post("![A](a.jpg)\n", cover_alt="C"),
        "content/posts/x/a.jpg": photo(size=(900, 450)),
        "content/posts/x/cover.jpg": photo(size=(900, 450), gps=False),
    }
    built = build_site(files)
    first = dict(_files(built.public))
    made = len(encodes)
    assert made == (6 if AVIF else 3) * 2 + 1  # 480, 800, 900 per format, each image; a card
    assert list((built.root / ".blog-cache" / "images").iterdir())
    shutil.rmtree(built.public)  # every page and image file written again, from the caches
    again = built.rebuild()
    assert len(encodes) == made  # all from the cache
    assert dict(_files(again.public)) == first
    # a damaged cache file is encoded again, and only that one
    cached = sorted((built.root / ".blog-cache" / "images").glob("*.webp"))[0]
    cached.write_bytes(b"garbage")
    shutil.rmtree(built.public)
    third = built.rebuild()
    assert len(encodes) == made + 1
    assert dict(_files(third.public)) == first


def test_same_input_gives_the_same_bytes(site_factory: object, tmp_path: Path) -> None:
    from sitekit import SiteFactory

    assert isinstance(site_factory, SiteFactory)
    files = {
        "content/posts/x/index.md": post("![A](a.jpg)\n\n![B](b.png)\n"),
        "content/posts/x/a.jpg": photo(size=(1300, 700), orientation=8),
        "content/posts/x/b.png": png_with_text((700, 500)),
    }
    one = site_factory.build(files)
    shutil.rmtree(one.root / ".blog-cache")
    two = one.rebuild("--jobs", "2")  # encoded again, in threads
    assert dict(_files(one.public)) == dict(_files(two.public))
    cache_two = site_factory.build(files)
    assert dict(_files(cache_two.public)) == dict(_files(one.public))


def test_broken_image_is_an_error_naming_it_and_its_page(build_site: Callable[..., Built]) -> None:
    built = build_site(
        {
            "content/posts/x/index.md": post("![A](a.jpg)\n"),
            "content/posts/x/a.jpg": b"not a jpeg at all",
        },
        ok=False,
    )
    err = built.result.stderr
    assert "content/posts/x/a.jpg: error: broken image content/posts/x/a.jpg" in err
    assert "(shown by content/posts/x/index.md)" in err
    assert err.count("error: broken image") == 1
    assert not built.public.exists()
    whole = photo(size=(800, 400))
    built.write({"content/posts/x/a.jpg": whole[: len(whole) // 2]})  # cut in the middle
    cut = built.rebuild(ok=False)
    assert "error: broken image content/posts/x/a.jpg" in cut.result.stderr
    assert "Traceback" not in cut.result.output


def test_decompression_bomb_is_refused(build_site: Callable[..., Built]) -> None:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 30_000, 30_000, 8, 2, 0, 0, 0)  # 900 million pixels
    ihdr, idat, end = (
        chunk(b"IHDR", header),
        chunk(b"IDAT", zlib.compress(bytes(64))),
        chunk(b"IEND", b""),
    )
    bomb = b"\x89PNG\r\n\x1a\n" + ihdr + idat + end
    built = build_site(
        {"content/posts/x/index.md": post("![A](a.png)\n"), "content/posts/x/a.png": bomb},
        ok=False,
    )
    assert "broken image content/posts/x/a.png" in built.result.stderr
    assert "pixels" in built.result.stderr


def test_two_images_making_one_file_is_an_error(build_site: Callable[..., Built]) -> None:
    built = build_site(
        {
            "content/posts/x/index.md": post("![A](a.jpg)\n"),
            "content/posts/x/a.jpg": photo(size=(600, 300)),
            "content/posts/x/a.png": photo("PNG", size=(600, 300)),
        },
        ok=False,
    )
    assert "makes posts/x/a-480.webp" in built.result.stderr
    assert "rename one" in built.result.stderr


# -- the images keys --------------------------------------------------------------------------


def test_enabled_false_leaves_images_as_they_are(build_site: Callable[..., Built]) -> None:
    source = photo(size=(1000, 500))
    built = build_site(
        {
            "blog.yaml": "base_url: https://example.org/\nimages: {enabled: false}\n",
            "content/posts/x/index.md": post("![A photo](photo.jpg)\n"),
            "content/posts/x/photo.jpg": source,
            "content/posts/x/cover.jpg": source,
        }
    )
    tag = img(built, "/posts/x/", "A photo")
    assert dict(tag.attrib) == {"src": "photo.jpg", "alt": "A photo"}
    assert built.read("/posts/x/photo.jpg") == source
    assert sorted(p.name for p in (built.public / "posts" / "x").iterdir()) == [
        "cover.jpg",
        "index.html",
        "photo.jpg",
    ]
    og = built.html("/posts/x/").xpath('//meta[@property="og:image"]/@content')
    assert og == ["https://example.org/posts/x/cover.jpg"]
    assert not (built.root / ".blog-cache" / "images").exists()


@pytest.mark.parametrize(
    ("yaml", "message"),
    [
        ("images: {widths: [0]}", "images.widths.0: 0 is not a width from 16 to 8192"),
        ("images: {widths: []}", "images.widths: needs at least one width"),
        ("images: {formats: [avif]}", "images.formats: must include webp"),
        ("images: {formats: [webp, jxl]}", "images.formats.1: 'jxl' is not one of webp, avif"),
        ("images: {quality: 101}", "images.quality: 101 is not from 1 to 100"),
        ("images: {enabled: 1}", "images.enabled: expected true or false"),
    ],
)
def test_bad_images_keys(tmp_path: Path, yaml: str, message: str) -> None:
    (tmp_path / "blog.yaml").write_text(f"base_url: https://example.org/\n{yaml}\n")
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path)
    assert message in caught.value.message


def test_images_defaults(tmp_path: Path) -> None:
    (tmp_path / "blog.yaml").write_text("base_url: https://example.org/\nimages: {typo: 1}\n")
    config = load_config(tmp_path)
    assert config.images.enabled and config.images.strip_metadata and config.images.social_card
    assert config.images.widths == (480, 800, 1200, 1600)
    assert config.images.formats == ("webp", "avif")
    assert [w.message for w in config.warnings] == ["unknown key images.typo (ignored)"]


# -- the <img> rewrite on its own ----------------------------------------------------------------


def test_rewrite_keeps_other_markup_and_authors_choices(tmp_path: Path) -> None:
    config = load_config(_yaml(tmp_path, "images: {formats: [webp]}\n"))
    plan = ImagePlan(
        config=config.images,
        base_url="https://example.org/blog/",
        base_path="/blog/",
        images={"/posts/x/a.jpg": SourceImage("/posts/x/a.jpg", tmp_path / "a.jpg", "a", "p")},
    )
    (tmp_path / "a.jpg").write_bytes(photo(size=(900, 300)))
    page_html = (
        '<!-- <img src="a.jpg"> --><script>"<img src=a.jpg>"</script>'
        '<picture><img src="a.jpg"></picture>'
        '<img src="a.jpg" srcset="x.jpg 1x" alt="own">'
        "<img src='/blog/posts/x/a.jpg' loading=lazy alt='it&#39;s'>"
        '<img src="https://example.org/blog/posts/x/a.jpg?v=1">'
        '<img height="100" src="/posts/x/a.jpg">'
    )
    out = rewrite_images(page_html, "/posts/x/", plan)
    head = out[: out.index('<img src="a.jpg" srcset="x.jpg 1x" alt="own">')]
    assert head == page_html[: len(head)]  # comment, script, picture, own srcset: untouched
    tree = lxml.html.fromstring(f"<div>{out}</div>")
    rewritten = tree.xpath('//img[@alt="it\'s"]')[0]
    assert rewritten.get("loading") == "eager"  # the first image wins over the author's lazy
    assert srcset(rewritten)[900] == "/blog/posts/x/a-900.webp"
    assert (rewritten.get("width"), rewritten.get("height")) == ("900", "300")
    assert 'src="https://example.org/blog/posts/x/a.jpg?v=1">' in out  # a query: left alone
    assert '<img height="100" src="/posts/x/a.jpg">' in out  # outside the base path


def test_size_of_an_svg_without_a_view_box(tmp_path: Path) -> None:
    from polyblog.images.probe import probe

    (tmp_path / "a.svg").write_bytes(b"<?xml?><svg width='30px' height=\"20\"><g/></svg>")
    (tmp_path / "b.svg").write_bytes(b'<svg width="50%"></svg>')
    assert probe(tmp_path / "a.svg", "a.svg") == ImageInfo("SVG", 30, 20)
    assert probe(tmp_path / "b.svg", "b.svg") == ImageInfo("SVG", 0, 0)


def _yaml(root: Path, extra: str) -> Path:
    (root / "blog.yaml").write_text(f"base_url: https://example.org/blog/\n{extra}")
    return root


def _near(a: object, b: object, tolerance: int = 40) -> bool:
    assert isinstance(a, tuple) and isinstance(b, tuple)
    return all(abs(x - y) <= tolerance for x, y in zip(a[:3], b[:3], strict=True))


def _files(folder: Path) -> list[tuple[str, bytes]]:
    return sorted(
        (p.relative_to(folder).as_posix(), p.read_bytes()) for p in folder.rglob("*") if p.is_file()
    )


def test_a_build_without_images_never_loads_pillow(tmp_path: Path) -> None:
    """Pillow (and its plugins) is loaded only when a page shows an image: a site without
    images builds, cold and after an edit, without importing it."""
    import subprocess
    import sys

    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    (site / "blog.yaml").write_text("title: T\nbase_url: https://example.org/\nsearch: false\n")
    post = site / "content" / "a.md"
    post.write_text("---\ntitle: A\n---\nText with a [link](/).\n")
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from polyblog.build import BuildRequest, build\n"
        "build(BuildRequest(source=Path(sys.argv[1]), jobs=1))\n"
        "print('PIL' in sys.modules)\n"
    )
    for _ in range(2):  # cold, then warm after an edit
        done = subprocess.run(
            [sys.executable, "-c", script, str(site)], capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == "False"
        post.write_text(post.read_text() + "\nMore.\n")
    assert (site / "public" / "a" / "index.html").is_file()


@pytest.mark.parametrize("fmt", ["webp", "avif", "jpeg"])
def test_an_image_with_a_colour_profile_gives_no_profile_and_no_date(
    fmt: str, tmp_path: Path
) -> None:
    """The pixels are converted to sRGB and the profile is not published: Little CMS writes
    the time it made the sRGB profile into it, so an embedded one made every build's AVIF
    bytes differ."""
    if fmt == "avif" and not AVIF:
        pytest.skip("this Pillow cannot write AVIF")
    from PIL import ImageCms

    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    source = tmp_path / "x.png"
    Image.new("RGB", (64, 32), RED).save(source, "PNG", icc_profile=profile)
    target = Derivative(url=f"/x-48.{fmt}", format=fmt, width=48, height=24)
    cfg = ImagesConfig()
    (made,) = encoder.encode_all(source, [target], cfg)
    image = opened(made)
    assert "icc_profile" not in image.info
    assert image.size == (48, 24) and _near(image.convert("RGB").getpixel((24, 12)), RED)
    assert encoder.encode_all(source, [target], cfg) == [made]
