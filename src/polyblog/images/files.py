"""The image files of a build: for each JPEG, PNG and WebP of the plan, the original without
its metadata and the derivatives, from the cache or encoded (in threads), in a fixed order."""

from __future__ import annotations

import os
from collections.abc import Collection, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from polyblog.config import ImagesConfig
from polyblog.errors import BlogError, ErrorList, SourcePos
from polyblog.images import encode as encoder
from polyblog.images import strip
from polyblog.images.cache import DerivativeCache, entry_key, file_digest
from polyblog.images.plan import Body, Derivative, SourceImage, cached_plan, derivatives
from polyblog.images.probe import ImageInfo, broken, probe
from polyblog.site import PageKey, Site

_EXT = {"webp": "webp", "avif": "avif", "jpeg": "jpg", "JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


@dataclass(frozen=True, slots=True)
class _Job:
    image: SourceImage
    info: ImageInfo
    target: Derivative | None  # None: the original, stripped of its metadata
    key: str
    config: ImagesConfig


def image_files(
    site: Site,
    bodies: Mapping[PageKey, Body],
    cache_dir: Path | None,
    jobs: int | None = None,
    taken: Collection[str] = (),
    keep: bool = True,
) -> list[tuple[str, bytes | Path]]:
    """(output file, its bytes or a cached file to copy) for every derivative, and for every
    original JPEG, PNG or WebP without its metadata (`strip_metadata`), which replaces the
    copy of the original. `taken`: files the build already has; a derivative named like one
    of them (other than its own original) is an error. `keep`: derivatives encoded now are
    kept in `cache_dir` (else it is only read). Called through `images.image_files`, which
    answers without loading this module (Pillow) when images are off or no page shows one."""
    cfg = site.config.images
    plan = cached_plan(site, bodies)
    formats = encoder.output_formats(cfg)
    wanted: list[tuple[str, _Job]] = []
    errors: list[BlogError] = []
    made: dict[str, str] = {}  # derivative file -> the image it comes from
    for url in sorted(plan.images):
        image = plan.images[url]
        try:
            info = probe(image.path, image.origin, image.page)
            digest = _source_digest(image.path, *_stamp(image.path))
        except BlogError as exc:
            errors.append(exc)
            continue
        except OSError as exc:
            errors.append(broken(image.origin, exc.strerror or type(exc).__name__, image.page))
            continue
        if not info.raster:
            continue
        if cfg.strip_metadata:
            key = entry_key(digest, f"original|{info.orientation}")
            wanted.append((url.lstrip("/"), _Job(image, info, None, key, cfg)))
        for target in derivatives(image, info, cfg, formats, url in plan.social):
            rel = target.url.lstrip("/")
            if rel in made or rel in taken:
                other = made.get(rel, "another output file")
                errors.append(
                    BlogError(
                        f"image {image.origin} makes {rel}, which is also {other}: rename one",
                        SourcePos(image.origin),
                    )
                )
                continue
            made[rel] = image.origin
            params = (f"{target.format}|{target.width}x{target.height}|crop={target.crop}"
                      f"|q={cfg.quality}|strip={cfg.strip_metadata}")  # fmt: skip
            wanted.append((rel, _Job(image, info, target, entry_key(digest, params), cfg)))
    if errors:
        raise ErrorList(errors)
    data = _produce([job for _rel, job in wanted], DerivativeCache(cache_dir, keep), jobs)
    return [(rel, data[job.key]) for rel, job in wanted]


def _produce(
    jobs: list[_Job], cache: DerivativeCache, workers: int | None
) -> dict[str, bytes | Path]:
    """Each distinct job's result: a cached file, or encoded now and cached."""
    out: dict[str, bytes | Path] = {}
    todo: dict[str, _Job] = {}
    for job in jobs:
        if job.key in out or job.key in todo:
            continue
        hit = cache.get(job.key)
        if hit is not None:
            out[job.key] = hit
        else:
            todo[job.key] = job
    if not todo:
        return out
    groups: dict[tuple[Path, bool], list[_Job]] = {}  # an image's derivatives decode once
    for job in todo.values():
        groups.setdefault((job.image.path, job.target is None), []).append(job)
    count = max(1, min(workers or os.cpu_count() or 1, len(groups)))
    results: list[list[bytes] | BlogError]
    if count == 1:
        results = [_run(group) for group in groups.values()]
    else:
        with ThreadPoolExecutor(count) as pool:
            results = list(pool.map(_run, groups.values()))
    errors = [r for r in results if isinstance(r, BlogError)]
    if errors:
        raise ErrorList(errors)
    for group, result in zip(groups.values(), results, strict=True):
        assert not isinstance(result, BlogError)
        for job, data in zip(group, result, strict=True):
            ext = _EXT[job.target.format if job.target else job.info.format]
            out[job.key] = cache.put(job.key, ext, data) or data
    return out


def _run(group: list[_Job]) -> list[bytes] | BlogError:
    """One image's jobs: its original without metadata, or its derivatives."""
    image = group[0].image
    try:
        if group[0].target is None:
            data = image.path.read_bytes()
            return [strip.strip_metadata(data, job.info.format, job.info.orientation)
                    for job in group]  # fmt: skip
        targets = [job.target for job in group if job.target is not None]
        return encoder.encode_all(image.path, targets, group[0].config)
    except (encoder.EncodeError, strip.StripError) as exc:
        return broken(image.origin, str(exc), image.page)
    except OSError as exc:
        return broken(image.origin, exc.strerror or type(exc).__name__, image.page)


def _stamp(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_size, stat.st_mtime_ns


@lru_cache(maxsize=8192)
def _source_digest(path: Path, _size: int, _mtime: int) -> str:
    return file_digest(path.read_bytes())
