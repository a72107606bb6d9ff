// Users and their lines: list, add a user, add a line, delete a user.
import { orgPath, request } from "./api.js";
import { applyChange, onSubmit } from "./change.js";
import { directory } from "./directory.js";
import { byId, confirmButton, el, rowsOrEmpty } from "./dom.js";

let app = null;
const kLineKinds = [["primary", "Primary"], ["shared", "Shared"], ["virtual", "Virtual"]];

const change = (work, saved) => applyChange(byId("users-status"), work, saved, app.directoryChanged);

function lineForm(user) {
  const kind = el("select", { "aria-label": "Line kind" }, kLineKinds.map(([v, t]) => el("option", { value: v }, t)));
  const number = el("input", { type: "text", required: true, maxlength: 32, placeholder: "+1 555 0100",
                               "aria-label": "Number" });
  const form = el("form", {}, el("fieldset", { class: "write form-row", disabled: app.readOnly },
                                 el("label", {}, "Kind ", kind), el("label", {}, "Number ", number),
                                 el("button", { type: "submit", class: "primary" }, "Add line")));
  onSubmit(form, () => change(() => request("POST", orgPath(app.orgId, "users", user.id, "lines"),
                                             { json: { kind: kind.value, number: number.value.trim() } }),
                               `Added line ${number.value.trim()} for ${user.displayName}.`));
  return form;
}

function userRows(user) {
  const lines = directory.lines.get(user.id) ?? [];
  const devices = directory.devices.filter((d) => d.userId === user.id).length;
  const sub = el("tr", { class: "subrow", hidden: true }, el("td", { colspan: 5 }, lineForm(user)));
  const addLine = el("button", { type: "button", class: "small write", disabled: app.readOnly }, "Add line");
  addLine.addEventListener("click", () => { sub.hidden = !sub.hidden; });
  const remove = confirmButton("Delete", () => change(() => request("DELETE", orgPath(app.orgId, "users", user.id)),
                                                      `Deleted ${user.displayName}.`),
                               { disabled: app.readOnly });
  const row = el("tr", { dataset: { userId: user.id } }, el("td", {}, user.displayName), el("td", {}, user.email),
                 el("td", {}, lines.length ? el("span", { class: "chips" },
                                                lines.map((l) => el("span", { class: "badge" }, `${l.number} · ${l.kind}`)))
                                           : el("span", { class: "empty" }, "none")),
                 el("td", {}, String(devices)), el("td", { class: "actions" }, addLine, remove));
  return [row, sub];
}

export function renderUsers() {
  byId("user-rows").replaceChildren(...rowsOrEmpty(directory.users.flatMap(userRows), 5, "No users yet."));
}

export function mountUsers(context) {
  app = context;
  onSubmit(byId("user-form"), async (form) => {
    const name = byId("user-name").value.trim();
    const email = byId("user-email").value.trim();
    const added = await change(() => request("POST", orgPath(app.orgId, "users"), { json: { email, displayName: name } }),
                               `Added user ${name}.`);
    if (added) form.reset();
  });
}
