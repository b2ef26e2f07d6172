// A resident's hukou move and a police officer's decision, typed by the generated document
// (build/sdk/ts/anju.ts, from api_specs/openapi.json). `make test-sdk` runs `tsc --noEmit` on
// it: a renamed field, path, header or enum value in the contract fails the type check.
import createClient from "openapi-fetch";
import type { components, paths } from "../../../build/sdk/ts/anju";

type HukouMoveCreate = components["schemas"]["HukouMoveCreate"];
type Problem = components["schemas"]["Problem"];

export function explain(problem: Problem): string {
  // Residents see the Chinese detail; the code is for the mini-program's own branching.
  return `${problem.title}：${problem.detail ?? ""}`;
}

export async function residentMovesToTheSite(baseUrl: string, wechatCode: string, name: string, idNumber: string) {
  const anonymous = createClient<paths>({ baseUrl });
  const login = await anonymous.POST("/api/v1/auth/wechat/login", { body: { code: wechatCode } });
  if (login.error) throw new Error(explain(login.error));
  const api = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${login.data.access_token}` } });

  const bound = await api.POST("/api/v1/me/identity", {
    params: { header: { "Idempotency-Key": crypto.randomUUID() } },
    body: { name, id_number: idNumber },
  });
  if (bound.error) throw new Error(explain(bound.error));

  const options = await api.GET("/api/v1/hukou-moves/options");
  if (options.error) throw new Error(explain(options.error));
  const movers = (options.data.members ?? []).filter((member) => member.may_move).map((member) => Number(member.id));
  const body: HukouMoveCreate = { mode: "site_address", member_ids: movers, road: "滨江路88号", building: "3栋2单元", door: "501" };
  const move = await api.POST("/api/v1/hukou-moves", {
    params: { header: { "Idempotency-Key": crypto.randomUUID() } },
    body,
  });
  if (move.error) throw new Error(explain(move.error));

  const mine = await api.GET("/api/v1/me/cases", { params: { query: { limit: 20 } } });
  if (mine.error) throw new Error(explain(mine.error));
  const caseId = Number(move.data.id);
  const read = await api.GET("/api/v1/me/cases/{case_id}", { params: { path: { case_id: caseId } } });
  if (read.error) throw new Error(explain(read.error));
  return { caseId, status: read.data.status, listed: (mine.data.items ?? []).length };
}

export async function policeAccept(baseUrl: string, username: string, password: string, caseId: number) {
  const anonymous = createClient<paths>({ baseUrl });
  const login = await anonymous.POST("/api/v1/staff/auth/login", { body: { username, password } });
  if (login.error) throw new Error(explain(login.error));
  const api = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${login.data.access_token}` } });

  const queue = await api.GET("/api/v1/staff/cases", { params: { query: { kind: "hukou_move", status: "submitted" } } });
  if (queue.error) throw new Error(explain(queue.error));
  const current = await api.GET("/api/v1/staff/cases/{case_id}", { params: { path: { case_id: caseId } } });
  if (current.error) throw new Error(explain(current.error));
  const etag = current.response.headers.get("ETag") ?? `"${current.data.version}"`;
  const accepted = await api.POST("/api/v1/staff/cases/{case_id}/actions/{action}", {
    params: { path: { case_id: caseId, action: "accept" }, header: { "If-Match": etag } },
    body: { comment: "材料齐全" },
  });
  if (accepted.error) throw new Error(explain(accepted.error));
  return accepted.data.status;
}
