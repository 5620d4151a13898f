"""A small two-language site that uses every documented param of the default theme and has
every page type: the browser tests (axe-core, the colour-scheme toggle) and the screenshots
of docs/theme.md (tests/a11y/screenshots.py) build it.

`PAGES` maps each page type to its URL."""

from __future__ import annotations

from sitekit import Files, page

CONFIG = """\
title: Field Notes
description: Notes on software and the web, in two languages.
base_url: https://example.org/
default_language: en
languages:
  en:
    name: English
    locale: en_US
  fr:
    name: Français
    locale: fr_FR
    title: Carnet de terrain
    description: Notes sur le logiciel et le web, en deux langues.
    params:
      author:
        bio: "J'écris du Python et des sites statiques. Ici : ce que j'apprends en chemin."
      footer: "Écrit à Lyon. Le code des exemples est sous licence MIT."
taxonomies: [tags, categories, series]
pagination:
  page_size: 3
params:
  author:
    name: Sam Rivera
    avatar: /images/avatar.svg
    bio: "I write Python and static sites. Here: what I learn along the way."
  social:
    github: samrivera-example
    mastodon: "@sam@mastodon.example"
    linkedin: samrivera-example
    bluesky: sam.bsky.example
    x: samrivera_example
    email: sam@example.org
    rss: true
  footer: "Written in Lyon. Code samples are MIT-licensed."
  copyright: "© 2025 Sam Rivera"
  logo: /images/logo.svg
"""

AVATAR = """\
<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 96 96">
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
<stop offset="0" stop-color="#0f766e"/><stop offset="1" stop-color="#1e3a8a"/>
</linearGradient></defs>
<rect width="96" height="96" fill="url(#g)"/>
<circle cx="48" cy="38" r="16" fill="#f8fafc"/>
<path d="M18 90c4-18 16-28 30-28s26 10 30 28z" fill="#f8fafc"/>
</svg>
"""

LOGO = """\
<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32" viewBox="0 0 32 32">
<rect width="32" height="32" rx="8" fill="#0f766e"/>
<path d="M8 22l6-12 4 8 3-5 3 9z" fill="#f0fdfa"/>
</svg>
"""

COVER = """\
<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="360" viewBox="0 0 1200 360">
<rect width="1200" height="360" fill="#1e3a8a"/>
<circle cx="920" cy="120" r="70" fill="#fbbf24"/>
<path d="M0 280l260-120 200 90 240-150 500 200v60H0z" fill="#0f766e"/>
</svg>
"""

CODE_POST = """\
A static site is a folder of files: nothing runs when a reader asks for a page, so nothing
can break at that moment.[^1] This post walks through the **first weekend**: the content
model, the build, and the [deploy](/about/).

## The content model

| piece | what it is |
|---|---|
| page | a Markdown file with front matter |
| section | a folder of pages |

> Every page is a file; every URL is a folder.

```python
def build(pages):
    for page in pages:
        write(page.url, render(page))  # one file per page
```

## Publishing

Push, and the host serves the folder. Keyboard shortcut to save: <kbd>Ctrl</kbd>+<kbd>S</kbd>.

[^1]: Only the host can fail, and it serves files all day.
"""

SHORTCODES_POST = """\
The theme's shortcodes, in one page.

{{< admonition tip "A good habit" >}}
Write the **summary** first, then the post.
{{< /admonition >}}

{{< alert "circle-check" >}}The build passed: every link resolves.{{< /alert >}}

{{< tabs >}}
{{< tab "Python" >}}
```python
print("hello")
```
{{< /tab >}}
{{< tab "Shell" >}}
```sh
echo hello
```
{{< /tab >}}
{{< /tabs >}}

{{< admonition warning "Careful" >}}
A draft is not published unless you ask for it.
{{< /admonition >}}
"""


def demo_site() -> Files:
    """The site's files (blog.yaml, content, static)."""
    return {
        "blog.yaml": CONFIG,
        "static/images/avatar.svg": AVATAR,
        "static/images/logo.svg": LOGO,
        "content/_index.md": page(
            "Field Notes", "Short, practical notes. New posts most weeks; every one in English."
        ),
        "content/_index.fr.md": page(
            "Carnet de terrain", "Des notes courtes et pratiques, en français quand c'est traduit."
        ),
        "content/posts/_index.md": page("Posts"),
        "content/posts/_index.fr.md": page("Articles"),
        "content/posts/first-weekend/index.md": page(
            "A Static Site in a Weekend",
            CODE_POST,
            date="2025-03-01",
            tags=["python", "web"],
            categories=["guides"],
            series=["Building a blog"],
            series_weight=1,
            description="The content model, the build and the deploy of a small blog.",
        ),
        "content/posts/first-weekend/featured.svg": COVER,
        "content/posts/first-weekend/index.fr.md": page(
            "Un site statique en un week-end",
            "Un site statique est un dossier de fichiers.\n\n"
            "## Le modèle\n\nUne page : un fichier.\n",
            date="2025-03-01",
            tags=["python", "web"],
            series=["Building a blog"],
            series_weight=1,
        ),
        "content/posts/two-languages.md": page(
            "Writing for Two Languages",
            "Translations are files next to each other: `post.md` and `post.fr.md`.\n",
            date="2025-03-08",
            tags=["i18n", "web"],
            series=["Building a blog"],
            series_weight=2,
        ),
        "content/posts/two-languages.fr.md": page(
            "Écrire en deux langues",
            "Les traductions sont des fichiers voisins : `post.md` et `post.fr.md`.\n",
            date="2025-03-08",
            tags=["i18n", "web"],
            series=["Building a blog"],
            series_weight=2,
        ),
        "content/posts/shortcodes-tour.md": page(
            "A Tour of the Shortcodes",
            SHORTCODES_POST,
            date="2025-03-15",
            tags=["markdown"],
        ),
        "content/posts/small-note.md": page(
            "A Small Note on Dates",
            "Dates are written in the reader's language: *March 22, 2025*, *22 mars 2025*.\n",
            date="2025-03-22",
            tags=["i18n"],
        ),
        "content/about/index.md": page(
            "About", "I am Sam. This blog is where I write things down.\n"
        ),
        "content/about/index.fr.md": page(
            "À propos", "Je m'appelle Sam. J'écris ici ce que j'apprends.\n"
        ),
    }


PAGES = {
    "home": "/",
    "post": "/posts/first-weekend/",
    "list": "/posts/",
    "taxonomy": "/tags/",
    "term": "/tags/web/",
    "series": "/series/building-a-blog/",
    "404": "/404.html",
    "shortcodes": "/posts/shortcodes-tour/",
    "home-fr": "/fr/",
    "about": "/about/",
}
