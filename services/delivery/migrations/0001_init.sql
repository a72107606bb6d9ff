-- zt-delivery: KeyPackage directory and the durable, strictly ordered group log.
CREATE TABLE ds_key_packages (
  ref          bytea PRIMARY KEY,
  user_id      text NOT NULL,
  device_id    text NOT NULL,
  cipher_suite integer NOT NULL,
  key_package  bytea NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  consumed_at  timestamptz
);
CREATE INDEX ds_key_packages_owner ON ds_key_packages (user_id, device_id) WHERE consumed_at IS NULL;

CREATE TABLE ds_groups (
  group_id    bytea PRIMARY KEY,
  meeting_id  text NOT NULL,
  epoch       bigint NOT NULL DEFAULT 0,
  group_info  bytea,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- One row per accepted handshake/application message, in delivery order;
-- (group_id, epoch) unique for commits enforces "exactly one commit wins".
CREATE TABLE ds_group_log (
  group_id    bytea NOT NULL REFERENCES ds_groups (group_id),
  seq         bigint NOT NULL,
  epoch       bigint NOT NULL,
  kind        smallint NOT NULL,
  message     bytea NOT NULL,
  accepted_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (group_id, seq)
);
CREATE UNIQUE INDEX ds_group_log_one_commit_per_epoch ON ds_group_log (group_id, epoch) WHERE kind = 1;
