"""The order of timeline entries: next-day rollover, updates listed newest first, status-page
updates, and which wording ends impact."""

from __future__ import annotations

import datetime as dt

import pytest
from pmkb.importers.document import read_document
from pmkb.importers.timeline import Timeline, pick_keys, posted_updates, read_timeline
from pmkb.importers.zones import UTC as UTC_ZONE
from pmkb.importers.zones import find_zone


def timeline_of(text: str, *, day: dt.date = dt.date(2024, 7, 9), zone: str = "UTC") -> Timeline:
    doc = read_document("# Outage\n\n## Timeline\n\n" + text)
    found = find_zone(zone) or UTC_ZONE
    return read_timeline(
        doc.of_kind("timeline"), day=day, zone=found, zone_stated=True, default_year=day.year
    )


def times(timeline: Timeline) -> list[str]:
    return [f"{e.at:%Y-%m-%d %H:%M}" for e in timeline.events]


def test_rollover_compares_instants_across_zones() -> None:
    # 12:40 UTC is 20 minutes after 14:20 CEST, not the next day.
    timeline = timeline_of(
        "- 14:05 CEST deploy started\n- 14:20 CEST rollback completed\n- 12:40 UTC incident closed\n"
    )
    assert times(timeline) == ["2024-07-09 12:05", "2024-07-09 12:20", "2024-07-09 12:40"]
    assert timeline.rolled_over == 0


def test_rollover_across_zones_still_crosses_midnight() -> None:
    # 23:30 PDT is 06:30 UTC the next day; 07:10 UTC after it is that day too.
    timeline = timeline_of("- 23:30 PDT errors climb\n- 07:10 UTC errors stop\n")
    assert times(timeline) == ["2024-07-10 06:30", "2024-07-10 07:10"]
    # 00:10 after 23:50 in the same zone is the next day, as before.
    timeline = timeline_of("- 23:50 UTC errors climb\n- 00:10 UTC errors stop\n")
    assert times(timeline) == ["2024-07-09 23:50", "2024-07-10 00:10"]
    assert timeline.rolled_over == 1


def keys_of(text: str) -> dict[str, str]:
    picks = pick_keys(timeline_of(text).events)
    return {key: f"{pick.event.at:%H:%M}" for key, pick in picks.items()}


def test_work_under_way_is_not_the_end_of_impact() -> None:
    for under_way in (
        "Root cause identified; we are mitigating impact.",
        "Identified - We are remediating and mitigating impact.",
        "Working to mitigate by moving traffic to another region.",
        "We are restoring the replicas one by one.",
        "Rollback in progress.",
    ):
        text = (
            "- 07:00 UTC Error-rate alert fires.\n"
            f"- 08:25 UTC {under_way}\n"
            "- 09:15 UTC Error rates back to normal.\n"
        )
        assert keys_of(text)["mitigated"] == "09:15", under_way


def test_settled_wording_still_ends_impact() -> None:
    for settled in (
        "Rollback completed; errors recovered.",
        "Fix deployed.",
        "Logins working again.",
        "Mitigated by failing traffic over to the second region.",
    ):
        text = f"- 07:00 UTC Alert fires.\n- 08:25 UTC {settled}\n- 09:15 UTC Incident closed.\n"
        assert keys_of(text)["mitigated"] == "08:25", settled


def test_work_under_way_stands_in_when_nothing_later_says_impact_ended() -> None:
    picks = pick_keys(
        timeline_of("- 07:00 UTC Alert fires.\n- 08:25 UTC We are mitigating impact.\n").events
    )
    assert f"{picks['mitigated'].event.at:%H:%M}" == "08:25"
    assert "under way" in picks["mitigated"].why


def test_a_row_that_says_impact_ended_and_names_cleanup_under_way_is_settled() -> None:
    text = (
        "- 07:00 UTC Reports of slow sync.\n"
        "- 07:40 UTC Moving partitions to healthy nodes and mitigating the delay.\n"
        "- 08:05 UTC Sync is working normally again. We are applying the queued changes.\n"
        "- 08:40 UTC All queued changes applied; incident resolved.\n"
    )
    assert keys_of(text)["mitigated"] == "08:05"


def test_status_page_stamps_with_or_without_posted() -> None:
    for stamp in (
        "Mar 13, 2024 - {}",
        "Posted Mar 13, 2024 - {}",
        "Posted 2 days ago. Mar 13, 2024 - {}",
    ):
        text = (
            "Resolved -\nNormal operations restored.\n" + stamp.format("10:16 MDT") + "\n\n"
            "Investigating -\nWe are observing increased latency.\n"
            + stamp.format("07:00 MDT")
            + "\n"
        )
        timeline = timeline_of(text)
        assert times(timeline) == ["2024-03-13 16:16", "2024-03-13 13:00"], stamp
        assert [e.text for e in timeline.events] == [
            "Resolved: Normal operations restored.",
            "Investigating: We are observing increased latency.",
        ]


def test_a_stamp_alone_without_a_status_label_is_an_ordinary_row() -> None:
    timeline = timeline_of("Notes from the call.\nMar 13, 2024 - 10:16 MDT\n")
    # The paragraph above is not taken for its text, as a status update's would be.
    assert len(timeline.events) == 1
    assert "Notes" not in timeline.events[0].text


def test_a_status_history_without_posted_is_found_in_prose() -> None:
    doc = read_document(
        "# Degraded logins\n\nResolved -\nNormal operations restored.\nMar 13, 2024 - 10:16 MDT\n\n"
        "Investigating -\nWe are observing increased latency.\nMar 13, 2024 - 07:00 MDT\n"
    )
    assert posted_updates(doc.prose) == 2
    # Dates and times in prose without a status label are no status history.
    doc = read_document(
        "# Notes\n\nWe met.\nMar 13, 2024 - 10:16 MDT\n\nAgain.\nMar 14, 2024 - 09:00 MDT\n"
    )
    assert posted_updates(doc.prose) == 0


def test_two_updates_newest_first_by_their_status_words() -> None:
    text = (
        "### 2:50 PM PST\n\nResolved: calendar integrations are working again.\n\n"
        "### 11:47 AM PST\n\nInvestigating: calendar integrations are failing.\n"
    )
    timeline = timeline_of(text, day=dt.date(2021, 1, 4))
    assert timeline.reversed_order
    assert times(timeline) == ["2021-01-04 22:50", "2021-01-04 19:47"]
    assert timeline.rolled_over == 0
    keys = pick_keys(timeline.events)
    assert f"{keys['started'].event.at:%H:%M}" == "19:47"


def test_status_words_in_the_order_of_events_keep_the_next_day_rule() -> None:
    text = (
        "- 23:40 UTC Investigating: checkout errors.\n- 00:20 UTC Resolved: checkout works again.\n"
    )
    timeline = timeline_of(text)
    assert not timeline.reversed_order
    assert times(timeline) == ["2024-07-09 23:40", "2024-07-10 00:20"]


def test_rows_in_order_across_a_years_end_go_on_into_the_next_year() -> None:
    timeline = timeline_of(
        "- Dec 30 14:10 Wallet shows zero balances\n- Dec 31 08:00 Support tickets pile up\n"
        "- Jan 2 09:00 Balance cache cleared\n- 09:30 Incident closed\n- Jan 3 10:00 Review held\n",
        day=dt.date(2024, 12, 30),
    )
    assert times(timeline) == [
        "2024-12-30 14:10",
        "2024-12-31 08:00",
        "2025-01-02 09:00",
        "2025-01-02 09:30",  # a time alone takes the row above's date, in its year
        "2025-01-03 10:00",
    ]
    assert timeline.next_year == [7, 9]  # the lines of the two dates moved on a year


def test_day_headings_in_order_across_a_years_end_go_on_into_the_next_year() -> None:
    timeline = timeline_of(
        "### December 31\n\n- 23:40 Exports stall\n\n### January 1\n\n- 00:20 Exports resume\n",
        day=dt.date(2024, 12, 31),
    )
    assert times(timeline) == ["2024-12-31 23:40", "2025-01-01 00:20"]


def test_dates_out_of_order_or_with_their_year_never_move_to_the_next_year() -> None:
    # Dec 28 after Dec 30: the rows are not written in order, so January is no year's end.
    text = "- Dec 30 14:10 Zero balances\n- Dec 28 09:00 Cache change merged\n- Jan 2 09:00 Fixed\n"
    timeline = timeline_of(text, day=dt.date(2024, 12, 30))
    assert times(timeline)[2] == "2024-01-02 09:00"
    assert timeline.next_year == []
    # A month far back is a row told out of order (the change that caused it), no year's end.
    text = "- Mar 5 10:00 Errors rise\n- Feb 2 09:00 Flag added, unnoticed\n"
    assert times(timeline_of(text, day=dt.date(2024, 3, 5)))[1] == "2024-02-02 09:00"
    # A full date keeps its year, whatever the row before it.
    text = "- 2024-12-30 14:10 Zero balances\n- 2024-01-02 09:00 Old cache change\n"
    assert times(timeline_of(text, day=dt.date(2024, 12, 30)))[1] == "2024-01-02 09:00"


# Timelines written in other languages: the same rules read the words of
# pmkb.importers.row_words beside the English ones. Each timeline: a change, impact said to
# begin, an alert, the response, the fix, impact seen to end, the close.
OTHER_LANGUAGE_TIMELINES = {
    "zh": (
        "结算服务发布新版本",
        "支付接口开始大量报错",
        "错误率告警触发，值班收到通知",
        "值班工程师介入，开始排查",
        "回滚到上一版本",
        "错误率回到正常水平，服务恢复",
        "宣布故障结束",
    ),
    "ja": (
        "会員サービスの新バージョンをリリース",
        "ログイン失敗が増加し始めた",
        "監視アラートが鳴り、当番が検知",
        "当番が対応を開始",
        "設定を切り戻し",
        "ログイン成功率が通常の水準に戻り、回復を確認",
        "障害の収束を宣言",
    ),
    "ko": (
        "결제 서비스 신규 버전 배포",
        "결제 오류 발생 시작",
        "오류율 경보가 울리고 당직자가 감지",
        "당직자가 대응을 시작",
        "이전 버전으로 롤백",
        "오류율이 정상으로 돌아오고 복구 확인",
        "장애 종료 선언",
    ),
    "es": (
        "Se despliega la versión 3.1 del servicio de cobros",
        "Comienzan los errores en el cobro con tarjeta",
        "Salta la alerta de tasa de errores y la guardia lo detecta",
        "La guardia reconoce la alerta y comienza la investigación",
        "Se revierte la versión 3.1",
        "La tasa de errores vuelve a la normalidad y el cobro se recupera",
        "Se cierra el incidente",
    ),
    "fr": (
        "Déploiement de la version 3.1 du service de paiement",
        "Début de l'impact : les paiements par carte échouent",
        "L'alerte sur le taux d'erreur se déclenche et l'astreinte la détecte",
        "L'astreinte prend en charge l'incident",
        "Retour arrière vers la version 3.0",
        "Le taux d'erreur revient à la normale, service rétabli",
        "Incident clos",
    ),
    "de": (
        "Version 3.1 des Zahlungsdienstes ausgerollt",
        "Beginn der Störung: Kartenzahlungen schlagen fehl",
        "Der Fehlerraten-Alarm löst aus, die Rufbereitschaft bemerkt die Störung",
        "Die Rufbereitschaft beginnt mit der Analyse",
        "Version 3.1 zurückgerollt",
        "Die Fehlerrate ist wieder normal, der Dienst läuft wieder",
        "Störung geschlossen",
    ),
    "pt": (
        "Implantação da versão 3.1 do serviço de pagamentos",
        "Início do impacto: pagamentos com cartão falham",
        "O alerta de taxa de erros dispara e o plantão detecta o problema",
        "O plantão assume o incidente e inicia a investigação",
        "Reversão para a versão 3.0",
        "A taxa de erros volta ao normal e o serviço se recupera",
        "Incidente encerrado",
    ),
}


@pytest.mark.parametrize("language", sorted(OTHER_LANGUAGE_TIMELINES))
def test_a_timeline_in_another_language_gives_every_key(language: str) -> None:
    rows = OTHER_LANGUAGE_TIMELINES[language]
    stamps = ("10:00", "10:03", "10:08", "10:12", "10:30", "10:36", "11:00")
    text = "".join(f"- {stamp} UTC {row}\n" for stamp, row in zip(stamps, rows))
    picks = pick_keys(timeline_of(text).events)
    assert {key: f"{pick.event.at:%H:%M}" for key, pick in picks.items()} == {
        "started": "10:03",  # the row that says impact began, not the change before it
        "detected": "10:08",
        "acknowledged": "10:12",
        "mitigated": "10:36",  # the fix at 10:30 is the work; the next row tells the end
        "resolved": "11:00",
    }
    assert picks["mitigated"].why == "impact ended after the fix on line 9"


# (a row that tells impact, a detection denied, a real detection)
DENIED_DETECTIONS = [
    ("支付接口报错", "监控没有告警", "客服转来用户投诉"),
    ("支付接口报错", "当时未发现异常", "客服转来用户投诉"),
    ("決済エラーが増加", "監視では検知できなかった", "お客様からの問い合わせで発覚"),
    ("결제 오류 증가", "모니터링에서 감지되지 않음", "고객 문의 접수"),
    ("Errores en el cobro", "No se detectó el problema", "Un cliente informa del problema"),
    ("Errores en el cobro", "Sin alerta del monitor", "Un cliente informa del problema"),
    ("Les paiements échouent", "Aucune alerte ne se déclenche", "Un client signale le problème"),
    ("Les paiements échouent", "L'incident n'a pas été détecté", "Un client signale le problème"),
    ("Zahlungen schlagen fehl", "Kein Alarm ausgelöst", "Ein Kunde meldet den Fehler"),
    ("Zahlungen schlagen fehl", "Der Fehler wird nicht erkannt", "Ein Kunde meldet den Fehler"),
    ("Pagamentos falham", "O problema não foi detectado", "Um cliente reclama no suporte"),
    ("Pagamentos falham", "Sem alerta do monitoramento", "Um cliente reclama no suporte"),
]


@pytest.mark.parametrize(
    "service_row",
    [
        # "알림" is a notification as well as an alert: a notification service, its sender or
        # notifications running late are what broke, never news reaching the team.
        "알림 발송 워커 설정 변경 배포",
        "발송 대기열 적체 시작, 알림 지연 발생",
        "푸시 알림 서비스 재시작",
    ],
)
def test_a_korean_notification_service_is_no_alert(service_row: str) -> None:
    text = f"- 10:00 UTC {service_row}\n- 10:10 UTC 대기열 길이 경보 발생\n"
    assert keys_of(text)["detected"] == "10:10"


@pytest.mark.parametrize("alert_row", ["오류율 알림이 당직에게 전달됨", "모니터링 알림 수신"])
def test_a_korean_alert_that_fires_or_arrives_is_the_detection(alert_row: str) -> None:
    text = f"- 10:00 UTC 알림 발송 지연 시작\n- 10:10 UTC {alert_row}\n"
    assert keys_of(text)["detected"] == "10:10"


@pytest.mark.parametrize(("impact", "denied", "detection"), DENIED_DETECTIONS)
def test_a_detection_denied_in_another_language_is_no_detection(
    impact: str, denied: str, detection: str
) -> None:
    text = f"- 10:00 UTC {impact}\n- 10:05 UTC {denied}\n- 10:20 UTC {detection}\n"
    assert keys_of(text)["detected"] == "10:20"


# (an alert, an end denied, the real end)
DENIED_ENDS = [
    ("支付错误率告警", "服务仍未恢复", "支付恢复正常"),
    ("支付错误率告警", "支付尚未恢复", "支付恢复正常"),
    ("決済エラーのアラート", "決済はまだ復旧していない", "決済が復旧"),
    ("결제 오류 경보", "결제가 아직 복구되지 않음", "결제 정상화"),
    ("Alerta de errores", "El cobro todavía no se ha recuperado", "El cobro se recupera"),
    ("Alerte sur les erreurs", "Le service n'est pas rétabli", "Service rétabli"),
    ("Alarm wegen Fehlern", "Der Fehler ist noch nicht behoben", "Zahlungen laufen wieder"),
    ("Alerta de erros", "O serviço ainda não foi restabelecido", "Serviço restabelecido"),
]


@pytest.mark.parametrize(("alert", "denied", "end"), DENIED_ENDS)
def test_an_end_denied_in_another_language_is_not_the_end(
    alert: str, denied: str, end: str
) -> None:
    text = f"- 10:00 UTC {alert}\n- 10:30 UTC {denied}\n- 11:00 UTC {end}\n"
    assert keys_of(text)["mitigated"] == "11:00"


# (an alert, work under way or a partial recovery, impact seen to end)
UNDER_WAY = [
    ("支付错误率告警", "恢复中", "支付恢复正常"),
    ("支付错误率告警", "开始恢复", "支付恢复正常"),
    ("支付错误率告警", "部分恢复", "支付恢复正常"),
    ("決済エラーのアラート", "一部復旧", "決済が復旧"),
    ("決済エラーのアラート", "復旧作業を開始", "決済が復旧"),
    ("결제 오류 경보", "일부 복구", "결제 정상화"),
    ("Alerta de errores", "Recuperación en curso", "El cobro se recupera"),
    ("Alerte sur les erreurs", "Service partiellement rétabli", "Service rétabli"),
    ("Alarm wegen Fehlern", "Dienst teilweise wiederhergestellt", "Zahlungen laufen wieder"),
    ("Alerta de erros", "Recuperação em andamento", "Serviço restabelecido"),
]


@pytest.mark.parametrize(("alert", "under_way", "end"), UNDER_WAY)
def test_work_under_way_or_partial_in_another_language_is_not_the_end(
    alert: str, under_way: str, end: str
) -> None:
    text = f"- 07:00 UTC {alert}\n- 08:25 UTC {under_way}\n- 09:15 UTC {end}\n"
    assert keys_of(text)["mitigated"] == "09:15"
    # With nothing later, the work under way stands in, as an English row does.
    picks = pick_keys(timeline_of(f"- 07:00 UTC {alert}\n- 08:25 UTC {under_way}\n").events)
    assert "under way" in picks["mitigated"].why


@pytest.mark.parametrize(
    ("impact", "cause", "detection"),
    [
        ("支付接口报错", "值班在日志中发现根因", "客服转来用户投诉"),
        ("決済エラーが増加", "ログから原因を発見", "お客様からの問い合わせで発覚"),
        ("決済エラーが増加", "原因を特定", "お客様からの問い合わせで発覚"),
        ("Errores en el cobro", "Causa raíz identificada: falta un índice", "Un cliente informa"),
        ("Errores en el cobro", "Se detecta la causa raíz", "Un cliente informa"),
        ("Zahlungen schlagen fehl", "Ursache gefunden: ein fehlender Index", "Ein Kunde meldet es"),
    ],
)
def test_finding_the_cause_in_another_language_is_no_detection(
    impact: str, cause: str, detection: str
) -> None:
    text = f"- 10:00 UTC {impact}\n- 10:10 UTC {cause}\n- 10:20 UTC {detection}\n"
    assert keys_of(text)["detected"] == "10:20"


@pytest.mark.parametrize(
    "row",
    [
        "开始回滚，错误率恢复正常",
        "开始回滚。错误率恢复正常",
        "开始回滚；错误率恢复正常",
        "开始回滚！错误率恢复正常",
        "ロールバックを開始、エラー率は通常に戻った",
        "ロールバックを開始。エラー率は通常に戻った",
    ],
)
def test_full_width_marks_end_a_clause_as_a_comma_does(row: str) -> None:
    # "Rollback started, error rate back to normal" is settled: the rollback's start is one
    # clause, the end of impact another. Read as one clause, the start would leave it
    # unsettled and the later row would be taken.
    text = f"- 10:00 UTC 告警触发\n- 10:20 UTC {row}\n- 10:50 UTC 错误率恢复正常\n"
    assert keys_of(text)["mitigated"] == "10:20"
