// 全员对账 (policy 3.3): how many relocated people each matter has done, pending or missing, the
// gaps by type, and the people behind each number. The figures come from the nightly refresh,
// so the page says when they were computed and by which day counts a delay becomes a gap.

import { Problem, getJSON } from "../api.js";
import { day, exportButton, field, h, keysetPages, minute, pageLink, problemBox, show, table, wide } from "../ui.js";

const FILTERS = ["region", "gap", "domain", "status"];

export async function render(main, { params, go }) {
  const filters = Object.fromEntries(FILTERS.map((name) => [name, params.get(name) || ""]));
  let summary;
  try {
    summary = (await getJSON("/staff/oversight/summary", { region: filters.region || null })).body;
  } catch (problem) {
    // A region outside the area answers like a missing one; the way out is the whole area.
    if (!(problem instanceof Problem) || !filters.region) throw problem;
    show(main, h("h1", {}, "全员对账"), problemBox(problem), h("p", {}, pageLink("oversight", {}, "查看全部辖区")));
    return;
  }
  const statuses = new Map(summary.domains.flatMap((domain) => domain.counts.map((count) => [count.status, count.label])));
  const domains = new Map(summary.domains.map((domain) => [domain.domain, domain.label]));
  const gaps = new Map(summary.gaps.map((gap) => [gap.gap, gap.label]));
  const link = (changes, text) => pageLink("oversight", { ...filters, ...changes }, text);

  const list = keysetPages(
    (cursor) => getJSON("/staff/oversight/people", { ...filters, cursor }).then(({ body }) => body),
    ({ items }) => (items.length ? peopleTable(items, domains) : h("p", { class: "muted" }, "没有符合条件的人员。")),
  );
  await list.first();

  const { button: exporting, message } = exportButton("/staff/oversight/people.xlsx", filters, "全员对账.xlsx");

  show(
    main,
    h("div", { class: "toolbar" }, h("h1", {}, `全员对账${summary.region ? ` · ${summary.region.name}` : ""}`), exporting),
    h("p", { class: "muted", id: "refreshed" }, freshness(summary)),
    h("p", { class: "muted" }, settingsText(summary.settings)),
    message,
    h(
      "div",
      { class: "counts" },
      tile("搬迁群众", summary.people),
      tile("至少一项有缺口", summary.people_with_gaps),
    ),
    h(
      "div",
      { class: "grid" },
      h("section", {}, h("h2", {}, "各类缺口"), gapTable(summary.gaps, filters.gap, link)),
      h("section", {}, h("h2", {}, "各事项办理情况（人）"), wide(domainTable(summary.domains, statuses, filters, link))),
    ),
    h("h2", { id: "people-heading" }, "人员明细"),
    filterForm(filters, { domains, statuses, gaps }, go),
    chosenFilters(filters, { domains, statuses, gaps }),
    list.element,
  );
}

function freshness(summary) {
  if (!summary.refreshed_at) return "数据尚未统计：每晚自动计算一次，请明天再看。";
  return `数据更新于 ${minute(summary.refreshed_at)}（每晚重新计算）${summary.as_of ? `，按 ${day(summary.as_of)} 判断缺口` : ""}`;
}

function settingsText(settings) {
  return (
    `判断口径：户口迁移后 ${settings.pension_decision_days} 天未作养老保险决定、` +
    `${settings.collective_declaration_days} 天未声明集体经济组织成员身份，` +
    `低保特困转移超过 ${settings.assistance_transfer_days} 天未办结，算作缺口。`
  );
}

function tile(label, value) {
  return h("div", { class: "tile" }, h("strong", {}, value), label);
}

// A gap's label is a link that filters the people list to it; the chosen one reads in bold.
function gapTable(gaps, chosen, link) {
  return table(
    ["缺口", "人数"],
    gaps.map((gap) =>
      h(
        "tr",
        { dataset: { gap: gap.gap } },
        h("td", {}, gap.people ? withClass(link({ gap: gap.gap }, gap.label), gap.gap === chosen && "chosen") : gap.label),
        h("td", { class: "number" }, gap.people),
      ),
    ),
  );
}

// Matters down, statuses across; each non-zero number lists its people.
function domainTable(domains, statuses, filters, link) {
  const order = [...statuses.keys()];
  return table(
    ["事项", ...order.map((status) => statuses.get(status))],
    domains.map((domain) => {
      const counts = new Map(domain.counts.map((count) => [count.status, count.people]));
      return h(
        "tr",
        {},
        h("th", { scope: "row" }, domain.label),
        order.map((status) => {
          const people = counts.get(status) || 0;
          const chosen = filters.domain === domain.domain && filters.status === status;
          return h("td", { class: "number" }, people ? withClass(link({ domain: domain.domain, status }, people), chosen && "chosen") : 0);
        }),
      );
    }),
  );
}

function withClass(element, name) {
  if (name) element.classList.add(name);
  return element;
}

function filterForm(filters, { domains, statuses, gaps }, go) {
  const select = (name, options, blank) =>
    h(
      "select",
      { name },
      h("option", { value: "" }, blank),
      [...options].map(([value, label]) => h("option", { value, selected: value === filters[name] }, label)),
    );
  const inputs = {
    region: h("input", { name: "region", maxlength: 12, pattern: "[0-9]{6}([0-9]{3}([0-9]{3})?)?", value: filters.region }),
    gap: select("gap", gaps, "全部"),
    domain: select("domain", domains, "全部事项"),
    status: select("status", statuses, "全部状态"),
  };
  const form = h(
    "form",
    { class: "card inline", id: "oversight-filters" },
    field("地区代码", inputs.region, "6、9 或 12 位"),
    field("缺口", inputs.gap),
    field("事项", inputs.domain),
    field("状态", inputs.status, "与事项一起选"),
    h("button", { type: "submit" }, "筛选"),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    go("oversight", Object.fromEntries(FILTERS.map((name) => [name, inputs[name].value.trim()])));
  });
  return form;
}

function chosenFilters(filters, { domains, statuses, gaps }) {
  const words = [
    filters.region && `地区 ${filters.region}`,
    filters.gap && `缺口：${gaps.get(filters.gap) || filters.gap}`,
    filters.domain && `事项：${domains.get(filters.domain) || filters.domain}`,
    filters.status && `状态：${statuses.get(filters.status) || filters.status}`,
  ].filter(Boolean);
  if (!words.length) return null;
  return h("p", { class: "filters-now", id: "chosen-filters" }, h("span", {}, `当前筛选：${words.join("；")}`), pageLink("oversight", {}, "清除筛选"));
}

function peopleTable(items, domains) {
  const order = [...domains.keys()];
  return wide(
    table(
      ["姓名", "身份证号", "安置地", "迁出地", "户口迁移办结", ...order.map((domain) => domains.get(domain)), "缺口"],
      items.map((person) => {
        const statuses = new Map(person.statuses.map((status) => [status.domain, status]));
        return h(
          "tr",
          { dataset: { member: person.member_id } },
          h("td", { class: "name" }, h("a", { href: `#/register/${person.household_id}` }, person.name)),
          h("td", { class: "id-number" }, person.id_number_masked),
          h("td", { class: "place" }, person.region.name),
          h("td", { class: "place" }, person.origin_region.name),
          h("td", {}, day(person.hukou_moved_on)),
          order.map((domain) => {
            const status = statuses.get(domain);
            return h("td", { class: status ? `status status-${status.status}` : null }, status ? status.label : "—");
          }),
          h("td", { class: "gaps" }, person.gaps.map((gap) => gap.label).join("、") || "—"),
        );
      }),
    ),
  );
}
