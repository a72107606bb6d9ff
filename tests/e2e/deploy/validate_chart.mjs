// Checks of the rendered helm/zt chart (run_chart_test.sh renders it with
// helm-render for each value set and passes the results here):
//   1. every merged value set against values.schema.json (ajv, draft-07),
//      and a value set with a misspelt key must fail;
//   2. every rendered object against its Kubernetes / prometheus-operator /
//      cert-manager API schema (kubernetes-models), strictly: a wrong type,
//      a missing required field or an unknown field fails; a misspelt field
//      planted in a copy must fail too;
//   3. what the chart promises: probes, securityContext, resources, no Secret
//      object and no secret value inline, every Secret reference named in
//      the values, the SFU's UDP port and advertised address, a PDB per
//      replicated workload, an HPA where autoscaling is on, a NetworkPolicy
//      per workload.
// Usage: node validate_chart.mjs <values.schema.json> <set-name>=<render.json>,<values.json> ...
import { readFileSync } from "node:fs";
import Ajv from "ajv";
import { validateStrict } from "./strict.mjs";

let passed = 0;
let failed = 0;
function check(name, fn) {
  try {
    fn();
    passed++;
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${e.message}`);
  }
}
function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}

// apiVersion -> the package folder of its models.
function modelPath(apiVersion, kind) {
  if (apiVersion.startsWith("monitoring.coreos.com/")) return `@kubernetes-models/prometheus-operator/${apiVersion}/${kind}`;
  if (apiVersion.startsWith("cert-manager.io/")) return `@kubernetes-models/cert-manager/${apiVersion}/${kind}`;
  return `kubernetes-models/${apiVersion}/${kind}`;
}
const models = new Map();
async function modelFor(apiVersion, kind) {
  const path = modelPath(apiVersion, kind);
  if (!models.has(path)) {
    const mod = await import(path).catch(() => null);
    models.set(path, mod ? mod[kind] : null);
  }
  return models.get(path);
}

const SECRET_NAME = /(PASSWORD|SECRET|TOKEN|_KEY|_SEED|CREDENTIALS)$/;
const SECRET_VALUE = [
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  /^(\d+:)?[0-9a-fA-F]{64}$/,              // a master key line or a hex seed
  /^postgres(ql)?:\/\/[^/@:]+:[^/@]+@/,    // a URI with a password
];

function workloads(objects) {
  return objects.filter((o) => ["Deployment", "StatefulSet", "DaemonSet", "Job"].includes(o.kind));
}

function checkSet(setName, objects, values) {
  const byKind = (k) => objects.filter((o) => o.kind === k);
  const label = (o) => `${setName} ${o.kind}/${o.metadata?.name}`;

  check(`${setName}: no Secret object is rendered`, () => assert(byKind("Secret").length === 0, "the chart rendered a Secret"));

  // Secret names the values name (the TLS Secrets by the zt-<service>-tls convention).
  const named = new Set([values.postgres.passwordSecret.name]);
  const enabled = Object.entries(values.services).filter(([, s]) => s.enabled);
  if (values.sfu.enabled) enabled.push(["sfu", values.sfu]);
  for (const [name, s] of enabled) {
    for (const f of s.secretFiles ?? []) named.add(f.secret);
    if (values.tls.enabled) named.add(`zt-${name}-tls`);
  }

  for (const w of workloads(objects)) {
    const pod = w.spec.template.spec;
    check(`${label(w)}: pod securityContext`, () => {
      const sc = pod.securityContext ?? {};
      assert(sc.runAsNonRoot === true, "runAsNonRoot is not true");
      assert(sc.seccompProfile?.type === "RuntimeDefault", "seccompProfile is not RuntimeDefault");
      assert(pod.automountServiceAccountToken === false, "the service account token is mounted");
    });
    for (const c of pod.containers) {
      const cl = `${label(w)} container ${c.name}`;
      check(`${cl}: securityContext`, () => {
        const sc = c.securityContext ?? {};
        assert(sc.readOnlyRootFilesystem === true, "readOnlyRootFilesystem is not true");
        assert(sc.allowPrivilegeEscalation === false, "allowPrivilegeEscalation is not false");
        assert((sc.capabilities?.drop ?? []).includes("ALL"), "capabilities are not all dropped");
      });
      check(`${cl}: resources`, () => {
        assert(c.resources?.requests?.cpu && c.resources?.requests?.memory, "no cpu/memory requests");
        assert(c.resources?.limits?.memory, "no memory limit");
      });
      if (w.kind !== "Job" && c.name.startsWith("zt-")) {
        check(`${cl}: gRPC probes`, () => {
          for (const p of ["startupProbe", "readinessProbe", "livenessProbe"]) {
            const probe = c[p];
            assert(probe, `no ${p}`);
            if (values.tls.enabled) assert(probe.tcpSocket, `${p} is not a TCP check (TLS on)`);
            else assert(probe.grpc?.port === c.ports.find((x) => x.name === "grpc").containerPort, `${p} is not a native gRPC probe on the gRPC port`);
          }
        });
      }
      check(`${cl}: no secret value inline`, () => {
        for (const e of c.env ?? []) {
          if (e.value === undefined) continue;
          assert(!SECRET_NAME.test(e.name), `env ${e.name} carries a value (secrets are files: *_FILE)`);
          for (const re of SECRET_VALUE) assert(!re.test(e.value), `env ${e.name} looks like a secret`);
        }
        for (const e of c.env ?? []) assert(!e.valueFrom?.secretKeyRef || named.has(e.valueFrom.secretKeyRef.name), `env ${e.name}: Secret ${e.valueFrom?.secretKeyRef?.name} not named in values`);
        for (const e of c.envFrom ?? []) assert(!e.secretRef || named.has(e.secretRef.name), `envFrom Secret ${e.secretRef?.name} not named in values`);
      });
    }
    check(`${label(w)}: every Secret reference is named in values`, () => {
      for (const v of pod.volumes ?? []) {
        const refs = [];
        if (v.secret) refs.push(v.secret.secretName);
        for (const src of v.projected?.sources ?? []) if (src.secret) refs.push(src.secret.name);
        for (const r of refs) assert(named.has(r), `volume ${v.name}: Secret ${r} is not named in values`);
      }
    });
    if (w.kind !== "Job" && w.metadata.name.startsWith("zt-") && !["zt-postgres", "zt-redis"].includes(w.metadata.name)) {
      check(`${label(w)}: a NetworkPolicy selects it`, () => {
        if (!values.networkPolicy.enabled) return;
        const sel = w.spec.selector.matchLabels;
        assert(byKind("NetworkPolicy").some((np) => Object.entries(np.spec.podSelector.matchLabels ?? {}).every(([k, v]) => sel[k] === v)), "no NetworkPolicy");
      });
      const replicated = w.kind === "DaemonSet" || (w.spec.replicas ?? 0) > 1 || byKind("HorizontalPodAutoscaler").some((h) => h.spec.scaleTargetRef.name === w.metadata.name);
      if (replicated) {
        check(`${label(w)}: a PodDisruptionBudget`, () => assert(byKind("PodDisruptionBudget").some((p) => p.metadata.name === w.metadata.name), "no PDB"));
      }
      if (values.topologySpread?.enabled && w.kind !== "DaemonSet") {
        check(`${label(w)}: topology spread`, () => assert((pod.topologySpreadConstraints ?? []).length >= 2, "no topologySpreadConstraints over zone and host"));
      }
    }
  }

  for (const [name, s] of Object.entries(values.services)) {
    if (!s.enabled) continue;
    check(`${setName} ${name}: Deployment${s.autoscaling?.enabled ? " and HPA" : ""}`, () => {
      assert(byKind("Deployment").some((d) => d.metadata.name === `zt-${name}`), "no Deployment");
      if (s.autoscaling?.enabled) assert(byKind("HorizontalPodAutoscaler").some((h) => h.metadata.name === `zt-${name}`), "no HPA");
    });
  }

  check(`${setName}: ConfigMaps carry no secret`, () => {
    for (const cm of byKind("ConfigMap")) {
      for (const [k, v] of Object.entries(cm.data ?? {})) {
        assert(!SECRET_NAME.test(k), `${cm.metadata.name}: ${k} is a secret setting (use secretFiles)`);
        for (const re of SECRET_VALUE) assert(!re.test(v), `${cm.metadata.name}: ${k} looks like a secret`);
      }
    }
  });

  if (values.sfu.enabled) {
    check(`${setName} sfu: UDP media reachable and its address advertised`, () => {
      const sfu = objects.find((o) => ["DaemonSet", "StatefulSet"].includes(o.kind) && o.metadata.name === "zt-sfu");
      assert(sfu, "no SFU workload");
      const pod = sfu.spec.template.spec;
      const c = pod.containers[0];
      const media = c.ports.find((p) => p.name === "media");
      assert(media && media.protocol === "UDP", "no UDP media port");
      const cm = byKind("ConfigMap").find((m) => m.metadata.name === "zt-sfu").data;
      assert(cm.ZT_SFU_UDP_ADDRESS === `0.0.0.0:${media.containerPort}`, "the SFU does not listen on its media port");
      const advertised = cm.ZT_SFU_PUBLIC_UDP_ADDRESS ?? (c.env ?? []).find((e) => e.name === "ZT_SFU_PUBLIC_UDP_ADDRESS")?.value;
      assert(advertised && advertised.endsWith(`:${media.containerPort}`), "no advertised address with the media port");
      if (pod.hostNetwork) {
        assert(media.containerPort, "hostNetwork without a media port");
      } else {
        const svc = byKind("Service").find((s) => s.spec.ports.some((p) => p.protocol === "UDP" && p.port === media.containerPort));
        assert(svc && ["LoadBalancer", "NodePort"].includes(svc.spec.type), "no UDP Service reachable from outside");
      }
    });
  }
}

async function main() {
  const [schemaFile, ...sets] = process.argv.slice(2);
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validateValues = ajv.compile(JSON.parse(readFileSync(schemaFile, "utf8")));
  const schemaErrors = () => ajv.errorsText(validateValues.errors, { dataVar: "values" });

  let sampleDeployment = null;
  for (const spec of sets) {
    const [setName, files] = spec.split("=");
    const [renderFile, valuesFile] = files.split(",");
    const rendered = JSON.parse(readFileSync(renderFile, "utf8"));
    const values = JSON.parse(readFileSync(valuesFile, "utf8"));
    check(`${setName}: values match values.schema.json`, () => assert(validateValues(values), schemaErrors()));
    for (const { source, object } of rendered) {
      const Model = await modelFor(object.apiVersion, object.kind);
      check(`${setName} ${source} ${object.kind}/${object.metadata?.name}: API schema`, () => {
        assert(Model, `no schema for ${object.apiVersion} ${object.kind}`);
        validateStrict(Model, object);
      });
      if (!sampleDeployment && object.kind === "Deployment") sampleDeployment = object;
    }
    checkSet(setName, rendered.map((m) => m.object), values);
    console.log(`${setName}: ${rendered.length} objects (${[...new Set(rendered.map((m) => m.object.kind))].sort().join(", ")})`);
  }

  // The checks themselves: what they must refuse.
  const Deployment = await modelFor("apps/v1", "Deployment");
  check("a misspelt field fails the API schema check", () => {
    const bad = structuredClone(sampleDeployment);
    bad.spec.template.spec.containers[0].readinesProbe = bad.spec.template.spec.containers[0].readinessProbe;
    let threw = false;
    try { validateStrict(Deployment, bad); } catch (e) { threw = /readinesProbe/.test(e.message); }
    assert(threw, "readinesProbe was accepted");
  });
  check("a wrong type fails the API schema check", () => {
    const bad = structuredClone(sampleDeployment);
    bad.spec.replicas = "two";
    let threw = false;
    try { validateStrict(Deployment, bad); } catch { threw = true; }
    assert(threw, "replicas: \"two\" was accepted");
  });
  check("a misspelt value key fails values.schema.json", () => {
    const [, files] = sets[0].split("=");
    const values = JSON.parse(readFileSync(files.split(",")[1], "utf8"));
    values.services.kms.replicaz = 3;
    assert(!validateValues(values), "services.kms.replicaz was accepted");
    delete values.services.kms.replicaz;
    values.services.kms.env.ZT_KMS_MASTER_KEY = "1:00";
    assert(!validateValues(values), "an inline master key in env was accepted");
  });

  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
