// The org's users (with their lines) and devices, read together because each
// list shows the other: a user's device count, a device's user.
import { orgPath, request } from "./api.js";
import { learn } from "./names.js";

export const directory = { users: [], lines: new Map(), devices: [] };

// At most this many line lists in flight at once (one GET per user).
const kParallelReads = 6;

async function readLines(orgId, users) {
  const lines = new Map();
  let next = 0;
  const worker = async () => {
    while (next < users.length) {
      const user = users[next++];
      const r = await request("GET", orgPath(orgId, "users", user.id, "lines"));
      lines.set(user.id, r.json.items);
    }
  };
  await Promise.all(Array.from({ length: Math.min(kParallelReads, users.length) }, worker));
  return lines;
}

export async function readDirectory(orgId) {
  const [users, devices] = await Promise.all([request("GET", orgPath(orgId, "users")),
                                              request("GET", orgPath(orgId, "devices"))]);
  directory.users = users.json.items;
  directory.devices = devices.json.items;
  directory.lines = await readLines(orgId, directory.users);
  for (const u of directory.users) learn(`users/${u.id}`, u.displayName);
  for (const d of directory.devices) learn(`devices/${d.id}`, d.displayName);
  for (const list of directory.lines.values()) for (const l of list) learn(`lines/${l.id}`, l.number);
}

export const userName = (id) => directory.users.find((u) => u.id === id)?.displayName;
