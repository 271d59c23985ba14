"""pmkb: the post-mortem knowledge base's domain code.

Everything in this package is plain Python over the files of a post-mortem
corpus: the format's model, its loader and linter, the analytics and the
author's command line. Nothing here imports MkDocs, so it can be used from a
notebook, a CI job or another site generator.
"""

from __future__ import annotations

__version__ = "0.1.0"
