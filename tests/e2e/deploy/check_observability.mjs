// Dashboards and alerts against the metrics the services really export.
// Usage: node check_observability.mjs <observability dir> <metrics dir>
//   <metrics dir>/<service>.txt: a /metrics scrape of zt-<service>, after a
//   little traffic (run_observability_test.sh);
//   <metrics dir>/<service>.declared: the metric families the service's
//   sources (and common/) register.
// Each dashboards/zt-<service>.json: valid JSON, panels with PromQL targets
// scoped to job="zt-<service>", and every metric a query names is in that
// service's scrape, or is a labelled family the service registers whose
// first series appears with its first event (a commit, a VerifyAudit):
// those are listed. alerts.yml: the same against every service.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

const [obsDir, metricsDir, guide] = process.argv.slice(2);
let passed = 0;
let failed = 0;
const check = (name, fn) => {
  try { fn(); passed++; } catch (e) { failed++; console.log(`FAIL ${name}: ${e.message}`); }
};

// Metric names in an exposition: the sample names (histograms as _bucket/_sum/_count).
function scrapeNames(text) {
  const names = new Set();
  for (const line of text.split("\n")) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]/.exec(line);
    if (m) names.add(m[1]);
  }
  return names;
}
// Metric names a PromQL expression uses: identifiers of our families, not
// functions, labels inside {...}, or strings.
function queryMetrics(expr) {
  const noStrings = expr.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/\{[^}]*\}/g, "{}");
  return [...noStrings.matchAll(/\b((?:zt|process)_[a-zA-Z0-9_]+)\b/g)].map((m) => m[1]);
}

const scrapes = {};
const declared = {};
for (const f of readdirSync(metricsDir).filter((f) => f.endsWith(".txt"))) {
  const svc = f.replace(/\.txt$/, "");
  scrapes[svc] = scrapeNames(readFileSync(join(metricsDir, f), "utf8"));
  declared[svc] = new Set(readFileSync(join(metricsDir, `${svc}.declared`), "utf8").split("\n").filter(Boolean));
}
const family = (m) => m.replace(/_(bucket|sum|count)$/, "");
// "scraped", "declared" (registered, no series yet) or null.
function exported(svc, m) {
  if (scrapes[svc].has(m)) return "scraped";
  if (declared[svc].has(m) || declared[svc].has(family(m))) return "declared";
  return null;
}
const afterFirstEvent = new Set();

const dashDir = join(obsDir, "dashboards");
const seen = new Set();
for (const f of readdirSync(dashDir).filter((f) => f.endsWith(".json"))) {
  const svc = f.replace(/^zt-/, "").replace(/\.json$/, "");
  seen.add(svc);
  check(`dashboard ${f}`, () => {
    const d = JSON.parse(readFileSync(join(dashDir, f), "utf8"));
    if (!scrapes[svc]) throw new Error(`no scrape of zt-${svc}`);
    if (d.uid !== `zt-${svc}` || !Array.isArray(d.panels) || d.panels.length === 0) throw new Error("no uid or no panels");
    const missing = [];
    let queries = 0;
    for (const p of d.panels) {
      if (!p.targets?.length) throw new Error(`panel "${p.title}" has no query`);
      for (const t of p.targets) {
        queries++;
        if (!t.expr.includes(`job="zt-${svc}"`)) throw new Error(`panel "${p.title}": query not scoped to job="zt-${svc}"`);
        for (const m of queryMetrics(t.expr)) {
          const how = exported(svc, m);
          if (!how) missing.push(`${m} (panel "${p.title}")`);
          if (how === "declared") afterFirstEvent.add(`zt-${svc}: ${m}`);
        }
      }
    }
    if (missing.length) throw new Error(`not exported by zt-${svc}: ${[...new Set(missing)].join(", ")}`);
    console.log(`dashboard zt-${svc}: ${d.panels.length} panels, ${queries} queries, every metric exported`);
  });
}
for (const svc of Object.keys(scrapes)) {
  check(`a dashboard for zt-${svc}`, () => { if (!seen.has(svc)) throw new Error("missing"); });
}

check("alerts.yml names only exported metrics", () => {
  const text = readFileSync(join(obsDir, "alerts.yml"), "utf8");
  const exprs = [...text.matchAll(/^ +expr: (?:\|\n((?: {10,}.*\n)+)|(.*)\n)/gm)].map((m) => m[1] ?? m[2]);
  if (exprs.length !== (text.match(/^ +- alert: /gm) ?? []).length) throw new Error("could not read every alert's expr");
  const missing = [];
  for (const e of exprs) {
    for (const m of queryMetrics(e)) {
      const hows = Object.keys(scrapes).map((svc) => exported(svc, m));
      if (hows.includes("scraped")) continue;
      if (hows.includes("declared")) afterFirstEvent.add(`alerts: ${m}`);
      else missing.push(m);
    }
  }
  if (missing.length) throw new Error(`not exported: ${[...new Set(missing)].join(", ")}`);
});

check("docs/operations.md covers every alert", () => {
  const text = readFileSync(join(obsDir, "alerts.yml"), "utf8");
  const doc = readFileSync(guide, "utf8");
  const missing = [];
  for (const [, name] of text.matchAll(/^ +- alert: (\S+)/gm)) {
    if (!new RegExp(`^### ${name}$`, "m").test(doc)) missing.push(`${name} (no "### ${name}" section)`);
    const runbook = new RegExp(`alert: ${name}\\n(?:.*\\n)*?.*runbook: docs/operations.md#${name.toLowerCase()}\\n`);
    if (!runbook.test(text)) missing.push(`${name} (runbook link is not docs/operations.md#${name.toLowerCase()})`);
  }
  if (missing.length) throw new Error(missing.join(", "));
});
if (afterFirstEvent.size) {
  console.log(`registered, first series with the first event (no such event in this run): ${[...afterFirstEvent].sort().join(", ")}`);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
