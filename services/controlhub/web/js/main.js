// The Control Hub admin page: sign-in, then one tab per part of the org.
// Read-only admins get the same page with every control disabled up front.
import { explain, orgPath, request } from "./api.js";
import { adminById, kRoleNames, mountAdmins, readAdmins, renderAdmins } from "./admins.js";
import { clearAudit, loadAudit, mountAudit } from "./audit.js";
import { mountDevices, renderDevices } from "./devices.js";
import { directory, readDirectory } from "./directory.js";
import { byId, hideSecret, setStatus } from "./dom.js";
import { forget, learn } from "./names.js";
import { loadSettings, mountSettings } from "./settings.js";
import { onSessionEnded, session, signIn, signOut } from "./session.js";
import { mountTrustedCas, readTrustedCas, renderTrustedCas } from "./trusted_cas.js";
import { mountUsers, renderUsers } from "./users.js";

const kExpiryTickMs = 10_000;
const kExpirySoonMs = 5 * 60_000;

function showBanner(kind, text) {
  const banner = byId("banner");
  banner.className = `banner ${kind}`;
  banner.textContent = text;
  banner.hidden = !text;
}

// The state every part of the page shares; filled in at sign-in.
const app = {
  orgId: "", clientId: "", readOnly: true,
  changed: () => loadAudit(),
  directoryChanged: async () => {
    try {
      await readDirectory(app.orgId);
    } catch (err) {
      showBanner("error", `Could not read users and devices: ${explain(err)}`);
    }
    renderUsers();
    renderDevices();
    await loadAudit();
  },
};

let expiryTicker = null;

function showExpiry() {
  const s = session();
  if (!s) return;
  const left = s.expiresAt - Date.now();
  const minutes = Math.max(0, Math.ceil(left / 60_000));
  const text = byId("session-expiry");
  text.textContent = left < 60_000 ? "Session ends in under a minute" : `Session ends in ${minutes} min`;
  text.classList.toggle("soon", left < kExpirySoonMs);
}

function selectTab(name) {
  for (const tab of document.querySelectorAll("[data-tab]")) {
    const selected = tab.dataset.tab === name;
    tab.setAttribute("aria-selected", String(selected));
    byId(`tab-${tab.dataset.tab}`).hidden = !selected;
  }
}

// Every control that changes something is disabled for a read-only admin
// before any data is shown; rows added later are created disabled.
function applyRole() {
  for (const control of document.querySelectorAll(".write")) control.disabled = app.readOnly;
  document.body.classList.toggle("read-only", app.readOnly);
  if (app.readOnly) {
    showBanner("info", "You are signed in as a read-only admin: you can see everything, and change nothing.");
  }
}

async function loadConsole() {
  const [org] = await Promise.all([request("GET", orgPath(app.orgId)), loadSettings(), readDirectory(app.orgId),
                                   readAdmins(), readTrustedCas()]);
  learn(`orgs/${app.orgId}`, org.json.name);
  byId("org-name").textContent = org.json.name;
  const me = adminById(app.clientId);
  byId("who").textContent = me ? me.displayName : app.clientId;
  const role = session().roles.find((r) => kRoleNames[r] && r !== "deployment_admin") ?? session().roles[0];
  byId("role-badge").textContent = kRoleNames[role] ?? role;
  byId("role-badge").className = `badge ${role}`;
  renderUsers();
  renderDevices();
  renderAdmins();
  renderTrustedCas();
  await loadAudit();
}

async function onSignIn(event) {
  event.preventDefault();
  const status = byId("signin-status");
  showBanner("", "");
  setStatus(status, "saving", "Signing in…");
  byId("signin-button").disabled = true;
  try {
    const s = await signIn(byId("client-id").value.trim(), byId("client-secret").value);
    Object.assign(app, { orgId: s.orgId, clientId: s.clientId, readOnly: s.readOnly });
    applyRole();
    await loadConsole();
    byId("signin-form").reset();
    setStatus(status, "", "");
    byId("signin").hidden = true;
    byId("console").hidden = false;
    byId("session-bar").hidden = false;
    selectTab("settings");
    showExpiry();
    expiryTicker = setInterval(showExpiry, kExpiryTickMs);
  } catch (err) {
    const failure = err.status === 401 ? "unknown client ID or wrong secret." : explain(err);
    signOut();
    setStatus(status, "failed", `Sign-in failed: ${failure}`);
  } finally {
    byId("signin-button").disabled = false;
  }
}

// Nothing of the org stays on the page once the session is over.
function onEnded(reason) {
  clearInterval(expiryTicker);
  Object.assign(app, { orgId: "", clientId: "", readOnly: true });
  forget();
  Object.assign(directory, { users: [], lines: new Map(), devices: [] });
  for (const id of ["user-rows", "device-rows", "admin-rows", "ca-rows"]) byId(id).replaceChildren();
  clearAudit();
  hideSecret(byId("device-secret"));
  hideSecret(byId("admin-secret"));
  for (const form of document.querySelectorAll("#console form")) form.reset();
  for (const line of document.querySelectorAll("#console .status")) setStatus(line, "", "");
  byId("console").hidden = true;
  byId("session-bar").hidden = true;
  byId("signin").hidden = false;
  document.body.classList.remove("read-only");
  showBanner(reason ? "error" : "", reason);
}

mountSettings(app);
mountUsers(app);
mountDevices(app);
mountAdmins(app);
mountTrustedCas(app);
mountAudit(app);
onSessionEnded(onEnded);
byId("signin-form").addEventListener("submit", onSignIn);
byId("signout-button").addEventListener("click", () => signOut());
byId("refresh-button").addEventListener("click", async () => {
  try {
    await loadConsole();
  } catch (err) {
    if (session()) showBanner("error", `Could not read everything again: ${explain(err)}`);
  }
});
for (const tab of document.querySelectorAll("[data-tab]")) {
  tab.addEventListener("click", () => selectTab(tab.dataset.tab));
}
