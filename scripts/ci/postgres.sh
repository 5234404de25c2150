#!/usr/bin/env bash
# Start Debian's PostgreSQL and create the test role and database the cloud tests use.
# Idempotent: safe to run when the server is already up. Prints the URL for DOJANG_TEST_PG_URL.
set -euo pipefail
ver=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | grep -q "^$ver main"; then
  pg_createcluster "$ver" main >/dev/null
fi
pg_ctlcluster "$ver" main start 2>/dev/null || true
for _ in $(seq 1 30); do
  su postgres -c "psql -qAtc 'select 1'" >/dev/null 2>&1 && break
  sleep 1
done
su postgres -c "psql -qAtc \"select 1 from pg_roles where rolname='dojang'\"" | grep -q 1 ||
  su postgres -c "psql -qc \"create role dojang login createdb password 'dojang'\""
# Tests drop their database WITH (FORCE); an autovacuum worker busy in it has no role of its own, so
# only a member of pg_signal_backend may end it (else "must be a member of the role whose process…").
su postgres -c "psql -qc 'grant pg_signal_backend to dojang'" 2>/dev/null
su postgres -c "psql -qAtc \"select 1 from pg_database where datname='dojang_test'\"" | grep -q 1 ||
  su postgres -c "createdb -O dojang dojang_test"
echo "postgres://dojang:dojang@127.0.0.1:5432/dojang_test"
