ALTER TABLE "assessment_scheme" DISABLE ROW LEVEL SECURITY;--> statement-breakpoint
DROP TABLE "assessment_scheme" CASCADE;--> statement-breakpoint
ALTER TABLE "assessment_cycle_entry" ADD COLUMN "absence_source" text;--> statement-breakpoint
ALTER TABLE "worker_exit" ADD COLUMN "applied_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "assessment_cycle" ADD CONSTRAINT "assessment_cycle_scheme_id_rule_set_id_fk" FOREIGN KEY ("scheme_id") REFERENCES "public"."rule_set"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "worker_exit_due_idx" ON "worker_exit" USING btree ("exit_date") WHERE status = 'approved' and applied_at is null;