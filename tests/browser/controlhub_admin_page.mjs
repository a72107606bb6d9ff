// Browser test of the Control Hub admin page: sign in with an admin token,
// flip the Calling E2EE toggle, then check through the REST API that it is
// on, and save a screenshot. Needs a running zt-controlhub:
//   ZT_CONTROLHUB_URL  e.g. http://127.0.0.1:8001
//   ZT_BOOTSTRAP_FILE  the bootstrap admin credential file
//   ZT_SCREENSHOT      where to write the PNG
//   ZT_CHROMIUM        (optional) browser binary, default /usr/bin/chromium
import { chromium } from "playwright-core";
import { mkdtempSync, readFileSync, rmSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import assert from "node:assert/strict";

const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
};
const base = env("ZT_CONTROLHUB_URL");
const screenshot = env("ZT_SCREENSHOT");
const boot = JSON.parse(readFileSync(env("ZT_BOOTSTRAP_FILE"), "utf8"));

async function token() {
  const res = await fetch(`${base}/v1/oauth/token`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "client_credentials", client_id: boot.clientId,
                                client_secret: boot.clientSecret }),
  });
  assert.equal(res.status, 200, "token request");
  return (await res.json()).access_token;
}

async function calling(tok) {
  const res = await fetch(`${base}/v1/orgs/${boot.orgId}/settings/calling`,
                          { headers: { Authorization: `Bearer ${tok}` } });
  assert.equal(res.status, 200);
  return res.json();
}

const tok = await token();
assert.equal((await calling(tok)).e2eeEnabled, false, "toggle starts off");

const userDataDir = mkdtempSync(join(tmpdir(), "zt-chromium-"));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: process.env.ZT_CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"],
});
try {
  const page = context.pages()[0] || await context.newPage();
  await page.goto(`${base}/`);
  await page.fill("#org-id", boot.orgId);
  await page.fill("#token", tok);
  await page.click("#signin-button");
  await page.waitForSelector("#settings:not(.hidden)");
  assert.equal(await page.isChecked("#calling-e2ee"), false);
  await page.click("#calling-e2ee");
  await page.locator("#status", { hasText: "Saved calling" }).waitFor();
  await page.waitForSelector('#audit-rows tr[data-action="settings.calling.update"]');
  await page.selectOption("#meeting-type", "e2ee");
  await page.locator("#status", { hasText: "Saved meetings" }).waitFor();
  mkdirSync(dirname(screenshot), { recursive: true });
  await page.screenshot({ path: screenshot, fullPage: true });
} finally {
  await context.close();
  rmSync(userDataDir, { recursive: true, force: true });
}

assert.equal((await calling(tok)).e2eeEnabled, true, "the API reports the toggle on");
const meetings = await fetch(`${base}/v1/orgs/${boot.orgId}/settings/meetings`,
                             { headers: { Authorization: `Bearer ${tok}` } }).then((r) => r.json());
assert.equal(meetings.defaultMeetingType, "e2ee");
console.log(`ok: toggle flipped in the browser, API reports it on; screenshot ${screenshot}`);
