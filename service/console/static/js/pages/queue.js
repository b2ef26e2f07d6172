// 待办案件: the office's queue as GET /staff/cases gives it — the counts per status and of
// yellow/red cases on top (each a one-click filter), filters kept in the address so a
// bookmark or the back button returns to the same list, and keyset pages.

import { getJSON } from "../api.js";
import { KIND, STATUS } from "../labels.js";
import { deadline, field, h, minute, show, table } from "../ui.js";

const FILTERS = ["status", "kind", "deadline", "assignee", "region", "cursor"];

function options(map, anyLabel, chosen) {
  return [
    h("option", { value: "" }, anyLabel),
    ...Object.entries(map).map(([value, label]) => h("option", { value, selected: value === chosen }, label)),
  ];
}

function tile(label, count, route, extraClass = "") {
  return h("a", { class: `tile ${extraClass}`, href: route }, h("strong", {}, String(count)), label);
}

export async function render(main, { params, go }) {
  // A case's "back" link returns to this list as filtered, not to the unfiltered queue.
  sessionStorage.setItem("anju.console.queue", location.hash);
  const chosen = Object.fromEntries(FILTERS.map((name) => [name, params.get(name) || ""]));
  const { body } = await getJSON("/staff/cases", {
    status: chosen.status,
    kind: chosen.kind,
    overdue: chosen.deadline === "red" ? "true" : "",
    due_soon: chosen.deadline === "yellow" ? "true" : "",
    assignee: chosen.assignee,
    region: chosen.region,
    cursor: chosen.cursor,
    limit: 20,
  });

  const status = h("select", { name: "status" }, options(STATUS, "全部状态", chosen.status));
  const kind = h("select", { name: "kind" }, options(KIND, "全部事项", chosen.kind));
  const due = h(
    "select",
    { name: "deadline" },
    options({ yellow: "即将到期（黄）", red: "已超期（红）" }, "全部期限", chosen.deadline),
  );
  const assignee = h("select", { name: "assignee" }, options({ me: "我经办的", none: "未分配" }, "全部经办人", chosen.assignee));
  const region = h("input", { name: "region", value: chosen.region, placeholder: "如 500230001", size: 14, maxlength: 12 });
  const filters = h(
    "form",
    { class: "card inline", id: "queue-filters" },
    field("状态", status),
    field("事项", kind),
    field("期限", due),
    field("经办人", assignee),
    field("地区代码", region),
    h("button", { type: "submit" }, "筛选"),
    h("button", { type: "button", class: "secondary", onclick: () => go("queue") }, "清除"),
  );
  filters.addEventListener("submit", (event) => {
    event.preventDefault();
    go("queue", { status: status.value, kind: kind.value, deadline: due.value, assignee: assignee.value, region: region.value.trim() });
  });

  const counts = body.counts;
  const tiles = h(
    "div",
    { class: "counts", id: "queue-counts" },
    tile("即将到期", counts.due_soon, "#/queue?deadline=yellow", "due-yellow"),
    tile("已超期", counts.overdue, "#/queue?deadline=red", "due-red"),
    Object.entries(counts.by_status).map(([key, count]) => tile(STATUS[key] || key, count, `#/queue?status=${key}`)),
  );

  const rows = body.items.map((item) =>
    h(
      "tr",
      { dataset: { caseId: item.id } },
      h("td", {}, h("a", { href: `#/cases/${item.id}` }, item.id)),
      h("td", {}, item.kind_title),
      h("td", { class: "status" }, item.explanation.label),
      h("td", {}, item.office),
      h("td", {}, item.region_code),
      h("td", {}, minute(item.submitted_at)),
      h("td", {}, deadline(item.color, item.due_at)),
    ),
  );
  const list = rows.length
    ? table(["编号", "事项", "状态", "当前办理部门", "地区", "提交时间", "办理期限"], rows)
    : h("p", { class: "card muted" }, "没有符合条件的案件。");
  const next = body.next_cursor
    ? h("button", { type: "button", onclick: () => go("queue", { ...chosen, cursor: body.next_cursor }) }, "下一页")
    : null;
  const first = chosen.cursor
    ? h("button", { type: "button", class: "secondary", onclick: () => go("queue", { ...chosen, cursor: "" }) }, "回到第一页")
    : null;

  show(main, h("h1", {}, "待办案件"), tiles, filters, h("div", { id: "queue" }, list), h("div", { class: "pager" }, first, next));
}
