// From a helm-render --json render: the documents podman kube play runs.
// Usage: node kube_manifests.mjs <render.json> migrations|services <out.yaml>
//   migrations: the migrations Job's pod template as a Pod (podman plays no
//   Jobs) that runs once (restartPolicy Never);
//   services: every ConfigMap and Deployment, replicas 1, without the
//   containers' ports list (on the host network podman refuses port
//   mappings; the services listen where their ConfigMap says).
// Written as JSON documents (JSON is YAML) separated by "---".
import { readFileSync, writeFileSync } from "node:fs";

const [renderFile, what, out] = process.argv.slice(2);
const objects = JSON.parse(readFileSync(renderFile, "utf8")).map((m) => m.object);
let docs;
if (what === "migrations") {
  const job = objects.find((o) => o.kind === "Job" && o.metadata.name === "zt-migrations");
  if (!job) throw new Error("no migrations Job rendered");
  docs = [{ apiVersion: "v1", kind: "Pod", metadata: { name: job.metadata.name, labels: job.spec.template.metadata.labels },
            spec: { ...job.spec.template.spec, restartPolicy: "Never" } }];
} else {
  docs = objects.filter((o) => o.kind === "ConfigMap" || o.kind === "Deployment")
    .map((o) => {
      if (o.kind !== "Deployment") return o;
      const d = structuredClone(o);
      d.spec.replicas = 1;
      for (const c of d.spec.template.spec.containers) delete c.ports;
      return d;
    });
}
writeFileSync(out, docs.map((d) => JSON.stringify(d, null, 1)).join("\n---\n") + "\n");
