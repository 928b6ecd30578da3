CREATE TABLE "grade_change" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"worker_id" bigint NOT NULL,
	"org_unit_id" bigint NOT NULL,
	"org_path" text NOT NULL,
	"kind" text NOT NULL,
	"from_grade" integer,
	"to_grade" integer NOT NULL,
	"effective_date" date NOT NULL,
	"reason" text NOT NULL,
	"explanation" text,
	"rule_set_id" bigint,
	"rule_version_no" integer,
	"status" text DEFAULT 'pending' NOT NULL,
	"created_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "grade_review" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"org_unit_id" bigint NOT NULL,
	"org_path" text NOT NULL,
	"year" integer NOT NULL,
	"review_date" date NOT NULL,
	"status" text DEFAULT 'computing' NOT NULL,
	"job_id" bigint,
	"error" text,
	"total" integer DEFAULT 0 NOT NULL,
	"promoted" integer DEFAULT 0 NOT NULL,
	"blocked" integer DEFAULT 0 NOT NULL,
	"excluded" integer DEFAULT 0 NOT NULL,
	"adjusted" integer DEFAULT 0 NOT NULL,
	"note" text,
	"created_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"computed_at" timestamp with time zone,
	"submitted_by" bigint,
	"submitted_at" timestamp with time zone,
	"applied_by" bigint,
	"applied_at" timestamp with time zone,
	"applied_count" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "grade_review_proposal" (
	"review_id" bigint NOT NULL,
	"worker_id" bigint NOT NULL,
	"org_unit_id" bigint NOT NULL,
	"org_path" text NOT NULL,
	"post" text NOT NULL,
	"current_grade" integer,
	"proposed_grade" integer,
	"outcome" text NOT NULL,
	"reason" text NOT NULL,
	"years_in_grade" numeric(5, 2),
	"grade_since" date,
	"last_rating" text,
	"last_rating_year" integer,
	"effective_from" date,
	"rule_set_id" bigint,
	"rule_version_no" integer,
	"excluded" boolean DEFAULT false NOT NULL,
	"adjusted_grade" integer,
	"hr_reason" text,
	"hr_by" bigint,
	"hr_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "grade_review_proposal_review_id_worker_id_pk" PRIMARY KEY("review_id","worker_id")
);
--> statement-breakpoint
ALTER TABLE "grade_change" ADD CONSTRAINT "grade_change_worker_id_worker_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."worker"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grade_change" ADD CONSTRAINT "grade_change_org_unit_id_org_unit_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grade_change" ADD CONSTRAINT "grade_change_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grade_review" ADD CONSTRAINT "grade_review_org_unit_id_org_unit_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grade_review" ADD CONSTRAINT "grade_review_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grade_review" ADD CONSTRAINT "grade_review_submitted_by_app_user_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grade_review" ADD CONSTRAINT "grade_review_applied_by_app_user_id_fk" FOREIGN KEY ("applied_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "grade_change_worker_idx" ON "grade_change" USING btree ("worker_id","id");--> statement-breakpoint
CREATE INDEX "grade_change_org_path_idx" ON "grade_change" USING btree ("org_path" text_pattern_ops,"id");--> statement-breakpoint
CREATE UNIQUE INDEX "grade_change_pending_uq" ON "grade_change" USING btree ("worker_id") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "grade_review_org_path_idx" ON "grade_review" USING btree ("org_path" text_pattern_ops,"year");--> statement-breakpoint
CREATE UNIQUE INDEX "grade_review_live_uq" ON "grade_review" USING btree ("org_unit_id","year") WHERE status not in ('discarded', 'failed');--> statement-breakpoint
CREATE INDEX "grade_review_proposal_outcome_idx" ON "grade_review_proposal" USING btree ("review_id","outcome","worker_id");--> statement-breakpoint
CREATE INDEX "grade_review_proposal_worker_idx" ON "grade_review_proposal" USING btree ("worker_id");