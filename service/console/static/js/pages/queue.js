// 待办案件 — placeholder until the queue lands in the next step.
import { h, show } from "../ui.js";

export async function render(main) {
  show(main, h("h1", {}, "待办案件"));
}
