"""The Jinja2 environments that render the site and the readable document from ``ahpfw/templates/``.

Python prepares each page's data; the templates hold all the markup. HTML
templates are autoescaped (every value is HTML-escaped unless it is already
:class:`markupsafe.Markup`); the Markdown environment escapes every value with
the escaper it is given in the same way (``finalize``), so no framework text can
become markup in either. Jinja2 (the ``export`` extra) is imported only here,
only when something is rendered. ``docs/developers.md`` describes the layout.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import jinja2

#: The folder, inside the package, that holds the templates.
TEMPLATES = "templates"


def _options() -> dict[str, Any]:
    import jinja2

    return {
        "loader": jinja2.PackageLoader("ahpfw", TEMPLATES),
        "undefined": jinja2.StrictUndefined,  # a misspelt name is an error, not an empty string
        "trim_blocks": True,
        "lstrip_blocks": True,
        "keep_trailing_newline": True,
        "auto_reload": False,
    }


def output_escape() -> Callable[[Any], str]:
    """What an autoescaped template calls on each value it prints: exactly :func:`markupsafe.escape`'s
    text, without wrapping it in a new :class:`markupsafe.Markup` (what is printed is only ever joined
    into the output; a macro's result is still ``Markup``). Markupsafe 3's own escaper for plain text
    is used where it has one: this is most of the cost of printing a value."""
    import markupsafe

    inner = getattr(markupsafe, "_escape_inner", None)
    if inner is None:  # an older markupsafe: its escape is already in C
        return markupsafe.escape

    def escape(value: Any) -> str:
        if type(value) is str:
            return inner(value)
        if hasattr(value, "__html__"):
            return value.__html__()
        return inner(str(value))

    return escape


def _template_class() -> type[jinja2.Template]:
    """Templates whose printed values go through :func:`output_escape` (the compiled code of an
    autoescaped template calls the module-level name ``escape`` only to print a value)."""
    import jinja2

    escape = output_escape()

    class Template(jinja2.Template):
        @classmethod
        def from_code(cls, environment, code, globals, uptodate=None):  # noqa: A002 - Jinja2's signature
            template = super().from_code(environment, code, globals, uptodate)
            namespace = template.root_render_func.__globals__  # the compiled template's module
            if "escape" in namespace:
                namespace["escape"] = escape
            return template

    return Template


@functools.cache
def html_environment() -> jinja2.Environment:
    """The environment for HTML templates: autoescaping on."""
    import jinja2

    from ..plurals import count
    from .text import in_sentence, paragraphs, slug

    env = jinja2.Environment(autoescape=True, **_options())
    env.template_class = _template_class()
    env.filters.update(slug=slug, paragraphs=paragraphs, in_sentence=in_sentence, linked=_linked(),
                       count=count)  # {{ n|count("capability") }}
    # A link is the site's most repeated piece (a 10,000-capability site has 200,000): the filter
    # ``|link`` renders the macro in site/pieces.html once per distinct link (a macro call
    # costs microseconds; a cached filter call a fraction of one). Likewise the placeholder of
    # a missing descriptor, rendered once as the global ``not_described``. The cache holds every
    # link of the site being rendered (a bounded one thrashed: the stage pages list every capability
    # in the same order) and is emptied when it is done (ahpfw.site.render_site).
    pieces = env.get_template("site/pieces.html").module
    env.filters["link"] = functools.lru_cache(maxsize=None)(pieces.link)
    env.globals["not_described"] = pieces.not_described()
    return env


@functools.cache
def text_environment(escape: Callable[[str], str]) -> jinja2.Environment:
    """An environment for a text format such as Markdown: every value printed goes through ``escape``
    unless it is :class:`markupsafe.Markup` (mark a value safe with the ``safe`` filter)."""
    import jinja2
    from markupsafe import Markup

    def finalize(value: Any) -> Any:
        if isinstance(value, Markup):
            return value
        return escape(value if isinstance(value, str) else str(value))

    env = jinja2.Environment(autoescape=False, finalize=finalize, **_options())
    env.filters["linked"] = _linked()
    return env


def _linked() -> Callable[..., Any]:
    """The filter ``|linked``: ``{{ text|linked }}`` prints a text through the function the render
    passes as ``linker`` (see ahpfw.exporters.docs.linker: the text escaped, each element id in it
    linked). Jinja2 calls a filter directly; a function called in a template goes through its context,
    which costs about as much as the linking itself (the document prints 20 texts per capability)."""
    import jinja2

    @jinja2.pass_context
    def linked(context: jinja2.runtime.Context, text: str) -> Any:
        return context["linker"](text)

    return linked
