// REST helpers for the admin page browser test: what the test checks behind
// the page's back, through the same API the page uses.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export class ControlHub {
  constructor(base, orgId) {
    this.base = base;
    this.orgId = orgId;
  }

  // The token response (status and body) for a client ID and secret.
  async tokenFor(clientId, clientSecret) {
    const res = await fetch(`${this.base}/v1/oauth/token`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "client_credentials", client_id: clientId, client_secret: clientSecret }),
    });
    return { status: res.status, body: await res.json() };
  }

  async signIn(clientId, clientSecret) {
    const t = await this.tokenFor(clientId, clientSecret);
    assert.equal(t.status, 200, "token request");
    this.token = t.body.access_token;
  }

  async call(method, path, body, headers = {}) {
    const res = await fetch(`${this.base}/v1/orgs/${this.orgId}${path}`, {
      method,
      headers: { Authorization: `Bearer ${this.token}`, ...(body ? { "Content-Type": "application/json" } : {}),
                 ...headers },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, etag: res.headers.get("ETag"), json: text ? JSON.parse(text) : null };
  }

  async get(path) {
    const r = await this.call("GET", path);
    assert.equal(r.status, 200, `GET ${path}`);
    return r;
  }

  // A PUT the way another admin would do it: read, then write with If-Match.
  async putSettings(which, value) {
    const current = await this.get(`/settings/${which}`);
    const r = await this.call("PUT", `/settings/${which}`, value, { "If-Match": current.etag });
    assert.equal(r.status, 200, `PUT settings/${which}`);
  }
}

// A self-signed CA certificate (PEM) made with the openssl command line.
export function makeCaPem(commonName) {
  const dir = mkdtempSync(join(tmpdir(), "zt-ca-"));
  try {
    const cert = join(dir, "ca.pem");
    execFileSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                             "-keyout", join(dir, "ca.key"), "-out", cert, "-days", "400", "-subj",
                             `/O=Partner Inc/CN=${commonName}`, "-addext", "basicConstraints=critical,CA:TRUE",
                             "-addext", "keyUsage=critical,keyCertSign,cRLSign"], { stdio: "ignore" });
    return readFileSync(cert, "utf8");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
