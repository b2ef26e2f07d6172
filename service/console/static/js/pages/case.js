// 案件: one case as the office sees it — who applied, what for, the deadline, the materials,
// the formal notices, the whole timeline — and the actions the case offers this user now
// (the API's available_actions), each with the fields that action requires. Every decision
// names the version read (If-Match), so two colleagues cannot overwrite each other unseen.

import { download, getJSON, postJSON } from "../api.js";
import { KIND } from "../labels.js";
import { busy, deadline, field, h, minute, problemBox, show } from "../ui.js";

// Departments a case may be referred to (转交); the API refuses those its kind does not allow.
const DEPARTMENTS = {
  civil_affairs: "民政部门",
  organization: "组织部门",
  public_security: "公安部门",
  hr_social_security: "人力社保部门",
  agriculture_rural: "农业农村部门",
  poverty_alleviation: "扶贫部门",
  medical_insurance: "医保部门",
  township_worker: "乡镇（街道）",
  community_worker: "社区（村）",
};

// The kinds' details use field names; these are the ones a reader needs named.
const DETAIL_LABELS = {
  mode_label: "落户方式",
  address: "地址",
  target_region_name: "迁入地",
  members: "涉及人员",
  reason: "事由",
  title: "标题",
  body: "内容",
  from_region_name: "迁出地",
  to_region_name: "迁入地",
};

function describe(value) {
  if (value === null || value === undefined || value === "") return "—";
  if (Array.isArray(value)) return value.map((item) => (typeof item === "object" ? item.name || JSON.stringify(item) : item)).join("、");
  if (typeof value === "object") return Object.values(value).filter((v) => typeof v !== "object").join(" ");
  if (value === true) return "是";
  if (value === false) return "否";
  return String(value);
}

function facts(pairs) {
  return h("dl", { class: "facts" }, pairs.map(([label, value]) => [h("dt", {}, label), h("dd", {}, value)]));
}

function details(caseRead) {
  const shown = Object.entries(caseRead.details).filter(([key]) => DETAIL_LABELS[key]);
  return shown.length ? facts(shown.map(([key, value]) => [DETAIL_LABELS[key], describe(value)])) : null;
}

function timeline(events) {
  return h(
    "ol",
    { class: "timeline", id: "timeline" },
    events.map((event) =>
      h(
        "li",
        {},
        h("strong", {}, event.action_label),
        h("span", { class: "muted" }, ` · ${minute(event.at)} · ${event.actor}`),
        event.reason ? h("p", {}, `理由：${event.reason}`) : null,
        event.missing_items?.length ? h("p", {}, `需补正：${event.missing_items.join("；")}`) : null,
        event.comment ? h("p", {}, `备注：${event.comment}`) : null,
      ),
    ),
  );
}

function files(caseRead) {
  const attachments = caseRead.attachments.map((file) =>
    h(
      "li",
      {},
      h(
        "button",
        { type: "button", class: "secondary", onclick: () => download(`/staff/attachments/${file.id}`, null, file.filename) },
        file.filename,
      ),
      h("span", { class: "muted" }, ` ${Math.ceil(file.size / 1024)} KB · ${minute(file.created_at)}`),
    ),
  );
  const notices = caseRead.notices.map((notice) =>
    h(
      "li",
      {},
      h(
        "button",
        { type: "button", class: "secondary", onclick: () => download(notice.download_url.replace(/^\/api\/v1/, ""), null, `${notice.label}.pdf`) },
        `${notice.label} ${notice.number}`,
      ),
      h("span", { class: "muted" }, ` ${minute(notice.issued_at)}`),
    ),
  );
  return [
    h("h2", {}, "申请材料"),
    attachments.length ? h("ul", {}, attachments) : h("p", { class: "muted" }, "无"),
    h("h2", {}, "文书"),
    notices.length ? h("ul", { id: "notices" }, notices) : h("p", { class: "muted" }, "尚未出具文书"),
  ];
}

// One form per action the case offers: the fields it requires, an optional note, one button.
function actionForm(caseRead, etag, option, done) {
  const inputs = {};
  const parts = [];
  if (option.requires.includes("reason")) {
    inputs.reason = h("textarea", { name: "reason", required: true, maxlength: 1000 });
    parts.push(field("理由（将写入文书并告知申请人）", inputs.reason));
  }
  if (option.requires.includes("missing_items")) {
    inputs.missing_items = h("textarea", { name: "missing_items", required: true });
    parts.push(field("需补正的材料（每行一项，一次告知全部）", inputs.missing_items));
  }
  if (option.action === "refer") {
    inputs.refer_to = h(
      "select",
      { name: "refer_to", required: true },
      h("option", { value: "" }, "请选择部门"),
      Object.entries(DEPARTMENTS).map(([value, label]) => h("option", { value }, label)),
    );
    parts.push(field("转交给", inputs.refer_to));
  }
  inputs.comment = h("textarea", { name: "comment", maxlength: 1000, rows: 2 });
  parts.push(field("备注（可不填）", inputs.comment));
  const message = h("div");
  const button = h("button", { type: "submit", class: ["refuse", "reject", "return"].includes(option.action) ? "danger" : "" }, option.label);
  const form = h("form", { dataset: { action: option.action } }, h("h3", {}, option.label), parts, message, button);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const body = { comment: inputs.comment.value.trim() };
    if (inputs.reason) body.reason = inputs.reason.value.trim();
    if (inputs.missing_items) body.missing_items = inputs.missing_items.value.split("\n").map((line) => line.trim()).filter(Boolean);
    if (inputs.refer_to) body.refer_to = inputs.refer_to.value;
    busy(button, async () => {
      message.replaceChildren();
      try {
        const answer = await postJSON(`/staff/cases/${caseRead.id}/actions/${option.action}`, body, { "If-Match": etag });
        done(answer, `已${option.label}`);
      } catch (problem) {
        message.replaceChildren(problemBox(problem));
        // Someone (or this same click, answered over a bad line) changed the case: show it anew.
        if (problem.status === 412) {
          message.append(h("button", { type: "button", class: "secondary", onclick: () => done(null) }, "刷新案件"));
        }
      }
    });
  });
  return form;
}

function claimButton(caseRead, etag, me, done) {
  if (caseRead.assignee_staff_id || !caseRead.available_actions.length) return null;
  const message = h("div");
  const button = h("button", { type: "button", class: "secondary" }, "认领（由我经办）");
  button.addEventListener("click", () =>
    busy(button, async () => {
      try {
        done(await postJSON(`/staff/cases/${caseRead.id}/claim`, undefined, { "If-Match": etag }), "已认领");
      } catch (problem) {
        message.replaceChildren(problemBox(problem));
      }
    }),
  );
  return h("div", {}, button, message);
}

function draw(main, caseRead, etag, context, flash) {
  const redraw = async (answer, text) => {
    if (answer) draw(main, answer.body, answer.etag, context, text);
    else {
      const fresh = await getJSON(`/staff/cases/${caseRead.id}`);
      draw(main, fresh.body, fresh.etag, context, "已刷新为最新状态");
    }
  };
  const assignee = caseRead.assignee_staff_id
    ? caseRead.assignee_staff_id === context.me.id
      ? "我"
      : `工作人员 #${caseRead.assignee_staff_id}`
    : "未认领";
  const actions = caseRead.available_actions.map((option) => actionForm(caseRead, etag, option, redraw));
  show(
    main,
    h("p", {}, h("a", { href: sessionStorage.getItem("anju.console.queue") || "#/queue" }, "← 返回待办案件")),
    flash ? h("div", { class: "ok", role: "status" }, flash) : null,
    h(
      "div",
      { class: "card" },
      h("h1", {}, `${caseRead.kind_title || KIND[caseRead.kind]} · 第 ${caseRead.id} 号`),
      facts([
        ["状态", h("strong", { id: "case-status" }, caseRead.explanation.label)],
        ["下一步", caseRead.explanation.next_step.text],
        ["办理期限", deadline(caseRead.color, caseRead.due_at)],
        ["当前办理部门", caseRead.office],
        ["申请人", caseRead.applicant_name],
        ["提交方式", caseRead.filed_by === "staff" ? "工作人员代办" : "本人提交"],
        ["提交时间", minute(caseRead.submitted_at)],
        ["经办人", assignee],
      ]),
    ),
    h(
      "div",
      { class: "card actions", id: "actions" },
      h("h2", {}, "办理"),
      claimButton(caseRead, etag, context.me, redraw),
      actions.length ? h("div", { class: "forms" }, actions) : h("p", { class: "muted" }, "此案件当前没有需要您办理的操作。"),
    ),
    h("div", { class: "grid" },
      h("div", { class: "card" }, h("h2", {}, "申请内容"), details(caseRead) || h("p", { class: "muted" }, "无"), files(caseRead)),
      h("div", { class: "card" }, h("h2", {}, "办理过程"), timeline(caseRead.timeline)),
    ),
  );
}

export async function render(main, context) {
  const [id] = context.args;
  const { body, etag } = await getJSON(`/staff/cases/${encodeURIComponent(id)}`);
  draw(main, body, etag, context);
}
