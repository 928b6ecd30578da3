DROP INDEX "disclosure_schedule_unit_kind_uq";--> statement-breakpoint
-- drizzle-kit cannot name the primary key it replaces; PostgreSQL names it <table>_pkey.
ALTER TABLE "complaint_setting" DROP CONSTRAINT "complaint_setting_pkey";--> statement-breakpoint
ALTER TABLE "complaint_setting" ADD COLUMN "id" bigserial PRIMARY KEY NOT NULL;--> statement-breakpoint
ALTER TABLE "complaint_setting" ADD COLUMN "effective_from" date;--> statement-breakpoint
ALTER TABLE "disclosure_schedule" ADD COLUMN "effective_from" date;--> statement-breakpoint
CREATE UNIQUE INDEX "complaint_setting_unit_from_uq" ON "complaint_setting" USING btree ("org_unit_id",coalesce("effective_from", '-infinity'::date));--> statement-breakpoint
CREATE UNIQUE INDEX "disclosure_schedule_unit_kind_from_uq" ON "disclosure_schedule" USING btree ("org_unit_id","kind",coalesce("effective_from", '-infinity'::date));