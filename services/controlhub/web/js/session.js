// Sign-in with an admin's client ID and secret (client-credentials grant).
// The token is kept in memory only; when it expires, or Control Hub refuses
// it, the session ends and the page asks to sign in again.
import { ApiError, onSessionLost, request, useToken } from "./api.js";

const kWriterRoles = ["full_admin", "deployment_admin"];
const kAdminRoles = [...kWriterRoles, "read_only_admin"];

let current = null;
let expiryTimer = null;
let ended = () => {};

// The token's claims (sub, org, roles), read to lay out the page; Control
// Hub checks the signature and the roles on every request.
function claimsOf(token) {
  const part = token.split(".")[1] ?? "";
  const base64 = part.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(part.length / 4) * 4, "=");
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

export const session = () => current;

// Called with a reason ("" for a plain sign-out) whenever the session ends.
export function onSessionEnded(callback) { ended = callback; }

export async function signIn(clientId, clientSecret) {
  const { json } = await request("POST", "/v1/oauth/token",
                                 { form: { grant_type: "client_credentials", client_id: clientId,
                                           client_secret: clientSecret } });
  const claims = claimsOf(json.access_token);
  const roles = Array.isArray(claims.roles) ? claims.roles : [];
  if (!roles.some((r) => kAdminRoles.includes(r))) {
    throw new ApiError(403, "not_an_admin", "these credentials belong to a device or service, not an admin", null);
  }
  // Expiry from expires_in on the local clock, so a skewed clock cannot keep
  // a dead token or drop a live one early.
  const lifetimeMs = Math.max(0, Number(json.expires_in) * 1000);
  current = { clientId: claims.sub, orgId: claims.org, roles, readOnly: !roles.some((r) => kWriterRoles.includes(r)),
              expiresAt: Date.now() + lifetimeMs };
  useToken(json.access_token);
  expiryTimer = setTimeout(() => signOut("Your session expired. Sign in again."), lifetimeMs);
  return current;
}

export function signOut(reason = "") {
  if (!current) return;
  clearTimeout(expiryTimer);
  useToken(null);
  current = null;
  ended(reason);
}

onSessionLost(() => signOut("Control Hub no longer accepts your session (expired or revoked). Sign in again."));
