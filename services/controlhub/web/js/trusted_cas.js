// Trusted external CAs: upload a PEM, see subject and expiry, stop trusting.
import { orgPath, request } from "./api.js";
import { applyChange, onSubmit } from "./change.js";
import { byId, confirmButton, el, formatDate, rowsOrEmpty, setStatus } from "./dom.js";
import { learn } from "./names.js";

let app = null;
let cas = [];
const kDaySeconds = 86400;
const kSoonDays = 30;

async function reload() {
  await readTrustedCas();
  renderTrustedCas();
  app.changed();
}

const change = (work, saved) => applyChange(byId("cas-status"), work, saved, reload);

function expiry(notAfter) {
  const days = Math.floor((notAfter - Date.now() / 1000) / kDaySeconds);
  const date = formatDate(notAfter);
  if (days < 0) return [date, " ", el("span", { class: "badge expired" }, "expired")];
  if (days < kSoonDays) return [date, " ", el("span", { class: "badge soon" }, `in ${days} days`)];
  return [date];
}

function caRow(ca) {
  const remove = confirmButton("Stop trusting", () => change(() => request("DELETE", orgPath(app.orgId, "trustedCas", ca.id)),
                                                             `No longer trusting ${ca.subject}.`),
                               { disabled: app.readOnly });
  return el("tr", { dataset: { caId: ca.id } }, el("td", {}, el("code", {}, ca.subject)), el("td", {}, expiry(ca.notAfter)),
            el("td", {}, el("code", {}, ca.id)), el("td", { class: "actions" }, remove));
}

export async function readTrustedCas() {
  cas = (await request("GET", orgPath(app.orgId, "trustedCas"))).json.items;
  for (const ca of cas) learn(`trustedCas/${ca.id}`, ca.subject);
}

export function renderTrustedCas() {
  byId("ca-rows").replaceChildren(...rowsOrEmpty(cas.map(caRow), 4, "No external CAs trusted."));
}

async function upload(form) {
  const file = byId("ca-file").files[0];
  const pem = file ? await file.text() : byId("ca-pem").value.trim();
  if (!pem) {
    setStatus(byId("cas-status"), "failed", "Not saved: choose a PEM file or paste a certificate.");
    return;
  }
  const added = await change(() => request("POST", orgPath(app.orgId, "trustedCas"), { json: { pem } }),
                             (r) => `Now trusting ${r.json.subject} (expires ${formatDate(r.json.notAfter)}).`);
  if (added) form.reset();
}

export function mountTrustedCas(context) {
  app = context;
  onSubmit(byId("ca-form"), upload);
}
