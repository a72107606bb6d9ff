-- zt-kms: content keys bound to resources, wrapped under a versioned master
-- key, and the hash-chained, append-only audit log. Times are microseconds
-- since the epoch (the audit hash covers them exactly).
CREATE TABLE kms_resources (
  id          uuid PRIMARY KEY,
  org_id      text NOT NULL,
  owner       text NOT NULL,
  mode        text NOT NULL CHECK (mode IN ('standard', 'zero_trust')),
  created_us  bigint NOT NULL
);

CREATE TABLE kms_authorizations (
  resource_id  uuid NOT NULL REFERENCES kms_resources (id) ON DELETE CASCADE,
  principal    text NOT NULL,
  PRIMARY KEY (resource_id, principal)
);

-- Key material only wrapped: nonce || AES-256-GCM under master_version,
-- AAD = key URI || master_version. Deleting a resource deletes its keys.
CREATE TABLE kms_content_keys (
  id              uuid PRIMARY KEY,
  org_id          text NOT NULL,
  creator         text NOT NULL,
  resource_id     uuid REFERENCES kms_resources (id) ON DELETE CASCADE,
  master_version  integer NOT NULL,
  wrapped         bytea NOT NULL,
  created_us      bigint NOT NULL,
  expires_us      bigint NOT NULL
);
CREATE INDEX kms_content_keys_resource ON kms_content_keys (resource_id);
CREATE INDEX kms_content_keys_version ON kms_content_keys (master_version, id);

-- hash = SHA-256 over prev_hash, seq and every field (audit_chain.h).
CREATE TABLE kms_audit (
  seq         bigint PRIMARY KEY,
  at_us       bigint NOT NULL,
  org_id      text NOT NULL,
  actor       text NOT NULL,
  actor_role  text NOT NULL,
  action      text NOT NULL,
  target      text NOT NULL,
  purpose     text NOT NULL,
  result      text NOT NULL,
  prev_hash   bytea NOT NULL,
  hash        bytea NOT NULL
);

-- The chain head: the last seq and hash, locked by every append (one writer
-- at a time extends the chain) and checked by verification (a cut tail).
CREATE TABLE kms_audit_head (
  id    integer PRIMARY KEY CHECK (id = 1),
  seq   bigint NOT NULL,
  hash  bytea NOT NULL
);
INSERT INTO kms_audit_head (id, seq, hash) VALUES (1, 0, '\x0000000000000000000000000000000000000000000000000000000000000000');

-- Append-only: rows are never updated or deleted through the KMS's role.
CREATE FUNCTION kms_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'kms_audit is append-only';
END $$;
CREATE TRIGGER kms_audit_no_update BEFORE UPDATE OR DELETE ON kms_audit
  FOR EACH ROW EXECUTE FUNCTION kms_audit_append_only();
