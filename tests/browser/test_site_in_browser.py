"""A reader's path through the built site in a real browser: browse and filter (search: see
test_search_in_browser.py)."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import Traffic

ID_CELLS = ".pmkb-list tbody tr td:first-child"


def list_ids(page: Page) -> list[str]:
    return page.locator(ID_CELLS).all_inner_texts()


def expect_ids(page: Page, ids: list[str]) -> None:
    """The list shows exactly ``ids``, in order: waits while its rows are fetched."""
    expect(page.locator(ID_CELLS)).to_have_text(ids)


def list_data_requests(traffic: Traffic) -> list[str]:
    return [url for url in traffic.requests if url.endswith("/incidents/list.json")]


def test_all_incidents_list_filters_and_sorts_in_the_browser(
    site_page: Page, traffic: Traffic
) -> None:
    page = site_page
    page.goto(traffic.origin + "incidents/")
    form = page.locator("form.pmkb-filters")
    form.wait_for(state="visible")
    # The latest rows are the page's own table; the rows are fetched on first use.
    assert list_ids(page) == [
        "PM-2025-004",
        "PM-2025-003",
        "PM-2025-002",
        "PM-2025-001",
        "PM-2024-010",
    ]
    assert list_data_requests(traffic) == []

    form.locator("select[name=severity]").select_option("SEV1")
    expect_ids(page, ["PM-2024-010"])
    assert page.locator(".pmkb-list__count").inner_text() == "1 of 5 post-mortems match"
    assert len(list_data_requests(traffic)) == 1

    form.locator("select[name=severity]").select_option("")
    form.locator("select[name=service]").select_option("api-service")
    expect_ids(page, ["PM-2025-003", "PM-2025-001"])
    assert "service=api-service" in page.url

    form.locator("select[name=status]").select_option("published")
    expect_ids(page, ["PM-2025-001"])

    form.locator("button[type=reset]").click()
    page.wait_for_function("() => document.querySelectorAll('.pmkb-list tbody tr').length === 5")
    form.locator("select[name=factor]").select_option("missing-index")
    expect_ids(page, ["PM-2025-001", "PM-2024-010"])
    form.locator("select[name=year]").select_option("2024")
    expect_ids(page, ["PM-2024-010"])
    form.locator("select[name=year]").select_option("")
    form.locator("select[name=factor]").select_option("")
    form.locator("select[name=team]").select_option("storage")
    expect_ids(page, ["PM-2024-010"])
    form.locator("select[name=team]").select_option("")

    page.locator("th[data-sort=id] button").click()
    expect_ids(
        page,
        [
            "PM-2024-010",
            "PM-2025-001",
            "PM-2025-002",
            "PM-2025-003",
            "PM-2025-004",
        ],
    )
    page.locator("th[data-sort=severity] button").click()
    assert list_ids(page)[0] == "PM-2024-010"

    # Fetched once, whatever the reader did since.
    assert len(list_data_requests(traffic)) == 1
    first = page.locator(".pmkb-list tbody tr td:first-child a").first
    first.click()
    page.wait_for_url("**/incidents/pm-2024-010/")
    assert page.locator("h1").inner_text().startswith("PM-2024-010: ")


def test_a_filtered_list_can_be_linked_to(site_page: Page, traffic: Traffic) -> None:
    page = site_page
    page.goto(traffic.origin + "incidents/?factor=monitoring-gap&sort=id&order=asc")
    page.locator("form.pmkb-filters").wait_for(state="visible")
    assert page.locator("select[name=factor]").input_value() == "monitoring-gap"
    expect_ids(page, ["PM-2025-001", "PM-2025-003"])


def test_a_postmortem_page_reaches_its_factor_and_service_pages(
    site_page: Page, traffic: Traffic
) -> None:
    page = site_page
    page.goto(traffic.origin + "incidents/pm-2025-001/")
    page.locator(".pmkb-summary a.md-tag", has_text="missing-index").click()
    page.wait_for_url("**/factors/missing-index/")
    rows = page.locator(".pmkb-incidents tbody tr td:first-child").all_inner_texts()
    assert rows == ["PM-2025-001", "PM-2024-010"]
    page.go_back()
    page.locator(".pmkb-summary a.pmkb-service", has_text="orders-db").click()
    page.wait_for_url("**/services/orders-db/")
    assert page.locator("h1").inner_text() == "orders-db"


def test_the_list_says_so_when_its_rows_cannot_be_loaded(site_page: Page, traffic: Traffic) -> None:
    page = site_page
    page.route(
        "**/incidents/list.json", lambda route: route.fulfill(status=503, body="unavailable")
    )
    page.goto(traffic.origin + "incidents/")
    form = page.locator("form.pmkb-filters")
    form.wait_for(state="visible")
    form.locator("select[name=severity]").select_option("SEV1")
    expect(page.locator(".pmkb-list__count")).to_have_text(
        re.compile(
            r"^The full list could not be loaded \(503\b.*\); the latest post-mortems are shown\.$"
        )
    )
    # The page's own rows stay, and the list is not left looking busy.
    assert len(list_ids(page)) == 5
    assert page.locator("[data-pmkb-list]").get_attribute("aria-busy") is None
    # The next choice tries again.
    page.unroute("**/incidents/list.json")
    form.locator("select[name=severity]").select_option("")
    expect(page.locator(".pmkb-list__count")).to_have_text("5 post-mortems")
    assert len(list_data_requests(traffic)) == 2
    # The browser reports the failed request itself; nothing else went wrong.
    failed = [e for e in traffic.console_errors if "503" in e]
    assert len(failed) == 1
    traffic.console_errors.remove(failed[0])
