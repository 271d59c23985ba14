"""Which timeline rows become the start and the end of impact: preparation and changes before
the impact, measures stated under "Stats", and fixes told as failures."""

from __future__ import annotations

from pathlib import Path

import pytest
from pmkb.importers.draft import Draft
from pmkb.importers.markdown import MarkdownOptions, draft_from_markdown
from pmkb.importers.values import detection_from_text

from tests.importers.conftest import corpus_taxonomy
from tests.importers.test_timeline_order import keys_of


def draft_of(rows: str, stats: str = "") -> dict[str, tuple[str, str]]:
    text = (
        "# Billing API outage\n\n## Timeline\n\nAll times in UTC.\n\n"
        "| Time | Event |\n| --- | --- |\n" + rows + "\n## Action Items\n\n- Add an alert\n"
    )
    if stats:
        text += "\n## Stats\n\n" + stats
    draft = draft_from_markdown(text.encode(), "billing.md", MarkdownOptions(corpus_taxonomy()))
    return {
        key: (f"{value.value:%m-%d %H:%M}", value.note)
        for key, value in draft.timeline.items()
        if value.how != "missing"
    }


def test_preparation_rows_before_the_impact_are_not_the_start() -> None:
    keys = draft_of(
        "| 2024-02-01 09:00 | Billing workshop started |\n"
        "| 2024-02-03 10:00 | Scheduled node rollover initiated |\n"
        "| 2024-02-04 11:00 | Invoices fail with 500 errors |\n"
        "| 2024-02-04 11:40 | Error rate back to normal |\n"
    )
    when, note = keys["started"]
    assert when == "02-04 11:00"
    # The TODO quotes the rows passed over and the row taken.
    assert '"Billing workshop started"' in note and '"Scheduled node rollover initiated"' in note
    assert "Invoices fail with 500 errors" in note


@pytest.mark.parametrize(
    "onset",
    ["Invoice API starts failing", "First errors seen on the invoice API"],
)
def test_a_warning_logged_hours_before_the_impact_is_not_the_start(onset: str) -> None:
    keys = draft_of(
        "| 2024-02-04 03:10 | Disk usage warning on the billing replica (ignored) |\n"
        f"| 2024-02-04 09:40 | {onset} |\n"
        "| 2024-02-04 09:52 | Error rate alert fires |\n"
        "| 2024-02-04 10:30 | Replica disk cleaned; error rate back to normal |\n"
    )
    when, note = keys["started"]
    assert when == "02-04 09:40"
    assert '"Disk usage warning on the billing replica (ignored)"' in note
    # The warning is no detection either: nothing is detected before the start.
    assert keys["detected"][0] == "02-04 09:52"


def test_a_warning_then_a_change_that_led_straight_to_the_impact_starts_at_the_change() -> None:
    keys = draft_of(
        "| 2024-02-04 03:10 | Notice from the host: replica maintenance tonight |\n"
        "| 2024-02-04 09:35 | Billing API 2.4 deployed |\n"
        "| 2024-02-04 09:40 | Invoice API starts failing |\n"
        "| 2024-02-04 10:30 | Error rate back to normal |\n"
    )
    assert keys["started"][0] == "02-04 09:35"


@pytest.mark.parametrize(
    "rows",
    [
        # The first row says the errors began: it stays the start.
        (
            "| 2024-02-04 03:10 | Invoice errors begin; disk usage warning on the replica |\n"
            "| 2024-02-04 09:40 | Invoice API starts failing for every account |\n"
        ),
        # A warning that tells impact itself is the first sign of it.
        (
            "| 2024-02-04 03:10 | Warning: invoice errors at 5% |\n"
            "| 2024-02-04 09:40 | Invoice API starts failing |\n"
        ),
        # No later row says the impact began: the warning may have been its first sign.
        (
            "| 2024-02-04 03:10 | Disk usage warning on the billing replica |\n"
            "| 2024-02-04 09:40 | Invoice error rate rises |\n"
        ),
    ],
)
def test_a_first_row_that_tells_impact_or_an_unexplained_warning_stays_the_start(
    rows: str,
) -> None:
    keys = draft_of(rows + "| 2024-02-04 10:30 | Error rate back to normal |\n")
    assert keys["started"][0] == "02-04 03:10"


@pytest.mark.parametrize(
    "warning",
    [
        "Disk usage warning on the billing replica (ignored)",
        "Certificate of the billing gateway expires in 7 days",
        "Billing replica disk will be full in 3 days",
    ],
)
@pytest.mark.parametrize(
    "impact", ["Invoice error rate rises to 30%", "Invoice API latency p99 at 8 s"]
)
def test_impact_told_hours_after_a_warning_set_aside_or_ahead_is_the_start(
    warning: str, impact: str
) -> None:
    # The warning was set aside, or tells of trouble to come: the row that tells impact hours
    # later is the start, though it does not say the impact began.
    keys = draft_of(
        f"| 2024-02-04 03:10 | {warning} |\n"
        f"| 2024-02-04 09:40 | {impact} |\n"
        "| 2024-02-04 10:30 | Replica disk cleaned; error rate back to normal |\n"
    )
    when, note = keys["started"]
    assert when == "02-04 09:40"
    assert f'"{warning}"' in note


def test_a_warning_set_aside_minutes_before_the_impact_stays_the_start() -> None:
    # Minutes before, the warning may well be the first sign of the impact.
    keys = draft_of(
        "| 2024-02-04 09:30 | Invoice latency warning (ignored) |\n"
        "| 2024-02-04 09:40 | Invoice error rate rises to 30% |\n"
        "| 2024-02-04 10:30 | Error rate back to normal |\n"
    )
    assert keys["started"][0] == "02-04 09:30"


def test_a_change_that_led_straight_to_the_impact_stays_the_start() -> None:
    keys = draft_of(
        "| 2024-02-04 10:58 | Billing API 2.4 deployed |\n"
        "| 2024-02-04 11:00 | Invoices fail with 500 errors |\n"
    )
    assert keys["started"][0] == "02-04 10:58"


def test_rows_that_only_tell_changes_keep_the_first_with_a_todo() -> None:
    keys = draft_of(
        "| 2024-02-04 09:00 | Billing API upgrade commenced |\n"
        "| 2024-02-04 12:00 | Billing API 2.4 deployed |\n"
    )
    when, note = keys["started"]
    assert when == "02-04 09:00"
    assert "no row tells impact" in note


def test_stats_move_the_start_to_the_row_they_are_counted_from() -> None:
    keys = draft_of(
        "| 2024-02-04 09:00 | Billing API upgrade commenced |\n"
        "| 2024-02-04 09:59 | Billing chart 1.2 released |\n"
        "| 2024-02-04 10:00 | 503 answers seen by customers |\n"
        "| 2024-02-04 10:04 | Pool attached again to the balancer |\n",
        "- Time to detection: 1 minutes\n- Time to recovery: 5 minutes\n",
    )
    assert keys["started"][0] == "02-04 09:59"
    assert keys["detected"][0] == "02-04 10:00"
    assert keys["mitigated"][0] == "02-04 10:04"
    assert '"Time to detection: 1 minutes" lands on line' in keys["started"][1]


def test_a_measure_never_puts_the_mitigation_before_the_impact() -> None:
    # Every row is a change but the last; the stats land on no row from any of them.
    keys = draft_of(
        "| 2024-02-04 08:00 | Billing API upgrade commenced |\n"
        "| 2024-02-04 08:05 | Billing database migrated |\n"
        "| 2024-02-04 10:00 | Customers report failed payments |\n",
        "- Time to detection: 7 minutes\n- Time to recovery: 9 minutes\n",
    )
    assert keys["started"][0] == "02-04 10:00"
    assert "mitigated" not in keys or keys["mitigated"][0] >= "02-04 10:00"


def test_a_revert_told_as_the_failure_or_as_no_help_is_no_mitigation() -> None:
    for failure in (
        "A review pull request unexpectedly starts the pipeline, which reverts the settings.",
        "Pipeline ungracefully reverts the changes to the cluster.",
        "The change that triggered the alerts is reverted; the revert did not solve the cause.",
    ):
        keys = keys_of(
            "- 10:00 UTC Error alerts fire for the ledger.\n"
            f"- 10:20 UTC {failure}\n"
            "- 11:30 UTC All ledger writers verified operational.\n"
        )
        assert keys["mitigated"] == "11:30", failure


def test_confirmed_working_ends_the_impact() -> None:
    for ended in (
        "Sign-in confirmed working for every tenant.",
        "Service operational.",
        "Everything is working as expected again according to the tenant.",
    ):
        keys = keys_of(f"- 10:00 UTC Sign-in errors reported by tenants.\n- 10:40 UTC {ended}\n")
        assert keys.get("mitigated") == "10:40", ended
    # Not working as expected is no recovery.
    keys = keys_of("- 10:00 UTC Alert fires.\n- 10:40 UTC Exports weren't working as expected.\n")
    assert "mitigated" not in keys


def test_a_late_response_guess_gives_way_to_a_measured_mitigation() -> None:
    keys = draft_of(
        "| 2024-02-04 08:00 | Balancers switched to the new proxy |\n"
        "| 2024-02-04 08:40 | A developer reports redirect errors |\n"
        "| 2024-02-04 09:10 | Deep dive investigation started with the vendor |\n",
        "- Time to detection: 40 minutes\n- Time to recovery: 60 minutes\n",
    )
    assert keys["mitigated"][0] == "02-04 09:00"
    assert "acknowledged" not in keys


def test_what_was_cleared_says_whether_impact_ended() -> None:
    # A lock or a cache cleared is a step of the response; the impact goes on.
    for step in (
        "Plan state lock forcefully cleared.",
        "Config cache cleared",
        "The DNS cache was cleared on every resolver",
    ):
        keys = keys_of(
            "- 10:00 UTC Deploy errors reported by the platform team.\n"
            f"- 10:20 UTC {step}\n- 10:50 UTC All deploy runners verified operational.\n"
        )
        assert keys.get("mitigated") == "10:50", step
    # The alert, the errors or the impact cleared: impact ended there.
    for ended in ("Error rate alert cleared", "All alerts have cleared.", "Timeouts cleared"):
        keys = keys_of(
            f"- 10:00 UTC Alert fires for the deploy API.\n- 10:20 UTC {ended}\n"
            "- 10:50 UTC Incident closed.\n"
        )
        assert keys.get("mitigated") == "10:20", ended


def test_something_said_to_work_again_ends_the_impact() -> None:
    for ended in (
        "Orders were accepted again.",
        "Traffic flowing again through the east gateway",
        "Checkout latency back to normal",
        "Card payments processed normally again",
        "Lockers accept pickup codes again",
        "Edges serve the new avatars again",
        "Scan events flowing to the tracking service again",
    ):
        keys = keys_of(f"- 10:00 UTC Checkout errors reported.\n- 10:40 UTC {ended}\n")
        assert keys.get("mitigated") == "10:40", ended
    # The trouble back again is no end.
    for trouble in (
        "Orders were rejected again.",
        "Workers restarted again",
        "Alert fired again",
        "Edges serve stale avatars again",
    ):
        keys = keys_of(f"- 10:00 UTC Checkout errors reported.\n- 10:40 UTC {trouble}\n")
        assert "mitigated" not in keys, trouble


@pytest.mark.parametrize(
    "ended",
    [
        "Bucket permissions fixed; exports written again",
        "Exports written again to the finance bucket",
        "Invoices sent again",
        "Nightly reports rewritten again after the fix",
        "Bucket policy restored and statements stored again",
        "Reports published again",
        "Shipping notices delivered again",
        "Queued uploads processed again",
    ],
)
def test_work_done_again_after_a_fix_ends_the_impact(ended: str) -> None:
    # The work the service does, said to be done again: written, sent, stored, published.
    keys = keys_of(f"- 10:00 UTC Export jobs fail to write to the bucket.\n- 10:40 UTC {ended}\n")
    assert keys.get("mitigated") == "10:40", ended


@pytest.mark.parametrize("again", ["exports written again", "invoices sent again"])
def test_work_done_again_with_a_rollback_is_the_end_there(again: str) -> None:
    # The rollback's own row says the work is done again: no later row is its outcome.
    keys = keys_of(
        "- 10:00 UTC Export jobs fail to write to the bucket.\n"
        f"- 10:20 UTC Exporter config rolled back; {again}\n"
        "- 10:50 UTC Error rate back to normal\n"
    )
    assert keys.get("mitigated") == "10:20", again


@pytest.mark.parametrize(
    "trouble",
    [
        "Exports failed again",
        "Write errors seen again",
        "Stale data written again",
        "Empty files sent again",
        "Corrupt statements stored again",
    ],
)
def test_work_done_again_that_tells_trouble_ends_nothing(trouble: str) -> None:
    keys = keys_of(f"- 10:00 UTC Export jobs fail to write to the bucket.\n- 10:40 UTC {trouble}\n")
    assert "mitigated" not in keys, trouble


@pytest.mark.parametrize(
    "ended",
    [
        "Configuração corrigida; etiquetas impressas novamente",
        "Pedidos fluindo de novo",
        "Etiquetas impresas de nuevo",
        "Pedidos procesados otra vez",
        "Étiquettes imprimées à nouveau",
        "Le service d'étiquettes refonctionne",
        "Etiketten werden wieder gedruckt",
        "Bestellungen fließen wieder",
    ],
)
def test_work_done_again_in_other_languages_ends_the_impact(ended: str) -> None:
    keys = keys_of(f"- 10:00 UTC Label printing fails in the north depot.\n- 10:40 UTC {ended}\n")
    assert keys.get("mitigated") == "10:40", ended


@pytest.mark.parametrize(
    "trouble",
    [
        "Workers reiniciados novamente",
        "Etiquetas antigas impressas novamente",
        "Pedidos rechazados otra vez",
        "Alerte déclenchée à nouveau",
        "Étiquettes vides imprimées de nouveau",
        "Worker wieder neu gestartet",
        "Alte Etiketten wieder gedruckt",
    ],
)
def test_trouble_done_again_in_other_languages_ends_nothing(trouble: str) -> None:
    keys = keys_of(f"- 10:00 UTC Label printing fails in the north depot.\n- 10:40 UTC {trouble}\n")
    assert "mitigated" not in keys, trouble


def test_a_site_serving_its_pages_again_ends_the_impact_a_pager_going_off_again_does_not() -> None:
    # "page" is the site's page, the object of serving, not the pager.
    for ended in ("Archive serving pages again", "Docs site serves every page again"):
        keys = keys_of(f"- 10:00 UTC Docs site returns 404.\n- 10:40 UTC {ended}\n")
        assert keys.get("mitigated") == "10:40", ended
    for trouble in ("On-call paged again", "Latency alert pages again"):
        keys = keys_of(f"- 10:00 UTC Docs site returns 404.\n- 10:40 UTC {trouble}\n")
        assert "mitigated" not in keys, trouble


@pytest.mark.parametrize(
    ("told", "kind"),
    [
        ("Someone told us on the chat that the site was down", "internal-report"),
        ("A colleague from the sales team told us the invoices were blank", "internal-report"),
        ("We were told by a customer that the invoices were blank", "customer-report"),
        ("A user reported that the invoices were blank", "customer-report"),
    ],
)
def test_a_person_who_told_us_is_the_detection_and_a_report(told: str, kind: str) -> None:
    # However the sentence goes on after "told us", the row is the news reaching the team, and
    # a person's report, not the alert that fires later.
    rows = (
        f"- 10:00 UTC Invoice renderer produces blank invoices\n- 10:12 UTC {told}\n"
        "- 10:30 UTC Render error alert fires\n- 10:50 UTC Invoices rendering again\n"
    )
    assert keys_of(rows)["detected"] == "10:12"
    text = f"# Invoice outage\n\n**Date:** 2024-06-11\n\n## Timeline\n\n{rows}"
    draft = draft_from_markdown(text.encode(), "invoices.md", MarkdownOptions(corpus_taxonomy()))
    assert draft.detection.value == kind


def test_web_pages_published_or_updated_are_no_pager() -> None:
    # A page a site publishes or serves, or the status page, is no page to the on-call.
    for web_page in (
        "Pages published again at 14:20",
        "The pages were served again",
        "Status page updated",
        "A shop assistant reports old prices on the product pages",
    ):
        assert detection_from_text(web_page) != "alert", web_page
    for paged in (
        "Paged the on-call",
        "PagerDuty page for the gateway",
        "The page fired",
        "We got paged",
    ):
        assert detection_from_text(paged) == "alert", paged
    for ended in ("Pages published again", "The pages were served again"):
        keys = keys_of(f"- 10:00 UTC Docs site returns 404.\n- 10:40 UTC {ended}\n")
        assert keys.get("mitigated") == "10:40", ended


@pytest.mark.parametrize(
    "restore",
    [
        "During the restore drill the replica disk filled up",
        "The restore took two hours",
        "A restore of the database started at 10:05",
    ],
)
def test_a_restore_as_a_noun_is_no_end_of_impact(restore: str) -> None:
    rows = f"- 09:40 UTC Ledger writes fail.\n- 09:50 UTC Write error alert fires.\n- 10:05 UTC {restore}\n"
    assert "mitigated" not in keys_of(rows), restore
    # The service or access said to be restored still ends it.
    for restored in ("Service restored at 11:40", "Access was restored"):
        assert keys_of(rows + f"- 11:40 UTC {restored}\n").get("mitigated") == "11:40", restored


def test_a_monitoring_mail_is_the_detection() -> None:
    keys = keys_of(
        "- 10:00 UTC Archive answers with 502\n"
        "- 10:08 UTC Monitoring mail to the infra list: archive check failing\n"
    )
    assert keys.get("detected") == "10:08"


def test_work_that_stops_is_where_impact_began_never_its_end() -> None:
    # What stops is the work that should go on: impact begins there, past the change before it.
    for stopped in (
        "Writes to the ledger primary stopped",
        "Shipment events stopped arriving from the carrier feed",
        "Metrics stopped being exported by the edge nodes",
        "The refunds queue stopped draining",
        "Card payments ceased to be processed",
    ):
        keys = draft_of(
            "| 2024-02-04 08:00 | Ledger schema migration started |\n"
            f"| 2024-02-04 10:00 | {stopped} |\n"
            "| 2024-02-04 10:20 | Finance team reports missing invoices |\n"
            "| 2024-02-04 11:00 | Migration reverted, invoices recovered |\n"
        )
        assert keys["started"][0] == "02-04 10:00", stopped
        assert keys["mitigated"][0] == "02-04 11:00", stopped
        # Later in the story it is no end of impact either, whatever else its words say.
        keys = keys_of(
            "- 10:00 UTC Finance team reports missing invoices.\n"
            f"- 10:20 UTC {stopped}.\n- 10:30 UTC Password recovery emails stopped being sent.\n"
        )
        assert "mitigated" not in keys, stopped
    # Someone stopping something, or a change halted, is a step that tells no impact.
    for step in ("We stopped the ledger workers", "The export job was stopped", "Rollout stopped"):
        keys = draft_of(
            "| 2024-02-04 08:00 | Ledger schema migration started |\n"
            f"| 2024-02-04 10:00 | {step} |\n"
            "| 2024-02-04 11:30 | Finance team reports missing invoices |\n"
        )
        assert keys["started"][0] != "02-04 10:00", step


def test_a_worker_that_stops_its_work_is_impact_whatever_trouble_its_words_name() -> None:
    # What stopped is the worker ("consumer", "worker", "job") and its work: impact begins,
    # even when words about the worker or before it name trouble.
    for stopped in (
        "After the broker failover the points consumer stops reading from the queue",
        "Delayed-orders worker stopped processing jobs",
        "Due to an expired token the sync job stops picking up files",
        "The unhealthy invoice worker on node 3 stopped processing jobs",
    ):
        keys = draft_of(
            "| 2024-02-04 08:00 | Broker maintenance window opened |\n"
            f"| 2024-02-04 10:00 | {stopped} |\n"
            "| 2024-02-04 10:20 | Finance team reports missing invoices |\n"
            "| 2024-02-04 11:00 | Worker restarted, invoices processed again |\n"
        )
        assert keys["started"][0] == "02-04 10:00", stopped
        assert keys["mitigated"][0] == "02-04 11:00", stopped
        keys = keys_of(
            f"- 10:00 UTC Finance team reports missing invoices.\n- 10:20 UTC {stopped}.\n"
        )
        assert "mitigated" not in keys, stopped
    # The trouble stopping still ends it, the worker's or told of the worker.
    for ended in (
        "Invoice worker stopped crashing",
        "Errors from the points consumer stopped appearing",
        "Timeouts of the sync job ceased",
    ):
        keys = keys_of(
            f"- 10:00 UTC Finance team reports missing invoices.\n- 10:20 UTC {ended}.\n"
        )
        assert keys.get("mitigated") == "10:20", ended


def test_an_alert_that_says_something_stopped_is_no_end_of_impact() -> None:
    # What stopped is what the alert tells of, never the alert: the relay stopping is impact.
    for told in (
        "The relay health check alerted the on-call engineer that the relay had stopped answering",
        "Support reported that label printing stopped",
    ):
        keys = draft_of(
            f"| 2024-02-04 10:00 | {told} |\n"
            "| 2024-02-04 10:40 | Traffic moved to the standby relay; messages delivered again |\n"
        )
        assert keys["started"][0] == "02-04 10:00", told
        assert keys["mitigated"][0] == "02-04 10:40", told
    # A failure told of as stopping still ends impact: "that" after a noun is no report's.
    keys = draft_of(
        "| 2024-02-04 10:00 | Invoices fail with 500 errors |\n"
        "| 2024-02-04 10:30 | Monitoring showed that the errors stopped |\n"
    )
    assert keys["mitigated"][0] == "02-04 10:30"


def test_a_backlog_that_stops_growing_is_never_where_impact_began() -> None:
    # The trouble stopped getting worse: a step on the way back, not impact beginning, even
    # when the change before it is well over an hour earlier.
    for eased in (
        "The upload queue stopped growing",
        "Error rate stopped climbing",
        "Retries stopped piling up",
    ):
        keys = draft_of(
            "| 2024-02-04 08:00 | Consumer release 2.4 deployed |\n"
            "| 2024-02-04 09:40 | Invoices fail with 500 errors |\n"
            f"| 2024-02-04 10:20 | {eased} |\n"
            "| 2024-02-04 10:50 | Backlog drained |\n"
        )
        assert keys["started"][0] == "02-04 09:40", eased
        assert keys["mitigated"][0] == "02-04 10:50", eased
    for eased in ("The upload queue stopped growing", "Retries stopped piling up"):
        keys = draft_of(
            "| 2024-02-04 08:00 | Consumer release 2.4 deployed |\n"
            f"| 2024-02-04 10:20 | {eased} |\n"
        )
        assert keys["started"][0] != "02-04 10:20", eased


def test_a_hotfix_deployment_completed_ends_impact_its_start_does_not() -> None:
    # As "Fix deployed" does; the deployment starting is a step of the response.
    keys = keys_of(
        "- 10:00 UTC Checkout errors reported by support.\n"
        "- 10:25 UTC Hotfix deployment started.\n"
        "- 10:40 UTC Hotfix deployment completed.\n"
        "- 11:30 UTC Incident closed.\n"
    )
    assert keys.get("mitigated") == "10:40"


def test_a_stabilised_fact_is_the_end_of_impact_in_either_spelling() -> None:
    for label in ("Stabilized", "Service stabilised"):
        text = (
            f"# Checkout errors\n\n**Date:** 2024-06-04\n**Started:** 10:00 UTC\n"
            f"**{label}:** 10:40 UTC\n\n## Timeline\n\n- 10:00 UTC Checkout errors begin\n"
            "- 10:10 UTC On-call engineer paged\n- 12:00 UTC Incident closed\n"
        )
        draft = draft_from_markdown(text.encode(), "c.md", MarkdownOptions(corpus_taxonomy()))
        mitigated = draft.timeline["mitigated"]
        assert f"{mitigated.value:%H:%M}" == "10:40", label
        assert mitigated.how == "found", label


def test_a_downtime_added_up_over_several_incidents_is_not_counted_from_the_start() -> None:
    rows = (
        "| 2024-02-04 11:00 | Invoices fail with 500 errors |\n"
        "| 2024-02-04 11:05 | Alert fires for invoice errors |\n"
        "| 2024-02-04 11:40 | Rollback done; error rate back to normal |\n"
        "| 2024-02-09 08:00 | Invoices fail again after the retry change |\n"
        "| 2024-02-09 09:10 | Invoice errors stopped, incident resolved |\n"
    )
    keys = draft_of(rows, "- Total downtime: 1 hour 50 minutes across both outages\n")
    # 11:00 plus the sum would be 12:50 on the 4th, when nothing happened: the row is the end.
    assert keys["mitigated"][0] == "02-04 11:40"
    # One window's downtime is still counted from the start.
    keys = draft_of(rows, "- Total downtime: 40 minutes\n")
    assert keys["mitigated"][0] == "02-04 11:40" and "Total downtime" in keys["mitigated"][1]


def test_an_alert_log_resolving_with_its_measure_normal_ends_the_impact() -> None:
    keys = keys_of(
        "- 10:00 UTC Triggered: sender latency above 60s\n"
        "- 10:04 UTC Acknowledged by identity on-call\n"
        "- 10:50 UTC Resolved: delivery latency normal\n"
    )
    assert (keys.get("detected"), keys.get("mitigated")) == ("10:00", "10:50")


def test_an_alerting_tool_s_trigger_is_an_alert() -> None:
    assert detection_from_text("Triggered: sender latency above 60s") == "alert"


def test_a_job_someone_triggered_is_no_alert_an_alert_triggered_is() -> None:
    keys = keys_of(
        "- 14:00 UTC Triggered a manual resync of the loyalty ledger\n"
        "- 14:02 UTC Support reports members whose points vanished\n"
        "- 14:40 UTC Points balances correct again\n"
    )
    assert keys.get("detected") == "14:02"
    keys = keys_of(
        "- 14:00 UTC Loyalty ledger writes fail\n"
        "- 14:03 UTC Alert triggered for the ledger error rate\n"
        "- 14:40 UTC Points balances correct again\n"
    )
    assert keys.get("detected") == "14:03"


def test_the_failing_operation_succeeding_ends_the_impact() -> None:
    # The impact is the nightly export failing; the revert of a wrong first fix ends nothing,
    # the export succeeding does.
    keys = keys_of(
        "- 18:00 UTC Started the nightly ledger export\n"
        "- 18:02 UTC Export failed: 'missing account key'\n"
        "- 18:20 UTC Reverted the key filter added at 18:10\n"
        "- 18:35 UTC Started the export again, it failed on duplicate rows\n"
        "- 18:50 UTC Deduplication change deployed\n"
        "- 19:05 UTC Ledger export successful\n"
    )
    assert keys.get("mitigated") == "19:05"
    for succeeded in ("Export succeeded", "Exports succeed again", "Exports successful again"):
        keys = keys_of(
            "- 18:02 UTC Export jobs failing for every tenant\n"
            "- 18:40 UTC Rolled back the exporter to 3.1\n"
            f"- 18:55 UTC {succeeded}\n"
        )
        assert keys.get("mitigated") == "18:55", succeeded


def test_success_of_something_else_or_of_the_fix_is_not_the_end_of_impact() -> None:
    for other in ("Backup succeeded", "Deploy of the fix succeeded", "Export was not successful"):
        keys = keys_of(
            "- 18:02 UTC Export jobs failing for every tenant\n"
            f"- 18:30 UTC {other}\n"
            "- 19:10 UTC Exports working again\n"
        )
        assert keys.get("mitigated") == "19:10", other


def _bold_field_draft(fields: str, rows: str) -> dict[str, str]:
    text = (
        "# Upload gateway failures\n\n**Date**: June 11, 2024\n" + fields + "\n"
        "## Timeline (UTC)\n\n" + rows + "\n## Action Items\n\n- [ ] Add an upload probe\n"
    )
    draft = draft_from_markdown(text.encode(), "uploads.md", MarkdownOptions(corpus_taxonomy()))
    return {
        key: f"{value.value:%H:%M}"
        for key, value in draft.timeline.items()
        if value.how != "missing"
    } | {"notes": " ".join(draft.notes)}


_STILL_FAILING_ROWS = (
    "- **09:00** - Upload gateway starts rejecting files with 502 errors\n"
    "- **09:10** - Support reports failed uploads\n"
    "- **10:30** - Gateway pods restarted\n"
    "- **11:40** - Uploads fail again after the config reload\n"
    "- **12:15** - Uploads working again\n"
)


def test_a_rough_duration_never_ends_the_incident_before_a_row_telling_it_still_going() -> None:
    for rough in ("~2 hours", "about 2 hours", "roughly 120 minutes", "1-2 hours"):
        keys = _bold_field_draft(f"**Duration**: {rough}\n", _STILL_FAILING_ROWS)
        # 09:00 + 2 hours is 11:00, before the failure told at 11:40.
        assert keys.get("resolved") != "11:00", rough
        assert keys.get("mitigated") == "12:15", rough
        assert "rough measure" in keys["notes"] and "line 11" in keys["notes"], rough
    keys = _bold_field_draft("**Impact duration**: roughly 90 minutes\n", _STILL_FAILING_ROWS)
    assert keys.get("mitigated") == "12:15"


def test_a_duration_in_words_counts_from_the_start_like_one_in_digits() -> None:
    for words, end in (
        ("an hour and a half", "10:30"),
        ("three hours", "12:00"),
        # Rough, landing after "Uploads working again" at 12:15: the row tells the end.
        ("about four hours", None),
        ("roughly two hundred minutes", None),
    ):
        keys = _bold_field_draft(f"**Duration**: {words}\n", _STILL_FAILING_ROWS)
        assert keys.get("resolved") == end, words
    # Rough words, like "~2 hours", never end the incident before a row telling it going on.
    for rough in ("about two hours", "a couple of hours", "roughly ninety minutes"):
        keys = _bold_field_draft(f"**Duration**: {rough}\n", _STILL_FAILING_ROWS)
        assert keys.get("resolved") is None and keys.get("mitigated") == "12:15", rough
        assert "rough measure" in keys["notes"] and "line 11" in keys["notes"], rough
    keys = _bold_field_draft("**Impact duration**: half an hour\n", _STILL_FAILING_ROWS)
    assert keys.get("mitigated") == "09:30"


def test_a_rough_duration_never_moves_the_end_the_rows_tell() -> None:
    # 09:00 + 4 hours is 13:00, after "Uploads working again" at 12:15 (line 12); 09:00 + 3
    # hours is 12:00, before it. The row is what the authors wrote down; the rows win.
    for field in (
        "**Duration**: about 4 hours",
        "**Duration**: roughly three hours",
        "**Time to resolve**: ~4h",
        "**Impact duration**: about 4 hours",
        "**Impact duration**: roughly 3 hours",
    ):
        keys = _bold_field_draft(field + "\n", _STILL_FAILING_ROWS)
        assert keys.get("mitigated") == "12:15", field
        assert keys.get("resolved") is None, field
        # The report says the two disagree, naming the measure's line and the row's.
        assert "rough measure" in keys["notes"] and "line 4" in keys["notes"], field
        assert "line 12" in keys["notes"], field
    # A length stated exactly is the authors' own number and still counts.
    keys = _bold_field_draft("**Duration**: 4 hours\n", _STILL_FAILING_ROWS)
    assert keys.get("resolved") == "13:00"


_WORSE_THEN_FIXED = "| 2024-02-04 11:05 | Quote workers rebuilt from a clean cache, errors stop |\n"


def test_a_revert_of_the_team_s_own_attempt_is_not_the_end_of_impact() -> None:
    start = (
        "| 2024-02-04 10:02 | Quote requests fail after the rule import |\n"
        "| 2024-02-04 10:09 | Alert fires for quote errors |\n"
    )
    for attempt, revert in (
        # The revert names what it undoes as the responders' own work.
        ("Team deploys a config fix for the rule cache", "Made things worse; team reverts the fix"),
        ("Cache size raised on the quote workers", "Rolled back our attempted fix"),
        ("Hotfix 4.2.1 applied to the quote workers", "The hotfix was rolled back"),
        ("Client retries turned up to five", "Rolled back the mitigation"),
        ("Enabled shedding on the quote API", "Reverted the change we made at 10:20"),
        # Or the timeline shows the team doing what is reverted, after the start.
        ("Rate limit enabled on the quote API", "Rate limit rolled back"),
        ("Quote workers scaled out to twelve pods", "No better; reverted it"),
    ):
        keys = draft_of(
            start
            + f"| 2024-02-04 10:20 | {attempt} |\n"
            + f"| 2024-02-04 10:31 | {revert} |\n"
            + _WORSE_THEN_FIXED
        )
        when, note = keys["mitigated"]
        assert when == "02-04 11:05", (attempt, revert)
        # The note says which revert was passed over, for a reviewer who reads it otherwise.
        assert "own attempt" in note and "line 12" in note, (attempt, revert)


def test_a_revert_of_the_change_that_caused_the_incident_is_still_the_mitigation() -> None:
    for rows in (
        "| 2024-02-04 10:00 | Pricing rules 4.2 rolled out |\n"
        "| 2024-02-04 10:02 | Quote requests fail |\n"
        "| 2024-02-04 10:31 | Pricing rules 4.2 rolled back |\n",
        # A fix that was itself the cause: its revert ends the impact.
        "| 2024-02-04 10:00 | Deploy of the rounding fix to the quote workers |\n"
        "| 2024-02-04 10:02 | Quote requests fail |\n"
        "| 2024-02-04 10:31 | Reverted the rounding fix |\n",
        # "it" after a row naming the cause is the cause.
        "| 2024-02-04 10:02 | Quote requests fail |\n"
        "| 2024-02-04 10:20 | The 09:55 rule cache deploy identified as the cause |\n"
        "| 2024-02-04 10:31 | Reverted it |\n",
    ):
        keys = draft_of(rows + "| 2024-02-04 12:00 | Incident closed |\n")
        assert keys["mitigated"][0] == "02-04 10:31", rows
        assert "own attempt" not in keys["mitigated"][1], rows


def test_a_rough_duration_gives_a_guessed_end_when_no_row_tells_one() -> None:
    still_failing = _STILL_FAILING_ROWS.replace("- **12:15** - Uploads working again\n", "")
    text = (
        "# Upload gateway failures\n\n**Date**: June 11, 2024\n**Duration**: about 4 hours\n\n"
        "## Timeline (UTC)\n\n" + still_failing + "\n## Action Items\n\n- [ ] Add an upload probe\n"
    )
    draft = draft_from_markdown(text.encode(), "uploads.md", MarkdownOptions(corpus_taxonomy()))
    resolved = draft.timeline["resolved"]
    # Past the last row telling the failure, nothing tells the end: the measure is all there is,
    # kept as a guess.
    assert f"{resolved.value:%H:%M}" == "13:00"
    assert resolved.how == "guessed" and "rough measure" in resolved.note
    assert "TODO: guessed" in resolved.comment()


def test_news_reaching_the_team_is_the_detection() -> None:
    # "became aware", "informed of", an automated warning: the team learnt of the trouble.
    for told in (
        "We became aware of it during a call with the ledger vendor",
        "Ledger on-call member informed of failing payouts",
        "Automated warning from the cloud provider that the ledger queue is full",
    ):
        keys = draft_of(
            "| 2024-02-04 10:00 | Payout batches fail with 500 errors |\n"
            f"| 2024-02-04 10:20 | {told} |\n"
            "| 2024-02-04 11:00 | Ledger workers restarted; payouts back to normal |\n"
        )
        assert keys["detected"][0] == "02-04 10:20", told
    # A warning the users see is the impact, not news to the team.
    keys = draft_of(
        "| 2024-02-04 10:00 | Ledger certificate expires; browsers show a security warning |\n"
        "| 2024-02-04 10:20 | A merchant reports the warning to support |\n"
    )
    assert keys["detected"][0] == "02-04 10:20"


def test_a_step_that_solved_the_issue_ends_impact_and_a_permanent_fix_closes_it() -> None:
    keys = draft_of(
        "| 2024-02-04 10:00 | Ledger 3.1 upgrade makes payout workers crash loop |\n"
        "| 2024-02-04 10:10 | Crash loop alert fired |\n"
        "| 2024-02-04 10:30 | Ledger workers manually downgraded, which solved the issue |\n"
        "| 2024-02-04 12:00 | Ledger upgraded again and issue permanently fixed |\n"
    )
    assert (keys["mitigated"][0], keys["resolved"][0]) == ("02-04 10:30", "02-04 12:00")


def test_solved_the_issue_said_of_an_earlier_step_is_no_time_of_the_end() -> None:
    # "This solved the issue" on a row of its own may speak of an earlier row's step.
    keys = draft_of(
        "| 2024-02-04 10:00 | Payout batches fail with 500 errors |\n"
        "| 2024-02-04 10:10 | Failing payouts alert fired |\n"
        "| 2024-02-04 10:40 | This solved the issue, as far as we could tell |\n"
    )
    assert "mitigated" not in keys


#: Rows that never tell the end: the end is left to what the text says of the length.
_ROWS_WITHOUT_END = (
    "- **09:00** - Upload gateway starts rejecting files with 502 errors\n"
    "- **09:10** - Support reports failed uploads\n"
    "- **09:30** - Gateway pods restarted, errors continue\n"
)


def _summary_draft(summary: str, fields: str = "", rows: str = _ROWS_WITHOUT_END) -> Draft:
    text = (
        "# Upload gateway failures\n\n**Date**: June 11, 2024\n" + fields + "\n"
        "## Summary\n\n" + summary + "\n\n## Timeline (UTC)\n\n" + rows + "\n"
        "## Action Items\n\n- [ ] Add an upload probe\n"
    )
    return draft_from_markdown(text.encode(), "uploads.md", MarkdownOptions(corpus_taxonomy()))


def _given(draft: Draft, key: str) -> bool:
    return key in draft.timeline and draft.timeline[key].how != "missing"


@pytest.mark.parametrize(
    ("sentence", "end", "how"),
    [
        # Exact: counted from the start (09:00) like "Impact duration: 47 minutes".
        ("The outage lasted 47 minutes.", "09:47", "derived"),
        ("Uploads failed for 47 minutes until the rollback.", "09:47", "derived"),
        # Rough, with no row telling the end: the only end there is, as a guess.
        ("Uploads were unavailable for about two hours.", "11:00", "guessed"),
        ("For roughly 90 minutes, uploads failed.", "10:30", "guessed"),
        # Prose rounds to the hour where a field measures.
        ("Uploads failed for an hour.", "10:00", "guessed"),
    ],
)
def test_the_impact_length_told_in_a_sentence_counts_from_the_start(
    sentence: str, end: str, how: str
) -> None:
    draft = _summary_draft(f"A config change broke the upload gateway. {sentence}")
    mitigated = draft.timeline["mitigated"]
    assert (f"{mitigated.value:%H:%M}", mitigated.how) == (end, how)
    # Cited at the sentence's line, in its words.
    assert mitigated.line == 7 and sentence in mitigated.note
    assert not _given(draft, "resolved")


def test_the_whole_incident_told_in_a_sentence_is_its_duration() -> None:
    draft = _summary_draft("The incident lasted 2 hours and 40 minutes.")
    # As a bare "Duration": the resolution, not the end of impact.
    assert f"{draft.timeline['resolved'].value:%H:%M}" == "11:40"
    assert not _given(draft, "mitigated")


def test_a_length_in_a_sentence_wrapped_over_two_lines_is_cited_where_it_is_written() -> None:
    draft = _summary_draft("A config change broke the gateway, and uploads\nfailed for 47 minutes.")
    assert f"{draft.timeline['mitigated'].value:%H:%M}" == "09:47"
    assert draft.timeline["mitigated"].line == 8


@pytest.mark.parametrize(
    "sentence",
    [
        "The migration took 3 hours.",
        "We spent two hours debugging.",
        "A 30-minute window was planned.",
        "The upload cache has a TTL of 5 minutes.",
        "Uploads failed for 40 minutes after the restart.",  # a phase, not the impact
        "Uploads had been failing for 20 minutes when support called.",
        "Last year a similar outage lasted 47 minutes.",
    ],
)
def test_a_length_of_something_else_is_no_end(sentence: str) -> None:
    draft = _summary_draft(f"A config change broke the upload gateway. {sentence}")
    assert not _given(draft, "mitigated"), sentence
    assert not _given(draft, "resolved"), sentence


def test_a_length_in_a_sentence_never_moves_the_end_a_row_tells() -> None:
    # "Uploads working again" at 09:50 tells the end; 47 minutes from the first row, which
    # may be lead-up, is 09:47: the row the authors wrote is kept, exact length or not.
    for sentence in ("The outage lasted 47 minutes.", "Uploads failed for about an hour."):
        draft = _summary_draft(
            sentence, rows=_ROWS_WITHOUT_END + "- **09:50** - Uploads working again\n"
        )
        assert f"{draft.timeline['mitigated'].value:%H:%M}" == "09:50", sentence
        assert draft.timeline["mitigated"].line == 14, sentence


def test_a_stated_length_field_wins_over_a_sentence() -> None:
    draft = _summary_draft(
        "The outage lasted 47 minutes.", fields="**Impact duration**: 30 minutes\n"
    )
    assert f"{draft.timeline['mitigated'].value:%H:%M}" == "09:30"
    assert "sentence" not in draft.timeline["mitigated"].note


def test_a_length_in_a_sentence_is_not_counted_from_a_day_without_a_time() -> None:
    text = (
        "# Upload gateway failures\n\n**Date**: June 11, 2024\n**Severity**: SEV2\n\n"
        "## Summary\n\nA config change broke the upload gateway. The outage lasted 47 minutes.\n\n"
        "## Action Items\n\n- [ ] Add an upload probe\n"
    )
    draft = draft_from_markdown(text.encode(), "uploads.md", MarkdownOptions(corpus_taxonomy()))
    # Midnight of the date is a guess of the day, not a moment: 00:47 was never written.
    assert not _given(draft, "mitigated")


def test_a_person_who_alerted_us_is_a_report_not_an_alert() -> None:
    # "Alerted" by a person tells who reported it: a team of ours, or a customer or user.
    told = {
        "Alerted by the end-user team that exports fail": "internal-report",
        "We were alerted by one of our warehouse engineers": "internal-report",
        "The reporting team alerted us about missing rows": "internal-report",
        "We were alerted by a customer that exports fail": "customer-report",
        "We were alerted by a user, who sent a screenshot": "customer-report",
        "A merchant alerted us on the chat": "customer-report",
        # A team that passes on what customers tell it keeps reading as a customer report.
        "The support team alerted us": "customer-report",
        # A machine that alerts us is an alert.
        "Automated warning from the cluster that exports time out": "alert",
        "We were alerted by monitoring that exports time out": "alert",
        "Export latency alert fired": "alert",
    }
    assert {text: detection_from_text(text) for text in told} == told


def test_how_it_was_detected_is_read_from_the_report_row_a_measure_lands_near() -> None:
    text = (
        "# Billing API outage\n\n## Timeline\n\nAll times in UTC.\n\n| Time | Event |\n| --- | --- |\n"
        "| 2024-02-04 10:00 | Invoice exports fail with 500 errors |\n"
        "| 2024-02-04 10:22 | We were alerted by the finance team that exports fail |\n"
        "| 2024-02-04 11:00 | Export workers restarted; exports back to normal |\n"
        "\n## Stats\n\n- Time to detection: 20 minutes\n"
    )
    draft = draft_from_markdown(text.encode(), "billing.md", MarkdownOptions(corpus_taxonomy()))
    # The rounded measure lands at 10:20, on no row; the row that tells who reported it is near.
    assert f"{draft.timeline['detected'].value:%H:%M}" == "10:20"
    assert (draft.detection.value, draft.detection.how) == ("internal-report", "guessed")
    assert "finance team" in draft.detection.note


def draft_keys(rows: str, stats: str) -> dict[str, tuple[str, str, str]]:
    text = (
        "# Billing API outage\n\n## Timeline\n\nAll times in UTC.\n\n"
        "| Time | Event |\n| --- | --- |\n" + rows + "\n## Stats\n\n" + stats
    )
    draft = draft_from_markdown(text.encode(), "billing.md", MarkdownOptions(corpus_taxonomy()))
    return {
        key: (f"{value.value:%m-%d %H:%M}", value.how, value.note)
        for key, value in draft.timeline.items()
    }


DAYS_ROWS = (
    "| 2024-02-01 | Invoice exports start failing for refunded orders |\n"
    "| 2024-02-12 08:10 | Finance team reports refund totals off in the export |\n"
    "| 2024-02-12 09:30 | Export filter fixed; refunds exported again |\n"
    "| 2024-02-14 16:00 | Incident closed after two days of checks |\n"
)


def test_a_measure_in_days_takes_the_time_of_the_one_fitting_row_on_that_day() -> None:
    keys = draft_keys(DAYS_ROWS, "- Time to detection: 11 Days\n- Time to resolution: 13 days\n")
    assert keys["started"][0] == "02-01 00:00"
    when, how, note = keys["detected"]
    # Not midnight: the day is the measure's, the time its one report row's.
    assert (when, how) == ("02-12 08:10", "guessed")
    assert '"Time to detection: 11 Days"' in note and "Finance team reports refund" in note
    assert keys["resolved"][:2] == ("02-14 16:00", "guessed")
    assert keys["mitigated"][0] == "02-12 09:30"


def test_a_measure_in_days_from_a_timed_start_lands_on_the_row_of_that_day() -> None:
    keys = draft_keys(
        "| 2024-02-10 14:00 | Invoice exports fail with 500 errors |\n"
        "| 2024-02-10 14:05 | Export failure alert fired |\n"
        "| 2024-02-12 09:30 | Export workers replaced; exports back to normal |\n",
        "- Time to detection: 5 minutes\n- Time to recovery: 2 days\n",
    )
    assert keys["mitigated"][:2] == ("02-12 09:30", "guessed")


@pytest.mark.parametrize(
    ("rows", "left"),
    [
        # No row on the day: the day is all the measure says.
        ("| 2024-02-13 08:10 | Finance team reports refund totals off |\n", "no row"),
        # Two reports that day: which one is the detection, the measure does not tell.
        (
            "| 2024-02-12 08:10 | Finance team reports refund totals off |\n"
            "| 2024-02-12 15:20 | A customer reports refund totals off |\n",
            "2 rows",
        ),
    ],
)
def test_a_measure_in_days_keeps_the_day_when_no_one_row_fits(rows: str, left: str) -> None:
    keys = draft_keys(
        "| 2024-02-01 | Invoice exports start failing for refunded orders |\n" + rows,
        "- Time to detection: 11 days\n",
    )
    when, how, note = keys["detected"]
    assert (when, how) == ("02-12 00:00", "guessed")
    assert "gives the day only" in note and left in note


def test_a_measure_in_days_and_hours_from_a_timed_start_is_still_counted_to_the_minute() -> None:
    # From a start with a time the hours count; from a date only they do not (below).
    rows = DAYS_ROWS.replace("| 2024-02-01 |", "| 2024-02-01 06:00 |")
    keys = draft_keys(rows, "- Time to detection: 11 days 2 hours\n")
    assert keys["started"][0] == "02-01 06:00"
    assert keys["detected"][:2] == ("02-12 08:00", "derived")


def test_who_reports_it_tells_the_kind_of_report() -> None:
    told = {
        "Storefront team reports certificate warnings on staging": "internal-report",
        "Issue reported by the storefront team": "internal-report",
        "A sales manager reports old prices on the product pages": "internal-report",
        "Merchants report that price changes do not show": "customer-report",
        # Reported through the support desk: the customers' words decide, as before.
        "Venue staff report the turned-away passes to the support desk": "customer-report",
        # A machine that reports is no person.
        "Monitoring reports high latency": "alert",
    }
    assert {text: detection_from_text(text) for text in told} == told


# A failure that went unseen for days, then an alert that tells the impact too.
_SILENT_DAYS = (
    "| 2024-03-02 | Refund exports start failing silently |\n"
    "| 2024-03-13 08:10 | Refund export alert fires: exports failing, no files written |\n"
    "| 2024-03-13 09:05 | Export credentials fixed; refund exports complete again |\n"
    "| 2024-03-15 16:30 | Backfill checked by finance; incident closed |\n"
)


def test_measures_in_days_start_on_the_day_before_an_alert_that_tells_impact() -> None:
    keys = draft_keys(_SILENT_DAYS, "- Time to detection: 11 days\n- Time to resolution: 13 days\n")
    when, how, note = keys["started"]
    # The day the failure began, at a midnight nobody wrote: a guess that says why.
    assert (when, how) == ("03-02 00:00", "guessed")
    assert '"Time to detection: 11 days" lands on line' in note and "date only" in note
    assert "Refund exports start failing silently" in note
    assert keys["detected"][0] == "03-13 08:10"
    assert keys["mitigated"][0] == "03-13 09:05"
    assert keys["resolved"][0] == "03-15 16:30"


def test_the_same_rows_written_as_bold_bullets_start_on_that_day() -> None:
    rows = "".join(
        f"- **{cells[1].strip()}** - {cells[2].strip()}\n"
        for cells in (line.split("|") for line in _SILENT_DAYS.splitlines())
    )
    text = (
        "# Refund exports missing\n\n## Timeline\n\nAll times in UTC.\n\n"
        + rows
        + "\n## Stats\n\n- Time to detection: 11 days\n"
    )
    draft = draft_from_markdown(text.encode(), "refunds.md", MarkdownOptions(corpus_taxonomy()))
    assert f"{draft.timeline['started'].value:%m-%d %H:%M}" == "03-02 00:00"
    assert f"{draft.timeline['detected'].value:%m-%d %H:%M}" == "03-13 08:10"


@pytest.mark.parametrize(
    ("first", "stats"),
    [
        # From that day the measure lands on no row: the alert stays the start.
        (
            "| 2024-03-02 | Refund exports start failing silently |\n",
            "- Time to detection: 5 days\n",
        ),
        # A measure in minutes counts from a time, not a day.
        (
            "| 2024-03-02 | Refund exports start failing silently |\n",
            "- Time to detection: 10 minutes\n",
        ),
        # The day's row tells no impact: a change is no start on a measure's word.
        (
            "| 2024-03-02 | Refund storage bucket moved to the new account |\n",
            "- Time to detection: 11 days\n",
        ),
    ],
)
def test_the_alert_stays_the_start_unless_a_day_of_impact_fits_the_measures(
    first: str, stats: str
) -> None:
    keys = draft_keys(first + _SILENT_DAYS.split("\n", 1)[1], stats)
    assert keys["started"][0] == "03-13 08:10"


@pytest.mark.parametrize(
    "source",
    [
        # A date without a time, and no timeline.
        "# Label printing outage\n\n- Date: 2024-03-02\n- Duration: about 2 hours\n",
        "# Label printing outage\n\n**Date:** 2024-03-02\n\n**Impact duration:** 2 hours\n",
        # A timeline whose rows have dates only.
        "# Label printing outage\n\n- Duration: about 2 hours\n\n## Timeline\n\n"
        "- 2024-03-02: Labels stop printing at the north depot\n"
        "- 2024-03-02: Depot staff report blank labels\n",
    ],
)
def test_no_end_is_counted_from_a_start_that_is_a_guessed_midnight(source: str) -> None:
    draft = draft_from_markdown(source.encode(), "labels.md", MarkdownOptions(corpus_taxonomy()))
    timeline = draft.timeline
    assert f"{timeline['started'].value:%H:%M}" == "00:00"
    assert timeline["started"].how != "found"
    for key in ("mitigated", "resolved"):
        assert key not in timeline or timeline[key].how == "missing", key
    # The length is not lost: the draft says why no end was counted from it.
    said = [note for note in draft.notes if "Duration" in note or "duration" in note]
    assert said and all("guessed midnight" in note for note in said), said


def test_a_length_from_a_timed_start_still_gives_the_end() -> None:
    source = (
        "# Label printing outage\n\n- Duration: 2 hours\n\n## Timeline\n\nAll times UTC.\n\n"
        "- 2024-03-02 06:10: Labels stop printing at the north depot\n"
        "- 2024-03-02 06:25: Depot staff report blank labels\n"
    )
    draft = draft_from_markdown(source.encode(), "labels.md", MarkdownOptions(corpus_taxonomy()))
    assert f"{draft.timeline['resolved'].value:%H:%M}" == "08:10"


def test_a_shape_whose_length_has_no_time_to_count_from() -> None:
    name = "w5-price-feed-duration-from-a-date.md"
    raw = (Path(__file__).parent / "shapes" / "documents" / name).read_bytes()
    draft = draft_from_markdown(raw, name, MarkdownOptions(corpus_taxonomy()))
    assert "resolved" not in draft.timeline
    assert any('"Duration: about 2 hours"' in said for said in draft.notes)


@pytest.mark.parametrize(
    "stats",
    [
        "- Time to detection: 11 days 8 hours\n- Time to resolution: 13 days 7 hours\n",
        "- Time to detection: 11d 8h\n- Time to resolution: 13d 7h 30m\n",
    ],
)
def test_a_measure_with_hours_from_a_date_only_start_gives_the_day_only(stats: str) -> None:
    keys = draft_keys(DAYS_ROWS, stats)
    assert keys["started"][:2] == ("02-01 00:00", "guessed")
    # The hours count from a midnight nobody wrote: the day is the measure's, the time that
    # of the day's one report row (not 08:00, the guessed midnight plus 8 hours).
    when, how, note = keys["detected"]
    assert (when, how) == ("02-12 08:10", "guessed")
    assert "date-only start" in note and "Finance team reports refund" in note
    assert keys["resolved"][:2] == ("02-14 16:00", "guessed")


def test_a_measure_with_hours_from_a_date_only_start_with_no_row_that_day_keeps_the_day() -> None:
    keys = draft_keys(
        "| 2024-02-01 | Invoice exports start failing for refunded orders |\n"
        "| 2024-02-12 08:10 | Finance team reports refund totals off in the export |\n"
        "| 2024-02-12 09:30 | Export filter fixed; refunds exported again |\n",
        "- Time to detection: 9 days 6 hours\n",
    )
    when, how, note = keys["detected"]
    # 2024-02-10 holds no row: its midnight, a guess, never 06:00.
    assert (when, how) == ("02-10 00:00", "guessed")
    assert "date-only start" in note and "no row on 2024-02-10" in note


@pytest.mark.parametrize(
    "timeline",
    [
        "",
        "## Timeline\n\n| Time | Event |\n| --- | --- |\n"
        "| 2024-02-10 | Ledger sync queue stops draining |\n"
        "| 2024-02-12 09:30 | Worker pool restarted; sync flowing again |\n\n",
    ],
)
def test_no_time_to_acknowledge_is_counted_from_a_detection_that_is_a_day_only(
    timeline: str,
) -> None:
    # The start is a date only; the measure of detection gives a day with no row to take a
    # time from, so the detection is that day's midnight, a guess. Twenty minutes from it
    # would be 00:20, a time nobody wrote, and a time to acknowledge counted from nothing.
    raw = (
        "# Ledger sync stalls\n\n**Date:** 2024-02-10\n\n"
        + timeline
        + "## Stats\n\n- Time to detection: 1 day\n- Time to acknowledge: 20 minutes\n"
    ).encode()
    draft = draft_from_markdown(raw, "ledger.md", MarkdownOptions(corpus_taxonomy()))
    detected = draft.timeline["detected"]
    assert (f"{detected.value:%m-%d %H:%M}", detected.how) == ("02-11 00:00", "guessed")
    assert "acknowledged" not in draft.timeline
    said = next(note for note in draft.left_out if "Time to acknowledge" in note)
    assert "timeline.detected is a day only" in said


def test_a_key_read_from_a_row_with_a_day_only_says_its_time_of_day_is_unknown() -> None:
    # The report comes in on a day the row gives without a time; the acknowledgement that
    # morning has one. The detection keeps its day, marked as having no time of day, so the
    # 9 h 40 min between them is no time to acknowledge anyone measured.
    keys = draft_keys(
        "| 2024-05-01 | Ledger sync queue stops draining; balances go stale |\n"
        "| 2024-05-02 | Billing desk reports stale balances |\n"
        "| 2024-05-02 09:40 | On-call acknowledged the report and began looking at the queue |\n"
        "| 2024-05-02 10:15 | Worker pool restarted; sync traffic flowing again |\n",
        "",
    )
    when, how, note = keys["detected"]
    assert (when, how) == ("05-02 00:00", "guessed")
    assert "Billing desk reports" in note and "time of day is unknown" in note
    assert keys["acknowledged"][0] == "05-02 09:40"
    assert "time of day" not in keys["acknowledged"][2]


def test_a_detection_given_as_the_start_s_day_only_is_held_at_the_start() -> None:
    # "Detected: 2024-05-02" over a timeline that starts at 09:40 that day: its midnight would
    # be before the start; the start is the earliest the detection can be, as a placeholder.
    raw = (
        b"# Ledger sync stalls\n\n**Detected:** 2024-05-02\n\n## Timeline\n\nAll times in UTC.\n\n"
        b"| Time | Event |\n| --- | --- |\n"
        b"| 2024-05-02 09:40 | Ledger sync queue stops draining |\n"
        b"| 2024-05-02 10:15 | Worker pool restarted; sync flowing again |\n"
    )
    draft = draft_from_markdown(raw, "ledger.md", MarkdownOptions(corpus_taxonomy()))
    detected = draft.timeline["detected"]
    assert (f"{detected.value:%m-%d %H:%M}", detected.how) == ("05-02 09:40", "guessed")
    assert '"Detected: 2024-05-02" gives the start\'s day only' in detected.note


def test_a_day_without_a_time_says_nothing_of_a_zone_that_was_never_applied() -> None:
    # No zone anywhere in the source: the timed row's TODO says it was read as UTC; the row
    # that gives only a day has no time of day for a zone to shift, so its TODO does not.
    text = (
        "# Gift card balance drift\n\n## Timeline\n\n| Time | Event |\n|---|---|\n"
        "| 2024-09-02 | Balance job starts failing; shops show stale gift card balances |\n"
        "| 2024-09-03 | Shop staff report gift card balances off by a few cents |\n"
        "| 2024-09-03 14:20 | Balance job rolled back; balances are right again |\n\n"
        "## Action Items\n\n- Round balances once, at the end\n"
    )
    draft = draft_from_markdown(text.encode(), "cards.md", MarkdownOptions(corpus_taxonomy()))
    started, mitigated = draft.timeline["started"], draft.timeline["mitigated"]
    assert f"{started.value:%Y-%m-%d %H:%M}" == "2024-09-02 00:00"
    assert "the row gives the day only" in started.note
    assert "no time zone" not in started.note
    assert f"{mitigated.value:%Y-%m-%d %H:%M}" == "2024-09-03 14:20"
    assert "no time zone in the source, read as UTC" in mitigated.note


@pytest.mark.parametrize(
    "asked",
    [
        "I opened a ticket with the provider's support",
        "We contacted the vendor about the dropped connections",
        "The on-call escalated to the hosting company",
        "Raised a case with our cloud provider",
        "I opened a ticket to Acme Hosting support about the gateway",
    ],
)
def test_help_asked_of_a_third_party_is_no_detection(asked: str) -> None:
    # The team asks an outside party for help once it knows: a step of the response, not how
    # it came to know. With nothing else telling the detection, it stays where it falls today.
    rows = (
        "- 10:00 UTC Booking site stops answering\n"
        f"- 10:20 UTC {asked}\n- 10:50 UTC Booking site answers again\n"
    )
    assert "detected" not in keys_of(rows), asked
    text = f"# Booking outage\n\n**Date:** 2024-06-11\n\n## Timeline\n\n{rows}"
    draft = draft_from_markdown(text.encode(), "booking.md", MarkdownOptions(corpus_taxonomy()))
    assert draft.detection.how == "missing"
    # An alert told in the same row is still the detection.
    alerted = rows.replace(asked, f"The uptime alert fired and {asked[0].lower()}{asked[1:]}")
    assert keys_of(alerted)["detected"] == "10:20"


@pytest.mark.parametrize(
    "alert",
    [
        "Une alerte se déclenche sur le taux d'erreur",
        "Salta una alerta por la tasa de errores",
        "Nomad alert fired for the checkout jobs",
        "Notification alert: queue depth above 10,000",
    ],
)
def test_an_alert_after_a_word_that_begins_like_a_denial_is_the_detection(alert: str) -> None:
    # "une", "una", "Nomad", "Notification" begin with "un" or "no"; only a whole word denies.
    keys = keys_of(f"- 10:00 UTC Checkout errors rise\n- 10:07 UTC {alert}\n")
    assert keys.get("detected") == "10:07", alert


@pytest.mark.parametrize(
    "denied",
    [
        "Nothing alerted us; the errors went unnoticed",
        "No alert fired for the checkout errors",
        "The error spike was unnoticed by monitoring",
    ],
)
def test_an_alert_denied_is_still_no_detection(denied: str) -> None:
    keys = keys_of(f"- 10:00 UTC Checkout errors rise\n- 10:07 UTC {denied}\n")
    assert "detected" not in keys, denied


@pytest.mark.parametrize(
    "no_help",
    [
        "回滚到上一版本，但没有效果",
        "切换到备用集群，重启没有效果",
        "热修复上线后错误率反而恶化",
        "フェイルオーバーを実施したが改善せず",
        "設定を切り戻したが効果なし",
        "이전 버전으로 롤백했으나 효과 없음",
        "Conmutación a la réplica; el reinicio no ayudó",
        "Se revierte la versión 3.1, sin efecto",
        "Bascule vers le site de secours ; le redémarrage n'a rien changé",
        "Correctif déployé, la situation s'aggrave",
        "Auf das Replikat umgeschaltet, Neustart brachte keine Besserung",
        "Hotfix eingespielt, ohne Wirkung",
        "Comutação para a réplica, sem efeito",
        "Hotfix deployed; it made things worse",
    ],
)
def test_a_fix_told_as_no_help_in_another_language_is_no_mitigation(no_help: str) -> None:
    # The fix's own words ("回滚", "Bascule", "umgeschaltet") say work done to end impact; the
    # rest of the row says it did not, as "the revert did not solve the cause" does.
    keys = keys_of(
        f"- 10:00 UTC Alert: checkout errors\n- 10:20 UTC {no_help}\n"
        "- 13:00 UTC Checkout errors stopped\n"
    )
    assert keys["mitigated"] == "13:00", no_help


@pytest.mark.parametrize(
    "switched",
    [
        "Bascule vers le site de secours, sans effet sur les clients",
        "Conmutación a la réplica sin efecto en los clientes",
    ],
)
def test_a_fix_without_effect_on_customers_still_ends_the_impact(switched: str) -> None:
    keys = keys_of(
        f"- 10:00 UTC Alert: checkout errors\n- 10:20 UTC {switched}\n- 13:00 UTC Incident closed\n"
    )
    assert keys["mitigated"] == "10:20", switched


@pytest.mark.parametrize(
    ("attempt", "revert", "ended"),
    [
        ("调大报价缓存容量", "回滚刚才的热修复", "报价错误消失"),
        ("报价缓存容量调大", "热修复已回滚", "报价错误消失"),
        ("キャッシュサイズを拡大", "修正をロールバック", "見積もりエラーが解消"),
        ("캐시 크기 확대", "핫픽스를 롤백", "견적 오류 해소"),
        (
            "Se amplía la caché de cotizaciones",
            "Marcha atrás del parche",
            "Las cotizaciones se recuperan",
        ),
        ("Taille du cache augmentée", "Retour arrière du correctif", "Service rétabli"),
        ("Cache vergrößert", "Der Hotfix wurde zurückgerollt", "Angebote laufen wieder"),
        ("Cache vergrößert", "Team macht die Korrektur rückgängig", "Angebote laufen wieder"),
        ("Cache ampliado", "Reversão da correção", "Serviço restabelecido"),
    ],
)
def test_a_revert_of_the_team_s_own_fix_in_another_language_is_not_the_end(
    attempt: str, revert: str, ended: str
) -> None:
    keys = draft_of(
        "| 2024-02-04 10:02 | Quote requests fail after the rule import |\n"
        "| 2024-02-04 10:09 | Alert fires for quote errors |\n"
        f"| 2024-02-04 10:20 | {attempt} |\n"
        f"| 2024-02-04 10:31 | {revert} |\n"
        f"| 2024-02-04 11:05 | {ended} |\n"
    )
    when, note = keys["mitigated"]
    assert when == "02-04 11:05", revert
    assert "own attempt" in note and "line 12" in note, revert


@pytest.mark.parametrize(
    ("cause", "revert"),
    [
        ("发布热修复版本", "回滚热修复"),
        ("Déploiement du correctif d'arrondi", "Retour arrière du correctif"),
        ("Despliegue del parche de redondeo", "Marcha atrás del parche"),
    ],
)
def test_a_revert_of_a_fix_that_caused_the_incident_in_another_language_is_the_end(
    cause: str, revert: str
) -> None:
    keys = draft_of(
        f"| 2024-02-04 10:00 | {cause} |\n"
        "| 2024-02-04 10:02 | Quote requests fail |\n"
        f"| 2024-02-04 10:31 | {revert} |\n"
        "| 2024-02-04 12:00 | Incident closed |\n"
    )
    assert keys["mitigated"][0] == "02-04 10:31", revert
    assert "own attempt" not in keys["mitigated"][1], revert


@pytest.mark.parametrize(
    "asked",
    [
        "Ouverture d'un ticket chez l'hébergeur",
        "Panne des disques signalée à l'hébergeur",
        "上报给云厂商，请其排查网络",
        "向云厂商反馈问题",
        "ベンダーに問い合わせ",
        "벤더에 문의",
        "Abrimos un ticket con el proveedor",
        "Ticket beim Hoster eröffnet",
        "Störung an den Provider gemeldet",
        "Se informa al proveedor del corte",
        "Abrimos um chamado com o provedor",
    ],
)
def test_help_asked_of_a_third_party_in_another_language_is_no_detection(asked: str) -> None:
    rows = (
        "- 10:00 UTC Booking site stops answering\n"
        f"- 10:20 UTC {asked}\n- 10:50 UTC Booking site answers again\n"
    )
    assert "detected" not in keys_of(rows), asked


@pytest.mark.parametrize(
    "told",
    [
        "Nous sommes prévenus par l'hébergeur d'une panne réseau",
        "云厂商通知我们机房网络故障",
        "Der Provider meldet eine Störung im Rechenzentrum",
    ],
)
def test_a_third_party_telling_the_team_in_another_language_is_still_the_detection(
    told: str,
) -> None:
    keys = keys_of(f"- 10:00 UTC Booking site stops answering\n- 10:20 UTC {told}\n")
    assert keys.get("detected") == "10:20", told


@pytest.mark.parametrize(
    ("row", "detection"),
    [
        ("现场反馈打印机出不了单", "internal-report"),
        ("同事在群里反馈打印机出不了单", "internal-report"),
        ("客户反馈打印机出不了单", "customer-report"),
        ("現場から印刷できないと申告", "internal-report"),
        ("同僚が印刷できないことに気づく", "internal-report"),
        ("ユーザーから印刷できないと問い合わせ", "customer-report"),
    ],
)
def test_a_report_from_the_floor_or_a_colleague_is_internal_from_a_customer_a_customer_report(
    row: str, detection: str
) -> None:
    """As "staff" and "colleague" tell an internal report in English, "现场" (people on site),
    "同事", "現場" and "同僚" do in Chinese and Japanese; customers and users stay customers."""
    text = (
        "# 打印网关故障\n\n**日期**: 2025-10-21\n\n## 时间线\n\n"
        f"- 15:10 打印任务开始排队\n- 15:13 {row}\n- 15:50 打印恢复正常\n"
    )
    draft = draft_from_markdown(text.encode(), "print.md", MarkdownOptions(corpus_taxonomy()))
    assert draft.timeline["detected"].value.strftime("%H:%M") == "15:13"
    assert draft.detection.value == detection


# --- impact told as what people could not do ----------------------------------


@pytest.mark.parametrize(
    "impact",
    [
        "Customers cannot pay invoices online",
        "Users unable to log in to the billing portal",
        "Couriers could not see their invoice routes",
        "No one can book a billing slot",
        "Support hears from shoppers who couldn't check out",
    ],
)
def test_what_people_could_not_do_is_impact_after_a_deploy_and_after_a_warning(
    impact: str,
) -> None:
    # A deploy hours before the row is passed over for it, as for "Invoices fail".
    keys = draft_of(
        "| 2024-02-04 07:00 | Billing API 2.4 deployed |\n"
        f"| 2024-02-04 09:40 | {impact} |\n"
        "| 2024-02-04 10:30 | Billing API rolled back; error rate back to normal |\n"
    )
    assert keys["started"][0] == "02-04 09:40"
    # A warning set aside hours before is no start either.
    keys = draft_of(
        "| 2024-02-04 03:10 | Disk usage warning on the billing replica (ignored) |\n"
        f"| 2024-02-04 09:40 | {impact} |\n"
        "| 2024-02-04 10:30 | Replica disk cleaned; error rate back to normal |\n"
    )
    assert keys["started"][0] == "02-04 09:40"


@pytest.mark.parametrize(
    "step",
    [
        "Engineers cannot reproduce the fault in staging",
        "We could not find the cause yet",
        "On-call unable to roll back: the old image is gone",
        "No one could reproduce it on a test account",
    ],
)
def test_what_the_responders_could_not_do_is_no_impact(step: str) -> None:
    # A step of the response after the deploys tells no impact: the first row stays the start.
    keys = draft_of(
        "| 2024-02-04 07:00 | Billing API 2.4 deployed |\n"
        "| 2024-02-04 08:00 | Billing API 2.5 deployed |\n"
        f"| 2024-02-04 09:40 | {step} |\n"
    )
    assert keys["started"][0] == "02-04 07:00"


@pytest.mark.parametrize(
    ("revert", "recovered"),
    [
        ("設定を元に戻し", "在庫照会のエラーが解消"),
        ("設定を元に戻した", "在庫照会が通常に戻った"),
        ("恢复配置", "库存查询错误消失"),
        ("恢复了原来的设置", "库存查询恢复正常"),
        ("回滚配置", "库存查询恢复正常"),
        ("설정을 되돌림", "재고 조회 오류 해소"),
        ("Reverted the config", "Stock lookups back to normal"),
    ],
)
def test_a_setting_put_back_is_the_fix_and_the_recovery_after_it_the_end(
    revert: str, recovered: str
) -> None:
    # Putting a setting back is work done to end impact, as "rolled back the config" is; the
    # row after it that says the service recovered is when impact ended.
    keys = keys_of(
        f"- 10:00 UTC Alert: stock lookup errors\n- 10:20 UTC {revert}\n- 10:35 UTC {recovered}\n"
    )
    assert keys["mitigated"] == "10:35", revert


@pytest.mark.parametrize("row", ["設定を元に戻し、在庫照会が復旧", "恢复配置后库存查询恢复正常"])
def test_a_setting_put_back_that_says_it_recovered_ends_the_impact(row: str) -> None:
    keys = keys_of(f"- 10:00 UTC Alert: stock lookup errors\n- 10:20 UTC {row}\n")
    assert keys["mitigated"] == "10:20", row


def _lead_up_keys(text: str) -> dict[str, str]:
    draft = draft_from_markdown(text.encode(), "lockers.md", MarkdownOptions(corpus_taxonomy()))
    return {
        key: f"{value.value:%Y-%m-%d %H:%M}"
        for key, value in draft.timeline.items()
        if value.how != "missing"
    }


_LEAD_UP_HEAD = (
    "# Locker booking outage, 14 May 2025\n\n## Summary\n\nLockers could not be booked.\n\n"
    "## Leadup\n\nOn 13 May at 16:40 UTC the storage team deployed a new booking validator.\n\n"
)


def test_timeline_rows_of_the_lead_up_set_no_key_time() -> None:
    keys = _lead_up_keys(
        _LEAD_UP_HEAD + "## Timeline\n\n"
        "- 13 May 16:40 New booking validator deployed\n"
        "- 13 May 18:05 Warning about slow validation ignored\n"
        "- 14 May 09:12 Bookings start failing\n"
        "- 14 May 09:18 Error-rate alert fires, on-call paged\n"
        "- 14 May 10:05 Bookings succeed again\n"
    )
    # The deploy and the warning of the day before are how it came about, not its start.
    assert keys["started"] == "2025-05-14 09:12"
    assert keys["detected"] == "2025-05-14 09:18"
    assert keys["mitigated"] == "2025-05-14 10:05"


def test_the_lead_up_date_does_not_date_the_other_sections() -> None:
    keys = _lead_up_keys(
        _LEAD_UP_HEAD + "## Fault\n\nAt 09:12 UTC the validator began rejecting every booking.\n\n"
        "## Detection\n\nThe error-rate alert fired at 09:18 UTC and paged the on-call engineer.\n\n"
        "## Recovery\n\nAt 09:55 UTC the team rolled the validator back; bookings succeeded again "
        "at 10:05 UTC.\n"
    )
    # "On 13 May" dates the lead-up only: the times after it are on the title's day.
    assert keys["started"] == "2025-05-14 09:12"
    assert keys["detected"] == "2025-05-14 09:18"
    assert keys["mitigated"] == "2025-05-14 10:05"


@pytest.mark.parametrize(
    "row",
    ["The gateway was rejecting tickets", "Ticket sales failed at the box office"],
)
def test_tickets_that_the_service_handles_detect_nothing(row: str) -> None:
    keys = draft_of(
        "| 2024-02-04 10:00 | Fare gateway release deployed |\n"
        f"| 2024-02-04 10:04 | {row} |\n"
        "| 2024-02-04 10:20 | Latency alert fires |\n"
        "| 2024-02-04 10:40 | Rolled back, gates work again |\n"
    )
    assert keys["detected"][0].endswith("10:20")
    # Only a ticket someone opened tells of the incident.
    assert detection_from_text(f"Latency alert on {row.lower()}") == "alert"


@pytest.mark.parametrize(
    ("said", "method"),
    [
        ("A customer opened a ticket about failed logins", "customer-report"),
        ("Support tickets about failed logins pile up", "customer-report"),
        ("Tickets came in from riders", "customer-report"),
        ("A call from a store about blank member cards", "customer-report"),
        ("店舗から会員証が表示されないと連絡", "customer-report"),
        ("门店反馈无法生成取餐码", "customer-report"),
        ("店舗スタッフから会員証が表示されないと連絡", "internal-report"),
        ("Store staff reported blank member cards", "internal-report"),
    ],
)
def test_a_ticket_opened_or_a_store_calling_in_is_a_report(said: str, method: str) -> None:
    assert detection_from_text(said) == method
    keys = draft_of(
        "| 2024-02-04 10:00 | Member cards fail to load |\n"
        f"| 2024-02-04 10:07 | {said} |\n"
        "| 2024-02-04 10:40 | Rolled back, cards load again |\n"
    )
    assert keys["detected"][0].endswith("10:07")


def test_the_method_follows_the_row_a_store_report_sets_the_detection_from() -> None:
    text = (
        "# 会員証の表示不可\n\n**発生日**：2025年11月18日\n\n時刻はすべて日本時間です。\n\n"
        "## タイムライン\n\n- 14:20 会員証の表示でエラーが発生し始める\n"
        "- 14:31 店舗から会員証が表示されないと連絡\n- 15:10 店舗で会員証の表示が正常化\n"
    )
    draft = draft_from_markdown(text.encode(), "cards.md", MarkdownOptions(corpus_taxonomy()))
    assert f"{draft.timeline['detected'].value:%H:%M}" == "05:31"
    assert draft.detection.value == "customer-report"
