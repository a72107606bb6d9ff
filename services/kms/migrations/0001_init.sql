-- zt-kms: content keys bound to resources, wrapped under a versioned master key.
CREATE TABLE kms_master_keys (
  version     integer PRIMARY KEY,
  created_at  timestamptz NOT NULL DEFAULT now(),
  retired_at  timestamptz
);

CREATE TABLE kms_content_keys (
  key_id       uuid PRIMARY KEY,
  resource     text NOT NULL,
  kek_version  integer NOT NULL REFERENCES kms_master_keys (version),
  wrapped_key  bytea NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX kms_content_keys_resource ON kms_content_keys (resource);

CREATE TABLE kms_authorizations (
  resource    text NOT NULL,
  principal   text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (resource, principal)
);

-- Hash-chained audit log: each row's hash covers the previous row's hash.
CREATE TABLE kms_audit_log (
  seq         bigserial PRIMARY KEY,
  at          timestamptz NOT NULL DEFAULT now(),
  actor       text NOT NULL,
  action      text NOT NULL,
  resource    text NOT NULL,
  key_id      uuid,
  prev_hash   bytea NOT NULL,
  hash        bytea NOT NULL
);
