// Admins and their roles: list, add (the client secret is shown once), delete.
import { orgPath, request } from "./api.js";
import { applyChange, onSubmit } from "./change.js";
import { byId, confirmButton, el, hideSecret, showSecretOnce } from "./dom.js";
import { learn } from "./names.js";

let app = null;
let admins = [];
export const kRoleNames = { full_admin: "Full admin", read_only_admin: "Read-only admin",
                            deployment_admin: "Deployment admin" };

const roleBadge = (role) => el("span", { class: `badge ${role}` }, kRoleNames[role] ?? role);

async function reload() {
  await readAdmins();
  renderAdmins();
  app.changed();
}

const change = (work, saved) => applyChange(byId("admins-status"), work, saved, reload);

function adminRow(admin) {
  const you = admin.clientId === app.clientId;
  const remove = confirmButton("Delete", () => change(() => request("DELETE", orgPath(app.orgId, "admins",
                                                                                      admin.clientId)),
                                                      `Deleted ${admin.displayName}; its credentials no longer work.`),
                               { disabled: app.readOnly });
  return el("tr", { dataset: { clientId: admin.clientId } },
            el("td", {}, admin.displayName, you ? el("span", { class: "hint" }, " (you)") : null),
            el("td", {}, roleBadge(admin.role)), el("td", {}, el("code", {}, admin.clientId)),
            el("td", { class: "actions" }, remove));
}

export async function readAdmins() {
  admins = (await request("GET", orgPath(app.orgId, "admins"))).json.items;
  for (const a of admins) learn(`principals/${a.clientId}`, a.displayName);
}

export const adminById = (clientId) => admins.find((a) => a.clientId === clientId);

export function renderAdmins() {
  byId("admin-rows").replaceChildren(...admins.map(adminRow));
}

async function add(form) {
  const name = byId("admin-name").value.trim();
  const role = byId("admin-role").value;
  hideSecret(byId("admin-secret"));
  const created = await change(() => request("POST", orgPath(app.orgId, "admins"), { json: { displayName: name, role } }),
                               `Added ${name} as ${kRoleNames[role]}.`);
  if (!created) return;
  form.reset();
  showSecretOnce(byId("admin-secret"), `Credentials of ${name}`, created.json.clientId, created.json.clientSecret);
}

export function mountAdmins(context) {
  app = context;
  onSubmit(byId("admin-form"), add);
}
