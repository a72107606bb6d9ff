// The audit trail, newest first: who (by name), what, on what, and the
// change as "field: before → after".
import { kRoleNames } from "./admins.js";
import { explain, orgPath, request } from "./api.js";
import { byId, el, formatDate, formatDateTime, setStatus } from "./dom.js";
import { actorName, learnFromAudit, nameOf, targetName } from "./names.js";

let app = null;
let events = [];
let cursor = null;
const kPageSize = 25;

const kActions = {
  "admin.bootstrap": "Created the first admin", "org.create": "Created the org",
  "settings.calling.update": "Changed calling settings", "settings.meetings.update": "Changed meeting settings",
  "user.create": "Added a user", "user.delete": "Deleted a user", "line.create": "Added a line",
  "device.create": "Registered a device", "device.delete": "Deleted a device",
  "admin.create": "Added an admin", "admin.delete": "Deleted an admin", "service.create": "Added a service",
  "trusted_ca.create": "Trusted an external CA", "trusted_ca.delete": "Stopped trusting an external CA",
  "certificate.issue": "Issued a device certificate",
};

const kFields = {
  e2eeEnabled: "Calling E2EE", defaultMeetingType: "Default meeting type", personalRoomE2ee: "Personal rooms E2EE",
  displayName: "Name", email: "Email", kind: "Kind", number: "Number", role: "Role", roles: "Roles",
  subject: "Subject", notAfter: "Expires", e2eeCapable: "E2EE capable", userId: "User", clientId: "Client ID",
  serial: "Serial", name: "Name",
};
// Settings read as switches; other booleans as yes/no.
const kOnOffFields = new Set(["e2eeEnabled", "personalRoomE2ee"]);
// Already named by the "On" column.
const kHiddenFields = new Set(["id", "orgId", "pem"]);

function formatValue(field, value) {
  if (value === undefined || value === null) return "none";
  if (typeof value === "boolean") return kOnOffFields.has(field) ? (value ? "on" : "off") : value ? "yes" : "no";
  if (field === "notAfter" && typeof value === "number") return formatDate(value);
  if (field === "userId") return nameOf(`users/${value}`) ?? String(value);
  if (field === "role" || field === "roles") return [value].flat().map((r) => kRoleNames[r] ?? r).join(", ");
  if (Array.isArray(value)) return value.join(", ");
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

const fieldLabel = (field) => el("span", { class: "field" }, `${kFields[field] ?? field}: `);
const asObject = (v) => (v && typeof v === "object" && !Array.isArray(v) ? v : {});

function changeList(before, after) {
  const b = asObject(before);
  const a = asObject(after);
  const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((f) => !kHiddenFields.has(f));
  if (before && after) {
    const changed = fields.filter((f) => JSON.stringify(b[f]) !== JSON.stringify(a[f]));
    if (!changed.length) return el("span", { class: "empty" }, "no change");
    return el("ul", { class: "changes" }, changed.map((f) => el("li", {}, fieldLabel(f),
        el("span", { class: "old" }, formatValue(f, b[f])), " → ", el("span", { class: "new" }, formatValue(f, a[f])))));
  }
  const shown = after ?? before;
  if (!shown) return el("span", { class: "empty" }, "");
  return el("ul", { class: after ? "changes" : "changes removed" },
            fields.map((f) => el("li", {}, fieldLabel(f), el("span", { class: "value" }, formatValue(f, shown[f])))));
}

function who(event) {
  const name = actorName(event);
  return name ?? el("code", { class: "raw-id" }, event.actor);
}

function eventRow(event) {
  const on = targetName(event.target) ?? el("code", { class: "raw-id" }, event.target);
  return el("tr", { dataset: { action: event.action } }, el("td", {}, formatDateTime(event.time)),
            el("td", {}, who(event)), el("td", {}, kActions[event.action] ?? event.action), el("td", {}, on),
            el("td", {}, changeList(event.before, event.after)));
}

export function renderAudit() {
  events.forEach(learnFromAudit);
  byId("audit-rows").replaceChildren(...events.map(eventRow));
  byId("audit-more").hidden = !cursor;
}

async function readPage(more) {
  let path = `${orgPath(app.orgId, "auditEvents")}?limit=${kPageSize}`;
  if (more && cursor) path += `&cursor=${encodeURIComponent(cursor)}`;
  const page = (await request("GET", path)).json;
  events = more ? [...events, ...page.items] : page.items;
  cursor = page.nextCursor;
}

// Reads the newest page again (after a change) or the next older one.
export async function loadAudit(more = false) {
  try {
    await readPage(more);
    setStatus(byId("audit-status"), "", "");
  } catch (err) {
    setStatus(byId("audit-status"), "failed", `Could not read the audit trail: ${explain(err)}`);
  }
  renderAudit();
}

export function mountAudit(context) {
  app = context;
  byId("audit-more").addEventListener("click", () => loadAudit(true));
}

export function clearAudit() {
  events = [];
  cursor = null;
  byId("audit-rows").replaceChildren();
}
