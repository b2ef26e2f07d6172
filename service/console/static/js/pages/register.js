// 户籍册查询: find a household by a member's name, full ID number or region; open it to see its
// members with masked numbers. A full number is shown only on request, with a reason the API
// writes to the audit log (pii.reveal) — the one way the console shows a whole ID number.

import { getJSON, postJSON } from "../api.js";
import { busy, day, field, h, keysetPages, problemBox, show, table, wide } from "../ui.js";

const HOUSING = {
  rural_house: "农村住房",
  centralized_site: "集中安置点",
  town_house: "进城购房",
  rented: "租房",
  with_relatives: "投亲靠友",
};
const RELATION = { head: "户主", spouse: "配偶", child: "子女", parent: "父母", other: "其他" };
const SEX = { male: "男", female: "女" };
const FILTERS = ["name", "id_number", "region"];

export async function render(main, { args, params, go, permitted }) {
  if (args[0]) return household(main, args[0], params, permitted);
  return search(main, params, go);
}

async function search(main, params, go) {
  const filters = Object.fromEntries(FILTERS.map((name) => [name, params.get(name) || ""]));
  const inputs = {
    name: h("input", { name: "name", maxlength: 64, value: filters.name, placeholder: "如 石永康，可只填姓" }),
    id_number: h("input", { name: "id_number", maxlength: 18, pattern: "[0-9]{17}[0-9Xx]", value: filters.id_number }),
    region: h("input", { name: "region", maxlength: 12, pattern: "[0-9]{2}|[0-9]{6}|[0-9]{9}|[0-9]{12}", value: filters.region }),
  };
  const form = h(
    "form",
    { class: "card inline", id: "register-search" },
    field("成员姓名", inputs.name),
    field("完整身份证号", inputs.id_number, "18 位，须完整填写"),
    field("地区代码", inputs.region, "2、6、9 或 12 位行政区划代码"),
    h("button", { type: "submit" }, "查询"),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    go("register", {
      name: inputs.name.value.trim(),
      id_number: inputs.id_number.value.trim().toUpperCase(), // the check digit X, typed as x
      region: inputs.region.value.trim(),
    });
  });

  const query = Object.fromEntries(Object.entries(filters).filter(([, v]) => v));
  const pages = keysetPages(
    (cursor) => getJSON("/staff/households", { ...query, cursor }).then(({ body }) => body),
    ({ items }) =>
      items.length
        ? wide(
            table(
              ["户编号", "户主", "人数", "安置住房", "安置点", "迁出地代码", "安置地代码", "搬迁日期"],
              items.map((item) =>
                h(
                  "tr",
                  {},
                  h("td", {}, h("a", { href: `#/register/${item.id}` }, item.household_number)),
                  h("td", {}, item.head ? item.head.name : "—"),
                  h("td", {}, item.member_count),
                  h("td", {}, HOUSING[item.housing] || item.housing),
                  h("td", {}, item.site ? item.site.name : "—"),
                  h("td", {}, item.origin_region_code),
                  h("td", {}, item.destination_region_code),
                  h("td", {}, day(item.relocated_on)),
                ),
              ),
            ),
          )
        : h("p", { class: "muted" }, "没有符合条件的户。姓名可只填开头几个字，身份证号须填完整 18 位。"),
  );
  await pages.first();
  show(main, h("h1", {}, "户籍册查询"), form, pages.element);
}

async function household(main, id, params, permitted) {
  const { body } = await getJSON(`/staff/households/${encodeURIComponent(id)}`);
  const back = params.toString() ? `#/register?${params}` : "#/register";
  const address = [body.site?.name, body.site_road, body.site_building, body.site_door && `${body.site_door}室`, body.destination_group]
    .filter(Boolean)
    .join(" ");
  const facts = h(
    "dl",
    { class: "facts" },
    fact("户编号", body.household_number),
    fact("户主", body.head ? body.head.name : "—"),
    fact("人数", body.member_count),
    fact("建档立卡户", body.registered_poor ? "是" : "否"),
    fact("安置住房", HOUSING[body.housing] || body.housing),
    fact("安置地址", address || "—"),
    fact("迁出地代码", body.origin_region_code),
    fact("安置地代码", body.destination_region_code),
    fact("搬迁日期", day(body.relocated_on)),
  );
  const revealing = permitted("pii.reveal");
  const headers = ["姓名", "与户主关系", "性别", "年龄", "身份证号", "手机号", "户籍地址"];
  const members = table(
    revealing ? [...headers, "完整号码"] : headers,
    body.members.map((member) => memberRow(member, revealing)),
  );
  show(
    main,
    h("p", {}, h("a", { href: back }, "← 返回查询结果")),
    h("h1", {}, `户 ${body.household_number}`),
    h("section", { class: "card" }, facts),
    h("h2", {}, "家庭成员"),
    revealing ? h("p", { class: "muted" }, "身份证号和手机号已脱敏。办理业务确需完整号码时，点击“查看完整证件号”并填写原因；每次查看都记入审计日志。") : null,
    wide(members),
  );
}

function fact(label, value) {
  return [h("dt", {}, label), h("dd", {}, value)];
}

function memberRow(member, revealing) {
  const idCell = h("td", { class: "id-number" }, member.id_number);
  const phoneCell = h("td", {}, member.phone || "—");
  const row = h(
    "tr",
    { dataset: { member: member.id } },
    h("td", {}, member.name),
    h("td", {}, RELATION[member.relation_to_head] || member.relation_to_head),
    h("td", {}, SEX[member.sex] || member.sex),
    h("td", {}, member.age),
    idCell,
    phoneCell,
    h("td", {}, member.hukou_address),
  );
  if (revealing) {
    const place = h("td", {});
    const open = h("button", { type: "button", class: "secondary" }, "查看完整证件号");
    open.addEventListener("click", () => place.replaceChildren(revealForm(member, place, open, idCell, phoneCell)));
    place.append(open);
    row.append(place);
  }
  return row;
}

// The reason goes to the audit row with the reveal; the API checks its length (4–200 chars)
// and answers a field error the form shows under it.
function revealForm(member, place, open, idCell, phoneCell) {
  const reason = h("textarea", { name: "reason", required: true, minlength: 4, maxlength: 200, placeholder: "如：为其办理户口迁移，核对身份证号" });
  const message = h("div");
  const submit = h("button", { type: "submit" }, "查看");
  const cancel = h("button", { type: "button", class: "secondary", onclick: () => place.replaceChildren(open) }, "取消");
  const form = h("form", { class: "reveal" }, field(`查看 ${member.name} 完整号码的原因`, reason, "4–200 个字，将记入审计日志"), message, h("div", { class: "pager" }, submit, cancel));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    busy(submit, async () => {
      message.replaceChildren();
      try {
        const { body } = await postJSON(`/staff/members/${encodeURIComponent(member.id)}/reveal`, { reason: reason.value.trim() });
        idCell.replaceChildren(h("strong", {}, body.id_number));
        phoneCell.replaceChildren(body.phone || "—");
        place.replaceChildren(h("p", { class: "ok", role: "status" }, "查看已记入审计日志"));
      } catch (problem) {
        message.replaceChildren(problemBox(problem));
      }
    });
  });
  queueMicrotask(() => reason.focus());
  return form;
}
