// Names for the IDs the API hands out, so the page shows "Alice Example"
// instead of a UUID. Keys are audit targets: "users/<id>", "devices/<id>",
// "principals/<clientId>", "trustedCas/<id>", "lines/<id>", "orgs/<id>".
const names = new Map();

export function learn(target, name) {
  if (target && name) names.set(target, String(name));
}

export function forget() { names.clear(); }

export const nameOf = (target) => names.get(target);

// A deleted resource keeps its name in the audit trail: learn it from the
// event's before/after payload unless a current name is known already.
export function learnFromAudit(event) {
  const payload = event.after ?? event.before;
  if (!payload || typeof payload !== "object" || names.has(event.target)) return;
  learn(event.target, payload.displayName ?? payload.email ?? payload.number ?? payload.subject ?? payload.name);
}

// Who did it: an admin's name, the device itself, or Control Hub.
export function actorName(event) {
  if (event.actor === "system") return "Control Hub (first start)";
  const admin = nameOf(`principals/${event.actor}`);
  if (admin) return admin;
  if (event.actor.startsWith("dev_") && event.target.startsWith("devices/")) {
    return `device ${nameOf(event.target) ?? ""}`.trim();
  }
  return null;  // unknown: the caller shows the raw ID
}

const kTargetKinds = { users: "user", devices: "device", principals: "admin", trustedCas: "trusted CA",
                       lines: "line", orgs: "org" };

// What it was done to, e.g. "user Alice Example" or "calling settings".
export function targetName(target) {
  const settings = /^orgs\/[^/]+\/settings\/(\w+)$/.exec(target);
  if (settings) return { calling: "calling settings", meetings: "meeting settings" }[settings[1]] ?? `${settings[1]} settings`;
  const [kind, id = ""] = target.split("/");
  const name = nameOf(target);
  const label = kind === "principals" && id.startsWith("svc_") ? "service" : kTargetKinds[kind] ?? kind;
  return name ? `${label} ${name}` : null;
}
