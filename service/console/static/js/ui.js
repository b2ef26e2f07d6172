// Building pages: elements are made with textContent only, never innerHTML, so a name or a
// comment typed by anyone is shown as text and cannot run as script.

import { Problem, download } from "./api.js";

export function h(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else if (name === "dataset") Object.assign(element.dataset, value);
    else if (value === true) element.setAttribute(name, "");
    else element.setAttribute(name, value);
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function show(main, ...children) {
  main.replaceChildren();
  append(main, children);
}

const BEIJING = { timeZone: "Asia/Shanghai" };
const DAY = new Intl.DateTimeFormat("zh-CN", { ...BEIJING, year: "numeric", month: "2-digit", day: "2-digit" });
const MINUTE = new Intl.DateTimeFormat("zh-CN", {
  ...BEIJING,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hour12: false,
});

// Times as the office reads them: Beijing time whatever the PC's clock is set to.
export const day = (iso) => (iso ? DAY.format(new Date(iso)) : "—");
export const minute = (iso) => (iso ? MINUTE.format(new Date(iso)) : "—");

// Yellow/red never by colour alone: the words say it too (colour-blind readers, printouts).
const DEADLINE = { green: "期限内", yellow: "即将到期", red: "已超期" };

export function deadline(color, dueAt) {
  return h("span", { class: `due due-${color}`, title: DEADLINE[color] }, DEADLINE[color] || "", dueAt ? ` · ${minute(dueAt)}` : "");
}

export function problemBox(problem) {
  const fields = Object.entries(problem.errors || {});
  return h(
    "div",
    { class: "problem", role: "alert" },
    h("strong", {}, problem.title),
    problem.detail ? h("p", {}, problem.detail) : null,
    fields.length ? h("ul", {}, fields.map(([field, messages]) => h("li", {}, `${field}：${messages.join("；")}`))) : null,
    problem.requestId ? h("p", { class: "muted" }, `求助时请提供编号 ${problem.requestId}`) : null,
  );
}

// A page's load failed: its message in place of the page, with a way to try again.
export function failed(main, problem, retry) {
  show(main, problemBox(problem), retry ? h("button", { type: "button", onclick: retry }, "重试") : null);
}

// While a form is sent its button is disabled, so an impatient second click does not send twice.
export async function busy(button, work) {
  button.disabled = true;
  try {
    return await work();
  } finally {
    button.disabled = false;
  }
}

export function field(label, input, hint) {
  return h("label", { class: "field" }, h("span", {}, label), input, hint ? h("small", { class: "muted" }, hint) : null);
}

export function table(headers, rows) {
  return h(
    "table",
    {},
    h("thead", {}, h("tr", {}, headers.map((text) => h("th", { scope: "col" }, text)))),
    h("tbody", {}, rows),
  );
}

// A keyset-paginated list (`{items, next_cursor}`): 下一页 follows the cursor the API gave,
// 上一页 goes back through the cursors already seen (keyset has no page numbers to jump to).
// The API's refusal (a filter it rejects, a lost connection) shows in place of the list, so the
// rest of the page — its filters above all — stays to correct and retry.
export function keysetPages(load, draw) {
  const list = h("div");
  const message = h("div");
  const back = h("button", { type: "button", class: "secondary" }, "上一页");
  const forward = h("button", { type: "button", class: "secondary" }, "下一页");
  const place = h("span", { class: "muted" });
  const cursors = [null];
  let at = 0;
  back.hidden = forward.hidden = true;

  async function open(index) {
    const body = await load(cursors[index]);
    at = index;
    cursors.length = index + 1;
    if (body.next_cursor) cursors.push(body.next_cursor);
    message.replaceChildren();
    list.replaceChildren(draw(body));
    back.hidden = at === 0;
    forward.hidden = cursors.length === at + 1;
    place.textContent = `第 ${at + 1} 页`;
  }

  async function attempt(index) {
    try {
      await open(index);
    } catch (problem) {
      if (!(problem instanceof Problem)) throw problem;
      message.replaceChildren(problemBox(problem));
    }
  }

  back.addEventListener("click", () => busy(back, () => attempt(at - 1)));
  forward.addEventListener("click", () => busy(forward, () => attempt(at + 1)));
  return {
    element: h("div", {}, list, message, h("div", { class: "pager" }, back, place, forward)),
    first: () => attempt(0),
  };
}

// A wide table scrolls sideways inside the page instead of pushing the page wider than the screen.
export function wide(tableElement) {
  return h("div", { class: "scroll" }, tableElement);
}

// A list's filters as a link to the same page, so a filter is a bookmarkable address.
export function pageLink(page, params, text) {
  const search = new URLSearchParams(Object.entries(params).filter(([, v]) => v)).toString();
  return h("a", { href: `#/${page}${search ? "?" + search : ""}` }, text);
}

// An 导出 Excel button: the file for the page's own filters; a refusal is shown beside it.
export function exportButton(path, params, fileName) {
  const message = h("div");
  const button = h("button", { type: "button", class: "secondary" }, "导出 Excel");
  button.addEventListener("click", () =>
    busy(button, async () => {
      message.replaceChildren();
      try {
        await download(path, params, fileName);
      } catch (problem) {
        message.replaceChildren(problemBox(problem));
      }
    }),
  );
  return { button, message };
}
