-- training_hours_total (0025) is kept in step with the credit-hours ledger by statement triggers
-- on training_hours: every writer (grantHours, a DBA's correction, COPY of a bulk load or a
-- restore) changes the totals in its own statement and transaction. The changed rows come as
-- transition tables and are applied grouped by (worker, year), as increments (new keys inserted
-- in key order), so concurrent grants to the same worker add up (the second waits for the first's
-- row lock).
CREATE OR REPLACE FUNCTION cwp_training_hours_total_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO training_hours_total AS t (worker_id, year, hours, trainings)
    SELECT n.worker_id, n.year, sum(n.hours), count(*)::int
      FROM new_rows n
     GROUP BY n.worker_id, n.year
     ORDER BY n.worker_id, n.year
    ON CONFLICT (worker_id, year) DO UPDATE
      SET hours = t.hours + excluded.hours, trainings = t.trainings + excluded.trainings;
  ELSE
    -- A removal is applied by UPDATE, not as a negative upsert: the CHECK (trainings >= 0) is
    -- tested on the row proposed for insertion before any conflict is found.
    IF TG_OP = 'UPDATE' THEN
      -- A corrected worker or year may be a key without a row yet.
      INSERT INTO training_hours_total (worker_id, year, hours, trainings)
      SELECT DISTINCT n.worker_id, n.year, 0, 0
        FROM new_rows n
       ORDER BY n.worker_id, n.year
      ON CONFLICT (worker_id, year) DO NOTHING;
      UPDATE training_hours_total t
         SET hours = t.hours + d.hours, trainings = t.trainings + d.trainings
        FROM (SELECT x.worker_id, x.year, sum(x.hours) AS hours, sum(x.trainings)::int AS trainings
                FROM (SELECT worker_id, year, hours, 1 AS trainings FROM new_rows
                      UNION ALL
                      SELECT worker_id, year, -hours, -1 FROM old_rows) x
               GROUP BY x.worker_id, x.year
              HAVING sum(x.hours) <> 0 OR sum(x.trainings) <> 0) d
       WHERE t.worker_id = d.worker_id AND t.year = d.year;
    ELSE
      UPDATE training_hours_total t
         SET hours = t.hours - d.hours, trainings = t.trainings - d.trainings
        FROM (SELECT o.worker_id, o.year, sum(o.hours) AS hours, count(*)::int AS trainings
                FROM old_rows o
               GROUP BY o.worker_id, o.year) d
       WHERE t.worker_id = d.worker_id AND t.year = d.year;
    END IF;
    DELETE FROM training_hours_total t
     USING (SELECT DISTINCT worker_id, year FROM old_rows) o
     WHERE t.worker_id = o.worker_id AND t.year = o.year AND t.trainings = 0;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION cwp_training_hours_total_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE training_hours_total;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Only the ledger's triggers write the totals (pg_trigger_depth() >= 2 there): a row inserted or
-- updated directly is ignored. A restore COPYs both tables in an order of its own; the ledger's
-- trigger rebuilds the totals and the copied totals are dropped, so nothing is counted twice.
CREATE OR REPLACE FUNCTION cwp_training_hours_total_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF pg_trigger_depth() < 2 THEN
    RETURN NULL;
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
-- Backfill from the existing ledger (before the guard exists).
INSERT INTO training_hours_total (worker_id, year, hours, trainings)
SELECT worker_id, year, sum(hours), count(*)::int
  FROM training_hours
 GROUP BY worker_id, year;
--> statement-breakpoint
CREATE OR REPLACE TRIGGER training_hours_total_ins AFTER INSERT ON training_hours
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION cwp_training_hours_total_apply();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER training_hours_total_upd AFTER UPDATE ON training_hours
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION cwp_training_hours_total_apply();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER training_hours_total_del AFTER DELETE ON training_hours
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
  EXECUTE FUNCTION cwp_training_hours_total_apply();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER training_hours_total_trunc AFTER TRUNCATE ON training_hours
  FOR EACH STATEMENT EXECUTE FUNCTION cwp_training_hours_total_truncate();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER training_hours_total_guard BEFORE INSERT OR UPDATE ON training_hours_total
  FOR EACH ROW EXECUTE FUNCTION cwp_training_hours_total_guard();
