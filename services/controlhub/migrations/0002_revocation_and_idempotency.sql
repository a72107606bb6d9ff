-- A principal can be switched off without deleting it; every authenticated
-- request checks that its principal still exists and is enabled.
ALTER TABLE principals ADD COLUMN enabled boolean NOT NULL DEFAULT true;

-- Idempotency rows keep the response without its secrets and live 24 hours
-- (from the application's clock, so purges are testable).
UPDATE idempotency_keys SET body = (body::jsonb - 'clientSecret')::text
 WHERE status <> 0 AND body LIKE '%clientSecret%';
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
