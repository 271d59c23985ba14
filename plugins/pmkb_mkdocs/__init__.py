"""The MkDocs plugin ``postmortems``: a thin adapter from :mod:`pmkb` to a browsable site.

Everything that knows about post-mortems lives in :mod:`pmkb`; this package
only decides which pages exist, at which URLs, and how they look.
"""

from __future__ import annotations

import os

# NumPy and SciPy each load their own OpenBLAS, whose thread pool starts a thread
# per CPU on import, and each thread spins before it sleeps: about 0.2 s of CPU per
# build on two CPUs, more where there are more. The analytics multiply no matrix
# large enough for a second thread to help. Before NumPy is first imported (this
# package is imported before :mod:`pmkb`), and never over the user's own setting in
# any of the variables OpenBLAS reads.
if not any(
    os.environ.get(name) for name in ("OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS")
):
    os.environ["OPENBLAS_NUM_THREADS"] = "1"
