"""The built site loads nothing from outside itself, and the same inputs give the same bytes."""

from __future__ import annotations

import filecmp
import os
import re
import subprocess
import sys
from pathlib import Path

from tests.site.dom import parse
from tests.site.sitebuild import BuiltSite, build_site, standard_corpus, write_project

#: <link rel=...> values that make a browser fetch the target.
FETCHING_RELS = {
    "stylesheet",
    "icon",
    "shortcut",
    "preload",
    "modulepreload",
    "prefetch",
    "manifest",
    "apple-touch-icon",
}
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)""")


def is_external(url: str) -> bool:
    return url.strip().lower().startswith(("http://", "https://", "//"))


def external_resources(site: BuiltSite) -> list[str]:
    """Every URL outside the site that a page or stylesheet would make the browser fetch."""
    found = []
    for path in site.files():
        where = path.relative_to(site.site_dir).as_posix()
        if path.suffix == ".html":
            for el in parse(path.read_text(encoding="utf-8")).iter():
                urls = [
                    el.get("src"),
                    el.get("data") if el.tag == "object" else None,
                    el.get("poster"),
                ]
                urls += [
                    part.split()[0] for part in (el.get("srcset") or "").split(",") if part.strip()
                ]
                if el.tag == "link" and set((el.get("rel") or "").lower().split()) & FETCHING_RELS:
                    urls.append(el.get("href"))
                if el.tag == "meta" and (el.get("http-equiv") or "").lower() == "refresh":
                    urls.append((el.get("content") or "").partition("url=")[2])
                found += [f"{where}: {u}" for u in urls if u and is_external(u)]
                style = el.get("style") or (el.text if el.tag == "style" else "")
                found += [f"{where}: {u}" for u in _CSS_URL.findall(style) if is_external(u)]
        elif path.suffix == ".css":
            text = path.read_text(encoding="utf-8")
            found += [f"{where}: {u}" for u in _CSS_URL.findall(text) if is_external(u)]
            found += [
                f"{where}: @import" for _ in re.finditer(r"@import\s+['\"]?(https?:)?//", text)
            ]
    return found


def test_the_site_loads_no_resource_from_outside_itself(site: BuiltSite) -> None:
    assert external_resources(site) == []
    # Tracker links are anchors to follow, not resources to load, and stay.
    assert site.content("incidents/pm-2025-001/").one(
        "a", href="https://tracker.example.com/browse/PAY-12"
    )


def test_the_check_itself_catches_an_external_stylesheet(tmp_path: Path) -> None:
    config = write_project(
        tmp_path, standard_corpus(), config={"extra_css": ["https://cdn.example.com/theme.css"]}
    )
    assert external_resources(build_site(config)) == [
        f"{url}: https://cdn.example.com/theme.css"
        for url in sorted(
            p.relative_to(tmp_path / "site").as_posix() for p in (tmp_path / "site").rglob("*.html")
        )
    ]


def differing_files(left: Path, right: Path) -> list[str]:
    out: list[str] = []

    def walk(cmp: filecmp.dircmp, prefix: str) -> None:
        out.extend(prefix + n for n in cmp.left_only + cmp.right_only + cmp.funny_files)
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        out.extend(prefix + n for n in mismatch + errors)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(left, right), "")
    return sorted(out)


def test_same_inputs_and_as_of_give_a_byte_identical_site(tmp_path: Path) -> None:
    config = write_project(
        tmp_path, standard_corpus(), config={"site_url": "https://kb.example.com/"}
    )
    first = build_site(config, site_dir=tmp_path / "first")
    # Another process, another hash seed and another "today": nothing may depend on them.
    env = {
        **os.environ,
        "PYTHONHASHSEED": "12345",
        "SOURCE_DATE_EPOCH": "0",
        "NO_MKDOCS_2_WARNING": "1",
    }
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(tmp_path / "second")],
        cwd=tmp_path,
        env=env,
        check=True,
        capture_output=True,
    )
    assert differing_files(first.site_dir, tmp_path / "second") == []
    sitemap = (first.site_dir / "sitemap.xml").read_text(encoding="utf-8")
    assert set(re.findall(r"<lastmod>([^<]+)</lastmod>", sitemap)) == {"2025-06-01"}
