CREATE TABLE "survey_campaign" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"org_unit_id" bigint NOT NULL,
	"org_path" text NOT NULL,
	"title" text NOT NULL,
	"year" integer NOT NULL,
	"period" text DEFAULT 'annual' NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"opens_on" date NOT NULL,
	"closes_on" date NOT NULL,
	"questions" jsonb NOT NULL,
	"scale_max" smallint DEFAULT 5 NOT NULL,
	"satisfied_min" smallint DEFAULT 4 NOT NULL,
	"min_respondents" integer DEFAULT 50 NOT NULL,
	"min_ordinary_pct" integer DEFAULT 70 NOT NULL,
	"rule_set_id" bigint,
	"rule_version_no" integer,
	"created_by" bigint,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "survey_campaign_worker" (
	"campaign_id" bigint NOT NULL,
	"worker_id" bigint NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "survey_campaign_worker_campaign_id_worker_id_pk" PRIMARY KEY("campaign_id","worker_id")
);
--> statement-breakpoint
CREATE TABLE "survey_code" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"campaign_id" bigint NOT NULL,
	"code_hash" text NOT NULL,
	"batch_no" integer NOT NULL,
	"expires_on" date NOT NULL,
	"used_on" date,
	"revoked" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "survey_flag" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"campaign_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"day" date NOT NULL,
	"count" integer DEFAULT 1 NOT NULL,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "survey_response" (
	"id" uuid PRIMARY KEY NOT NULL,
	"campaign_id" bigint NOT NULL,
	"answered_on" date NOT NULL,
	"respondent_type" text NOT NULL,
	"answers" jsonb NOT NULL,
	"comment" text,
	"pattern_hash" text NOT NULL,
	"straight_lined" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
ALTER TABLE "survey_campaign" ADD CONSTRAINT "survey_campaign_org_unit_id_org_unit_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_campaign" ADD CONSTRAINT "survey_campaign_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_campaign_worker" ADD CONSTRAINT "survey_campaign_worker_campaign_id_survey_campaign_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."survey_campaign"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_campaign_worker" ADD CONSTRAINT "survey_campaign_worker_worker_id_worker_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."worker"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_code" ADD CONSTRAINT "survey_code_campaign_id_survey_campaign_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."survey_campaign"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_flag" ADD CONSTRAINT "survey_flag_campaign_id_survey_campaign_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."survey_campaign"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_response" ADD CONSTRAINT "survey_response_campaign_id_survey_campaign_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."survey_campaign"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "survey_campaign_org_path_idx" ON "survey_campaign" USING btree ("org_path" text_pattern_ops,"id");--> statement-breakpoint
CREATE INDEX "survey_campaign_year_idx" ON "survey_campaign" USING btree ("year","status");--> statement-breakpoint
CREATE INDEX "survey_campaign_worker_worker_idx" ON "survey_campaign_worker" USING btree ("worker_id");--> statement-breakpoint
CREATE UNIQUE INDEX "survey_code_hash_uq" ON "survey_code" USING btree ("code_hash");--> statement-breakpoint
CREATE INDEX "survey_code_campaign_idx" ON "survey_code" USING btree ("campaign_id","batch_no");--> statement-breakpoint
CREATE UNIQUE INDEX "survey_flag_uq" ON "survey_flag" USING btree ("campaign_id","kind","day");--> statement-breakpoint
CREATE INDEX "survey_response_campaign_idx" ON "survey_response" USING btree ("campaign_id","answered_on");