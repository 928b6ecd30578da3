DROP INDEX "worker_headcount_idx";--> statement-breakpoint
ALTER TABLE "worker" ADD COLUMN "last_health_check" date;--> statement-breakpoint
UPDATE "worker" w SET "last_health_check" = h.last FROM (SELECT worker_id, max(check_date) AS last FROM health_check GROUP BY worker_id) h WHERE h.worker_id = w.id;--> statement-breakpoint
ALTER TABLE "worker" ADD COLUMN "health_check_base" date GENERATED ALWAYS AS (coalesce(last_health_check, hire_date)) STORED;--> statement-breakpoint
CREATE INDEX "worker_headcount_idx" ON "worker" USING btree ("org_path","org_unit_id","id","post","category","health_check_base") WHERE "worker"."status" in ('active', 'probation');