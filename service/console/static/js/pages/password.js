// 修改密码: forced after the first login or a reset (the API opens nothing else until then),
// and open to anyone signed in. The API's strength rule is shown before typing, and its
// field errors after.

import { postJSON, tokens } from "../api.js";
import { busy, field, h, problemBox, show } from "../ui.js";

export async function render(main, { me, go, signedIn }) {
  const current = h("input", { name: "current_password", type: "password", autocomplete: "current-password", required: true });
  const next = h("input", { name: "new_password", type: "password", autocomplete: "new-password", required: true, minlength: 8, maxlength: 128 });
  const again = h("input", { name: "new_password_again", type: "password", autocomplete: "new-password", required: true });
  const message = h("div");
  const submit = h("button", { type: "submit" }, "保存新密码");
  const form = h(
    "form",
    { class: "card narrow", id: "password" },
    h("h1", {}, "修改密码"),
    // For password managers: which account the new password belongs to.
    h("input", { type: "text", name: "username", autocomplete: "username", value: me.username, hidden: true, readonly: true }),
    me.must_change_password ? h("p", { class: "notice" }, "首次登录或密码被重置后，须先设置新密码才能办理业务。") : null,
    field("当前密码", current),
    field("新密码", next, "8–128 个字符，包含小写字母、大写字母、数字、符号中的至少三种"),
    field("再次输入新密码", again),
    message,
    submit,
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    message.replaceChildren();
    if (next.value !== again.value) {
      message.replaceChildren(problemBox({ title: "两次输入的新密码不一致", detail: "请重新输入。" }));
      return;
    }
    busy(submit, async () => {
      try {
        const { body } = await postJSON("/staff/me/password", { current_password: current.value, new_password: next.value });
        tokens.save(body);
        await signedIn();
        go("queue");
      } catch (problem) {
        message.replaceChildren(problemBox(problem));
      }
    });
  });
  show(main, form);
  current.focus();
}
