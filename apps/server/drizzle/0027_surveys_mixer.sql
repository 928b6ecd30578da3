CREATE TABLE "survey_ballot" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" bigint NOT NULL,
	"answered_on" date NOT NULL,
	"respondent_type" text NOT NULL,
	"answers" jsonb NOT NULL,
	"comment" text,
	"pattern_hash" text NOT NULL,
	"straight_lined" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
ALTER TABLE "survey_code" ADD COLUMN "pending" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "survey_ballot" ADD CONSTRAINT "survey_ballot_campaign_id_survey_campaign_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."survey_campaign"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "survey_ballot_campaign_idx" ON "survey_ballot" USING btree ("campaign_id");