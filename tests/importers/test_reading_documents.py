"""How the Markdown reader finds titles, sections and facts in documents of many shapes."""

from __future__ import annotations

import pytest
from pmkb.importers.document import classify, read_document
from pmkb.importers.markdown import MarkdownOptions, draft_from_markdown

from tests.importers.conftest import corpus_taxonomy


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("Root Cause", "root_cause"),
        ("Root Casue", "root_cause"),
        ("2. Root Cause(s)", "root_cause"),
        ("**Root cause analysis**", "root_cause"),
        ("Timeline (all times PDT)", "timeline"),
        ("Timline", "timeline"),
        ("Timeline of events", "timeline"),
        ("Lesons Lerned", "lessons"),
        ("Lessons learnt", "lessons"),
        ("Action Items", "actions"),
        ("Follow-ups", "actions"),
        ("Corrective actions", "actions"),
        ("Actions taken", "resolution"),
        ("What went well", "went_well"),
        ("What didn't go well", "went_wrong"),
        ("5 Whys", "five_whys"),
        ("Executive summary", "summary"),
        ("Customer impact", "impact"),
        ("Installation", None),
        ("Agenda", None),
    ],
)
def test_section_headings_are_recognised_despite_spelling(heading: str, kind: str | None) -> None:
    assert classify(heading) == kind


@pytest.mark.parametrize(
    "title",
    [
        "Informe post-mortem: Cache caído",
        "Informe de incidente: Cache caído",
        "Pós-mortem: Cache caído",
        "Relatório de incidente: Cache caído",
        "Rapport d'incident : Cache caído",
        "Störungsbericht: Cache caído",
    ],
)
def test_words_saying_what_the_report_is_leave_the_title_in_other_languages(title: str) -> None:
    # As "Incident report:" and "Post-mortem:" do in English.
    doc = read_document(f"# {title}\n\n## Timeline\n\n- 10:00 down\n")
    assert doc.title == "Cache caído"


def test_h1_sections_under_an_h1_title() -> None:
    doc = read_document(
        "# Incident report: Cache outage\n\n# Summary\n\nIt broke.\n\n# Timeline\n\n- 10:00 down\n"
    )
    assert doc.title == "Cache outage"
    assert [(s.kind, s.title) for s in doc.sections] == [
        ("summary", "Summary"),
        ("timeline", "Timeline"),
    ]


def test_setext_headings() -> None:
    doc = read_document(
        "Cache outage\n============\n\nSummary\n-------\n\nIt broke.\n\nRoot Cause\n----------\n\nA bug.\n"
    )
    assert doc.title == "Cache outage"
    assert [s.kind for s in doc.sections] == ["summary", "root_cause"]
    assert doc.of_kind("root_cause")[0].text().strip() == "A bug."


def test_bold_lines_as_headings_and_a_bold_title() -> None:
    doc = read_document(
        "**Cache outage**\n\n**Summary**\n\nIt broke.\n\n**Root cause:**\n\nA bug.\n"
    )
    assert doc.title == "Cache outage"
    assert [s.kind for s in doc.sections] == ["summary", "root_cause"]


def test_subsections_stay_with_their_section_unless_they_name_another() -> None:
    doc = read_document(
        "# Outage\n\n## Timeline\n\n### Detection\n\n- 10:00 alert\n\n### Recovery\n\n- 11:00 fixed\n\n"
        "## Lessons learned\n\nIntro.\n\n### What went well\n\n- fast rollback\n\n### Where we got lucky\n\n- quiet day\n"
    )
    kinds = [s.kind for s in doc.sections]
    # "Detection" and "Recovery" inside a timeline are phases of it, not sections of their own.
    assert kinds == ["timeline", "lessons", "went_well"]
    # "Where we got lucky" names no section of the format: it stays in Lessons learned.
    assert "quiet day" in doc.of_kind("lessons")[0].text()
    assert "quiet day" not in doc.of_kind("went_well")[0].text()


def test_facts_in_bold_labels_plain_labels_and_key_value_tables() -> None:
    doc = read_document(
        "# Outage\n\n**Severity**: SEV-2\n- **Incident ID:** INC-7\nTime to detection: 5 minutes\n\n"
        "## Details\n\n| Field | Value |\n|---|---|\n| Affected services | api, web |\n| Duration | 45m |\n"
    )
    fields = {name: value.value for name, value in doc.fields.items()}
    assert fields == {
        "severity": "SEV-2",
        "incident_id": "INC-7",
        "ttd": "5 minutes",
        "services": "api, web",
        "duration": "45m",
    }


@pytest.mark.parametrize(
    "label",
    ["事故编号", "故障编号", "事件编号", "障害番号", "インシデント番号", "장애 번호", "사건 번호"],
)
def test_the_incident_number_labelled_in_chinese_japanese_or_korean_is_the_incident_id(
    label: str,
) -> None:
    text = (
        f"# 票务网关故障\n\n**{label}：** TKT-2024-031\n**日期：** 2024-05-02\n\n"
        "## 时间线\n\n- 10:05 票务网关开始报错\n- 10:40 回滚后恢复正常\n"
    )
    assert read_document(text).fields["incident_id"].value == "TKT-2024-031"
    draft = draft_from_markdown(text.encode(), "x.md", MarkdownOptions(corpus_taxonomy()))
    assert "the incident's id there is **TKT-2024-031**" in draft.body


@pytest.mark.parametrize("label", ["Service impact", "System impact", "Business impact"])
def test_an_impact_label_that_names_services_is_the_impact_not_the_services(label: str) -> None:
    # "Service impact" is one letter from "Services impacted": what the services suffered,
    # in a sentence, never a list of services to slug into names.
    doc = read_document(
        f"# Outage\n\n| | |\n|---|---|\n| Severity | P3 |\n"
        f"| {label} | the catalog does not reconcile (no new apps) |\n"
    )
    fields = {name: value.value for name, value in doc.fields.items()}
    assert fields.get("impact") == "the catalog does not reconcile (no new apps)"
    assert "services" not in fields


def test_template_placeholders_are_not_facts() -> None:
    doc = read_document(
        "# Outage\n\n**Date**: [Date of incident]\n**Severity**: TBD\n**Services**: <service>\n"
    )
    assert doc.fields == {}


def test_headings_inside_fenced_code_are_not_sections() -> None:
    doc = read_document("# Outage\n\n## Summary\n\n```\n## Timeline\n```\n")
    assert [s.kind for s in doc.sections] == ["summary"]


@pytest.mark.parametrize(
    ("heading", "title"),
    [
        ("# Summary of June 8 outage", "Summary of June 8 outage"),
        ("# Impact of the login outage", "Impact of the login outage"),
        ("# Lessons learned from the cache outage", "Lessons learned from the cache outage"),
        # The prefix names the kind of report: the title is what follows it.
        ("# Root Cause Analysis: API outage", "API outage"),
    ],
)
def test_a_title_may_start_with_a_section_name(heading: str, title: str) -> None:
    doc = read_document(
        f"{heading}\n\nIntro.\n\n## Timeline\n\n- 10:00 down\n\n## Impact\n\nAll.\n"
    )
    assert doc.title == title
    assert [s.kind for s in doc.sections] == ["timeline", "impact"]


@pytest.mark.parametrize(
    "text",
    [
        # A bare section name is a section, never the title.
        "# Summary\n\nIt broke.\n\n## Timeline\n\n- 10:00 down\n",
        # Sections beside it at its own level: it is the first of them.
        "# Summary of the incident\n\nIt broke.\n\n# Timeline\n\n- 10:00 down\n",
        # No section under it: a timeline of sub-headings, not a title.
        "# Timeline of the outage\n\n## 10:00\n\nDown.\n\n## 10:20\n\nUp.\n",
    ],
)
def test_a_section_heading_is_not_taken_for_the_title(text: str) -> None:
    doc = read_document(text)
    assert doc.title is None
    assert doc.sections[0].blocks[0].line == 1


@pytest.mark.parametrize(
    "heading",
    [
        "Where do we go from here?",
        "What's next",
        "Next steps for the edge team",
        "Future work",
        "How we\u2019re fixing it",
        "How we will fix this",
    ],
)
def test_follow_ups_under_the_headings_blog_posts_use(heading: str) -> None:
    assert classify(heading) == "actions"


@pytest.mark.parametrize("heading", ["Measures", "Countermeasures", "Follow-up measures"])
def test_follow_ups_under_measures_as_translated_reports_name_them(heading: str) -> None:
    assert classify(heading) == "actions"
    text = f"# Card payments failing\n\n## {heading}\n\n- [ ] Test bundle changes\n- [x] Add an alert\n"
    doc = read_document(text)
    assert [section.kind for section in doc.sections] == ["actions"]


def test_a_frontmatter_that_is_not_yaml_is_set_aside_not_read_as_markdown() -> None:
    doc = read_document('---\ntitle: "API outage\nseverity: SEV2\n---\n# API outage\n\nText.\n')
    # Without the block set aside, "severity: SEV2" over "---" would be a heading and the title.
    assert doc.title == "API outage"
    assert doc.broken_frontmatter == (1, 4)
    assert doc.fields == {}
    assert doc.problems[0].startswith("line 2: the frontmatter (lines 1-4) is not valid YAML")


def test_a_block_between_rules_that_is_not_a_frontmatter_stays_text() -> None:
    doc = read_document("---\n# Outage: bad: yaml: here\n\nText: [\n---\n\n## Impact\n\nAll.\n")
    assert doc.broken_frontmatter is None
    assert doc.title == "Outage: bad: yaml: here"


def test_a_frontmatter_never_closed_is_reported() -> None:
    doc = read_document("---\ntitle: API outage\n\n# API outage\n\nText.\n")
    assert doc.title == "API outage"
    assert doc.problems == [
        "line 1: a frontmatter block starts here but no line '---' closes it; read as text"
    ]


def test_a_fact_line_over_a_rule_is_a_fact_not_a_heading() -> None:
    doc = read_document("Severity: SEV2\n---\n\n# API outage\n\n## Impact\n\nAll.\n")
    assert doc.title == "API outage"
    assert doc.fields["severity"].value == "SEV2"


@pytest.mark.parametrize("name", ["Action Items", "Follow-ups", "Next steps"])
@pytest.mark.parametrize("gap", ["\n\n", "\n"])
def test_the_follow_ups_name_alone_over_a_list_is_their_heading_in_markdown(
    name: str, gap: str
) -> None:
    text = (
        f"# Relay queueing\n\n## Root cause\n\nA firewall rule.\n\n{name}{gap}- [ ] Review rules\n"
    )
    doc = read_document(text)
    assert [(s.kind, s.title) for s in doc.sections] == [
        ("root_cause", "Root cause"),
        ("actions", name),
    ]
    assert "Review rules" not in doc.sections[0].text()


@pytest.mark.parametrize(
    "text",
    [
        "Next steps\n\nWe will review the rules.\n",  # no list under it
        "We found the rule.\nNext steps\n\n- [ ] Review rules\n",  # inside a paragraph
        "next steps\n\n- [ ] Review rules\n",  # lower case: a fragment of text
        "Summary\n\n- Mail queued\n",  # only the follow-ups' name
    ],
)
def test_other_lines_alone_stay_text_in_markdown(text: str) -> None:
    doc = read_document("# Relay queueing\n\n## Root cause\n\nA firewall rule.\n\n" + text)
    assert [s.kind for s in doc.sections] == ["root_cause"]


def test_plain_text_headings_are_section_names_alone_on_their_line() -> None:
    text = (
        "Incident report: relay queueing\n\nSeverity: SEV2\n\nSUMMARY\n\nMail queued.\n\n"
        "Root cause:\nA firewall rule.\n\nWhat we saw:\nNothing odd.\n\nIMPACT ON THE TEAM\n\nNone.\n"
    )
    doc = read_document(text, plain_text=True)
    assert doc.title == "relay queueing"
    # Only a section's bare name is a heading: "What we saw:" and a longer capital line are text.
    assert [(s.kind, s.title) for s in doc.sections] == [
        ("summary", "SUMMARY"),
        ("root_cause", "Root cause"),
    ]
    # A Markdown file written on the same layout reads the same names as its headings.
    assert [(s.kind, s.title) for s in read_document(text).sections] == [
        ("summary", "SUMMARY"),
        ("root_cause", "Root cause"),
    ]


NOTICE = (
    "# Booking API rejected logins\n\nDate: 2023-01-14\n\n"
    "{timeline}\n\n- 07:02 Signing key rotated\n- 07:27 Logins succeed again\n\n"
    "{follow_up}\n\n{items}\n"
)


@pytest.mark.parametrize(
    ("follow_up", "title"),
    [
        ("--- follow-up: ---", "follow-up"),
        ("--- Follow-up actions ---", "Follow-up actions"),
        ("-- Action items --", "Action items"),
        ("   ---- Next steps ----  ", "Next steps"),
    ],
)
@pytest.mark.parametrize(
    "items",
    [
        "* Reload keys without a restart\n* Rotate keys in staging first",
        "- Reload keys without a restart\n- Rotate keys in staging first",
        "1. Reload keys without a restart\n2. Rotate keys in staging first",
    ],
)
@pytest.mark.parametrize("plain_text", [False, True])
def test_a_section_name_framed_by_dashes_is_a_heading(
    follow_up: str, title: str, items: str, plain_text: bool
) -> None:
    text = NOTICE.format(
        timeline="--- Timeline (all times CET) ---", follow_up=follow_up, items=items
    )
    doc = read_document(text, plain_text=plain_text)
    assert [(s.kind, s.title) for s in doc.sections] == [
        ("timeline", "Timeline (all times CET)"),
        ("actions", title),
    ]
    made = draft_from_markdown(
        text.encode(),
        "notice.txt" if plain_text else "notice.md",
        MarkdownOptions(corpus_taxonomy()),
    )
    assert [item.action.value for item in made.action_items] == [
        "Reload keys without a restart",
        "Rotate keys in staging first",
    ]
    # The framed timeline heading states the zone: 07:02 CET is 06:02 UTC.
    assert f"{made.timeline['started'].value:%H:%M}" == "06:02"


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("--- Impact ---", "impact"),
        ("-- Root cause: --", "root_cause"),
        ("--- Summary ---", "summary"),
        ("--- Lessons learned ---", "lessons"),
    ],
)
def test_other_section_names_framed_by_dashes_are_their_sections(heading: str, kind: str) -> None:
    doc = read_document(f"# Relay queueing\n\n{heading}\n\nSome words.\n")
    assert [s.kind for s in doc.sections] == [kind]
    assert doc.sections[0].text().strip() == "Some words."


@pytest.mark.parametrize(
    "line",
    [
        "---",  # a rule
        "- - -",  # a rule too
        "-- ",  # a mail signature's separator
        "-- sent from the on-call phone --",  # words between dashes that name no section
        "--- 14:05 ---",
        "--Action items--",  # no space inside the frame: not how a heading is framed
    ],
)
def test_rules_and_other_dash_lines_are_no_headings(line: str) -> None:
    text = f"# Relay queueing\n\n## Root cause\n\nA firewall rule.\n\n{line}\n\n- Review rules\n"
    doc = read_document(text)
    assert [s.kind for s in doc.sections] == ["root_cause"]
    assert "Review rules" in doc.sections[0].text()


def test_a_frontmatter_and_a_code_fence_hold_no_dash_heading() -> None:
    text = (
        "---\ntitle: Relay queueing\n---\n\n## Root cause\n\nA firewall rule.\n\n"
        "```\n-- Action items --\n```\n"
    )
    doc = read_document(text)
    assert doc.title == "Relay queueing"
    assert [s.kind for s in doc.sections] == ["root_cause"]


TIMELINE_THEN_FOLLOW_UPS = (
    "# Booking API rejected logins\n\nDate: 2023-01-14\nSeverity: SEV2\n\n"
    "{timeline}\n\n"
    "- 07:02 Signing key rotated\n"
    "- **07:09** Error rate alert pages the identity on-call\n"
    "- **Mitigated:** 07:27, logins succeed again\n\n"
    "{follow_up}\n\n"
    "- Reload keys without a restart\n- Rotate keys in staging first\n"
)


@pytest.mark.parametrize(
    ("follow_up", "title"),
    [
        ("**Action items**", "Action items"),
        ("**Follow-up:**", "Follow-up"),
        ("__Next steps__", "Next steps"),
        ("--- follow-up: ---", "follow-up"),
        ("-- Action items --", "Action items"),
        ("Action Items", "Action Items"),  # the follow-ups' name alone over their list
    ],
)
@pytest.mark.parametrize(
    "timeline",
    [
        "## Timeline",
        "## Timeline\n\n### 14 January",  # under a sub-heading of the timeline
        "## Timeline\n\n## 14 January",  # under a day of the timeline at its level
        "--- Timeline ---",
    ],
)
def test_a_section_name_alone_on_its_line_ends_the_timeline(
    timeline: str, follow_up: str, title: str
) -> None:
    text = TIMELINE_THEN_FOLLOW_UPS.format(timeline=timeline, follow_up=follow_up)
    doc = read_document(text)
    assert [s.kind for s in doc.sections] == ["timeline", "actions"]
    assert doc.sections[1].title == title
    # The bold time and the bold label start rows: they stay in the timeline.
    timeline_text = doc.sections[0].text()
    assert "**07:09** Error rate alert" in timeline_text
    assert "**Mitigated:** 07:27" in timeline_text
    assert "Reload keys" not in timeline_text
    made = draft_from_markdown(text.encode(), "notice.md", MarkdownOptions(corpus_taxonomy()))
    assert [item.action.value for item in made.action_items] == [
        "Reload keys without a restart",
        "Rotate keys in staging first",
    ]
    assert made.counts["timeline_events"] == 3


def test_a_section_name_alone_on_its_line_ends_the_timeline_in_a_text_file() -> None:
    # An underlined name is a heading of the second level, which a line alone cannot close.
    text = TIMELINE_THEN_FOLLOW_UPS.format(timeline="Timeline\n--------", follow_up="Action items:")
    doc = read_document(text, plain_text=True)
    assert [(s.kind, s.title) for s in doc.sections] == [
        ("timeline", "Timeline"),
        ("actions", "Action items"),
    ]


@pytest.mark.parametrize("phase", ["**Detection**", "**Impact:**", "-- Recovery --"])
def test_a_phase_of_the_incident_alone_on_its_line_stays_in_the_timeline(phase: str) -> None:
    text = (
        "# Booking API rejected logins\n\n## Timeline\n\n- 07:02 Signing key rotated\n\n"
        f"{phase}\n\n- 07:09 Error rate alert pages the identity on-call\n\n"
        "## Action items\n\n- Reload keys without a restart\n"
    )
    doc = read_document(text)
    assert [s.kind for s in doc.sections] == ["timeline", "actions"]
    assert "07:09 Error rate alert" in doc.sections[0].text()


#: Two incidents in one report, each under its day with its own bold parts: the causes are
#: named before the rows, and a bold "Timeline:" brings the day's rows back.
TWO_INCIDENTS_UNDER_THEIR_DAYS = (
    "# Parcel tracker: two outages in one week\n\n"
    "## Incident timeline\n\n"
    "### March 3, 2024 - Queue backlog\n\n"
    "**Duration:** 09:10 to 09:55 UTC\n\n"
    "**Root causes:**\n\n- A consumer pool sized for half the load\n\n"
    "**Timeline:**\n\n"
    "- **09:10 UTC** - Scan events start queueing\n"
    "- **09:14 UTC** - Queue depth alert pages the logistics on-call\n"
    "- **09:55 UTC** - Backlog drained, scans current again\n\n"
    "### March 6, 2024 - Label printing errors\n\n"
    "**Duration:** 14:00 to 14:30 UTC\n\n"
    "**Root causes:**\n\n- A template field renamed without a migration\n\n"
    "**Timeline:**\n\n"
    "- **14:00 UTC** - Label renderer returns errors\n"
    "- **14:30 UTC** - Template reverted, labels print again\n\n"
    "## Action items\n\n- Size the consumer pool from peak load\n"
)


def test_a_bold_timeline_under_a_day_keeps_its_rows_on_that_day() -> None:
    made = draft_from_markdown(
        TWO_INCIDENTS_UNDER_THEIR_DAYS.encode(), "outages.md", MarkdownOptions(corpus_taxonomy())
    )
    assert made.counts["timeline_events"] == 5
    rows = [line for line in made.body.splitlines() if line.startswith("| 2024-")]
    assert [row.split(" | ")[0] for row in rows] == [
        "| 2024-03-03 09:10",
        "| 2024-03-03 09:14",
        "| 2024-03-03 09:55",
        "| 2024-03-06 14:00",
        "| 2024-03-06 14:30",
    ]
    assert made.started.isoformat() == "2024-03-03T09:10:00+00:00"


@pytest.mark.parametrize(
    "group", ["**Root cause identified**", "**Remediation**", "**Follow-up:**", "-- Trigger --"]
)
def test_a_section_name_over_timed_rows_groups_them_in_the_timeline(group: str) -> None:
    # The rows under the line start with a time: they are the timeline's, whatever the
    # line's words name elsewhere.
    text = (
        "# Ledger sync stalled\n\nDate: 2024-05-02\n\n## Timeline\n\n"
        "- 10:00 UTC Sync job stalls\n- 10:05 UTC Lag alert pages the ledger on-call\n\n"
        f"{group}\n\n- 10:20 UTC Worker restarted\n- 10:40 UTC Balances current again\n\n"
        "## Action items\n\n- Add a watchdog to the sync job\n"
    )
    doc = read_document(text)
    assert [s.kind for s in doc.sections] == ["timeline", "actions"]
    made = draft_from_markdown(text.encode(), "ledger.md", MarkdownOptions(corpus_taxonomy()))
    assert made.counts["timeline_events"] == 4
    assert f"{made.timeline['mitigated'].value:%H:%M}" == "10:40"
    assert [item.action.value for item in made.action_items] == ["Add a watchdog to the sync job"]


_ONE_DASH_TABLES = """# Room booking outage

**Date**: 2024-03-12

## Timeline (all times UTC)

|**Time**|**Event**|
| :- | :- |
|09:05|Directory sync deployed with a new group filter|
|09:20|Booking error alert fires|
|09:48|Sync rolled back; rooms listed again|

## Action Items

|**Action Item**|**Owner**|**Status**|
|:-|-|-:|
|Roll back the directory sync|workplace-apps|**DONE**|
|Test that a synced group keeps its rooms|workplace-apps|**TODO**|

## Notes

-
- a list item after an empty one
"""


def test_tables_whose_delimiter_cells_are_one_dash_are_read_as_tables() -> None:
    draft = draft_from_markdown(
        _ONE_DASH_TABLES.encode(), "room-booking.md", MarkdownOptions(corpus_taxonomy())
    )
    started = draft.timeline["started"].value
    assert f"{started:%Y-%m-%d %H:%M}" == "2024-03-12 09:05"
    assert f"{draft.timeline['detected'].value:%H:%M}" == "09:20"
    read = [(i.action.value, i.owner.value, i.status.value) for i in draft.action_items]
    assert read == [
        ("Roll back the directory sync", "workplace-apps", "done"),
        ("Test that a synced group keeps its rooms", "workplace-apps", "open"),
    ]
    # A dash alone on its line is an empty list item, not a table's delimiter row.
    assert "-\n- a list item after an empty one" in draft.body


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Timeline:", "timeline"),
        ("TIMELINE   ", "timeline"),
        ("Issue Summary:", "summary"),
        ("Root Cause and Resolution:", "root_cause"),
        ("ROOT CAUSE AND RESOLUTION", "root_cause"),
        ("Corrective and Preventative Measures:", "actions"),
    ],
)
def test_a_section_name_alone_on_its_line_is_a_heading_in_markdown(line: str, kind: str) -> None:
    text = f"# Fare quotes failing\n\nThe quote service failed.\n\n{line}\n\nThe tariff table lost rows.\n"
    doc = read_document(text)
    assert [s.kind for s in doc.sections] == [kind]
    assert "The tariff table lost rows." in doc.sections[0].text()


@pytest.mark.parametrize(
    "text",
    [
        "Timeline",  # neither a colon nor capitals
        "The quote service failed.\nTimeline:",  # inside a paragraph
        "- The quote service failed.\n\n  Timeline:",  # a paragraph of the list item above
        "> Timeline:",
        "| Timeline: |\n|---|",
        "```\nTimeline:\n```",
        "Root cause of the fare errors:",  # a name that goes on as a sentence
        "Root Cause and the night zones:",
    ],
)
def test_a_section_name_stays_text_outside_a_line_of_its_own(text: str) -> None:
    doc = read_document(f"# Fare quotes failing\n\n{text}\n\nThe tariff table lost rows.\n")
    assert [s.kind for s in doc.sections] == []


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        # Sections of reports written in other languages, through the same table.
        ("问题", None),
        ("现象", None),
        ("时间线", "timeline"),
        ("三、根因分析：", "root_cause"),
        ("修复", "resolution"),
        ("预防", "actions"),
        ("经验教训", "lessons"),
        ("タイムライン", "timeline"),
        ("根本原因", "root_cause"),
        ("再発防止策", "actions"),
        ("教訓", "lessons"),
        ("근본 원인", "root_cause"),
        ("조치 사항", "actions"),
        ("Causa raíz", "root_cause"),
        ("Cronologia", "timeline"),  # the accent left out, as it is often typed
        ("Leçons apprises", "lessons"),
        ("Facteurs contributifs", "contributing"),
        ("Zeitlicher Ablauf", "timeline"),
        ("Maßnahmen", "actions"),
        ("Lições aprendidas", "lessons"),
    ],
)
def test_section_names_in_other_languages(heading: str, kind: str | None) -> None:
    assert classify(heading) == kind


def test_fact_lines_in_other_languages_with_a_full_width_colon() -> None:
    doc = read_document(
        "# 会员积分同步延迟\n\n**日期**：2026-03-02\n**严重程度**： SEV2\n"
        "**持续时间**：约 30 分钟\n**发现人**: 监控告警\n\n## 根因\n\n积分队列堆积。\n"
    )
    assert {key: doc.fields[key].value for key in doc.fields} == {
        "date": "2026-03-02",
        "severity": "SEV2",
        "duration": "约 30 分钟",
        "detection_method": "监控告警",
    }


def _chinese_report(found_by: str) -> str:
    return (
        "# 会员积分同步延迟\n\n"
        "**日期**: 2026-03-02\n"
        "**影响**: 约半小时内，会员下单后积分没有到账。\n"
        f"**发现人**: {found_by}\n\n"
        "## 问题\n\n下单后积分迟迟不到账。\n\n"
        "## 根因\n\n积分服务的消费者在扩容后读错了分区，\n消息一直堆在队列里。\n\n"
        "## 修复\n\n当时修复：\n\n- 重启积分消费者\n\n"
        "## 预防\n\n- 扩容后务必核对消费者的分区分配\n- 为积分队列的堆积量增加告警\n"
    )


@pytest.mark.parametrize(
    ("found_by", "detection"), [("用户", "customer-report"), ("监控告警", "alert")]
)
def test_a_chinese_report_is_read_through_the_same_vocabulary(
    found_by: str, detection: str
) -> None:
    draft = draft_from_markdown(
        _chinese_report(found_by).encode(), "points-sync.md", MarkdownOptions(corpus_taxonomy())
    )
    assert draft.detection.value == detection
    assert draft.title.value == "会员积分同步延迟"
    assert "## Impact\n\n约半小时内，会员下单后积分没有到账。\n" in draft.body
    # A line of Chinese wrapped inside a sentence is joined without a space.
    assert draft.root_cause.value == "积分服务的消费者在扩容后读错了分区，消息一直堆在队列里。"
    # Under the prevention heading the task is an action item, the practice a lesson.
    assert [item.action.value for item in draft.action_items] == ["为积分队列的堆积量增加告警"]
    assert "扩容后务必核对消费者的分区分配" in draft.body.split("## Lessons Learned")[1]


def test_words_inside_html_layout_tags_read_as_the_markdown_they_stand_for() -> None:
    """Coloured spans, <p> and <li><strong> rows: the words are read, not the tags."""
    doc = read_document(
        "# Queue stall\n"
        "\n"
        "<p>Report of the stall of June 3<sup>rd</sup>, 2024.</p>\n"
        '- **<span style="color: #336699;">Start:</span>** 07:10 (UTC)\n'
        "<ol><li><strong>07:10:</strong>Workers &amp; schedulers stopped.</li>\n"
        "Keep `<b>` in code spans as written.\n"
    )
    lines = [text for _, text in doc.prose]
    assert "Report of the stall of June 3rd, 2024." in lines
    assert "- **Start:** 07:10 (UTC)" in lines
    assert "- **07:10:** Workers & schedulers stopped." in lines
    assert "Keep `<b>` in code spans as written." in lines


@pytest.mark.parametrize(
    "name", ["Root Cause and Resolution:", "Corrective and Preventative Measures", "Issue Summary:"]
)
def test_the_layouts_section_names_are_headings_right_under_a_row(name: str) -> None:
    text = (
        "# Fare quotes failing\n\nTimeline:\n10:05 UTC: A tariff table is published.\n"
        f"10:50 UTC: Quotes succeed again.\n{name}\nThe tariff table lost rows.\n"
    )
    doc = read_document(text)
    assert doc.sections[-1].title == name.rstrip(":")
    assert doc.sections[-1].text().strip() == "The tariff table lost rows."


@pytest.mark.parametrize(
    "text",
    [
        "10:50 UTC: Quotes succeed again and the\nRoot Cause and Resolution:",  # runs on into it
        "| 10:50 | Quotes succeed again. |\nRoot Cause and Resolution:",  # under a table row
        "We looked for the root cause.\nTimeline:",  # no name of the layout's own
        "We looked for the root cause.\nRoot Cause and Resolution of the fare errors:",
    ],
)
def test_a_line_right_under_another_stays_text_unless_the_layout_names_it(text: str) -> None:
    doc = read_document(f"# Fare quotes failing\n\n{text}\nThe tariff table lost rows.\n")
    assert [s.kind for s in doc.sections] == []


@pytest.mark.parametrize(
    ("first", "after"),
    [
        ("Postmortem: Fare Quotes Failing - May 14, 2024", "Issue Summary:"),
        ("Fare Quotes Failing in the Tram App", ""),
        ("Fare quote outage (tram app)", "## Summary"),
    ],
)
def test_a_plain_first_line_titles_a_markdown_file(first: str, after: str) -> None:
    doc = read_document(f"{first}\n{after}\nThe quote service failed for an hour.\n")
    assert doc.title is not None
    assert doc.title_line == 1
    assert doc.title.startswith("Fare")


@pytest.mark.parametrize(
    ("first", "after"),
    [
        ("The quote service failed for an hour on 14 May.", ""),  # a sentence
        ("Duration of Disruption:", ""),  # a label
        ("Fares Platform Team", "Post-mortem: fare quotes failing"),  # the writers over the title
        # A link to where the report was discussed, however it is introduced.
        ("Review notes: https://tracker.example/fares/58", ""),
        ("See https://tracker.example/fares/58", ""),
        ("Severity: SEV2", ""),  # a fact
        ("10:05 UTC: A tariff table is published", ""),  # a timeline row
        ("Timeline", ""),  # a section's name
        ("- Fare quotes failing", ""),  # a list
    ],
)
def test_other_first_lines_do_not_title_a_markdown_file(first: str, after: str) -> None:
    doc = read_document(f"{first}\n{after}\nThe quote service failed for an hour.\n")
    assert doc.title is None or doc.title_line != 1


def test_the_layouts_root_cause_line_under_its_heading_is_the_root_cause() -> None:
    text = (
        "Postmortem: Fare Quotes Failing - May 14, 2024\n"
        "Timeline:\n10:05 UTC: A tariff table is published.\n"
        "10:12 UTC: The quote error alert pages the on-call.\n"
        "10:50 UTC: The previous tariff table is restored.\n"
        "Root Cause and Resolution:\n"
        "Root Cause: The tariff export left out the night-zone rows of the table.\n"
        "Resolution: The previous tariff table was put back.\n"
    )
    draft = draft_from_markdown(text.encode(), "fare-quotes.md", MarkdownOptions(corpus_taxonomy()))
    # The cause its own label gives, never the resolution after it.
    assert draft.root_cause.value == "The tariff export left out the night-zone rows of the table."
    # The last row ends at the heading right under it: no section is read into its event.
    assert "| The previous tariff table is restored. |" in draft.body


def test_a_root_cause_in_chinese_keeps_its_first_two_sentences_without_a_space() -> None:
    """Each "。" ends a sentence: the guessed cause is the first two, joined as Chinese
    writes them, with no space after the full stop."""
    text = (
        "# 订单导出超时复盘\n\n## 根因\n\n"
        "导出任务每次都全表扫描订单表。索引在上周迁移时被误删。"
        "扫描占满了只读副本的连接池，其他查询随之排队。\n\n"
        "## 时间线\n\n- 2025-03-04 10:20 UTC 导出任务开始超时\n"
    )
    draft = draft_from_markdown(text.encode(), "export.md", MarkdownOptions(corpus_taxonomy()))
    assert draft.root_cause is not None
    assert draft.root_cause.value == "导出任务每次都全表扫描订单表。索引在上周迁移时被误删。"


@pytest.mark.parametrize(
    ("cause", "expected"),
    [
        (
            "网关把连接池上限改成了 1，所有打印任务都在排队。\n\n修复代码：\n\n"
            "```python\npool.max_connections = 16\n```\n\n手动清理队列的命令如下：\n\n"
            "```bash\nqueue-admin purge --stale\n```\n\n预发环境的打印量太小，没有暴露问题。\n",
            "网关把连接池上限改成了 1，所有打印任务都在排队。预发环境的打印量太小，没有暴露问题。",
        ),
        (
            "ゲートウェイの証明書が古いままだった。確認に使ったコマンドは以下の通り：\n\n"
            "```bash\nrelay check-tls\n```\n\n再試行がエラーを隠していた。\n",
            "ゲートウェイの証明書が古いままだった。再試行がエラーを隠していた。",
        ),
        (
            "网关在连接池满时没有超时，相关配置如下：\n\n```yaml\ntimeout: 0\n```\n\n"
            "请求一直挂起。\n",
            "网关在连接池满时没有超时。请求一直挂起。",
        ),
        (
            "The retry loop never released the lock. The fix is below:\n\n"
            "```python\nlock.release()\n```\n\nLater jobs waited on it.\n",
            "The retry loop never released the lock. Later jobs waited on it.",
        ),
    ],
    ids=["labels-alone", "japanese-label", "cause-before-label", "english-label"],
)
def test_a_label_over_code_is_no_part_of_the_guessed_root_cause(cause: str, expected: str) -> None:
    """A line ending in a colon right over a code block introduces the code ("修复代码：",
    "命令如下：", "コマンドは以下の通り："): the cause is the sentences around it, neither the
    label nor the code; a cause told before the label in the same line is kept."""
    text = (
        "# 打印网关故障复盘\n\n## 根因\n\n"
        + cause
        + "\n## 时间线\n\n- 2025-03-04 10:20 UTC 打印开始排队\n"
    )
    draft = draft_from_markdown(text.encode(), "gateway.md", MarkdownOptions(corpus_taxonomy()))
    assert draft.root_cause is not None
    assert draft.root_cause.value == expected
