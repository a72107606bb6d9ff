-- zt-delivery: the KeyPackage directory, groups (meetings and calls), their
-- members, and the durable, strictly ordered log of each group.

-- KeyPackages waiting to be claimed. A claim deletes a normal package (single
-- use); the one last-resort package per device and suite stays and is served
-- only when nothing else is left. Lifetimes are seconds since the Unix epoch.
CREATE TABLE ds_key_packages (
  ref          bytea PRIMARY KEY,
  org_id       text NOT NULL,
  device_id    text NOT NULL,
  cipher_suite integer NOT NULL,
  last_resort  boolean NOT NULL,
  not_before   bigint NOT NULL,
  not_after    bigint NOT NULL,
  key_package  bytea NOT NULL,
  uploaded_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ds_key_packages_claimable ON ds_key_packages (device_id, cipher_suite, uploaded_at)
  WHERE NOT last_resort;
CREATE UNIQUE INDEX ds_key_packages_one_last_resort ON ds_key_packages (device_id, cipher_suite)
  WHERE last_resort;

-- One row per MLS group. `epoch` and `last_seq` move only under this row's
-- lock, so PostgreSQL decides which commit wins an epoch and the order of
-- every message.
CREATE TABLE ds_groups (
  group_id       bytea PRIMARY KEY,
  cipher_suite   integer NOT NULL,
  meeting_type   smallint NOT NULL,  -- 1 e2ee, 2 standard
  kind           smallint NOT NULL,  -- 1 scheduled meeting, 2 personal room, 3 call
  org_id         text NOT NULL,
  host_device_id text NOT NULL,
  host_user_id   text NOT NULL,
  meeting_number bigint UNIQUE,      -- NULL for calls
  epoch          bigint NOT NULL DEFAULT 0,
  last_seq       bigint NOT NULL DEFAULT 0,
  group_info     bytea,              -- MLSMessage(GroupInfo) of the current epoch
  created_at     timestamptz NOT NULL DEFAULT now()
);

-- Devices that may read and send in a group.
CREATE TABLE ds_group_members (
  group_id  bytea NOT NULL REFERENCES ds_groups (group_id) ON DELETE CASCADE,
  device_id text NOT NULL,
  PRIMARY KEY (group_id, device_id)
);

-- The group log: every accepted message in delivery order (seq 1, 2, ...).
CREATE TABLE ds_messages (
  group_id         bytea NOT NULL REFERENCES ds_groups (group_id) ON DELETE CASCADE,
  seq              bigint NOT NULL,
  epoch            bigint NOT NULL,
  kind             smallint NOT NULL,  -- 1 commit, 2 proposal, 3 application
  sender_device_id text NOT NULL,
  message          bytea NOT NULL,
  digest           bytea,              -- SHA-256 of a commit (idempotent resend)
  accepted_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (group_id, seq)
);
-- Exactly one commit per epoch, whatever the application code does.
CREATE UNIQUE INDEX ds_messages_one_commit_per_epoch ON ds_messages (group_id, epoch) WHERE kind = 1;

-- The Welcome of an accepted commit, kept with it.
CREATE TABLE ds_welcomes (
  group_id bytea NOT NULL,
  seq      bigint NOT NULL,
  welcome  bytea NOT NULL,
  PRIMARY KEY (group_id, seq),
  FOREIGN KEY (group_id, seq) REFERENCES ds_messages (group_id, seq) ON DELETE CASCADE
);
