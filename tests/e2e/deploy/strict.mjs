// Strict validation of one Kubernetes object through the kubernetes-models
// validators: the compiled schema's errors (wrong type, missing required
// field, bad enum), and any field the schema never looked at (the API
// schemas leave additionalProperties open, so a misspelt field would pass).
import { Model } from "@kubernetes-models/base";

// A deep read-tracking view of `data`: every property the validator reads is
// recorded per object path.
function trackReads(data) {
  const objects = new Map();  // path -> {target, reads}
  const wrap = (value, path) => {
    if (value === null || typeof value !== "object") return value;
    let entry = objects.get(path);
    if (!entry || entry.target !== value) {
      entry = { target: value, reads: new Set(), proxy: null };
      entry.proxy = new Proxy(value, {
        get(t, key, receiver) {
          const v = Reflect.get(t, key, receiver);
          if (typeof key !== "string" || !Object.prototype.hasOwnProperty.call(t, key)) return v;
          entry.reads.add(key);
          return wrap(v, `${path}/${key}`);
        },
      });
      objects.set(path, entry);
    }
    return entry.proxy;
  };
  return { proxy: wrap(data, ""), objects };
}

// Throws an Error naming every problem; returns nothing when the object is valid.
export function validateStrict(ModelClass, data) {
  const { proxy, objects } = trackReads(data);
  const problems = [];
  try {
    ModelClass.prototype.validate.call(proxy);
  } catch (e) {
    problems.push(e.message);
  }
  for (const [path, { target, reads }] of objects) {
    if (Array.isArray(target)) continue;
    for (const key of Object.keys(target)) {
      if (!reads.has(key)) problems.push(`${path || "/"}: unknown field "${key}"`);
    }
  }
  if (problems.length) throw new Error(problems.join("; "));
}

export { Model };
