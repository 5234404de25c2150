/**
 * The schema and its history. One list, applied in order, each migration once, under an
 * advisory lock so instances starting together on one PostgreSQL never race. The same SQL
 * runs on PGlite and PostgreSQL.
 *
 * Invariants the schema itself enforces (so no interleaving of requests, on any number of
 * instances, can break them):
 * - one active certificate per person: partial unique index credentials_one_active;
 * - at most 5 connected devices per person: a device holds a slot 1..5, unique among the
 *   person's unrevoked devices (devices_slot);
 * - a revoked credential has a revocation time and no key; an active one has a key and a holder.
 */
import type { Database } from './database.js';

export const ADVISORY_LOCK = {
  migrate: 4_216_001,
  bootstrap: 4_216_002,
  crl: 4_216_003,
  jobs: 4_216_004,
} as const;

interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial',
    sql: `
CREATE TABLE service_state (
  id int PRIMARY KEY CHECK (id = 1),
  master_kcv bytea NOT NULL,
  crl_number bigint NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL
);

CREATE TABLE ca_keys (
  role text PRIMARY KEY CHECK (role IN ('root', 'issuing')),
  cert_der bytea NOT NULL,
  key_sealed bytea NOT NULL,
  created_at timestamptz NOT NULL
);

CREATE TABLE ra_keys (
  id text PRIMARY KEY,
  name text NOT NULL,
  secret_hash bytea NOT NULL,
  created_at timestamptz NOT NULL,
  revoked_at timestamptz
);

CREATE TABLE persons (
  id uuid PRIMARY KEY,
  idn_lookup bytea NOT NULL UNIQUE,
  idn_sealed bytea NOT NULL,
  name text NOT NULL,
  mobile text NOT NULL,
  birth_date text NOT NULL CHECK (birth_date ~ '^[0-9]{8}$'),
  holder_no text NOT NULL,
  created_at timestamptz NOT NULL,
  last_used_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX persons_contact ON persons (name, mobile, birth_date);
CREATE INDEX persons_last_used ON persons (last_used_at);

CREATE TABLE registrations (
  ref_num text PRIMARY KEY,
  person_id uuid NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
  ra_id text NOT NULL REFERENCES ra_keys(id),
  auth_code_hash bytea NOT NULL,
  tries int NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);

CREATE TABLE credentials (
  id uuid PRIMARY KEY,
  person_id uuid REFERENCES persons(id) ON DELETE SET NULL,
  serial text NOT NULL UNIQUE,
  cert_der bytea NOT NULL,
  status text NOT NULL CHECK (status IN ('active', 'revoked')),
  not_before timestamptz NOT NULL,
  not_after timestamptz NOT NULL,
  random_num bytea,
  key_sealed bytea,
  dk_sealed bytea,
  pin_salt bytea,
  pin_kdf text,
  pin_verifier bytea,
  pin_fails int NOT NULL DEFAULT 0,
  locked_at timestamptz,
  created_at timestamptz NOT NULL,
  last_used_at timestamptz NOT NULL,
  revoked_at timestamptz,
  revocation_reason int,
  replaces uuid,
  CHECK ((status = 'revoked') = (revoked_at IS NOT NULL)),
  CHECK (status = 'revoked' OR (person_id IS NOT NULL AND key_sealed IS NOT NULL AND dk_sealed IS NOT NULL)),
  CHECK (status = 'active' OR (key_sealed IS NULL AND dk_sealed IS NULL))
);
CREATE UNIQUE INDEX credentials_one_active ON credentials (person_id) WHERE status = 'active';
CREATE INDEX credentials_person ON credentials (person_id);
CREATE INDEX credentials_revoked ON credentials (revoked_at) WHERE status = 'revoked';

CREATE TABLE devices (
  id uuid PRIMARY KEY,
  person_id uuid NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
  slot int NOT NULL CHECK (slot BETWEEN 1 AND 5),
  name text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL,
  last_used_at timestamptz NOT NULL,
  revoked_at timestamptz
);
CREATE UNIQUE INDEX devices_slot ON devices (person_id, slot) WHERE revoked_at IS NULL;

CREATE TABLE challenges (
  id uuid PRIMARY KEY,
  person_id uuid NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
  purpose text NOT NULL CHECK (purpose IN ('connect', 'reset')),
  code_hash bytea NOT NULL,
  tries int NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);

CREATE TABLE sads (
  token_hash text PRIMARY KEY,
  credential_id uuid NOT NULL REFERENCES credentials(id) ON DELETE CASCADE,
  device_id uuid NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
  hashes text[] NOT NULL,
  num_signatures int NOT NULL,
  key_wrap bytea NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
CREATE INDEX sads_expires ON sads (expires_at);

CREATE TABLE rate_counters (
  key text PRIMARY KEY,
  window_start timestamptz NOT NULL,
  count int NOT NULL
);

CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL,
  event text NOT NULL,
  outcome text NOT NULL,
  person_id uuid,
  credential_id uuid,
  device_id uuid,
  ra_id text,
  detail jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_person ON audit_log (person_id, id);

CREATE TABLE crls (
  number bigint PRIMARY KEY,
  this_update timestamptz NOT NULL,
  next_update timestamptz NOT NULL,
  revoked_count int NOT NULL,
  der bytea NOT NULL
);
`,
  },
  {
    version: 2,
    name: 'pin attempts in flight',
    sql: `
CREATE TABLE pin_attempts (
  id uuid PRIMARY KEY,
  credential_id uuid NOT NULL REFERENCES credentials(id) ON DELETE CASCADE,
  started_at timestamptz NOT NULL
);
CREATE INDEX pin_attempts_credential ON pin_attempts (credential_id);
`,
  },
  {
    version: 3,
    name: 'pin attempts owned by an instance',
    sql: `
ALTER TABLE pin_attempts ADD COLUMN instance_id int NOT NULL DEFAULT 0;
`,
  },
  {
    version: 4,
    name: 'keys in a key service, versioned wrapping',
    sql: `
ALTER TABLE service_state ADD COLUMN key_scheme int NOT NULL DEFAULT 1;
ALTER TABLE service_state ADD COLUMN wrap_version int NOT NULL DEFAULT 1;
ALTER TABLE service_state ADD COLUMN rotated_at timestamptz;
ALTER TABLE ca_keys ALTER COLUMN key_sealed DROP NOT NULL;
`,
  },
  {
    version: 5,
    name: 'challenges for unknown contacts',
    sql: `
ALTER TABLE challenges ALTER COLUMN person_id DROP NOT NULL;
`,
  },
  {
    version: 6,
    name: 'one-time connections',
    // A one-time connection (SMS each time, no 자동연결) holds no slot and ends at expires_at.
    sql: `
ALTER TABLE devices ALTER COLUMN slot DROP NOT NULL;
ALTER TABLE devices ADD COLUMN expires_at timestamptz;
ALTER TABLE devices ADD CONSTRAINT devices_once CHECK ((slot IS NULL) = (expires_at IS NOT NULL));
`,
  },
  {
    version: 7,
    name: 'wrapping key version each instance seals under',
    // Written by each instance when it re-reads the version (keys/rotation.ts): retiring a version waits for every live one.
    sql: `
CREATE TABLE wrap_in_use (
  instance_id int PRIMARY KEY,
  wrap_version int NOT NULL,
  since timestamptz NOT NULL
);
`,
  },
  {
    version: 8,
    name: 'what each CRL lists, by content',
    // revocation.ts: a CRL is current only if it lists exactly the revoked certificates of now (a count can stay equal across a revocation and an expiry).
    sql: `ALTER TABLE crls ADD COLUMN revoked_digest bytea;`,
  },
  {
    version: 9,
    name: 'no blob written under a retired wrapping key version',
    // keys/rotation.ts: each write of a sealed column takes a share lock on its version's row and fails if it is
    // retired; retiring takes the row's update lock first, so it waits for every such write still open.
    sql: `
CREATE TABLE wrap_versions (
  version int PRIMARY KEY,
  retired_at timestamptz
);
INSERT INTO wrap_versions (version) SELECT generate_series(1, GREATEST(1, (SELECT max(wrap_version) FROM service_state)));

CREATE FUNCTION refuse_retired_wrap() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  blob bytea;
  v int;
BEGIN
  IF TG_TABLE_NAME = 'credentials' THEN blob := NEW.dk_sealed;
  ELSIF TG_TABLE_NAME = 'persons' THEN blob := NEW.idn_sealed;
  ELSE blob := NEW.key_sealed;
  END IF;
  -- Only versioned blobs (0x02, version uint32 BE: keys/keys.ts).
  IF blob IS NULL OR length(blob) < 5 OR get_byte(blob, 0) <> 2 THEN RETURN NEW; END IF;
  v := (get_byte(blob, 1)::bigint << 24 | get_byte(blob, 2) << 16 | get_byte(blob, 3) << 8 | get_byte(blob, 4))::int;
  PERFORM 1 FROM wrap_versions WHERE version = v AND retired_at IS NULL FOR SHARE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'a blob sealed under wrapping key version %, which is retired or unknown, was not written to %', v, TG_TABLE_NAME
      USING ERRCODE = 'DJ001';
  END IF;
  RETURN NEW;
END
$fn$;
CREATE TRIGGER credentials_wrap BEFORE INSERT OR UPDATE OF dk_sealed ON credentials FOR EACH ROW EXECUTE FUNCTION refuse_retired_wrap();
CREATE TRIGGER persons_wrap BEFORE INSERT OR UPDATE OF idn_sealed ON persons FOR EACH ROW EXECUTE FUNCTION refuse_retired_wrap();
CREATE TRIGGER ca_keys_wrap BEFORE INSERT OR UPDATE OF key_sealed ON ca_keys FOR EACH ROW EXECUTE FUNCTION refuse_retired_wrap();
`,
  },
];

export async function migrate(db: Database): Promise<void> {
  await db.tx(async (q) => {
    await q.query('SELECT pg_advisory_xact_lock($1::bigint)', [ADVISORY_LOCK.migrate]);
    await q.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)');
    const done = new Set((await q.query<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => r.version));
    for (const m of MIGRATIONS) {
      if (done.has(m.version)) continue;
      await q.exec(m.sql);
      await q.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, now())', [m.version, m.name]);
    }
  });
}
