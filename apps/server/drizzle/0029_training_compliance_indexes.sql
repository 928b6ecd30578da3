DROP INDEX "worker_headcount_idx";--> statement-breakpoint
CREATE INDEX "training_hours_total_cover_idx" ON "training_hours_total" USING btree ("worker_id","year","hours","trainings");--> statement-breakpoint
CREATE INDEX "worker_in_post_id_idx" ON "worker" USING btree ("id","org_path","org_unit_id","post","category") WHERE "worker"."status" in ('active', 'probation');--> statement-breakpoint
CREATE INDEX "worker_headcount_idx" ON "worker" USING btree ("org_path","org_unit_id","id","post","category") WHERE "worker"."status" in ('active', 'probation');