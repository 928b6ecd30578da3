DROP INDEX "worker_name_idx";--> statement-breakpoint
CREATE INDEX "worker_name_idx" ON "worker" USING btree ("name" collate "zh-x-icu","id");