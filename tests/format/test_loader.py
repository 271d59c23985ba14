"""Loading a folder: every problem of every file in one run; good files become records."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from pmkb.loader import (
    ParseCache,
    discover,
    has_postmortem_frontmatter,
    is_postmortem_path,
    iter_problems_for,
    load_corpus,
    reread_body,
    scan_ids,
)

from tests.conftest import (
    REMOVE,
    corpus_report,
    line_of,
    load,
    make_corpus,
    render_postmortem,
    sample_taxonomy,
    write_postmortem,
)


def problems_of(root: Path, rel_path: str) -> list[tuple[int, str, str, str]]:
    corpus = load(root)
    return [(p.line, p.key, p.rule, p.severity) for p in corpus.problems if p.path == rel_path]


# --- one broken file at a time ------------------------------------------------------------

BASE = render_postmortem()
BROKEN_FILES: dict[str, tuple[bytes, list[tuple[str, str, str]]]] = {
    # name: (file bytes, [(needle for the line or "" for line 1, key, rule)])
    "malformed yaml": (
        render_postmortem(severity="[SEV2").encode(),
        [("severity: [SEV2", "", "frontmatter.yaml")],
    ),
    "no frontmatter": (b"## Summary\n\nJust prose.\n", [("", "", "frontmatter.missing")]),
    "unclosed frontmatter": (
        BASE.split("---\n")[1].join(["---\n", "\n## Summary\n"]).encode(),
        [("", "", "frontmatter.unclosed")],
    ),
    "not utf-8": (
        BASE.encode().replace(b"orders-db]", b"orders-db] # caf\xe9"),
        [("services:", "", "file.encoding")],
    ),
    "empty": (b"", [("", "", "file.empty")]),
    "alias": (
        render_postmortem(services="&s [api-service]", teams="*s").encode(),
        [("teams: *s", "teams", "frontmatter.alias")],
    ),
    "duplicate key": (
        BASE.replace("detection: alert\n", "detection: alert\ndetection: other\n").encode(),
        [("detection: other", "detection", "frontmatter.duplicate-key")],
    ),
    "not a mapping": (b"---\n- id\n- title\n---\n", [("- id", "", "frontmatter.not-mapping")]),
    "naive timestamp": (
        render_postmortem(timeline__resolved="2025-02-09T11:40:00").encode(),
        [("resolved:", "timeline.resolved", "timeline.offset")],
    ),
    "invalid date": (
        render_postmortem(action_items__1__due="2025-13-40").encode(),
        [("due: 2025-13-40", "action_items[1].due", "schema.date")],
    ),
    "number for text": (
        render_postmortem(title="2025").encode(),
        [("title: 2025", "title", "schema.type")],
    ),
    "unknown key": (
        render_postmortem(serverity="SEV2").encode(),
        [("serverity:", "serverity", "schema.unknown-key")],
    ),
    "timeline order": (
        render_postmortem(timeline__detected="2025-02-09T10:00:00Z").encode(),
        [("detected:", "timeline.detected", "timeline.order")],
    ),
    "done without completed": (
        render_postmortem(action_items__0__completed=REMOVE).encode(),
        [("status: done", "action_items[0].status", "action-item.completed")],
    ),
    "id pattern": (
        render_postmortem(id="PM-2025-14").encode(),
        [("id: PM-2025-14", "id", "id.pattern")],
    ),
    "id year": (render_postmortem(id="PM-2024-014").encode(), [("id: PM-2024-", "id", "id.year")]),
    "unknown factor": (
        render_postmortem(
            contributing_factors=["missing-index", "monitoring-gap", "testing-gap", "runbook-gpa"]
        ).encode(),
        [("contributing_factors:", "contributing_factors[3]", "taxonomy.unknown-factor")],
    ),
    "unknown addressed factor": (
        render_postmortem(action_items__0__addresses=["monitorin-gap"]).encode(),
        [("addresses: [monitorin-gap]", "action_items[0].addresses[0]", "taxonomy.unknown-factor")],
    ),
    "related unknown": (
        render_postmortem(related=["PM-2024-404"]).encode(),
        [("related:", "related[0]", "related.unknown")],
    ),
    "required by status": (
        render_postmortem(status="in-review", root_cause=REMOVE).encode(),
        [("status: in-review", "root_cause", "status.required")],
    ),
    "tracker not a url": (
        render_postmortem(action_items__1__tracker="OPS-123").encode(),
        [("tracker: OPS-123", "action_items[1].tracker", "action-item.tracker")],
    ),
}


@pytest.mark.parametrize("name", list(BROKEN_FILES))
def test_each_broken_file_is_one_precise_problem_and_no_record(
    corpus_root: Path, name: str
) -> None:
    raw, expected = BROKEN_FILES[name]
    rel = "2025/2025-02-09-broken.md"
    write_postmortem(corpus_root, rel, text=raw)
    corpus = load(corpus_root)
    text = raw.decode("utf-8", "replace")
    assert [(p.path, p.line, p.key, p.rule, p.severity) for p in corpus.problems] == [
        (rel, line_of(text, needle) if needle else 1, key, rule, "error")
        for needle, key, rule in expected
    ]
    assert corpus.records == []
    assert list(corpus.broken) == [rel]


def test_bom_and_crlf_are_warnings_and_the_file_is_still_a_record(corpus_root: Path) -> None:
    write_postmortem(corpus_root, "2025/2025-02-09-bom.md", text=b"\xef\xbb\xbf" + BASE.encode())
    write_postmortem(
        corpus_root, "2025/2025-02-10-crlf.md", text=corpus_report(10)[1].replace("\n", "\r\n")
    )
    corpus = load(corpus_root)
    assert [(p.path, p.rule, p.severity) for p in corpus.problems] == [
        ("2025/2025-02-09-bom.md", "file.bom", "warning"),
        ("2025/2025-02-10-crlf.md", "file.line-endings", "warning"),
    ]
    assert sorted(r.meta.id for r in corpus.records) == ["PM-2025-010", "PM-2025-014"]
    assert corpus.broken == {}


def test_a_5mb_file_is_a_problem_not_a_hang(corpus_root: Path) -> None:
    rel = "2025/2025-02-09-pasted-log.md"
    write_postmortem(
        corpus_root, rel, text=BASE + ("2025-02-09 10:05:00 ERROR pool exhausted\n" * 125_000)
    )
    assert (corpus_root / rel).stat().st_size > 5_000_000
    corpus = load(corpus_root)
    assert [(p.path, p.line, p.rule) for p in corpus.problems] == [(rel, 1, "file.too-large")]
    assert corpus.records == []


def test_billion_laughs_is_refused(corpus_root: Path) -> None:
    laughs = "".join(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]\n" for i in range(1, 12))
    text = BASE.replace(
        "---\n", "---\nl0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + laughs, 1
    )
    write_postmortem(corpus_root, "2025/2025-02-09-lol.md", text=text)
    corpus = load(corpus_root)
    assert [(p.rule, p.line) for p in corpus.problems] == [
        ("frontmatter.alias", line_of(text, "l1: &l1"))
    ]


def test_merge_keys_are_refused(corpus_root: Path) -> None:
    text = BASE.replace(
        "impact: {users_affected: 2000, failed_requests: 40000, data_loss: false}\n",
        "impact:\n  <<: {users_affected: 2000}\n  data_loss: false\n",
    )
    write_postmortem(corpus_root, "2025/2025-02-09-merge.md", text=text)
    corpus = load(corpus_root)
    assert [(p.rule, p.key, p.line) for p in corpus.problems] == [
        ("frontmatter.alias", "impact", line_of(text, "<<:"))
    ]


def test_priority_words_load_as_p1_to_p3(corpus_root: Path) -> None:
    write_postmortem(
        corpus_root,
        text=render_postmortem(action_items__0__priority="High", action_items__1__priority="Low"),
    )
    corpus = load(corpus_root)
    assert corpus.problems == []
    assert [item.priority.value for item in corpus.records[0].meta.action_items] == ["P1", "P3"]


def test_file_name_against_the_utc_start_date(corpus_root: Path) -> None:
    text = render_postmortem(
        timeline__started="2025-02-09T23:30:00-02:00",
        timeline__detected="2025-02-10T01:40:00Z",
        timeline__acknowledged="2025-02-10T01:42:00Z",
        timeline__mitigated="2025-02-10T01:45:00Z",
        timeline__resolved="2025-02-10T02:00:00Z",
    )
    write_postmortem(corpus_root, "2025/2025-02-09-late.md", text=text)
    corpus = load(corpus_root)
    assert [(p.rule, p.key, p.line) for p in corpus.problems] == [
        ("file.name", "timeline.started", line_of(text, "started:"))
    ]
    assert "2025/2025-02-10-late.md" in corpus.problems[0].message


# --- the corpus as a whole -------------------------------------------------------------------


def test_many_broken_files_beside_good_ones_all_come_out_in_one_run(tmp_path: Path) -> None:
    root = make_corpus(tmp_path, n=4)
    expected: set[tuple[str, int, str, str]] = set()
    for index, (name, (raw, wanted)) in enumerate(BROKEN_FILES.items()):
        rel = f"2025/2025-02-09-broken-{index:02d}.md"
        if name == "id year":  # the only kind that needs its own id to stay unique
            raw = raw.replace(b"PM-2024-014", b"PM-2024-500")
        else:
            raw = raw.replace(b"PM-2025-014", f"PM-2025-{100 + index}".encode())
        write_postmortem(root, rel, text=raw)
        text = raw.decode("utf-8", "replace")
        for needle, key, rule in wanted:
            expected.add((rel, line_of(text, needle) if needle else 1, key, rule))
    corpus = load(root)
    assert {(p.path, p.line, p.key, p.rule) for p in corpus.problems} == expected
    assert len(corpus.problems) == len(expected)
    assert [r.meta.id for r in corpus.records] == [
        "PM-2025-001",
        "PM-2025-002",
        "PM-2025-003",
        "PM-2025-004",
    ]
    assert len(corpus.broken) == len(BROKEN_FILES)
    # Problems come in file order, then line order.
    assert corpus.problems == sorted(corpus.problems, key=lambda p: (p.path, p.line))


def test_every_problem_of_one_file_comes_out_together(corpus_root: Path) -> None:
    text = render_postmortem(
        severity="SEV5",
        contributing_factors=["missing-index", "testing-gpa"],
        action_items__1__due="2025-13-40",
        related=["PM-2024-404"],
    )
    write_postmortem(corpus_root, "2025/2025-02-09-many.md", text=text)
    corpus = load(corpus_root)
    assert [(p.line, p.key, p.rule) for p in corpus.problems] == [
        (line_of(text, "severity:"), "severity", "schema.value"),
        (
            line_of(text, "contributing_factors:"),
            "contributing_factors[1]",
            "taxonomy.unknown-factor",
        ),
        (line_of(text, "due: 2025-13-40"), "action_items[1].due", "schema.date"),
        (line_of(text, "related:"), "related[0]", "related.unknown"),
    ]


def test_records_are_ordered_by_start_then_id(tmp_path: Path) -> None:
    root = make_corpus(tmp_path, n=0)
    for number in (3, 1, 2):
        rel, text = corpus_report(number)
        write_postmortem(root, rel, text=text)
    rel, text = corpus_report(
        4, timeline__started="2025-02-01T10:05:00Z", timeline__detected="2025-02-04T10:06:00Z"
    )
    write_postmortem(root, "2025/2025-02-01-same-start.md", text=text)
    corpus = load(root)
    assert corpus.problems == []
    assert [r.meta.id for r in corpus.records] == [
        "PM-2025-001",
        "PM-2025-004",
        "PM-2025-002",
        "PM-2025-003",
    ]
    first = corpus.records[0]
    assert first.rel_path == "2025/2025-02-01-checkout-errors-1.md"
    assert first.path == first.rel_path  # relative to base
    assert first.abs_path == root / first.rel_path
    assert first.body.startswith("## Summary") or first.body.startswith("\n## Summary")
    assert first.src.line_of(("id",)) == 2
    assert set(corpus.by_id()) == {"PM-2025-001", "PM-2025-002", "PM-2025-003", "PM-2025-004"}


def test_duplicate_ids_across_files(tmp_path: Path) -> None:
    root = make_corpus(tmp_path, n=2)
    rel, text = corpus_report(3, id="PM-2025-001")
    write_postmortem(root, rel, text=text)
    corpus = load(root)
    assert [(p.path, p.line, p.key, p.rule) for p in corpus.problems] == [
        (rel, 2, "id", "id.duplicate")
    ]
    assert "already used by 2025/2025-02-01-checkout-errors-1.md" in corpus.problems[0].message
    assert [r.meta.id for r in corpus.records] == ["PM-2025-001", "PM-2025-002"]


def test_an_id_held_by_a_broken_file_is_still_taken(tmp_path: Path) -> None:
    root = make_corpus(tmp_path, n=1)
    # A broken file published before the valid one declares PM-2025-001 too.
    broken = render_postmortem(id="PM-2025-001", severity="SEV9", published="2025-01-20")
    write_postmortem(root, "2025/2025-01-01-aaa-broken.md", text=broken)
    corpus = load(root)
    rules = sorted((p.path, p.rule) for p in corpus.problems)
    assert ("2025/2025-02-01-checkout-errors-1.md", "id.duplicate") in rules


# An established report and a newcomer that reuses its id, both valid. The
# newcomer's file comes first by path (its incident started earlier).
ESTABLISHED = "2025/2025-02-01-checkout-errors-1.md"
NEWCOMER = "2025/2025-01-15-newcomer.md"


def newcomer_text(**overrides: Any) -> str:
    return render_postmortem(
        id="PM-2025-001",
        title="Newcomer",
        timeline__started="2025-01-15T10:00:00Z",
        timeline__detected="2025-01-15T10:01:00Z",
        timeline__acknowledged="2025-01-15T10:02:00Z",
        timeline__mitigated="2025-01-15T10:03:00Z",
        timeline__resolved="2025-01-15T10:04:00Z",
        **overrides,
    )


@pytest.mark.parametrize(
    "overrides",
    [
        {"status": "draft", "published": REMOVE},
        {"status": "in-review", "published": REMOVE},
        {"status": "draft", "published": "2025-01-16"},  # a date does not outrank a status
        {"published": "2025-02-20"},  # published after the established one (2025-02-02)
    ],
)
def test_a_newcomer_never_takes_the_id_of_a_report_further_along(
    tmp_path: Path, overrides: dict[str, Any]
) -> None:
    root = make_corpus(tmp_path, n=1)
    write_postmortem(root, "2025/2025-01-15-newcomer.md", text=newcomer_text(**overrides))
    corpus = load(root)
    # The newcomer is told, at its id's line, which file keeps the id and where.
    assert [(p.path, p.line, p.key, p.rule) for p in corpus.problems] == [
        (NEWCOMER, 2, "id", "id.duplicate")
    ]
    assert f"id PM-2025-001 is already used by {ESTABLISHED}:2, which keeps it" in (
        corpus.problems[0].message
    )
    assert [r.rel_path for r in corpus.records] == [ESTABLISHED]
    assert corpus.by_id()["PM-2025-001"].meta.title.startswith("Checkout errors number 1")


def test_the_report_published_first_keeps_its_id(tmp_path: Path) -> None:
    root = make_corpus(tmp_path, n=1)
    # Published before the other (2025-02-02) and first by path: it keeps the id.
    write_postmortem(root, NEWCOMER, text=newcomer_text(published="2025-01-16"))
    corpus = load(root)
    assert [(p.path, p.rule) for p in corpus.problems] == [(ESTABLISHED, "id.duplicate")]
    assert f"already used by {NEWCOMER}:2" in corpus.problems[0].message


def test_the_same_status_and_day_leave_the_path_to_decide(tmp_path: Path) -> None:
    root = make_corpus(tmp_path, n=1)
    write_postmortem(root, NEWCOMER, text=newcomer_text(published="2025-02-02"))
    corpus = load(root)
    assert [(p.path, p.rule) for p in corpus.problems] == [(ESTABLISHED, "id.duplicate")]


def test_the_id_owner_is_the_same_when_one_file_is_linted(tmp_path: Path) -> None:
    """Linting the newcomer alone, or the established report alone, agrees with the whole."""
    root = make_corpus(tmp_path, n=1)
    newcomer = write_postmortem(root, NEWCOMER, text=newcomer_text(status="draft"))
    alone = load(root, only=[newcomer])
    assert [(p.path, p.rule) for p in alone.problems] == [(NEWCOMER, "id.duplicate")]
    assert f"already used by {ESTABLISHED}:2" in alone.problems[0].message
    assert load(root, only=[root / ESTABLISHED]).problems == []


def test_three_files_with_one_id_each_name_the_one_that_keeps_it(tmp_path: Path) -> None:
    root = make_corpus(tmp_path, n=1)
    write_postmortem(root, NEWCOMER, text=newcomer_text(status="draft"))
    write_postmortem(
        root,
        "2025/2025-01-16-another.md",
        text=newcomer_text(status="in-review", published=REMOVE).replace(
            "2025-01-15T", "2025-01-16T"
        ),
    )
    corpus = load(root)
    assert sorted((p.path, p.rule) for p in corpus.problems) == [
        ("2025/2025-01-15-newcomer.md", "id.duplicate"),
        ("2025/2025-01-16-another.md", "id.duplicate"),
    ]
    assert all(f"already used by {ESTABLISHED}:2" in p.message for p in corpus.problems)


def test_related_ids_resolve_against_every_file_including_broken_ones(tmp_path: Path) -> None:
    root = make_corpus(tmp_path, n=2)
    write_postmortem(
        root, "2025/2025-01-05-broken.md", text=render_postmortem(id="PM-2025-050", severity="SEV9")
    )
    rel, text = corpus_report(3, related=["PM-2025-001", "PM-2025-050", "PM-2025-404"])
    write_postmortem(root, rel, text=text)
    corpus = load(root)
    unknown = [(p.path, p.key, p.line) for p in corpus.problems if p.rule == "related.unknown"]
    assert unknown == [(rel, "related[2]", line_of(text, "related:"))]


def test_only_validates_some_files_but_knows_every_id(tmp_path: Path) -> None:
    root = make_corpus(tmp_path, n=3)
    write_postmortem(root, "2025/2025-01-05-broken.md", text="")
    rel, text = corpus_report(4, related=["PM-2025-002", "PM-2025-404"])
    target = write_postmortem(root, rel, text=text)
    corpus = load(root, only=[target])
    assert [(p.path, p.rule, p.key) for p in corpus.problems] == [
        (rel, "related.unknown", "related[1]")
    ]
    assert corpus.records == []  # the one file validated has an error
    corpus = load(root, only=[root / "2025/2025-02-02-checkout-errors-2.md"])
    assert corpus.problems == []
    assert [r.meta.id for r in corpus.records] == ["PM-2025-002"]


def test_only_still_catches_a_duplicate_of_an_unlinted_file(tmp_path: Path) -> None:
    root = make_corpus(tmp_path, n=2)
    rel, text = corpus_report(3, id="PM-2025-001")
    target = write_postmortem(root, rel, text=text)
    corpus = load(root, only=[target])
    assert [(p.rule, p.path) for p in corpus.problems] == [("id.duplicate", rel)]


def test_only_reports_a_misplaced_file_only_when_it_is_selected(tmp_path: Path) -> None:
    root = make_corpus(tmp_path, n=1)
    lost = root / "2025-03-01-lost.md"
    lost.write_text(BASE, encoding="utf-8")
    assert load(root, only=[root / "2025/2025-02-01-checkout-errors-1.md"]).problems == []
    assert [p.rule for p in load(root, only=[lost]).problems] == ["file.location"]


def test_misplaced_post_mortem_and_ordinary_pages(tmp_path: Path) -> None:
    root = make_corpus(tmp_path, n=1)
    (root / "index.md").write_text("# Welcome\n", encoding="utf-8")
    (root / "guides").mkdir()
    (root / "guides" / "writing.md").write_text("# How to write one\n", encoding="utf-8")
    (root / "2025-03-01-lost.md").write_text(BASE, encoding="utf-8")
    (root / ".drafts" / "2025").mkdir(parents=True)
    (root / ".drafts" / "2025" / "2025-03-02-hidden.md").write_text("", encoding="utf-8")
    (root / "2025" / "notes.txt").write_text("not markdown", encoding="utf-8")
    corpus = load(root)
    assert [(p.path, p.line, p.rule, p.severity) for p in corpus.problems] == [
        ("2025-03-01-lost.md", 1, "file.location", "error")
    ]
    assert corpus.problems[0].message == (
        "post-mortems live in year folders: move it to 2025/2025-03-01-lost.md under . "
        "(the incident's UTC start date, then a slug)"
    )
    assert [r.meta.id for r in corpus.records] == ["PM-2025-001"]
    found, misplaced = discover(root)
    assert [p.relative_to(root).as_posix() for p in found] == [
        "2025/2025-02-01-checkout-errors-1.md"
    ]
    assert [p.name for p in misplaced] == ["2025-03-01-lost.md"]


def test_a_post_mortem_outside_the_year_folders_is_found_by_its_frontmatter(
    tmp_path: Path,
) -> None:
    root = make_corpus(tmp_path, n=0)
    # Started 23:30 at -02:00, which is the next day in UTC.
    text = render_postmortem(timeline__started="2025-02-08T23:30:00-02:00")
    (root / "notes").mkdir()
    (root / "notes" / "Checkout Outage.md").write_text(text, encoding="utf-8")
    (root / "pool.md").write_text(text.replace("timeline:", "timeline: {}\nx:"), encoding="utf-8")
    corpus = load(root)
    assert [(p.path, p.rule) for p in corpus.problems] == [
        ("notes/Checkout Outage.md", "file.location"),
        ("pool.md", "file.location"),
    ]
    assert "move it to 2025/2025-02-09-checkout-outage.md under ." in corpus.problems[0].message
    # Without a readable start, the date is left for the author.
    assert "move it to YYYY/YYYY-MM-DD-pool.md under ." in corpus.problems[1].message
    assert sorted(corpus.misplaced) == [root / "notes" / "Checkout Outage.md", root / "pool.md"]


@pytest.mark.parametrize(
    "text",
    [
        "# Welcome\n\nNo frontmatter.\n",
        "---\ntitle: Runbooks\nstatus: new\nhide: [toc]\n---\n\n# Runbooks\n",
        # A post-mortem quoted in a page's body is not the page's frontmatter.
        "---\ntitle: Format\n---\n\n```yaml\nid: PM-2025-001\nseverity: SEV2\n```\n",
        "Some text\n---\nseverity: SEV2\n---\n",
    ],
)
def test_ordinary_pages_are_not_post_mortems(tmp_path: Path, text: str) -> None:
    root = make_corpus(tmp_path, n=1)
    (root / "page.md").write_text(text, encoding="utf-8")
    assert load(root).problems == []
    assert not has_postmortem_frontmatter(root / "page.md")
    assert not is_postmortem_path(root / "page.md", root)


@pytest.mark.parametrize(
    "key",
    ["id: PM-2025-001", "id: 'PM-2025-001'", "severity: SEV2", "timeline:", "root_cause: x",
     "contributing_factors: [a]", "action_items: []", "detection: alert"],
)  # fmt: skip
def test_one_key_of_a_post_mortem_is_enough(tmp_path: Path, key: str) -> None:
    page = tmp_path / "page.md"
    page.write_bytes(f"\ufeff---\r\ntitle: x\r\n{key}\r\n---\r\n".encode())
    assert has_postmortem_frontmatter(page)


def test_paths_in_problems_are_relative_to_base(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_corpus(tmp_path, n=0)
    write_postmortem(root, "2025/2025-02-09-x.md", text="")
    assert (
        load_corpus(root, sample_taxonomy(), base=tmp_path).problems[0].path
        == "postmortems/2025/2025-02-09-x.md"
    )
    monkeypatch.chdir(root / "2025")
    # Outside the working directory a path is shown in full; inside, relative.
    shown = load_corpus(root, sample_taxonomy()).problems[0].path
    assert shown == "2025-02-09-x.md"


def test_iter_problems_for_a_broken_file(corpus_root: Path) -> None:
    write_postmortem(corpus_root, "2025/2025-02-09-x.md", text="")
    corpus = load(corpus_root)
    assert [p.rule for p in iter_problems_for(corpus, "2025/2025-02-09-x.md")] == ["file.empty"]
    assert list(iter_problems_for(corpus, "2025/other.md")) == []


def test_empty_folder(tmp_path: Path) -> None:
    corpus = load(make_corpus(tmp_path, n=0))
    assert (corpus.records, corpus.problems, corpus.broken) == ([], [], {})


# --- scanning ids without parsing ----------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "id: PM-2025-007",
        "id: 'PM-2025-007'",
        'id: "PM-2025-007"',
        "id: PM-2025-007  # stable",
        "id:\tPM-2025-007",
    ],
)
def test_scan_ids_reads_the_id_line(tmp_path: Path, line: str) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(f"---\n{line}\ntitle: x\n---\n".encode())
    assert scan_ids([path], tmp_path) == {"PM-2025-007": "a.md"}


@pytest.mark.parametrize("newline", ["\r\n", "\n"])
def test_scan_ids_reads_files_with_crlf_line_endings(tmp_path: Path, newline: str) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(f"---{newline}id: PM-2025-007{newline}title: x{newline}---{newline}".encode())
    assert scan_ids([path], tmp_path) == {"PM-2025-007": "a.md"}


def test_scan_ids_ignores_nested_and_missing_ids(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(
        "---\ntitle: x\naction_items:\n  - id: AI-001\n---\n", encoding="utf-8"
    )
    (tmp_path / "b.md").write_text("", encoding="utf-8")
    assert scan_ids([tmp_path / "a.md", tmp_path / "b.md", tmp_path / "missing.md"]) == {}


# --- the parse cache ----------------------------------------------------------------------------


def test_cache_reuses_unchanged_files_and_rereads_changed_ones(tmp_path: Path) -> None:
    root = make_corpus(tmp_path, n=3)
    cache = ParseCache()
    first = load(root, cache=cache)
    assert (cache.hits, cache.misses) == (0, 3)
    second = load(root, cache=cache)
    assert (cache.hits, cache.misses) == (3, 3)
    assert [r.meta for r in second.records] == [r.meta for r in first.records]

    path = root / "2025/2025-02-02-checkout-errors-2.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("severity: SEV2", "severity: SEV9"),
        encoding="utf-8",
    )
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    third = load(root, cache=cache)
    assert (cache.hits, cache.misses) == (5, 4)
    assert [(p.path, p.rule) for p in third.problems] == [
        (path.relative_to(root).as_posix(), "schema.value")
    ]


def _save(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


@pytest.mark.parametrize(
    ("old", "new", "body_alone"),
    [
        ("## Root Cause", "A new paragraph.\n\n## Root Cause", True),
        ("severity: SEV2", "severity: SEV1", False),  # a frontmatter value
        ("severity: SEV2", "severity:  SEV2", False),  # the frontmatter's text, same value
        ("## Root Cause", "Pasted\x00 text.\n\n## Root Cause", False),  # a new error
    ],
)
def test_a_save_is_a_body_edit_alone_only_when_the_frontmatter_and_findings_are_the_same(
    tmp_path: Path, old: str, new: str, body_alone: bool
) -> None:
    root = make_corpus(tmp_path, n=2)
    cache = ParseCache()
    record = load(root, cache=cache).records[1]
    _save(record.abs_path, old, new)
    src = reread_body(record, cache)
    assert (src is not None) == body_alone
    if src is not None:
        assert "A new paragraph." in src.body
        # The next load of the corpus reads nothing again.
        misses = cache.misses
        assert load(root, cache=cache).records[1].src.body == src.body
        assert cache.misses == misses


def test_a_file_the_cache_never_read_is_not_a_body_edit(tmp_path: Path) -> None:
    root = make_corpus(tmp_path, n=1)
    record = load(root).records[0]
    assert reread_body(record, ParseCache()) is None


def test_cache_forgets_deleted_files(tmp_path: Path) -> None:
    root = make_corpus(tmp_path, n=2)
    cache = ParseCache()
    load(root, cache=cache)
    (root / "2025/2025-02-02-checkout-errors-2.md").unlink()
    corpus = load(root, cache=cache)
    assert [r.meta.id for r in corpus.records] == ["PM-2025-001"]
    assert len(cache._entries) == 1


def test_unknown_taxonomy_tags_are_checked_against_the_taxonomy_given(tmp_path: Path) -> None:
    root = make_corpus(tmp_path, n=1)
    taxonomy = sample_taxonomy()
    del taxonomy.factors["testing-gap"]
    corpus = load_corpus(root, taxonomy, base=root)
    assert sorted((p.key, p.rule) for p in corpus.problems) == [
        ("action_items[1].addresses[1]", "taxonomy.unknown-factor"),
        ("contributing_factors[2]", "taxonomy.unknown-factor"),
    ]


def test_cached_files_are_checked_again_when_the_taxonomy_changes(tmp_path: Path) -> None:
    # `mkdocs serve` keeps the parse cache while an author edits the vocabulary.
    root = make_corpus(tmp_path, n=1)
    cache = ParseCache()
    unknown = [("contributing_factors[2]", "taxonomy.unknown-factor")]
    full = sample_taxonomy()
    assert load_corpus(root, full, base=root, cache=cache).problems == []
    smaller = sample_taxonomy()
    del smaller.factors["testing-gap"]
    problems = load_corpus(root, smaller, base=root, cache=cache).problems
    assert sorted((p.key, p.rule) for p in problems)[1:] == unknown
    assert load_corpus(root, full, base=root, cache=cache).problems == []
    assert cache.misses == 1


def test_attachments_that_could_run_code_are_refused(tmp_path: Path) -> None:
    """Pictures, PDFs and text may sit beside a post-mortem; HTML, SVG and scripts may not."""
    root = make_corpus(tmp_path, n=1)
    for name in ("timeline.png", "report.pdf", "query.txt", "diagram.svg", "notes.HTML", "x.js"):
        (root / "2025" / name).write_text("content", encoding="utf-8")
    (root / "figures").mkdir()
    (root / "figures" / "ok.svg").write_text("<svg/>", encoding="utf-8")  # not a year folder
    corpus = load(root)
    assert [(p.path, p.line, p.rule, p.severity) for p in corpus.problems] == [
        ("2025/diagram.svg", 1, "file.attachment", "error"),
        ("2025/notes.HTML", 1, "file.attachment", "error"),
        ("2025/x.js", 1, "file.attachment", "error"),
    ]
    assert "runs its code when a reader opens it" in corpus.problems[0].message
    assert [r.meta.id for r in corpus.records] == ["PM-2025-001"]


def test_a_post_mortem_not_named_md_is_named_as_such_not_as_an_attachment(
    tmp_path: Path,
) -> None:
    root = make_corpus(tmp_path, n=1)
    text = (root / "2025").glob("*.md").__next__().read_text(encoding="utf-8")
    for name in ("2025-03-01-upper.MD", "2025-03-02-long.markdown", "2025-03-03-no-extension"):
        (root / "2025" / name).write_text(text.replace("PM-2025-001", "PM-2025-009"), "utf-8")
    (root / "2025" / "NOTES").write_text("loose notes\n", encoding="utf-8")
    corpus = load(root)
    found = {p.path: (p.line, p.rule, p.message) for p in corpus.problems}
    for name, renamed in (
        ("2025-03-01-upper.MD", "2025-03-01-upper.md"),
        ("2025-03-02-long.markdown", "2025-03-02-long.md"),
        ("2025-03-03-no-extension", "2025-03-03-no-extension.md"),
    ):
        line, rule, message = found[f"2025/{name}"]
        assert (line, rule) == (1, "file.name")
        assert message.endswith(f"rename it to {renamed}")
    # Not a post-mortem, and no extension: refused as an attachment, in plain words.
    line, rule, message = found["2025/NOTES"]
    assert rule == "file.attachment" and message.startswith("files without an extension are")
