"""Post-mortems kept as reStructuredText or AsciiDoc (Sphinx and Antora docs) are imported."""

from __future__ import annotations

from pathlib import Path

import pytest
from pmkb.importers import MarkdownOptions, import_markdown
from pmkb.importers.markdown import draft_from_markdown
from pmkb.importers.markup import asciidoc_as_markdown, rst_as_markdown

from tests.importers.conftest import corpus_taxonomy

RST_REPORT = """\
~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
Billing export misses a day
~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~

:Date: 2024-04-09
:Severity: SEV3
:Services: billing-export, ledger-store
:Authors: finance-platform

.. This comment is for the docs team and no part of the report.

Summary
^^^^^^^

The nightly ``billing-export`` job skipped 8 April. See `the export guide
<https://docs.example.org/export>`_ and the ledger_ page. All times are UTC.

.. _ledger: https://docs.example.org/ledger

.. note::

   Finance noticed the gap before any alert did.

Timeline
^^^^^^^^

* 02:10 Export job starts and reads an empty partition for 8 April.
* 02:14 Export finishes with no rows for the day.
* 08:45 Finance reports the missing day.
* 10:20 Export rerun for 8 April; the ledger is complete again.

Root cause
^^^^^^^^^^

The partition for the day was created after the export read it.

.. code-block:: text

   09:58 partition 2024-04-08 created
   09:59 export read 0 rows

Action items
^^^^^^^^^^^^

#. Make the export wait for the day's partition.
#. Alert when an export writes no rows.
"""

ADOC_REPORT = """\
= Billing export misses a day
:revdate: 2024-04-09
:severity: SEV3
:services: billing-export, ledger-store
:authors: finance-platform
:toc:

== Summary

The nightly +billing-export+ job skipped 8 April, see link:https://docs.example.org/export[the export guide].
All times are UTC.

== Timeline

* 02:10 Export job starts and reads an empty partition for 8 April.
* 02:14 Export finishes with no rows for the day.
* 08:45 Finance reports the missing day.
* 10:20 Export rerun for 8 April; the ledger is complete again.

== Root cause

The partition for the day was created after the export read it.

[source,text]
----
09:58 partition 2024-04-08 created
----

== Action items

. Make the export wait for the day's partition.
. Alert when an export writes no rows.
"""


def test_rst_titles_of_any_adornment_become_headings_by_order_of_first_appearance() -> None:
    text = "=====\nTitle\n=====\n\nPart\n####\n\ntext\n\nSub part\n--------\n\nAnother\n#######\n"
    converted = rst_as_markdown(text)
    headings = [line for line in converted.split("\n") if line.startswith("#")]
    assert headings == ["# Title", "## Part", "### Sub part", "## Another"]
    # Line for line: what the report cites by line number is the source's line.
    assert converted.split("\n").index("## Part") == text.split("\n").index("Part")


def test_rst_field_lists_lists_links_and_literals_are_read_as_markdown() -> None:
    converted = rst_as_markdown(RST_REPORT).split("\n")
    assert "Severity: SEV3" in converted
    assert "1. Alert when an export writes no rows." in converted
    assert any("`billing-export`" in line and "``" not in line for line in converted)
    # A link wrapped over two lines is one link, on the first line; the rest stays on the second.
    assert any(
        line.endswith("See [the export guide](https://docs.example.org/export)")
        for line in converted
    )
    assert "and the [ledger](https://docs.example.org/ledger) page. All times are UTC." in converted
    assert any("[ledger](https://docs.example.org/ledger)" in line for line in converted)
    # A comment is out of the way; an admonition's words are kept.
    assert not any("docs team" in line for line in converted)
    assert "Finance noticed the gap before any alert did." in converted
    assert len(converted) == len(RST_REPORT.split("\n"))


@pytest.mark.parametrize(
    ("name", "text"), [("export.rst", RST_REPORT), ("export.adoc", ADOC_REPORT)]
)
def test_an_rst_or_asciidoc_report_gives_the_draft_its_markdown_twin_gives(
    name: str, text: str
) -> None:
    draft = draft_from_markdown(text.encode(), name, MarkdownOptions(corpus_taxonomy()))
    assert draft.title.value == "Billing export misses a day"
    assert draft.severity.value == "SEV3"
    assert draft.services.value == ["billing-export", "ledger-store"]
    assert draft.authors.value == ["finance-platform"]
    timeline = {key: f"{value.value:%Y-%m-%d %H:%M}" for key, value in draft.timeline.items()}
    assert timeline["started"] == "2024-04-09 02:10"
    assert timeline["detected"] == "2024-04-09 08:45"
    assert timeline["mitigated"] == "2024-04-09 10:20"
    assert [item.action.value for item in draft.action_items] == [
        "Make the export wait for the day's partition",
        "Alert when an export writes no rows",
    ]
    # The code block stays code: its time stamps are no timeline rows, its lines no cause.
    assert "09:58" not in (draft.root_cause.value if draft.root_cause else "")
    assert draft.counts["timeline_events"] == text.count("\n* ")
    # The source is kept whole, as written, as the original report.
    assert text.rstrip("\n") in draft.body
    assert ("```rst" if name.endswith(".rst") else "```asciidoc") in draft.body


def test_asciidoc_tables_lists_and_attributes() -> None:
    text = (
        "= Outage\n:revdate: 2024-05-02\n:icons: font\n\n== Timeline\n\n"
        '[cols="1,3",options="header"]\n|===\n| Time | Event\n| 10:02 | Queue stops\n'
        "| 10:40 | Queue drains\n|===\n\n* [x] Fix the queue\n** nested note\n"
    )
    converted = asciidoc_as_markdown(text).split("\n")
    assert converted[:3] == ["# Outage", "Date: 2024-05-02", ""]
    table = [line for line in converted if line.startswith("|")]
    assert table[0] == "| Time | Event |"
    assert table[1].startswith("|---")
    assert "| 10:02 | Queue stops |" in table and "| 10:40 | Queue drains |" in table
    assert "- [x] Fix the queue" in converted
    assert "    - nested note" in converted
    assert len(converted) == len(text.split("\n"))


def test_an_asciidoc_link_wrapped_and_a_table_a_cell_a_line_keep_their_lines() -> None:
    text = (
        "= Outage\n:revdate: 2024-05-02\n\n== Summary\n\nRiders were sent to\n"
        "https://status.example.org/i/7[the status page for\nthe tram network] for the hour.\n"
        "See link:https://wiki.example.org/trams[the tram\nrunbook].\n\n== Timeline\n\n"
        '.Timeline (UTC)\n[cols="1,4",options="header"]\n|===\n|Time\n|Event\n\n'
        "|10:02\n|Ticket gates stop reading cards.\n\n|10:40\n|Gates read cards again.\n|===\n"
    )
    converted = asciidoc_as_markdown(text).split("\n")
    assert len(converted) == len(text.split("\n"))
    assert converted[6:8] == [
        "[the status page for the tram network](https://status.example.org/i/7)",
        "for the hour.",
    ]
    assert converted[8:10] == ["See", "[the tram runbook](https://wiki.example.org/trams)."]
    # Two columns from "cols", though each line holds one cell; each row on its first line.
    rows = [line for line in converted if line.startswith("| ")]
    assert rows == [
        "| Time | Event |",
        "| 10:02 | Ticket gates stop reading cards. |",
        "| 10:40 | Gates read cards again. |",
    ]
    assert converted[text.split("\n").index("|10:02")] == rows[1]


@pytest.mark.parametrize("suffix", [".rst", ".rest", ".adoc", ".asciidoc"])
def test_rst_and_asciidoc_files_in_a_folder_are_imported(tmp_path: Path, suffix: str) -> None:
    source = tmp_path / "reports"
    source.mkdir()
    text = RST_REPORT if suffix in (".rst", ".rest") else ADOC_REPORT
    (source / f"billing-export{suffix}").write_text(text, encoding="utf-8")
    reports = import_markdown([source], tmp_path / "out", MarkdownOptions(corpus_taxonomy()))
    assert [(r.outcome, r.reason) for r in reports] == [("created", "")]
    written = (tmp_path / "out" / reports[0].target.split("/out/", 1)[-1]).read_text()
    assert "severity: SEV3" in written


def test_an_rst_csv_table_is_read_as_the_timeline() -> None:
    text = (
        "Timeline\n========\n\nAll times are UTC.\n\n"
        ".. csv-table:: What happened\n"
        '   :header: "Time", "Event"\n'
        "   :widths: 20, 80\n\n"
        '   "2024-02-06 10:02", "Uploads start failing, and the retry queue\n'
        '   grows."\n'
        '   "2024-02-06 10:40", "Uploads work again."\n\n'
        "Root cause\n==========\n\nA full disk.\n"
    )
    markdown = rst_as_markdown(text).split("\n")
    source = text.split("\n")
    assert len(markdown) == len(source)
    # Each record on the line where it starts, the header on the lines above it.
    assert markdown[9:12] == [
        "| 2024-02-06 10:02 | Uploads start failing, and the retry queue grows. |",
        "|---|---|",
        "| 2024-02-06 10:40 | Uploads work again. |",
    ]
    assert markdown[7:9] == ["| Time | Event |", "|---|---|"]
    assert markdown[13] == "# Root cause"


def test_text_right_under_an_rst_code_block_keeps_its_line_number() -> None:
    text = (
        "Root cause\n==========\n\nThe query:\n\n.. code-block:: sql\n\n"
        "   SELECT 1\n   FROM shows\nThe same query runs nightly.\n\nAction items\n============\n"
    )
    markdown = rst_as_markdown(text).split("\n")
    assert len(markdown) == len(text.split("\n"))
    assert markdown[9] == "The same query runs nightly."
    assert markdown[5:9] == ["```sql", "SELECT 1", "FROM shows", "```"]
    assert markdown[11] == "# Action items"


def test_glyph_checkboxes_and_a_template_question_in_an_rst_report() -> None:
    text = (
        "2024-03-04: Badge printer offline\n=================================\n\n"
        "Timeline\n--------\n\n-  **09:10 UTC:** Badge printing stops.\n"
        "-  **09:40 UTC:** Badge printing works again.\n\n"
        "🌱 Blameless root cause\n-----------------------\n\n"
        "*Note the final root cause and describe what needs to change to prevent\n"
        "reoccurrence*\n\nThe printer's certificate expired over the weekend.\n\n"
        "☑️ Follow-up tasks\n------------------\n\n"
        "-  ☒ Renew the printer certificate\n-  ☐ Alert thirty days before it expires\n"
    )
    draft = draft_from_markdown(
        text.encode(), "badge-printer.rst", MarkdownOptions(taxonomy=corpus_taxonomy())
    )
    # "☒" is a ticked box and "☐" an open one, as "[x]" and "[ ]" are.
    assert [(i.action.value, i.status.value) for i in draft.action_items] == [
        ("Renew the printer certificate", "done"),
        ("Alert thirty days before it expires", "open"),
    ]
    # The template's question in italics is no part of the cause.
    assert draft.root_cause is not None
    assert draft.root_cause.value == "The printer's certificate expired over the weekend."


def test_a_link_or_role_wrapped_over_two_lines_is_read_whole_on_the_same_lines() -> None:
    text = (
        "Checkout paused\n===============\n\n"
        "Customers were sent to the `status page\n"
        "<https://status.example.org/incidents/42>`_ for an hour, and support linked\n"
        "`the refund\nform <https://help.example.org/refunds>`__ from every reply. Read\n"
        "the :ref:`paging\npolicy <paging-policy>` and the escalation_ notes under the\n"
        "`payments\nrunbook`_\n\n"
        ".. _escalation: https://wiki.example.org/escalation\n"
        ".. _payments runbook: https://wiki.example.org/payments\n"
    )
    markdown = rst_as_markdown(text).split("\n")
    assert len(markdown) == len(text.split("\n"))
    assert markdown[3:11] == [
        "Customers were sent to the [status page](https://status.example.org/incidents/42)",
        "for an hour, and support linked",
        "[the refund form](https://help.example.org/refunds)",
        "from every reply. Read",
        "the paging policy",
        "and the [escalation](https://wiki.example.org/escalation) notes under the",
        # Nothing after the link on its second line: it goes there, so that no blank line
        # splits the paragraph.
        "[payments runbook](https://wiki.example.org/payments)",
        "",
    ]
    # The punctuation right after the link stays with it.
    assert rst_as_markdown(
        "See the `change\nnotes <https://wiki.example.org/notes>`__, but nobody reads them.\n"
    ).split("\n")[:2] == [
        "See the [change notes](https://wiki.example.org/notes),",
        "but nobody reads them.",
    ]


def test_a_link_wrapped_over_three_lines_or_more_is_read_whole_on_the_same_lines() -> None:
    text = (
        "Checkout paused\n===============\n\n"
        "Customers were sent to `the status page for the\n"
        "payments service during the\n"
        "incident <https://status.example.org/incidents/42>`_ for the whole\n"
        "hour. Support replied with `the refund form that\n"
        "finance keeps for card\n"
        "payments <https://help.example.org/refunds>`__.\n"
        "The notice stayed up.\n\n"
        "* 10:20 Support posts `the notice for\n"
        "  the payments service in\n"
        "  every region <https://status.example.org/notices/9>`_\n"
        "* 10:40 Checkout works again.\n"
    )
    markdown = rst_as_markdown(text).split("\n")
    assert len(markdown) == len(text.split("\n"))
    status = "[the status page for the payments service during the incident]"
    assert (
        markdown[3] == f"Customers were sent to {status}(https://status.example.org/incidents/42)"
    )
    # The words around the link keep every line of the paragraph, no blank line splits it.
    assert markdown[4:6] == ["for the", "whole"]
    # Nothing after the link: the words before it give the lines under them their last words.
    refund = (
        "[the refund form that finance keeps for card payments](https://help.example.org/refunds)."
    )
    assert markdown[6:10] == ["hour. Support replied", "with", refund, "The notice stayed up."]
    notice = "[the notice for the payments service in every region](https://status.example.org/notices/9)"
    assert markdown[11:15] == [
        "* 10:20 Support",
        "  posts",
        f"  {notice}",
        "* 10:40 Checkout works again.",
    ]


def test_an_rst_block_quote_under_a_list_item_is_a_quote_in_the_item() -> None:
    text = (
        "Card payments declined\n======================\n\n:Date: 2024-05-14\n\n"
        "Summary\n-------\n\n"
        "- Card payments were declined for 38 minutes.\n"
        "- Support posted this notice on the\n  status page:\n\n"
        "      Card payments are failing for some customers; we are on it.\n"
        "      Next update in 30 minutes.\n\n"
        "- A note for the item:\n\n    indented two past its text, a paragraph of the item.\n\n"
        "Timeline\n--------\n\nAll times are UTC.\n\n"
        "- 10:02 Card payments start to be declined.\n- 10:40 Card payments work again.\n"
    )
    markdown = rst_as_markdown(text).split("\n")
    assert len(markdown) == len(text.split("\n"))
    assert markdown[12:14] == [
        "  > Card payments are failing for some customers; we are on it.",
        "  > Next update in 30 minutes.",
    ]
    # Indented less than four past the item's text: Markdown reads it as the item's paragraph.
    assert markdown[17] == "    indented two past its text, a paragraph of the item."
    draft = draft_from_markdown(
        text.encode(), "card-payments.rst", MarkdownOptions(taxonomy=corpus_taxonomy())
    )
    read = draft.body.split("## Original report")[0]
    assert "  > Card payments are failing for some customers; we are on it." in read
    assert "      Card payments are failing" not in read
    assert f"{draft.timeline['mitigated'].value:%H:%M}" == "10:40"


def test_an_rst_block_quote_is_a_quote_and_a_literal_block_stays_code() -> None:
    text = (
        "Card payments declined\n======================\n\n:Date: 2024-05-14\n\n"
        "Summary\n-------\n\nWe posted this notice for customers:\n\n"
        "    Card payments were declined between 10:02 and 10:40 UTC. No card\n"
        "    was charged twice.\n\n"
        "      -- the payments team\n\n"
        "The token service logged::\n\n    10:01 pool exhausted\n\n"
        "Timeline\n--------\n\n    * 10:02 Declines start.\n    * 10:40 Declines stop.\n"
    )
    markdown = rst_as_markdown(text).split("\n")
    assert len(markdown) == len(text.split("\n"))
    # Indented under a paragraph with no "::", it is a quote, no code block: its words are read.
    assert markdown[10:15] == [
        "> Card payments were declined between 10:02 and 10:40 UTC. No card",
        "> was charged twice.",
        ">",
        ">   -- the payments team",
        "",
    ]
    assert markdown[15:19] == ["The token service logged:", "```", "10:01 pool exhausted", "```"]
    # A list indented the same way is the list its author indented, read as it was.
    assert markdown[22:24] == ["    * 10:02 Declines start.", "    * 10:40 Declines stop."]
    draft = draft_from_markdown(
        text.encode(), "card-payments.rst", MarkdownOptions(taxonomy=corpus_taxonomy())
    )
    summary = draft.body.split("## Summary", 1)[1].split("## ", 1)[0]
    assert "> Card payments were declined between 10:02 and 10:40 UTC. No card" in summary
    assert "    Card payments" not in summary


@pytest.mark.parametrize(
    ("block", "fenced"),
    [
        # "::" with no blank line after it (RST wants one; people forget it)
        (
            "The worker wrote this to its log::\n    10:02 queue full, jobs dropped\n"
            "    10:03 retry budget spent\n",
            True,
        ),
        # a literal block with text right under it
        (
            "The worker wrote this to its log::\n\n    10:02 queue full, jobs dropped\n"
            "    10:03 retry budget spent\nThe queue never drained.\n",
            True,
        ),
        # a code-block with no blank line after the directive and text right under it
        (
            ".. code-block:: text\n    10:02 queue full, jobs dropped\n"
            "    10:03 retry budget spent\nThe queue never drained.\n",
            True,
        ),
        # both blank lines missing: no room for fences, the log lines become inline code
        (
            "The worker wrote this to its log::\n    10:02 queue full, jobs dropped\n"
            "    10:03 retry budget spent\nThe queue never drained.\n",
            False,
        ),
    ],
)
def test_lines_after_a_literal_block_missing_a_blank_line_keep_their_numbers(
    block: str, fenced: bool
) -> None:
    text = (
        "Queue outage\n============\n\n:Date: 2024-05-14\n\nRoot cause\n----------\n\n"
        + block
        + "\nTimeline\n--------\n\nAll times are UTC.\n\n"
        "* 10:05 Checkout requests start failing.\n* 10:20 The on-call engineer is paged.\n"
        "* 10:40 Checkout works again.\n"
    )
    assert len(rst_as_markdown(text).split("\n")) == len(text.split("\n"))
    draft = draft_from_markdown(
        text.encode(), "queue.rst", MarkdownOptions(taxonomy=corpus_taxonomy())
    )
    paged = text.split("\n").index("* 10:20 The on-call engineer is paged.") + 1
    assert f"{draft.timeline['detected'].value:%H:%M}" == "10:20"
    assert f"line {paged}:" in draft.timeline["detected"].note
    cause = draft.root_cause.value if draft.root_cause else ""
    if fenced:
        # The log stays code: its lines are no part of the cause.
        assert "queue full" not in cause
    else:
        assert "    `10:02 queue full, jobs dropped`" in rst_as_markdown(text).split("\n")
