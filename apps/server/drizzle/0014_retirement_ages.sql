-- Intentionally empty. The statutory retirement ages (法定退休年龄) are reference data inserted by
-- apps/server/src/seed/bootstrap.ts at every start (missing rows only), not by a migration: a
-- migration that inserts rows would make a freshly migrated database non-empty and refuse
-- `cli restore`.
SELECT 1;
