"""``personal-names``: a person is found by where the name stands, in any language.

Names below are made up, and chosen outside the rule's list of given names, so
that only the sentence can tell they name a person.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pmkb.problems import Problem

from tests.conftest import BASE_BODY, line_of, lint, only, render_postmortem, write_postmortem


def names_in(root: Path, text: str, **ctx: object) -> list[Problem]:
    write_postmortem(root, "2025/2025-02-09-case.md", text=text)
    return only(lint(root, **ctx), "personal-names")


def with_paragraph(paragraph: str, body: str = BASE_BODY) -> str:
    return render_postmortem(body=body.replace("## Root Cause", f"{paragraph}\n\n## Root Cause"))


def quoted(problems: list[Problem]) -> list[str]:
    """The names the findings quote, sorted (findings on one line come in message order)."""
    return sorted(p.message.split("'")[1] for p in problems)


@pytest.mark.parametrize(
    ("sentence", "names"),
    [
        ("| 2025-02-09 10:20 | Dagrun noticed the error rate and opened a bridge |", ["Dagrun"]),
        ("Torvald and Sigrid discussed rolling back the release.", ["Torvald", "Sigrid"]),
        ("Bendik Aas arrived at 10:40 and took over the bridge.", ["Bendik Aas"]),
        ("Oddvar Lunde reports that the pool is full again.", ["Oddvar Lunde"]),
        ("The first reports came from support (thanks, Anouk de Vries).", ["Anouk de Vries"]),
        ("The on-call engineer handed the incident over to Kjetil at 10:30.", ["Kjetil"]),
        ("The on-call engineer asked Kjetil to check the pool size.", ["Kjetil"]),
        ("The incident commander pinged Ingrid and cc Dagrun on the ticket.", ["Ingrid", "Dagrun"]),
        ("Thanks to Oddvar the rollback went quickly.", ["Oddvar"]),
        ("An incident manager (Sigrid Halvorsen) was appointed at 11:00.", ["Sigrid Halvorsen"]),
        ("Torvald also mentions that the dashboard was empty.", ["Torvald"]),
        ("| 2025-02-09 10:07 | Error-rate alert fires and pages Dagrun |", ["Dagrun"]),
        ("Alertmanager paged Torvald, who woke up Sigrid at 10:15.", ["Torvald", "Sigrid"]),
    ],
)
def test_a_name_where_a_person_stands(corpus_root: Path, sentence: str, names: list[str]) -> None:
    text = with_paragraph(sentence)
    found = names_in(corpus_root, text)
    assert quoted(found) == sorted(names)
    assert {p.line for p in found} == {line_of(text, sentence[:20])}
    assert all("use a role or team instead" in p.message for p in found)


def test_capitalised_technical_words_are_not_people(corpus_root: Path) -> None:
    """Products, regions, weekdays and the report's own teams stand where people
    stand in good writing too; none of them is a person."""
    paragraph = (
        "On Monday the Kafka consumer lagged and Traefik returned 502s after Kubernetes "
        "evicted the ingress pods in eu-west-1. Payments noticed the lag first; the "
        "Payments Platform team asked AWS Support to check the load balancer, and "
        "Support said in March that it was healthy. Kafka said nothing in its logs: "
        "the kafka broker was idle. We discussed it with Platform. Orders-db reports "
        "that no query waited. Alert noticed by the on-call engineer.\n\n"
        "| 2025-02-09 10:50 | Failed over to Frankfurt; checkout errors fall back to zero |"
    )
    text = with_paragraph(paragraph, BASE_BODY).replace(
        "teams: [payments-platform]", "teams: [payments-platform, payments]"
    )
    assert names_in(corpus_root, text) == []


def test_an_action_item_starts_with_its_verb(corpus_root: Path) -> None:
    text = render_postmortem(
        action_items__0__action="Add suspected credential stuffing to the paging criteria"
    )
    assert names_in(corpus_root, text) == []


def test_initials_under_attendees(corpus_root: Path) -> None:
    """One finding for the line, naming every entry that is a person."""
    body = BASE_BODY + "\n## Attendees\n\n- RF, PW and AN\n- SRE\n- payments-platform\n"
    text = render_postmortem(body=body)
    found = names_in(corpus_root, text)
    assert [(p.line, p.message.split(" look like")[0]) for p in found] == [
        (line_of(text, "- RF, PW"), "'RF', 'PW', 'AN'")
    ]
    assert "listing the teams or roles that took part" in found[0].message


def test_a_full_name_under_attendees(corpus_root: Path) -> None:
    body = BASE_BODY + "\n## Participants\n\n- Sigrid Halvorsen\n- Payments Platform\n"
    text = render_postmortem(body=body)
    assert [p.message.split(" look like")[0] for p in names_in(corpus_root, text)] == [
        "'Sigrid Halvorsen'"
    ]


ORIGINAL = """
## Original report

````markdown
# Checkout errors

```
Dagrun noticed nothing in this log line
```

- 10:20 Dagrun noticed the error rate; @kjetil-h pinged @here.
- [ ] Alert on pool saturation (@payments-platform, due 2025-03-01)
````
"""


def test_the_original_report_is_checked_and_says_how_to_redact(corpus_root: Path) -> None:
    """An importer keeps the source under "Original report", which the incident
    page publishes: a name there is a name on the site."""
    text = render_postmortem(body=BASE_BODY + ORIGINAL)
    found = names_in(corpus_root, text)
    assert quoted(found) == ["@kjetil-h", "Dagrun"]
    assert {p.line for p in found} == {line_of(text, "- 10:20 Dagrun")}
    assert all("original report" in p.message and "redact" in p.message for p in found)


def test_allowed_words_are_not_names_in_any_place(corpus_root: Path) -> None:
    text = with_paragraph("Dagrun noticed the lag; the team asked Dagrun to scale the pool.")
    assert len(names_in(corpus_root, text)) == 2
    assert names_in(corpus_root, text, allowed_words=frozenset({"Dagrun"})) == []


# Verbs a system does too ("restarted", "failed over", "rolled back", "paged"):
# their subject is a person only when the sentence says so.
@pytest.mark.parametrize(
    ("sentence", "names"),
    [
        ("Torvald manually failed over the primary.", ["Torvald"]),
        ("| 2025-02-09 10:25 | Kjetil (SRE) restarted the pods |", ["Kjetil"]),
        ("Sigrid, the on-call engineer, rolled back the deploy.", ["Sigrid"]),
        ("Oddvar joined the bridge at 10:40 and restarted the pods.", ["Oddvar"]),
        ("Ingrid was paged at 10:07 and failed over the primary.", ["Ingrid"]),
        ("Sigrid rolled back the API deploy once she saw the error rate.", ["Sigrid"]),
        ("Torvald failed over the primary; he then watched the replica lag.", ["Torvald"]),
        ("Dagrun paged the database team. She stayed on the bridge.", ["Dagrun"]),
        ("Anouk de Vries rolled back the deploy.", ["Anouk de Vries"]),
        ("Kjetil from the storage team restarted the pods.", ["Kjetil"]),
        ("Bendik Aas took over the incident and reverted the flag.", ["Bendik Aas"]),
    ],
)
def test_a_person_before_a_verb_systems_also_do(
    corpus_root: Path, sentence: str, names: list[str]
) -> None:
    text = with_paragraph(sentence)
    found = names_in(corpus_root, text)
    assert quoted(found) == sorted(names)
    assert {p.line for p in found} == {line_of(text, sentence[:20])}


@pytest.mark.parametrize(
    "sentence",
    [
        "Redis restarted the pods.",
        "Kafka failed over to the replica.",
        "Checkout rolled back the deploy.",
        "Jenkins paged the on-call engineer.",
        "Kubernetes restarted the pods after the probe failed; the on-call engineer "
        "watched his dashboard.",
        "Redis restarted, and the on-call engineer saw her graphs recover.",
        "Patroni failed over the primary within 30 seconds.",
        "Argo rolled back the release automatically.",
        "Opsgenie escalated to the secondary after five minutes.",
        "Nomad drained the node and rescheduled the tasks.",
        "Quasarq failed over; her replica was behind.",
        "Payments rolled back the release once they saw the error rate.",
        "Ledger, the accounting service, restarted its workers.",
        "Nomad, the scheduler for engineers, drained the node.",
        "Quasarq rolled back once Zendly alerted; she had paged the team.",
        "The scheduler, Nomad, drained the node.",
        "Cloud Run restarted the revision.",
        "After the release, Grafana paged the team.",
        "Alertmanager paged Payments and then the storage on-call.",
        "Jenkins paged SRE at 10:06.",
        "Error pages Monday morning showed a blank page.",
        "api-service restarted and orders-db failed over.",
    ],
)
def test_a_thing_before_a_verb_systems_also_do(corpus_root: Path, sentence: str) -> None:
    text = with_paragraph(sentence).replace(
        "teams: [payments-platform]", "teams: [payments-platform, payments]"
    )
    assert names_in(corpus_root, text) == []


def test_a_person_named_in_one_place_is_named_everywhere(corpus_root: Path) -> None:
    """Where a system could have done it too, the report's own naming of the
    person elsewhere says who did it."""
    paragraph = (
        "Dagrun noticed the lag at 10:20 and opened a bridge.\n"
        "At 10:25 Dagrun restarted the pods.\n\n"
        "| 2025-02-09 10:30 | Bendik Aas failed over the primary |\n\n"
        "Kjetil asked Bendik Aas to watch the replica, and Aas paged the database team."
    )
    text = with_paragraph(paragraph)
    found = names_in(corpus_root, text)
    assert sorted((p.line, p.message.split("'")[1]) for p in found) == sorted(
        [
            (line_of(text, "Dagrun noticed"), "Dagrun"),
            (line_of(text, "At 10:25 Dagrun"), "Dagrun"),
            (line_of(text, "| 2025-02-09 10:30 | Bendik"), "Bendik Aas"),
            (line_of(text, "Kjetil asked"), "Bendik Aas"),
            (line_of(text, "Kjetil asked"), "Kjetil"),
            (line_of(text, "Kjetil asked"), "Aas"),
        ]
    )


def test_a_word_written_as_code_is_a_thing(corpus_root: Path) -> None:
    """The report's code spans (`ledgerly`, a service id) name things: the same
    word capitalised where a person could stand is that thing."""
    sentence = "Ledgerly reports that no query waited."
    assert quoted(names_in(corpus_root, with_paragraph(sentence))) == ["Ledgerly"]
    with_code = with_paragraph(f"The accounting service runs as `ledgerly-api`. {sentence}")
    assert names_in(corpus_root, with_code) == []
    # A handle or an address in code is a person's, not a thing's name.
    for code in ("`@ledgerly-h`", "`ledgerly.h@example.com`"):
        text = with_paragraph(f"{sentence} See {code}.")
        assert "Ledgerly" in quoted(names_in(corpus_root, text))


@pytest.mark.parametrize(
    ("sentence", "names"),
    [
        ("The cluster manager (Patroni) failed over the primary.", []),
        ("Quasarq (the secrets manager) rotated the keys at 10:30.", []),
        ("The group coordinator (Zendly) moved the partitions.", []),
        ("The crash reporter (Bugsnarl) sent no events.", []),
        ("The incident manager (Sigrid) opened the bridge.", ["Sigrid"]),
        ("Sigrid (the release manager) paused the train.", ["Sigrid"]),
        ("The service owner (Torvald) approved the rollback.", ["Torvald"]),
    ],
)
def test_a_program_in_a_role_is_a_thing(corpus_root: Path, sentence: str, names: list[str]) -> None:
    """A bracket beside a role a program plays names the program."""
    assert quoted(names_in(corpus_root, with_paragraph(sentence))) == names


def test_a_given_name_the_report_gives_a_thing_is_that_thing(corpus_root: Path) -> None:
    """A listed given name is a person wherever it stands, unless the report names
    one of its services, teams or code so."""
    sentence = "Oscar restarted the workers at 10:30."
    assert quoted(names_in(corpus_root, with_paragraph(sentence))) == ["Oscar"]
    service = with_paragraph(sentence).replace(
        "services: [api-service, orders-db]", "services: [api-service, orders-db, oscar-api]"
    )
    assert names_in(corpus_root, service) == []
    assert names_in(corpus_root, with_paragraph(f"{sentence} See `oscar status`.")) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Priya restarted the pods.",
        "Tom failed over the primary.",
        "Sam rolled back the deploy.",
        "Lena paged the database team.",
    ],
)
def test_a_listed_given_name_before_a_verb_systems_also_do(
    corpus_root: Path, sentence: str
) -> None:
    """Given names of the list are people before any verb."""
    assert quoted(names_in(corpus_root, with_paragraph(sentence))) == [sentence.split()[0]]
