// Devices: list, register (the client secret is shown once), delete.
import { orgPath, request } from "./api.js";
import { applyChange, onSubmit } from "./change.js";
import { directory, userName } from "./directory.js";
import { byId, confirmButton, el, hideSecret, rowsOrEmpty, showSecretOnce } from "./dom.js";

let app = null;
const kKinds = { desktop: "Desktop app", mobile: "Mobile app", web_browser: "Web browser", room_device: "Room device",
                 desk_device: "Desk device", board: "Board", legacy_sx_dx_mx: "Legacy SX/DX/MX" };

const change = (work, saved) => applyChange(byId("devices-status"), work, saved, app.directoryChanged);

function deviceRow(device) {
  const remove = confirmButton("Delete", () => change(() => request("DELETE", orgPath(app.orgId, "devices", device.id)),
                                                      `Deleted ${device.displayName}; its credentials no longer work.`),
                               { disabled: app.readOnly });
  const user = device.userId ? (userName(device.userId) ?? device.userId) : el("span", { class: "empty" }, "shared");
  return el("tr", { dataset: { deviceId: device.id } }, el("td", {}, device.displayName),
            el("td", {}, kKinds[device.kind] ?? device.kind), el("td", {}, user),
            el("td", {}, device.e2eeCapable ? el("span", { class: "badge on" }, "capable") : "no"),
            el("td", {}, el("code", {}, device.id)), el("td", { class: "actions" }, remove));
}

function renderUserChoices() {
  const select = byId("device-user");
  const chosen = select.value;
  select.replaceChildren(el("option", { value: "" }, "(shared, no user)"),
                         ...directory.users.map((u) => el("option", { value: u.id }, `${u.displayName} <${u.email}>`)));
  if (directory.users.some((u) => u.id === chosen)) select.value = chosen;
}

export function renderDevices() {
  renderUserChoices();
  byId("device-rows").replaceChildren(...rowsOrEmpty(directory.devices.map(deviceRow), 6, "No devices yet."));
}

async function register(form) {
  const name = byId("device-name").value.trim();
  const body = { displayName: name, kind: byId("device-kind").value, e2eeCapable: byId("device-e2ee").checked };
  if (byId("device-user").value) body.userId = byId("device-user").value;
  hideSecret(byId("device-secret"));
  const created = await change(() => request("POST", orgPath(app.orgId, "devices"), { json: body }),
                               `Registered ${name}.`);
  if (!created) return;
  form.reset();
  showSecretOnce(byId("device-secret"), `Credentials of ${created.json.displayName}`, created.json.clientId,
                 created.json.clientSecret);
}

export function mountDevices(context) {
  app = context;
  onSubmit(byId("device-form"), register);
}
