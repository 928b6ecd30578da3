DROP INDEX "labor_contract_expiry_idx";--> statement-breakpoint
CREATE INDEX "labor_contract_expiry_idx" ON "labor_contract" USING btree ("end_date","worker_id","id") WHERE status = 'active';