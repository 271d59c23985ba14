"""Find a project's settings in its ``mkdocs.yml``, without importing MkDocs.

The command line reads the same settings the site is built with: the
post-mortem folder (``docs_dir``) and the ``postmortems`` plugin's options
(taxonomy path, as-of date, lint rule levels). ``mkdocs.yml`` files may use
MkDocs' own YAML tags: ``!ENV`` is resolved from the environment as MkDocs
does; the others (``!relative``, ``!!python/name:``) are read as plain values,
since none of the settings we need use them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml_env_tag import construct_env_tag

PLUGIN_NAME = "postmortems"


class ProjectError(Exception):
    """A setting cannot be read; the message names the file and key."""


class _TolerantLoader(yaml.SafeLoader):
    pass


def _any_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)  # type: ignore[arg-type]


_TolerantLoader.add_multi_constructor("!", _any_tag)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _any_tag)
# `!ENV` is resolved as MkDocs resolves it (site_url comes from the environment).
_TolerantLoader.add_constructor("!ENV", construct_env_tag)


@dataclass
class Project:
    """Where the corpus and its taxonomy are, and how to lint it."""

    config_file: Path | None
    docs_dir: Path
    taxonomy: Path
    as_of: dt.date | None = None
    lint_levels: dict[str, str] = field(default_factory=dict)
    lint_options: dict[str, Any] = field(default_factory=dict)


def read_project(config_file: Path | None) -> Project:
    """Settings from ``config_file`` (a mkdocs.yml), or defaults when it is None."""
    if config_file is None:
        docs = Path("postmortems")
        return Project(None, docs, docs / "taxonomy.yml")
    try:
        data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}
    except OSError as exc:
        raise ProjectError(f"{config_file}: cannot read: {exc.strerror}") from exc
    except yaml.YAMLError as exc:
        raise ProjectError(f"{config_file}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise ProjectError(f"{config_file}: expected a mapping of settings")
    base = config_file.parent
    inherit = data.get("INHERIT")
    if isinstance(inherit, str):
        parent = read_project_data(base / inherit)
        data = _merge(parent, data)
    docs_dir = base / str(data.get("docs_dir", "docs"))
    options = _plugin_options(data.get("plugins"))
    taxonomy = options.get("taxonomy")
    if taxonomy is not None and not isinstance(taxonomy, str):
        raise ProjectError(f"{config_file}: plugins.{PLUGIN_NAME}.taxonomy must be a file path")
    as_of = options.get("as_of")
    if isinstance(as_of, str):
        try:
            as_of = dt.date.fromisoformat(as_of)
        except ValueError as exc:
            raise ProjectError(
                f"{config_file}: plugins.{PLUGIN_NAME}.as_of: {as_of!r} is not a date YYYY-MM-DD"
            ) from exc
    lint = options.get("lint") or {}
    if not isinstance(lint, dict):
        raise ProjectError(f"{config_file}: plugins.{PLUGIN_NAME}.lint must be a mapping")
    rules = lint.get("rules") or {}
    if not isinstance(rules, dict):
        raise ProjectError(
            f"{config_file}: plugins.{PLUGIN_NAME}.lint.rules must be a mapping of rule id: level"
        )
    levels = {k: str(v).lower() for k, v in rules.items()}
    for key in ("allowed_words", "action_verbs"):
        if not isinstance(lint.get(key) or [], list):
            raise ProjectError(
                f"{config_file}: plugins.{PLUGIN_NAME}.lint.{key} must be a list of words, "
                f"e.g. [{'Canary' if key == 'action_verbs' else 'Kafka'}]"
            )
    return Project(
        config_file=config_file,
        docs_dir=docs_dir,
        taxonomy=(base / taxonomy) if taxonomy else docs_dir / "taxonomy.yml",
        as_of=as_of if isinstance(as_of, dt.date) else None,
        lint_levels=levels,
        lint_options={k: v for k, v in lint.items() if k != "rules"},
    )


def read_project_data(config_file: Path) -> dict[str, Any]:
    try:
        data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ProjectError(f"{config_file}: cannot read inherited config: {exc}") from exc
    inherit = data.get("INHERIT")
    if isinstance(inherit, str):
        data = _merge(read_project_data(config_file.parent / inherit), data)
    return data


def _merge(parent: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    """MkDocs' INHERIT semantics: mappings merge recursively, other values replace."""
    out = dict(parent)
    for key, value in child.items():
        if key == "INHERIT":
            continue
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        elif key == "plugins":
            out[key] = _merge_plugins(out.get(key), value)
        else:
            out[key] = value
    return out


def _merge_plugins(parent: Any, child: Any) -> Any:
    as_map = lambda v: dict(_plugin_items(v))  # noqa: E731
    merged = as_map(parent)
    for name, options in _plugin_items(child):
        if isinstance(options, dict) and isinstance(merged.get(name), dict):
            merged[name] = _merge(merged[name], options)
        else:
            merged[name] = options
    return merged


def _plugin_items(plugins: Any) -> list[tuple[str, Any]]:
    if isinstance(plugins, dict):
        return list(plugins.items())
    items = []
    for entry in plugins or []:
        if isinstance(entry, str):
            items.append((entry, {}))
        elif isinstance(entry, dict):
            items.extend(entry.items())
    return items


def _plugin_options(plugins: Any) -> dict[str, Any]:
    for name, options in _plugin_items(plugins):
        if name == PLUGIN_NAME:
            return options if isinstance(options, dict) else {}
    return {}


def find_config(start: Path | None = None) -> Path | None:
    """The nearest mkdocs.yml in ``start`` or its parents."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "mkdocs.yml"
        if candidate.is_file():
            return candidate
    return None
