"""A project's settings for the command line, read from ``mkdocs.yml`` by MkDocs itself.

``pmkb lint``, ``pmkb new`` and the others work on the folder, vocabulary and
settings the site is built with. Reading them through MkDocs' own loading
means the same file gives the same answer to both: ``INHERIT``, ``!ENV`` and
``!relative``, defaults, and the plugin's typed options with their checks.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import ConfigurationError
from pmkb.project import PLUGIN_NAME, Project, ProjectError


def read_project(config_file: Path) -> Project:
    """The settings of the project whose configuration is ``config_file``.

    Raises :class:`ProjectError` naming the file and the setting when MkDocs
    refuses the configuration.
    """
    config, errors = _validated(config_file)
    docs_dir = Path(config_file).parent / str(config.docs_dir)
    if [key for key, error in errors] == ["docs_dir"] and not _exists_check(errors[0][1]):
        # The post-mortem folder does not exist yet (`pmkb new` writes the first
        # one there): check everything else with a folder that does.
        with tempfile.TemporaryDirectory() as stand_in:
            config, errors = _validated(config_file, {"docs_dir": stand_in})
    if errors:
        lines = _key_lines(config_text(Path(config_file).read_bytes()))
        raise ProjectError(
            "; ".join(_located(config_file, lines, key, error) for key, error in errors)
        )
    plugin = config.plugins.get(PLUGIN_NAME)
    options = plugin.config if plugin is not None else None
    taxonomy = getattr(options, "taxonomy", None)
    lint = getattr(options, "lint", None)
    return Project(
        config_file=config_file,
        docs_dir=docs_dir,
        taxonomy=Path(taxonomy) if taxonomy else docs_dir / "taxonomy.yml",
        as_of=getattr(options, "as_of", None),
        lint_levels=dict(lint.rules) if lint is not None else {},
        lint_options=(
            {
                "allowed_words": list(lint.allowed_words),
                "action_verbs": list(lint.action_verbs),
                "distinct_names": list(lint.distinct_names),
            }
            if lint is not None
            else {}
        ),
        site_url=config.site_url or None,
        use_directory_urls=config.use_directory_urls,
        audience=str(getattr(options, "audience", "internal")),
        drafts=bool(getattr(options, "drafts", True)),
    )


def _validated(
    config_file: Path, overrides: dict[str, str] | None = None
) -> tuple[MkDocsConfig, list[tuple[str, Exception]]]:
    """MkDocs' ``load_config`` step by step, returning the errors instead of logging them."""
    config = MkDocsConfig(config_file_path=str(config_file))
    try:
        raw = Path(config_file).read_bytes()
        with open(config_file, "rb") as handle:
            config.load_file(handle)
    except OSError as error:
        raise ProjectError(f"{config_file}: cannot read it: {error.strerror}") from None
    except ConfigurationError as error:
        problem = _not_utf8(raw)
        raise ProjectError(f"{config_file}:{problem or f' not valid YAML: {error}'}") from None
    duplicates = duplicate_keys(config_text(raw))
    if duplicates:
        raise ProjectError(
            "; ".join(f"{config_file}:{line}: {message}" for line, message in duplicates)
        )
    config.load_dict(overrides or {})
    errors, _warnings = config.validate()
    return config, list(errors)


def _exists_check(error: Exception) -> bool:
    """False for MkDocs' complaint that ``docs_dir`` does not exist, which is no error here."""
    return "existing directory" not in str(error)


def config_text(raw: bytes) -> str:
    """The text of a configuration MkDocs has read: UTF-8, or UTF-16 by its byte-order
    mark, as YAML reads it."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    return raw.decode("utf-8-sig")


def _not_utf8(raw: bytes) -> str | None:
    """``LINE: why`` when ``raw`` is not UTF-8: MkDocs names only the offset of the byte."""
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return f"{line}: byte 0x{raw[exc.start]:02x} is not UTF-8; re-save the file as UTF-8"
    return None


def duplicate_keys(text: str) -> list[tuple[int, str]]:
    """``(line, message)`` for each key written twice in one mapping of ``text``.

    YAML, and so MkDocs, keeps the last one without a word: a second
    ``plugins:`` (a merge that added one) silently drops every plugin the
    first one listed, this one included. Read as nodes only, never
    constructed, so MkDocs' tags (``!ENV``, ``!relative``, ``!!python/name``)
    need no handling; text YAML cannot read is left to MkDocs to report.
    """
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return []
    found: list[tuple[int, str]] = []
    pending: list[tuple[yaml.Node, str]] = [(root, "")] if root is not None else []
    seen_nodes: set[int] = set()
    while pending:
        node, where = pending.pop()
        if id(node) in seen_nodes:  # an alias: the same node again
            continue
        seen_nodes.add(id(node))
        if isinstance(node, yaml.MappingNode):
            first: dict[str, int] = {}
            for key, value in node.value:
                name = str(key.value) if isinstance(key, yaml.ScalarNode) else None
                path = f"{where}.{name}" if where else str(name)
                if name is not None and name != "<<":
                    line = key.start_mark.line + 1
                    if name in first:
                        found.append(
                            (
                                line,
                                f"key `{path}` appears twice (first on line {first[name]}); "
                                "MkDocs would silently keep only the last one: merge them",
                            )
                        )
                    else:
                        first[name] = line
                pending.append((value, path))
        elif isinstance(node, yaml.SequenceNode):
            pending.extend((item, f"{where}[{n}]") for n, item in enumerate(node.value))
    return sorted(found)


#: How MkDocs names a plugin's option in its errors.
_PLUGIN_OPTION = re.compile(r"Plugin '([^']+)' option '([^']+)'(?:: Sub-option '([^']+)')?")


def _located(config_file: Path, lines: dict[str, int], key: str, error: Exception) -> str:
    """``FILE:LINE: key: error``, at the line of the setting MkDocs refused (the plugin's
    option when it names one), or without a line for a setting the file does not hold."""
    path = [key]
    named = _PLUGIN_OPTION.match(str(error)) if key == "plugins" else None
    if named:
        path += [part for part in named.groups() if part]
    while path and ".".join(path) not in lines:
        path.pop()
    where = f"{config_file}:{lines['.'.join(path)]}" if path else str(config_file)
    return f"{where}: {key}: {error}"


def _key_lines(text: str) -> dict[str, int]:
    """The line of each key of ``text`` by its dotted path, list items left out of the path
    (``plugins.postmortems.lint``); the first line for a key written twice."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return {}
    lines: dict[str, int] = {}
    pending: list[tuple[yaml.Node, str]] = [(root, "")] if root is not None else []
    seen: set[int] = set()
    while pending:
        node, where = pending.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    path = f"{where}.{key.value}" if where else str(key.value)
                    lines.setdefault(path, key.start_mark.line + 1)
                    pending.append((value, path))
        elif isinstance(node, yaml.SequenceNode):
            pending.extend((item, where) for item in node.value)
    return lines
