// The API, as the console calls it: bearer tokens from this tab's sessionStorage, one silent
// refresh when the access token has expired, and every failure turned into a Problem that
// carries the API's own Chinese title, detail and field errors.

const BASE = "/api/v1";
const KEY = "anju.console.tokens";

export class Problem extends Error {
  constructor(status, body) {
    const title = body?.title || (status === 0 ? "无法连接服务器" : "请求未成功");
    super(title);
    this.status = status;
    this.code = body?.code || (status === 0 ? "network" : "unknown");
    this.title = title;
    this.detail = body?.detail || (status === 0 ? "请检查网络后重试，刚才填写的内容仍保留在页面上。" : "");
    this.errors = body?.errors || {};
    this.requestId = body?.request_id || null;
  }
}

export const tokens = {
  read() {
    try {
      return JSON.parse(sessionStorage.getItem(KEY)) || null;
    } catch {
      return null;
    }
  },
  save(answer) {
    sessionStorage.setItem(KEY, JSON.stringify(answer));
  },
  clear() {
    sessionStorage.removeItem(KEY);
  },
};

// An Idempotency-Key for one submission: a retry of the same click reuses it, so a form sent
// twice over a bad line acts once. getRandomValues works on plain-http intranet addresses too,
// where crypto.randomUUID does not exist.
export function newKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function query(params) {
  if (!params) return "";
  const kept = Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== "");
  return kept.length ? "?" + new URLSearchParams(kept).toString() : "";
}

async function send(path, { method = "GET", body, params, headers = {} }) {
  const current = tokens.read();
  const init = { method, headers: { Accept: "application/json", ...headers } };
  if (current) init.headers.Authorization = `Bearer ${current.access_token}`;
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  try {
    return await fetch(BASE + path + query(params), init);
  } catch {
    throw new Problem(0, null);
  }
}

let refreshing = null;

async function refresh() {
  const current = tokens.read();
  if (!current?.refresh_token) return false;
  // One refresh for every request that found the token expired at the same moment.
  refreshing ||= send("/auth/refresh", { method: "POST", body: { refresh_token: current.refresh_token } })
    .then(async (response) => {
      if (!response.ok) return false;
      tokens.save({ ...current, ...(await response.json()) });
      return true;
    })
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
}

async function problemOf(response) {
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  return new Problem(response.status, body);
}

// The raw response of a successful call; a Problem otherwise. A 401 on a signed-in call is
// tried once more after a refresh; when that fails too the console returns to the sign-in page.
export async function call(path, options = {}) {
  let response = await send(path, options);
  if (response.status === 401 && tokens.read() && !path.startsWith("/staff/auth/")) {
    if (await refresh()) response = await send(path, options);
    if (response.status === 401) {
      tokens.clear();
      window.dispatchEvent(new Event("anju:signed-out"));
    }
  }
  if (!response.ok) throw await problemOf(response);
  return response;
}

export async function getJSON(path, params) {
  const response = await call(path, { params });
  return { body: await response.json(), etag: response.headers.get("ETag") };
}

export async function postJSON(path, body, headers = {}) {
  const response = await call(path, { method: "POST", body, headers });
  return { body: await response.json(), etag: response.headers.get("ETag") };
}

// A file from the API (PDF, XLSX, an attachment): fetched with the token, saved by the browser
// under the name the server gives in Content-Disposition.
export async function download(path, params, fallbackName = "下载文件") {
  const response = await call(path, { params, headers: { Accept: "*/*" } });
  const disposition = response.headers.get("Content-Disposition") || "";
  const match = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  const name = match ? decodeURIComponent(match[1]) : fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const link = Object.assign(document.createElement("a"), { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
