"""领导看板 in the console (issue 15 §3, policy 3.1–3.2): the charts draw and the printed tables
hold the API's own figures."""

from __future__ import annotations

from selenium.webdriver.common.by import By

from tests.console.conftest import Console

CHARTS = ("offices", "trend", "speed", "ratings")
# Per chart: how many plotted values are numbers above zero (None when no chart was drawn).
PLOTTED = """
return arguments[0].map((name) => {
  const chart = Chart.getChart(document.getElementById("chart-" + name));
  if (!chart) return null;
  return chart.data.datasets.flatMap((set) => set.data).filter((v) => typeof v === "number" && v > 0).length;
});
"""


def api(console: Console, path: str) -> dict:
    """The API's answer to the signed-in console user, as the page itself asked for it."""
    return console.driver.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        const { access_token } = JSON.parse(sessionStorage.getItem("anju.console.tokens"));
        fetch("/api/v1" + arguments[0], { headers: { Authorization: "Bearer " + access_token } })
          .then((response) => response.json()).then(done);
        """,
        path,
    )


def rows(console: Console, table_id: str) -> list[list[str]]:
    body = console.driver.find_element(By.ID, table_id)
    return [
        [cell.text for cell in row.find_elements(By.TAG_NAME, "td")]
        for row in body.find_elements(By.CSS_SELECTOR, "tbody tr")
    ]


def test_the_county_civil_affairs_sees_every_chart_drawn_with_the_apis_figures(demo_console):
    demo_console.sign_in("demo.fd.minzheng")
    demo_console.press("领导看板", within="header")
    demo_console.wait_for("#table-offices")

    plotted = demo_console.driver.execute_script(PLOTTED, list(CHARTS))
    assert all(count for count in plotted), dict(zip(CHARTS, plotted, strict=True))

    answer = api(demo_console, "/staff/oversight/dashboard")
    shown = rows(demo_console, "table-offices")
    assert [(row[0], row[1], row[2], row[4]) for row in shown] == [
        (
            f"{office['region']['name']} {office['office']}",
            office["kind_title"],
            str(office["received"]),
            str(office["completed"]),
        )
        for office in answer["offices"]
    ]
    assert [row[1:3] for row in rows(demo_console, "table-trend")] == [
        [str(month["received"]), str(month["completed"])] for month in answer["trend"]
    ]
    assert [(row[0], row[2]) for row in rows(demo_console, "table-communities")] == [
        (community["region"]["name"], str(community["staff_count"])) for community in answer["communities"]
    ]
    assert demo_console.script_errors() == []
    demo_console.screenshot("dashboard")


def test_a_window_the_api_refuses_says_why_under_the_filters_to_correct(demo_console):
    demo_console.sign_in("demo.fd.minzheng")
    demo_console.open("#/dashboard?from=2020-01-01&to=2026-11-30")
    problem = demo_console.wait_for("#main .problem")
    assert "统计期间最长 24 个月" in problem.text
    assert demo_console.wait_for("#dashboard-filters [name='from']").get_attribute("value") == "2020-01-01"
