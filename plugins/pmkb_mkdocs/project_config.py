"""A project's settings for the command line, read from ``mkdocs.yml`` by MkDocs itself.

``pmkb lint``, ``pmkb new`` and the others work on the folder, vocabulary and
settings the site is built with. Reading them through MkDocs' own loading
means the same file gives the same answer to both: ``INHERIT``, ``!ENV`` and
``!relative``, defaults, and the plugin's typed options with their checks.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

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
        reasons = "; ".join(f"{key}: {error}" for key, error in errors)
        raise ProjectError(f"{config_file}: {reasons}")
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
        with open(config_file, "rb") as handle:
            config.load_file(handle)
    except OSError as error:
        raise ProjectError(f"{config_file}: cannot read it: {error.strerror}") from None
    except ConfigurationError as error:
        raise ProjectError(f"{config_file}: not valid YAML: {error}") from None
    config.load_dict(overrides or {})
    errors, _warnings = config.validate()
    return config, list(errors)


def _exists_check(error: Exception) -> bool:
    """False for MkDocs' complaint that ``docs_dir`` does not exist, which is no error here."""
    return "existing directory" not in str(error)
