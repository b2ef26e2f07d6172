// 登录: the staff account's username and password; a first login or a reset password goes on
// to the forced password change before anything else opens.

import { postJSON, tokens } from "../api.js";
import { busy, field, h, problemBox, show } from "../ui.js";

export async function render(main, { go, signedIn }) {
  const username = h("input", { name: "username", autocomplete: "username", required: true, maxlength: 64 });
  const password = h("input", { name: "password", type: "password", autocomplete: "current-password", required: true, maxlength: 128 });
  const message = h("div");
  const submit = h("button", { type: "submit" }, "登录");
  const form = h(
    "form",
    { class: "card narrow", id: "login" },
    h("h1", {}, "工作人员登录"),
    field("用户名", username),
    field("密码", password),
    message,
    submit,
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    busy(submit, async () => {
      message.replaceChildren();
      try {
        const { body } = await postJSON("/staff/auth/login", { username: username.value.trim(), password: password.value });
        tokens.save(body);
        const me = await signedIn();
        go(me.must_change_password ? "password" : "queue");
      } catch (problem) {
        message.replaceChildren(problemBox(problem));
        password.select();
      }
    });
  });
  show(main, form);
  username.focus();
}
