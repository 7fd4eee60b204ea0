#!/bin/sh
# PostgreSQL init step (docker-entrypoint-initdb.d, first start only): one database per service and the two
# login roles per service that the launcher's migrations create (mentorship_kit.migrations.ensure_roles) —
# <service>_app (row-level security applies) and <service>_system (the named cross-tenant jobs). Neither is
# superuser, BYPASSRLS or owner; the owner is the administrator role that runs the migration step, as in the
# launcher. The migrations grant the table privileges; running them again is harmless.
set -eu
: "${DB_ROLE_PASSWORD:?set DB_ROLE_PASSWORD in .env}"
for service in registry reporting matching monitoring gateway; do
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
       -v service="$service" -v pw="$DB_ROLE_PASSWORD" <<'SQL'
SELECT format('CREATE DATABASE %I', :'service') \gexec
SELECT format('CREATE ROLE %I LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT PASSWORD %L',
              role, :'pw')
  FROM unnest(ARRAY[:'service' || '_app', :'service' || '_system']) AS role \gexec
SELECT format('GRANT CONNECT ON DATABASE %I TO %I', :'service', role)
  FROM unnest(ARRAY[:'service' || '_app', :'service' || '_system']) AS role \gexec
SQL
done
