DROP INDEX "assessment_effect_pending_idx";--> statement-breakpoint
ALTER TABLE "assessment_effect" ALTER COLUMN "org_path" SET DATA TYPE text collate "C";--> statement-breakpoint
CREATE INDEX "assessment_effect_path_idx" ON "assessment_effect" USING btree ("org_path","worker_id","id");--> statement-breakpoint
CREATE INDEX "assessment_effect_contract_idx" ON "assessment_effect" USING btree ("org_path","worker_id","id") WHERE kind = 'contract';