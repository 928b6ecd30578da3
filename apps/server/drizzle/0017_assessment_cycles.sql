CREATE TABLE "assessment_cycle" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"org_unit_id" bigint NOT NULL,
	"org_path" text NOT NULL,
	"year" integer NOT NULL,
	"period" text NOT NULL,
	"title" text NOT NULL,
	"scheme_id" bigint NOT NULL,
	"scheme_version" integer NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"computed_at" timestamp with time zone,
	"published_at" timestamp with time zone,
	"appeal_deadline" date,
	"finalized_at" timestamp with time zone,
	"created_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "assessment_cycle_entry" (
	"cycle_id" bigint NOT NULL,
	"worker_id" bigint NOT NULL,
	"org_path" text NOT NULL,
	"self_summary" text,
	"self_submitted_at" timestamp with time zone,
	"satisfaction_pct" numeric(5, 2),
	"absence_days" numeric(6, 1),
	"score" numeric(5, 2),
	"source_scores" jsonb,
	"proposed_rating" text,
	"reasons" jsonb,
	"rating" text,
	"adjust_reason" text,
	"adjusted_by" bigint,
	"appeal_status" text DEFAULT 'none' NOT NULL,
	"appeal_text" text,
	"appealed_at" timestamp with time zone,
	"appeal_reply" text,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "assessment_cycle_entry_cycle_id_worker_id_pk" PRIMARY KEY("cycle_id","worker_id")
);
--> statement-breakpoint
CREATE TABLE "assessment_cycle_input" (
	"cycle_id" bigint NOT NULL,
	"worker_id" bigint NOT NULL,
	"satisfaction_pct" numeric(5, 2),
	"absence_days" numeric(6, 1),
	"recorded_by" bigint,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assessment_cycle_input_cycle_id_worker_id_pk" PRIMARY KEY("cycle_id","worker_id")
);
--> statement-breakpoint
CREATE TABLE "assessment_cycle_score" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"cycle_id" bigint NOT NULL,
	"worker_id" bigint NOT NULL,
	"source" text NOT NULL,
	"rater" text NOT NULL,
	"political_quality" numeric(5, 2),
	"performance" numeric(5, 2),
	"resident_satisfaction" numeric(5, 2),
	"recorded_by" bigint,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "assessment_effect" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"cycle_id" bigint NOT NULL,
	"worker_id" bigint NOT NULL,
	"org_path" text NOT NULL,
	"kind" text NOT NULL,
	"value" text NOT NULL,
	"reason" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"contract_id" bigint,
	"decided_by" bigint,
	"decided_at" timestamp with time zone,
	"comment" text,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "assessment_scheme" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"org_unit_id" bigint NOT NULL,
	"org_path" text NOT NULL,
	"version_no" integer NOT NULL,
	"name" text NOT NULL,
	"effective_from" date NOT NULL,
	"content" jsonb NOT NULL,
	"created_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "assessment_cycle" ADD CONSTRAINT "assessment_cycle_org_unit_id_org_unit_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_cycle" ADD CONSTRAINT "assessment_cycle_scheme_id_assessment_scheme_id_fk" FOREIGN KEY ("scheme_id") REFERENCES "public"."assessment_scheme"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_cycle" ADD CONSTRAINT "assessment_cycle_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_cycle_entry" ADD CONSTRAINT "assessment_cycle_entry_cycle_id_assessment_cycle_id_fk" FOREIGN KEY ("cycle_id") REFERENCES "public"."assessment_cycle"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_cycle_entry" ADD CONSTRAINT "assessment_cycle_entry_worker_id_worker_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."worker"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_cycle_entry" ADD CONSTRAINT "assessment_cycle_entry_adjusted_by_app_user_id_fk" FOREIGN KEY ("adjusted_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_cycle_input" ADD CONSTRAINT "assessment_cycle_input_cycle_id_assessment_cycle_id_fk" FOREIGN KEY ("cycle_id") REFERENCES "public"."assessment_cycle"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_cycle_input" ADD CONSTRAINT "assessment_cycle_input_recorded_by_app_user_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_cycle_score" ADD CONSTRAINT "assessment_cycle_score_cycle_id_assessment_cycle_id_fk" FOREIGN KEY ("cycle_id") REFERENCES "public"."assessment_cycle"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_cycle_score" ADD CONSTRAINT "assessment_cycle_score_recorded_by_app_user_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_effect" ADD CONSTRAINT "assessment_effect_cycle_id_assessment_cycle_id_fk" FOREIGN KEY ("cycle_id") REFERENCES "public"."assessment_cycle"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_effect" ADD CONSTRAINT "assessment_effect_worker_id_worker_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."worker"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_effect" ADD CONSTRAINT "assessment_effect_decided_by_app_user_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_scheme" ADD CONSTRAINT "assessment_scheme_org_unit_id_org_unit_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_scheme" ADD CONSTRAINT "assessment_scheme_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "assessment_cycle_unit_period_uq" ON "assessment_cycle" USING btree ("org_unit_id","year","period");--> statement-breakpoint
CREATE INDEX "assessment_cycle_org_path_idx" ON "assessment_cycle" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "assessment_cycle_entry_worker_idx" ON "assessment_cycle_entry" USING btree ("worker_id");--> statement-breakpoint
CREATE UNIQUE INDEX "assessment_cycle_score_uq" ON "assessment_cycle_score" USING btree ("cycle_id","worker_id","source","rater");--> statement-breakpoint
CREATE UNIQUE INDEX "assessment_effect_uq" ON "assessment_effect" USING btree ("cycle_id","worker_id","kind");--> statement-breakpoint
CREATE INDEX "assessment_effect_pending_idx" ON "assessment_effect" USING btree ("org_path" text_pattern_ops) WHERE status = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "assessment_scheme_unit_version_uq" ON "assessment_scheme" USING btree ("org_unit_id","version_no");--> statement-breakpoint
CREATE INDEX "assessment_scheme_org_path_idx" ON "assessment_scheme" USING btree ("org_path" text_pattern_ops);