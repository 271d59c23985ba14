"""The MkDocs plugin ``postmortems``: a thin adapter from :mod:`pmkb` to a browsable site.

Everything that knows about post-mortems lives in :mod:`pmkb`; this package
only decides which pages exist, at which URLs, and how they look.
"""

from __future__ import annotations
