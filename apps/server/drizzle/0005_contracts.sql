CREATE TABLE "career_record" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"worker_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"occurred_on" date NOT NULL,
	"end_date" date,
	"destination" text NOT NULL,
	"note" text,
	"org_unit_id" bigint NOT NULL,
	"org_path" text NOT NULL,
	"created_by" bigint,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "labor_contract" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"worker_id" bigint NOT NULL,
	"seq" integer NOT NULL,
	"previous_id" bigint,
	"org_unit_id" bigint NOT NULL,
	"org_path" text NOT NULL,
	"type" text NOT NULL,
	"term_months" integer,
	"start_date" date NOT NULL,
	"end_date" date,
	"probation_months" integer DEFAULT 0 NOT NULL,
	"probation_end" date,
	"status" text DEFAULT 'active' NOT NULL,
	"termination_date" date,
	"termination_reason" text,
	"rule_set_id" bigint,
	"rule_set_version" integer,
	"note" text,
	"created_by" bigint,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "labor_contract_reminder" (
	"contract_id" bigint NOT NULL,
	"days_before" integer NOT NULL,
	"remind_on" date NOT NULL,
	"recipients" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "labor_contract_reminder_contract_id_days_before_pk" PRIMARY KEY("contract_id","days_before")
);
--> statement-breakpoint
CREATE TABLE "scheduled_run" (
	"key" text PRIMARY KEY NOT NULL,
	"job_id" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "social_insurance" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"worker_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"base_cents" bigint NOT NULL,
	"start_date" date NOT NULL,
	"effective_from" date NOT NULL,
	"account_no" text,
	"note" text,
	"created_by" bigint,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "career_record" ADD CONSTRAINT "career_record_worker_id_worker_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."worker"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "career_record" ADD CONSTRAINT "career_record_org_unit_id_org_unit_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "career_record" ADD CONSTRAINT "career_record_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "labor_contract" ADD CONSTRAINT "labor_contract_worker_id_worker_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."worker"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "labor_contract" ADD CONSTRAINT "labor_contract_org_unit_id_org_unit_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "labor_contract" ADD CONSTRAINT "labor_contract_rule_set_id_rule_set_id_fk" FOREIGN KEY ("rule_set_id") REFERENCES "public"."rule_set"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "labor_contract" ADD CONSTRAINT "labor_contract_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "labor_contract_reminder" ADD CONSTRAINT "labor_contract_reminder_contract_id_labor_contract_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."labor_contract"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "social_insurance" ADD CONSTRAINT "social_insurance_worker_id_worker_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."worker"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "social_insurance" ADD CONSTRAINT "social_insurance_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "career_record_worker_idx" ON "career_record" USING btree ("worker_id","occurred_on");--> statement-breakpoint
CREATE INDEX "career_record_org_path_idx" ON "career_record" USING btree ("org_path" text_pattern_ops,"occurred_on");--> statement-breakpoint
CREATE UNIQUE INDEX "labor_contract_worker_seq_uq" ON "labor_contract" USING btree ("worker_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "labor_contract_one_active_uq" ON "labor_contract" USING btree ("worker_id") WHERE status = 'active';--> statement-breakpoint
CREATE INDEX "labor_contract_expiry_idx" ON "labor_contract" USING btree ("end_date") WHERE status = 'active';--> statement-breakpoint
CREATE INDEX "labor_contract_org_path_idx" ON "labor_contract" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "social_insurance_worker_kind_from_uq" ON "social_insurance" USING btree ("worker_id","kind","effective_from");