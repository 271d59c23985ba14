"""The JSON Schema of the frontmatter, generated from the model.

Committed as ``postmortem.schema.json`` so that editors with YAML tooling can
validate and complete frontmatter as it is typed; a test fails when the
committed file no longer matches the model. Draft-07, the newest draft that
common editor tooling (yaml-language-server, check-jsonschema) fully supports.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from pmkb.model import PostMortem

SCHEMA_ID = "https://pmkb.invalid/schema/postmortem-v1.schema.json"
SCHEMA_FILE = "postmortem.schema.json"


def generate_schema() -> dict[str, Any]:
    schema = PostMortem.model_json_schema(ref_template="#/definitions/{model}", mode="validation")
    definitions = schema.pop("$defs", {})
    out: dict[str, Any] = {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": SCHEMA_ID,
        **schema,
    }
    if definitions:
        out["definitions"] = definitions
    return out


def render_schema() -> str:
    return json.dumps(generate_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def committed_schema() -> str:
    return resources.files("pmkb").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
