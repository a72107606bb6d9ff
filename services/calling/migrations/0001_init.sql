-- zt-calling: durable call records (live call state is in Redis).
CREATE TABLE call_records (
  call_id      uuid PRIMARY KEY,
  org_id       text NOT NULL,
  caller       text NOT NULL,
  callee       text NOT NULL,
  started_at   timestamptz NOT NULL DEFAULT now(),
  ended_at     timestamptz,
  end_reason   text
);

-- Every media-security transition (SRTP -> E2EE -> SRTP ...), with its cause.
CREATE TABLE call_security_transitions (
  call_id     uuid NOT NULL REFERENCES call_records (call_id),
  seq         integer NOT NULL,
  from_state  text NOT NULL,
  to_state    text NOT NULL,
  reason      text NOT NULL,
  at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (call_id, seq)
);
