-- zt-delivery, joining (issue 14 point 6): whom each Welcome is for, the
-- proposals of an epoch that a later commit may reference, and batched
-- joins waiting for a commit.
--
-- A database still holding the placeholder schema of an earlier build has
-- no ds_welcomes: nothing is created there (zt-delivery then replaces that
-- schema and runs every migration again, this one included).
DO $migration$
BEGIN
  IF to_regclass('ds_welcomes') IS NULL THEN
    RETURN;
  END IF;

  -- One row per new member of a stored Welcome: the device behind the
  -- KeyPackage the commit added, so SubscribeWelcomes hands each joiner
  -- only its own. `id` orders a device's Welcomes (its stream resumes by it).
  CREATE TABLE ds_welcome_recipients (
    id              bigserial PRIMARY KEY,
    group_id        bytea NOT NULL,
    seq             bigint NOT NULL,
    device_id       text NOT NULL,
    key_package_ref bytea NOT NULL,
    FOREIGN KEY (group_id, seq) REFERENCES ds_welcomes (group_id, seq) ON DELETE CASCADE
  );
  CREATE INDEX ds_welcome_recipients_device ON ds_welcome_recipients (device_id, id);

  -- The proposals of one epoch, read to rebuild the public view of a group.
  CREATE INDEX ds_messages_proposals ON ds_messages (group_id, epoch, seq) WHERE kind = 2;

  -- Batched joins and leaves waiting for a commit: the DS proposes each one
  -- (an external Add or Remove signed with its external-sender key) in the
  -- current epoch and again in the next one when a commit left it out, until
  -- the device is a member (join) or no longer one (leave).
  CREATE TABLE ds_join_requests (
    group_id       bytea NOT NULL REFERENCES ds_groups (group_id) ON DELETE CASCADE,
    device_id      text NOT NULL,
    kind           smallint NOT NULL,  -- 1 join, 2 leave
    key_package    bytea,              -- join: the device's KeyPackage
    proposed_epoch bigint,             -- the epoch of its latest proposal (claimed by one replica)
    proposal_seq   bigint,             -- where that proposal sits in the log
    requested_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (group_id, device_id)
  );
END
$migration$;
