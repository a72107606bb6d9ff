// Control Hub REST calls. The bearer token lives in this module's memory
// only (never localStorage, sessionStorage or a cookie).

export class ApiError extends Error {
  constructor(status, code, message, field) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

let bearer = null;
let sessionLost = () => {};

export function useToken(token) { bearer = token; }
// Called once when a request is refused with 401 (token expired or revoked).
export function onSessionLost(callback) { sessionLost = callback; }

// request("PUT", path, {json, etag}) or request("POST", path, {form}); answers
// {json, etag} or throws ApiError with the server's {code, message, field}.
export async function request(method, path, { json, form, etag } = {}) {
  const headers = {};
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  let body;
  if (form) {
    headers["Content-Type"] = "application/x-www-form-urlencoded";
    body = new URLSearchParams(form);
  } else if (json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(json);
  }
  if (etag) headers["If-Match"] = etag;
  let res;
  try {
    res = await fetch(path, { method, headers, body, cache: "no-store", credentials: "omit" });
  } catch {
    throw new ApiError(0, "network", "Control Hub did not answer; check the connection and try again.", null);
  }
  const text = await res.text();
  let parsed = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (!res.ok) {
    const err = new ApiError(res.status, parsed?.code ?? `http_${res.status}`, parsed?.message ?? `HTTP ${res.status}`,
                             parsed?.field ?? null);
    if (res.status === 401 && bearer) sessionLost(err);
    throw err;
  }
  return { json: parsed, etag: res.headers.get("ETag") };
}

// "/v1/orgs/<org>/<part>/<part>" with every part escaped.
export const orgPath = (org, ...parts) => ["/v1/orgs", org, ...parts].map((p, i) => (i ? encodeURIComponent(p) : p)).join("/");

// What to tell the admin when a change was refused.
export function explain(err) {
  if (!(err instanceof ApiError)) return String(err?.message ?? err);
  switch (err.status) {
    case 0: return err.message;
    case 401: return "your session ended; sign in again.";
    case 403: return `your role may not do this (${err.message}).`;
    case 412: return "someone else changed this meanwhile.";
    case 428: return "the page did not say which version it changed; reload and try again.";
    case 429: return "too many requests; wait a moment and try again.";
    default: return err.field ? `${err.message} (field ${err.field}).` : `${err.message}.`;
  }
}
