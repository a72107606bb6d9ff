-- RotateMasterKey reads the next batch of keys still under an older
-- master-key version: by this index, not by a walk over the primary key
-- past every key already re-wrapped (quadratic over a rotation).
-- A database still holding the placeholder schema of earlier builds has no
-- master_version: nothing here; the placeholder upgrade (main.cpp) drops
-- those tables and applies every migration again.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM information_schema.columns
             WHERE table_name = 'kms_content_keys' AND column_name = 'master_version') THEN
    CREATE INDEX IF NOT EXISTS kms_content_keys_by_version
      ON kms_content_keys (master_version, id);
  END IF;
END $$;
