// Browser test of the Control Hub admin page against a real zt-controlhub:
// sign-in with client ID and secret, the Calling E2EE toggle (saved state,
// a stale ETag refused, the change visible through the REST API), meeting
// settings, users and lines, registering a device (secret shown once) and
// deleting one, adding a read-only admin, trusting a CA, the named audit
// trail, the read-only view (every control disabled, nothing sent) and
// session expiry. The page runs under a CSP without 'unsafe-inline'.
// Screenshots of each part go to ZT_SCREENSHOT_DIR.
//   ZT_CONTROLHUB_URL  e.g. http://127.0.0.1:8001
//   ZT_BOOTSTRAP_FILE  the bootstrap admin credential file
//   ZT_SCREENSHOT_DIR  where to write the PNGs
//   ZT_CONTROLHUB_LOG  the server's log, checked for the secrets and tokens seen
//   ZT_CHROMIUM        (optional) browser binary, default /usr/bin/chromium
import { chromium } from "playwright-core";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { ControlHub, makeCaPem } from "./controlhub_rest.mjs";

const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
};
const base = env("ZT_CONTROLHUB_URL");
const shotDir = env("ZT_SCREENSHOT_DIR");
const logFile = env("ZT_CONTROLHUB_LOG");
const boot = JSON.parse(readFileSync(env("ZT_BOOTSTRAP_FILE"), "utf8"));
// What the page must live with once Control Hub drops 'unsafe-inline'.
const kStrictCsp = "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

const hub = new ControlHub(base, boot.orgId);
await hub.signIn(boot.clientId, boot.clientSecret);
assert.equal((await hub.get("/settings/calling")).json.e2eeEnabled, false, "toggle starts off");
mkdirSync(shotDir, { recursive: true });

const shot = (page, name) => page.screenshot({ path: join(shotDir, `${name}.png`), fullPage: true });
const text = (page, selector) => page.locator(selector).textContent();

async function signIn(page, clientId, clientSecret) {
  await page.fill("#client-id", clientId);
  await page.fill("#client-secret", clientSecret);
  await page.click("#signin-button");
}

async function openTab(page, name) {
  await page.click(`[data-tab="${name}"]`);
  await page.locator(`#tab-${name}`).waitFor();
}

// One-time credentials from a secret panel, then dismissed.
async function takeSecret(page, panel) {
  await page.locator(`#${panel}`).waitFor();
  const creds = { clientId: await text(page, `#${panel}-client-id`), clientSecret: await text(page, `#${panel}-value`) };
  return creds;
}

async function dismissSecret(page, panel, secret) {
  await page.click(`#${panel} >> text=I have stored it`);
  await page.locator(`#${panel}`).waitFor({ state: "hidden" });
  assert.ok(!(await page.content()).includes(secret), "the secret is gone from the page once dismissed");
}

async function noInlineCode(page) {
  const found = await page.evaluate(() => ({
    scripts: document.querySelectorAll("script:not([src])").length,
    // (Playwright's own input handling leaves empty style="" attributes.)
    styles: document.querySelectorAll('style, [style]:not([style=""])').length,
    handlers: [...document.querySelectorAll("*")].filter((e) => [...e.attributes].some((a) => /^on/i.test(a.name)))
                  .length,
  }));
  assert.deepEqual(found, { scripts: 0, styles: 0, handlers: 0 }, "no inline script, style or handler");
}

async function firstSignIn(page) {
  await signIn(page, boot.clientId, "not-the-secret");
  await page.locator("#signin-status", { hasText: "Sign-in failed: unknown client ID or wrong secret" }).waitFor();
  await shot(page, "01-signin-failed");
  await signIn(page, boot.clientId, boot.clientSecret);
  await page.locator("#console").waitFor();
  assert.equal(await text(page, "#who"), "bootstrap admin");
  assert.equal(await page.inputValue("#client-secret"), "", "the secret field is cleared");
  assert.match(await text(page, "#session-expiry"), /Session ends in \d+ min/);
}

async function callingToggle(page) {
  assert.equal(await page.isChecked("#calling-e2ee"), false);
  await page.click("#calling-e2ee");
  await page.locator("#calling-status[data-state=saved]", { hasText: "Saved calling settings" }).waitFor();
  assert.equal((await hub.get("/settings/calling")).json.e2eeEnabled, true, "the API reports the toggle on");

  // Another admin turns it off behind the page's back: the page's next PUT
  // carries a stale If-Match, is refused, and the page shows the current value.
  await hub.putSettings("calling", { e2eeEnabled: false });
  await page.click("#calling-e2ee");
  await page.locator("#calling-status[data-state=failed]", { hasText: "someone else changed this" }).waitFor();
  assert.equal(await page.isChecked("#calling-e2ee"), false, "the page shows what the server holds");
  await page.click("#calling-e2ee");
  await page.locator("#calling-status[data-state=saved]").waitFor();
  assert.equal((await hub.get("/settings/calling")).json.e2eeEnabled, true);

  await page.selectOption("#meeting-type", "e2ee");
  await page.locator("#meetings-status[data-state=saved]", { hasText: "Saved meetings settings" }).waitFor();
  await shot(page, "02-settings");
}

async function usersAndLines(page) {
  await openTab(page, "users");
  for (const [name, email] of [["Alice Example", "alice@example.com"], ["<b>Bob</b>", "bob@example.com"]]) {
    await page.fill("#user-name", name);
    await page.fill("#user-email", email);
    await page.click("#user-form button[type=submit]");
    await page.locator("#user-rows tr", { hasText: email }).waitFor();
  }
  assert.equal(await page.locator("#user-rows b").count(), 0, "a name with markup is shown as text");
  assert.ok(await page.locator("#user-rows td", { hasText: "<b>Bob</b>" }).count());
  const alice = page.locator("#user-rows tr", { hasText: "alice@example.com" });
  await alice.locator("button", { hasText: "Add line" }).click();
  const form = page.locator("#user-rows tr.subrow:visible");
  await form.locator("input").fill("+1 555 0100");
  await form.locator("button[type=submit]").click();
  await page.locator("#user-rows .badge", { hasText: "+1 555 0100 · primary" }).waitFor();
  await shot(page, "03-users");
}

async function registerDevice(page, name, kind, userLabel) {
  await page.fill("#device-name", name);
  await page.selectOption("#device-kind", kind);
  await page.selectOption("#device-user", { label: userLabel });
  await page.click("#device-form button[type=submit]");
  await page.locator("#device-rows tr", { hasText: name }).waitFor();
  return takeSecret(page, "device-secret");
}

async function devices(page) {
  await openTab(page, "devices");
  const laptop = await registerDevice(page, "Alice laptop", "desktop", "Alice Example <alice@example.com>");
  laptopSecret = laptop.clientSecret;
  assert.match(laptop.clientId, /^dev_/);
  const token = await hub.tokenFor(laptop.clientId, laptop.clientSecret);
  assert.equal(token.status, 200, "the secret shown once gets the device a token");
  await shot(page, "04-device-registered");
  await dismissSecret(page, "device-secret", laptop.clientSecret);

  const board = await registerDevice(page, "Lobby board", "board", "(shared, no user)");
  await dismissSecret(page, "device-secret", board.clientSecret);
  const row = page.locator("#device-rows tr", { hasText: "Lobby board" });
  const id = await row.getAttribute("data-device-id");
  await row.locator("button", { hasText: "Delete" }).click();
  await row.locator("button", { hasText: "Click again to confirm" }).click();
  await page.locator("#devices-status[data-state=saved]", { hasText: "Deleted Lobby board" }).waitFor();
  await row.waitFor({ state: "detached" });
  assert.equal((await hub.call("GET", `/devices/${id}`)).status, 404, "the deleted device is gone");
  assert.equal((await hub.tokenFor(board.clientId, board.clientSecret)).status, 401);
}

async function admins(page) {
  await openTab(page, "admins");
  await page.fill("#admin-name", "Rita Reader");
  await page.selectOption("#admin-role", "read_only_admin");
  await page.click("#admin-form button[type=submit]");
  const rita = await takeSecret(page, "admin-secret");
  await page.locator("#admin-rows tr", { hasText: "Rita Reader" }).locator(".badge", { hasText: "Read-only admin" })
      .waitFor();
  await shot(page, "05-admins");
  await dismissSecret(page, "admin-secret", rita.clientSecret);
  return rita;
}

async function trustedCas(page) {
  await openTab(page, "trusted-cas");
  await page.fill("#ca-pem", "not a certificate");
  await page.click("#ca-form button[type=submit]");
  await page.locator("#cas-status[data-state=failed]", { hasText: "Not saved" }).waitFor();
  await page.fill("#ca-pem", makeCaPem("Partner Devices CA"));
  await page.click("#ca-form button[type=submit]");
  const row = page.locator("#ca-rows tr", { hasText: "Partner Devices CA" });
  await row.waitFor();
  assert.match(await row.locator("td").nth(1).textContent(), /\d{4}/, "the expiry date is shown");
  assert.equal((await hub.get("/trustedCas")).json.items.length, 1);
  await shot(page, "06-trusted-cas");
}

async function auditTrail(page) {
  await openTab(page, "audit");
  const toggle = page.locator('#audit-rows tr[data-action="settings.calling.update"]').first();
  await toggle.waitFor();
  const cells = await toggle.locator("td").allTextContents();
  assert.equal(cells[1], "bootstrap admin", "the actor by name");
  assert.equal(cells[3], "calling settings");
  assert.equal(await page.locator('#audit-rows tr[data-action="settings.meetings.update"] td').nth(4).textContent(),
               "Default meeting type: standard → e2ee");
  assert.equal(cells[4], "Calling E2EE: off → on");
  const created = await page.locator('#audit-rows tr[data-action="device.create"]', { hasText: "Alice laptop" })
                      .locator("td").allTextContents();
  assert.match(created[4], /User: Alice Example/, "the device's user by name");
  await page.locator('#audit-rows tr[data-action="device.delete"]', { hasText: "device Lobby board" }).waitFor();
  await page.locator('#audit-rows tr[data-action="admin.create"]', { hasText: "Roles: Read-only admin" }).waitFor();
  const who = await page.locator("#audit-rows tr td:nth-child(2)").allTextContents();
  assert.ok(who.every((w) => !/^adm_|^[0-9a-f-]{36}$/.test(w)), `names instead of IDs: ${who.join(" | ")}`);
  await shot(page, "07-audit");
}

async function readOnlyView(page, rita, sent) {
  await page.click("#signout-button");
  await page.locator("#signin").waitFor();
  assert.equal(await page.locator("#user-rows tr").count(), 0, "nothing of the org stays after sign-out");
  await signIn(page, rita.clientId, rita.clientSecret);
  await page.locator("#console").waitFor();
  await page.locator("#banner", { hasText: "read-only admin" }).waitFor();
  assert.equal(await text(page, "#role-badge"), "Read-only admin");
  const enabled = await page.$$eval("#console .write", (els) => els.filter((e) => !e.disabled).map((e) => e.outerHTML));
  assert.deepEqual(enabled, [], "every control that changes something is disabled");
  assert.ok(await page.locator("#console .write").count() > 10);
  assert.equal(await page.isChecked("#calling-e2ee"), true, "the read-only admin sees the current value");
  await shot(page, "08-read-only-settings");
  sent.length = 0;
  await page.click("#calling-e2ee", { force: true });
  for (const tab of ["users", "devices", "admins", "trusted-cas"]) {
    await openTab(page, tab);
    await page.locator(`#tab-${tab} tbody tr`).first().waitFor();
  }
  await page.locator("#device-rows tr", { hasText: "Alice laptop" }).waitFor({ state: "attached" });
  await page.locator("#ca-rows tr", { hasText: "Partner Devices CA" }).waitFor({ state: "attached" });
  await openTab(page, "users");
  await shot(page, "09-read-only-users");
  assert.deepEqual(sent, [], "the read-only view sends no change");
  assert.equal(await page.isChecked("#calling-e2ee"), true);
}

// Control Hub refuses a deleted admin's token at once: the next read (here
// Refresh) ends the session instead of showing stale data.
async function revokedSession(page, rita) {
  await signIn(page, rita.clientId, rita.clientSecret);
  await page.locator("#console").waitFor();
  assert.equal((await hub.call("DELETE", `/admins/${rita.clientId}`)).status, 204);
  await page.click("#refresh-button");
  await page.locator("#banner", { hasText: "no longer accepts your session" }).waitFor();
  await page.locator("#signin").waitFor();
}

async function sessionExpiry(page) {
  await page.clock.fastForward("02:00:00");
  await page.locator("#banner", { hasText: "Your session expired" }).waitFor();
  await page.locator("#signin").waitFor();
  assert.equal(await page.locator("#console").isHidden(), true);
  await shot(page, "10-session-expired");
}

const userDataDir = mkdtempSync(join(tmpdir(), "zt-chromium-"));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: process.env.ZT_CHROMIUM || "/usr/bin/chromium",
  headless: true,
  viewport: { width: 1280, height: 860 },
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"],
});
const problems = [];
const sent = [];
const secrets = [boot.clientSecret, hub.token];
let laptopSecret = "";
let served = "";
try {
  const page = context.pages()[0] || await context.newPage();
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error" && !/Failed to load resource/.test(m.text())) problems.push(m.text());
  });
  page.on("request", (r) => {
    if (r.method() !== "GET" && r.url().includes("/v1/orgs/")) sent.push(`${r.method()} ${r.url()}`);
  });
  await page.route(`${base}/`, async (route) => {
    const res = await route.fetch();
    const headers = res.headers();
    served = headers["content-security-policy"] ?? "";
    if (!served || served.includes("unsafe-inline")) headers["content-security-policy"] = kStrictCsp;
    await route.fulfill({ response: res, headers });
  });
  await page.clock.install();
  await page.goto(`${base}/`);
  await noInlineCode(page);
  await firstSignIn(page);
  await callingToggle(page);
  await usersAndLines(page);
  await devices(page);
  const rita = await admins(page);
  secrets.push(laptopSecret);
  await trustedCas(page);
  await auditTrail(page);
  await noInlineCode(page);
  await readOnlyView(page, rita, sent);
  await sessionExpiry(page);
  await revokedSession(page, rita);
  secrets.push(rita.clientSecret);
} finally {
  await context.close();
  rmSync(userDataDir, { recursive: true, force: true });
}
assert.deepEqual(problems, [], "no script error and no CSP violation");
const log = readFileSync(logFile, "utf8");
assert.ok(secrets.every((s) => s && !log.includes(s)), "no client secret or token in the server's log");

assert.equal((await hub.get("/settings/calling")).json.e2eeEnabled, true, "the API reports the toggle on");
assert.equal((await hub.get("/settings/meetings")).json.defaultMeetingType, "e2ee");
console.log(`ok: admin page flows pass (served CSP: ${served || "none"}); screenshots in ${shotDir}`);
