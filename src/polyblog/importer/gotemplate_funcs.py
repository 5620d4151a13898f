"""Hugo 0.111's template functions: the translated ones (`gotemplate_strings`,
`gotemplate_collections`), and why the others have no faithful Jinja equivalent."""

from __future__ import annotations

from polyblog.importer import gotemplate_collections, gotemplate_strings
from polyblog.importer.gotemplate_values import Func, Macros, Unsupported, Val

FUNCS: dict[str, Func] = {**gotemplate_strings.FUNCS, **gotemplate_collections.FUNCS}

# functions with no faithful Jinja equivalent, and why
UNSUPPORTED = {
    "partial": "partials are not translated",
    "partialCached": "partials are not translated",
    "template": "templates are not translated",
    "safeJS": "safeJS output is not carried over",
    "getJSON": "remote data is not read at build time",
    "getCSV": "remote data is not read at build time",
    "readFile": "files are not read from templates",
    "readDir": "files are not read from templates",
    "fileExists": "files are not read from templates",
    "getenv": "the environment is not read from templates",
    "now": "the current time would make the output differ between builds",
    "errorf": "a shortcode cannot fail the build",
    "erroridf": "a shortcode cannot fail the build",
    "fmt.Errorf": "a shortcode cannot fail the build",
    "fmt.Erroridf": "a shortcode cannot fail the build",
    "title": "Hugo's AP-style title case has no Jinja equivalent",
    "humanize": "Hugo's humanize has no Jinja equivalent",
    "pluralize": "Hugo's inflection has no Jinja equivalent",
    "singularize": "Hugo's inflection has no Jinja equivalent",
    "urlize": "Hugo's urlize has no Jinja equivalent",
    "anchorize": "Hugo's anchorize has no Jinja equivalent",
    "plainify": "Hugo's plainify has no Jinja equivalent",
    "findRE": "regular expressions have no Jinja equivalent",
    "replaceRE": "regular expressions have no Jinja equivalent",
    "emojify": "emoji codes are not translated",
    "highlight": "code highlighting is not available to templates",
    "md5": "hash functions are not available to templates",
    "sha1": "hash functions are not available to templates",
    "sha256": "hash functions are not available to templates",
    "base64Encode": "base64 is not available to templates",
    "base64Decode": "base64 is not available to templates",
    "shuffle": "random order would make the output differ between builds",
    "apply": "apply is not translated",
    "ref": "ref/relref as functions are not translated",
    "relref": "ref/relref as functions are not translated",
    "querify": "querify is not translated",
    "time": "parsing dates in templates is not translated",
    "substr": "substr is not translated",
    "resources": "Hugo Pipes (resources.*) are not available",
    "images": "image processing is not available",
    "os": "os.* functions are not available",
    "data": "data.* functions are not available",
    "hugo": "hugo.* values are not available",
    "partials": "partials are not translated",
    "templates": "templates are not translated",
    "crypto": "hash functions are not available to templates",
    "debug": "debug functions are not translated",
    "diagrams": "diagrams are not translated",
    "openapi3": "OpenAPI documents are not read",
    "js": "JavaScript building is not available",
    "css": "CSS building is not available",
    "transform.Unmarshal": "unmarshal is not translated",
}


def call_function(name: str, args: list[Val], m: Macros) -> Val:
    """Translate a call of Hugo function `name` (`lower`, `strings.HasPrefix`)."""
    if any(a.kind == "broken" for a in args):
        return Val("none", "broken")
    if any(a.kind == "statement" for a in args):
        raise Unsupported(f"{name} of a .Scratch change")
    if name in FUNCS:
        return FUNCS[name](args, m)
    reason = UNSUPPORTED.get(name) or UNSUPPORTED.get(name.split(".", 1)[0])
    if reason:
        first = args[0] if args else None
        if first is not None and first.is_const and isinstance(first.const, str):
            name = f"{name} {first.const!r}"  # which partial, which file
        raise Unsupported(f"{name}: {reason}")
    raise Unsupported(f"function {name} is not translated")
