-- Control Hub state: the directory (orgs, users, devices, lines), the
-- principals that get tokens, org settings, CAs and the audit log.
CREATE TABLE orgs (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name        text NOT NULL UNIQUE,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- One row per org. `version` grows with every accepted change to any
-- setting (the policy version watchers see); each resource has its own
-- version for ETags.
CREATE TABLE org_settings (
  org_id                uuid PRIMARY KEY REFERENCES orgs(id) ON DELETE CASCADE,
  version               bigint NOT NULL DEFAULT 1,
  calling_version       bigint NOT NULL DEFAULT 1,
  meetings_version      bigint NOT NULL DEFAULT 1,
  calling_e2ee_enabled  boolean NOT NULL DEFAULT false,
  default_meeting_type  text NOT NULL DEFAULT 'standard'
                        CHECK (default_meeting_type IN ('standard', 'e2ee')),
  personal_room_e2ee    boolean NOT NULL DEFAULT false
);

CREATE TABLE users (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id        uuid NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
  email         text NOT NULL,
  display_name  text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (org_id, email)
);

CREATE TABLE devices (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id        uuid NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
  user_id       uuid REFERENCES users(id) ON DELETE CASCADE,
  kind          text NOT NULL CHECK (kind IN ('desktop', 'mobile', 'room_device', 'desk_device',
                                              'board', 'legacy_sx_dx_mx', 'web_browser')),
  e2ee_capable  boolean NOT NULL,
  display_name  text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX devices_org ON devices (org_id);

CREATE TABLE lines (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id      uuid NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
  user_id     uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind        text NOT NULL CHECK (kind IN ('primary', 'shared', 'virtual')),
  number      text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (org_id, number)
);

-- Whoever may obtain a token: admins, devices, service principals. Client
-- secrets are stored as SHA-256(salt || secret), never in clear.
CREATE TABLE principals (
  client_id     text PRIMARY KEY,
  org_id        uuid NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
  kind          text NOT NULL CHECK (kind IN ('admin', 'device', 'service')),
  roles         text[] NOT NULL,
  device_id     uuid REFERENCES devices(id) ON DELETE CASCADE,
  display_name  text NOT NULL,
  secret_salt   bytea NOT NULL,
  secret_hash   bytea NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE audit_events (
  id          bigserial PRIMARY KEY,
  org_id      uuid NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
  actor       text NOT NULL,
  action      text NOT NULL,
  target      text NOT NULL,
  before      jsonb,
  after       jsonb,
  at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_events_org ON audit_events (org_id, id DESC);

CREATE TABLE trusted_cas (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id      uuid NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
  pem         text NOT NULL,
  subject     text NOT NULL,
  not_after   timestamptz NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- Idempotency-Key replays: the first answer to a (principal, key) POST.
CREATE TABLE idempotency_keys (
  principal     text NOT NULL,
  key           text NOT NULL,
  request_hash  bytea NOT NULL,
  status        integer NOT NULL DEFAULT 0,  -- 0 while in progress
  body          text NOT NULL DEFAULT '',
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (principal, key)
);

-- Token signing keys; seeds sealed with the master key (AES-256-GCM).
CREATE TABLE signing_keys (
  kid          text PRIMARY KEY,
  sealed_seed  bytea NOT NULL,
  public_key   bytea NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  retired_at   timestamptz
);

-- The deployment root ('root') and one intermediate per org; keys sealed.
CREATE TABLE certificate_authorities (
  scope       text PRIMARY KEY,
  cert_pem    text NOT NULL,
  sealed_key  bytea NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE issued_certificates (
  serial      text PRIMARY KEY,
  org_id      uuid NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
  device_id   uuid NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
  cert_pem    text NOT NULL,
  not_after   timestamptz NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
