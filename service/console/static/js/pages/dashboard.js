// 领导看板 (policy 3.1–3.2): each office's caseload, speed against its promise and its 好差评, the
// monthly trend, and the communities' staff, premises and funds. Every chart has a table with
// the same figures beside it: leaders print the page, and a screen reader reads the tables.

import { Problem, getJSON } from "../api.js";
import { KIND as KINDS } from "../labels.js";
import { exportButton, field, h, minute, problemBox, show, table, wide } from "../ui.js";

const FILTERS = ["region", "kind", "from", "to"];
const LEVELS = [
  ["very_satisfied", "非常满意", "#2e7d32"],
  ["satisfied", "满意", "#66bb6a"],
  ["basically_satisfied", "基本满意", "#f9a825"],
  ["dissatisfied", "不满意", "#ef6c00"],
  ["very_dissatisfied", "非常不满意", "#c62828"],
];
// Distinct in hue and lightness, so a grey printout still tells the bars apart.
const COLOURS = ["#1456f0", "#2e7d32", "#a15c00", "#c62828", "#6a1b9a"];
// The charts on screen: a page drawn again (a new filter) destroys them first, so none stays
// bound to a detached canvas.
const charts = [];

export async function render(main, { params, go }) {
  const filters = Object.fromEntries(FILTERS.map((name) => [name, params.get(name) || ""]));
  const form = filterForm(filters, go);
  charts.splice(0).forEach((chart) => chart.destroy());
  let body;
  try {
    ({ body } = await getJSON("/staff/oversight/dashboard", filters));
  } catch (problem) {
    // A filter the API refuses (a window over 24 months, a region outside the area): its reason
    // under the filters, so they can be corrected in place.
    if (!(problem instanceof Problem)) throw problem;
    show(main, h("h1", {}, "领导看板"), form, problemBox(problem));
    return;
  }
  const offices = byOffice(body.offices);
  const timed = body.offices.filter((row) => row.median_working_days !== null);
  const rated = offices.filter((office) => office.ratings.total > 0);

  const { button: exporting, message } = exportButton("/staff/oversight/dashboard.xlsx", filters, "领导看板.xlsx");

  const canvases = {
    offices: canvas("offices", "各部门收件、办结、不予受理、超期件数"),
    trend: canvas("trend", "按月收件和办结趋势"),
    speed: canvas("speed", "各部门各事项实际用时与承诺时限（工作日）"),
    ratings: canvas("ratings", "各部门好差评分布"),
  };
  show(
    main,
    h("div", { class: "toolbar" }, h("h1", {}, `领导看板${body.region ? ` · ${body.region.name}` : ""}`), exporting),
    h("p", { class: "muted" }, `统计期间 ${body.from} 至 ${body.to}${body.kind ? `，事项：${KINDS[body.kind] || body.kind}` : "，全部事项"}；生成于 ${minute(body.generated_at)}`),
    message,
    form,
    h(
      "div",
      { class: "grid" },
      chartCard("各部门办理情况", canvases.offices, offices.length),
      chartCard("月度趋势", canvases.trend, body.trend.length),
      chartCard("办理用时与承诺时限（工作日）", canvases.speed, timed.length, timed.length > 6),
      chartCard("好差评分布", canvases.ratings, rated.length),
    ),
    h("h2", {}, "办理情况（各部门各事项）"),
    wide(officeTable(body.offices)),
    h("h2", {}, "月度趋势"),
    wide(trendTable(body.trend)),
    h("h2", {}, "好差评（各部门）"),
    rated.length ? wide(ratingsTable(rated)) : h("p", { class: "muted" }, "期间内没有评价。"),
    h("h2", {}, "村（社区）工作保障（3.2）"),
    body.communities.length ? wide(communityTable(body.communities)) : h("p", { class: "muted" }, "期间所涉年度尚未录入。"),
  );

  if (offices.length) charts.push(officeChart(canvases.offices, offices));
  if (body.trend.length) charts.push(trendChart(canvases.trend, body.trend));
  if (timed.length) charts.push(speedChart(canvases.speed, timed));
  if (rated.length) charts.push(ratingsChart(canvases.ratings, rated));
}

// An office is a region and a role: 组织部门 of a county and of a village are two offices.
const officeName = (row) => `${row.region.name} ${row.office}`;
// On a chart's axis the two parts go on two lines (Chart.js draws an array as lines).
const officeLines = (office) => office.split(" ");

// The API gives one row per office and kind; the caseload and rating charts sum an office's kinds
// (medians do not add up, so the speed chart keeps office × kind).
function byOffice(rows) {
  const offices = new Map();
  for (const row of rows) {
    const key = `${row.region.code} ${row.office_role}`;
    const office = offices.get(key) || {
      office: officeName(row),
      received: 0,
      completed: 0,
      refused: 0,
      overdue: 0,
      ratings: { total: 0, counts: Object.fromEntries(LEVELS.map(([level]) => [level, 0])) },
    };
    office.received += row.received;
    office.completed += row.completed;
    office.refused += row.refused;
    office.overdue += overdue(row);
    if (row.ratings) {
      office.ratings.total += row.ratings.total;
      for (const [level] of LEVELS) office.ratings.counts[level] += row.ratings.counts[level];
    }
    offices.set(key, office);
  }
  return [...offices.values()];
}

// Late work an office answers for: closed late in the period, and still open past its deadline.
const overdue = (row) => row.closed_overdue + row.open_overdue;

function canvas(name, label) {
  return h("canvas", { id: `chart-${name}`, role: "img", "aria-label": label });
}

// A chart with a bar per office and kind grows with its rows, so each label stays legible.
function chartCard(title, canvasElement, count, tall = false) {
  return h(
    "section",
    { class: "card" },
    h("h2", {}, title),
    count ? h("div", { class: tall ? "chart chart-tall" : "chart" }, canvasElement) : h("p", { class: "muted" }, "期间内没有数据。"),
  );
}

// Figures leaders print: no animation, so the page and a screenshot show the final bars.
function draw(canvasElement, type, data, options = {}) {
  return new window.Chart(canvasElement, {
    type,
    data,
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: { legend: { position: "bottom" } },
      ...options,
    },
  });
}

// A bar stays a bar when an office stands alone in its chart, not a slab across the width.
function series(label, data, index, extra = {}) {
  return { label, data, backgroundColor: COLOURS[index], borderColor: COLOURS[index], maxBarThickness: 40, ...extra };
}

function officeChart(element, offices) {
  return draw(element, "bar", {
    labels: offices.map((office) => officeLines(office.office)),
    datasets: [
      series("收件", offices.map((office) => office.received), 0),
      series("办结", offices.map((office) => office.completed), 1),
      series("不予受理", offices.map((office) => office.refused), 2),
      series("超期（已办结＋在办）", offices.map((office) => office.overdue), 3),
    ],
  }, { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } });
}

function trendChart(element, trend) {
  return draw(element, "line", {
    labels: trend.map((month) => monthLabel(month.month)),
    datasets: [
      series("收件", trend.map((month) => month.received), 0, { tension: 0.2 }),
      series("办结", trend.map((month) => month.completed), 1, { tension: 0.2 }),
    ],
  }, { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } });
}

function speedChart(element, rows) {
  return draw(element, "bar", {
    labels: rows.map((row) => [officeName(row), row.kind_title]),
    datasets: [
      series("用时中位数", rows.map((row) => row.median_working_days), 0),
      series("90% 的件在此用时内", rows.map((row) => row.p90_working_days), 2),
      series("承诺时限", rows.map((row) => row.promised_working_days), 3),
    ],
  }, { indexAxis: "y", scales: { x: { beginAtZero: true, title: { display: true, text: "工作日" } } } });
}

function ratingsChart(element, offices) {
  return draw(element, "bar", {
    labels: offices.map((office) => officeLines(office.office)),
    datasets: LEVELS.map(([level, label, colour]) => ({
      label,
      data: offices.map((office) => office.ratings.counts[level]),
      backgroundColor: colour,
      maxBarThickness: 60,
    })),
  }, { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } });
}

const monthLabel = (month) => `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;
const number = (value) => h("td", { class: "number" }, value === null || value === undefined ? "—" : value);
const percent = (share) => (share === null || share === undefined ? "—" : `${(share * 100).toFixed(1)}%`);

function promise(row) {
  if (row.promised_working_days !== null) return `${row.promised_working_days} 个工作日`;
  if (row.promised_months !== null) return `${row.promised_months} 个月`;
  return "—";
}

function officeTable(rows) {
  const headers = ["部门", "事项", "收件", "受理", "办结", "不予受理", "不予批准", "在办", "在办超期", "按期办结", "超期办结", "用时中位数（工作日）", "90% 用时（工作日）", "承诺时限", "补正率", "评价数", "差评占比"];
  return withId(
      table(
        headers,
        rows.map((row) =>
          h(
            "tr",
            {},
            h("td", {}, officeName(row)),
            h("td", {}, row.kind_title),
            [row.received, row.accepted, row.completed, row.refused, row.rejected, row.open, row.open_overdue, row.closed_on_time, row.closed_overdue].map(number),
            number(row.median_working_days),
            number(row.p90_working_days),
            h("td", {}, promise(row)),
            h("td", { class: "number" }, percent(row.correction_rate)),
            number(row.ratings ? row.ratings.total : 0),
            h("td", { class: "number" }, percent(row.ratings?.bad_share)),
          ),
        ),
      ),
      "table-offices",
  );
}

function trendTable(trend) {
  return withId(
    table(
      ["月份", "收件", "办结", "超期办结"],
      trend.map((month) => h("tr", {}, h("td", {}, monthLabel(month.month)), number(month.received), number(month.completed), number(month.overdue))),
    ),
    "table-trend",
  );
}

function ratingsTable(offices) {
  return withId(
    table(
      ["部门", ...LEVELS.map(([, label]) => label), "合计"],
      offices.map((office) => h("tr", {}, h("td", {}, office.office), LEVELS.map(([level]) => number(office.ratings.counts[level])), number(office.ratings.total))),
    ),
    "table-ratings",
  );
}

function communityTable(communities) {
  return withId(
    table(
      ["村（社区）", "年度", "工作人员数", "办公和服务用房（平方米）", "全年工作经费（元）", "录入时间"],
      communities.map((row) =>
        h(
          "tr",
          {},
          h("td", {}, row.region.name),
          h("td", {}, row.year),
          number(row.staff_count),
          number(row.premises_m2),
          number((row.funds_fen / 100).toLocaleString("zh-CN", { minimumFractionDigits: 2 })),
          h("td", {}, minute(row.recorded_at)),
        ),
      ),
    ),
    "table-communities",
  );
}

function withId(element, id) {
  element.id = id;
  return element;
}

function filterForm(filters, go) {
  const inputs = {
    region: h("input", { name: "region", maxlength: 12, pattern: "[0-9]{6}([0-9]{3}([0-9]{3})?)?", value: filters.region }),
    kind: h(
      "select",
      { name: "kind" },
      h("option", { value: "" }, "全部事项"),
      Object.entries(KINDS).map(([value, label]) => h("option", { value, selected: value === filters.kind }, label)),
    ),
    from: h("input", { name: "from", type: "date", value: filters.from }),
    to: h("input", { name: "to", type: "date", value: filters.to }),
  };
  const form = h(
    "form",
    { class: "card inline", id: "dashboard-filters" },
    field("地区代码", inputs.region, "6、9 或 12 位，空为全部辖区"),
    field("事项", inputs.kind),
    field("起始日期", inputs.from, "空为 12 个月前的月初"),
    field("截止日期", inputs.to, "空为今天；最长 24 个月"),
    h("button", { type: "submit" }, "查看"),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    go("dashboard", Object.fromEntries(FILTERS.map((name) => [name, inputs[name].value.trim()])));
  });
  return form;
}
