// The console's frame: who is signed in, the menu their permissions open, and the router that
// draws one page per address (#/queue, #/cases/42, …) so the browser's back button and a
// bookmarked filter work as staff expect.

import { Problem, getJSON, tokens } from "./api.js";
import { failed, h, show } from "./ui.js";

const PAGES = {
  login: () => import("./pages/login.js"),
  password: () => import("./pages/password.js"),
  queue: () => import("./pages/queue.js"),
  cases: () => import("./pages/case.js"),
  register: () => import("./pages/register.js"),
  oversight: () => import("./pages/oversight.js"),
  dashboard: () => import("./pages/dashboard.js"),
};

// The menu: a page shows only to those whose grants carry its permission (the API checks again).
const MENU = [
  { page: "queue", label: "待办案件" },
  { page: "register", label: "户籍册查询", permission: "registry.read" },
  { page: "oversight", label: "全员对账", permission: "oversight.read" },
  { page: "dashboard", label: "领导看板", permission: "oversight.read" },
];

const main = document.getElementById("main");
let me = null;

export function go(page, params) {
  const search = params ? new URLSearchParams(Object.entries(params).filter(([, v]) => v)).toString() : "";
  location.hash = `#/${page}${search ? "?" + search : ""}`;
}

export function permitted(permission) {
  return !permission || (me?.grants || []).some((grant) => (grant.permissions || []).includes(permission));
}

function where() {
  const [path, search = ""] = location.hash.replace(/^#\/?/, "").split("?");
  const [page, ...rest] = path.split("/");
  return { page: page || "queue", args: rest, params: new URLSearchParams(search) };
}

function drawMenu(current) {
  const nav = document.getElementById("nav");
  const who = document.getElementById("who");
  if (!me || me.must_change_password) {
    nav.replaceChildren();
    who.replaceChildren();
    return;
  }
  nav.replaceChildren(
    ...MENU.filter((item) => permitted(item.permission)).map((item) =>
      h("a", { href: `#/${item.page}`, "aria-current": item.page === current ? "page" : null }, item.label),
    ),
  );
  const roles = [...new Set(me.grants.map((grant) => grant.role_label))].join("、");
  who.replaceChildren(
    h("span", {}, `${me.display_name}（${roles}）`),
    h("button", { type: "button", id: "sign-out", onclick: signOut }, "退出"),
  );
}

async function signOut() {
  const current = tokens.read();
  tokens.clear();
  me = null;
  if (current?.refresh_token) {
    // Ends the login on the server too; the console forgets it whatever the answer.
    fetch("/api/v1/auth/logout", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ refresh_token: current.refresh_token }),
    }).catch(() => {});
  }
  go("login");
}

export async function signedIn() {
  me = (await getJSON("/staff/me")).body;
  return me;
}

async function route() {
  let { page, args, params } = where();
  if (!tokens.read()) page = "login";
  else if (!me) {
    try {
      await signedIn();
    } catch (problem) {
      if (problem instanceof Problem && problem.status === 401) page = "login";
      else return failed(main, problem, route);
    }
  }
  if (me?.must_change_password && page !== "login") page = "password";
  if (!PAGES[page]) page = "queue";
  drawMenu(page);
  // Each address draws into its own element: when the user moves on before a slow answer
  // arrives, the old page then draws into an element no longer shown, never over the new one.
  const canvas = h("div", { class: "page" }, h("p", { class: "muted" }, "正在加载……"));
  show(main, canvas);
  const module = await PAGES[page]();
  try {
    await module.render(canvas, { args, params, me, go, permitted, signedIn });
  } catch (problem) {
    if (!(problem instanceof Problem)) throw problem;
    failed(canvas, problem, route);
  }
  // Focus for screen readers, at the top of the new page.
  main.focus({ preventScroll: true });
  window.scrollTo(0, 0);
}

window.addEventListener("hashchange", route);
window.addEventListener("anju:signed-out", () => {
  me = null;
  go("login");
});
route();
