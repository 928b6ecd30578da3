CREATE TABLE "recruitment_application" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"plan_id" bigint NOT NULL,
	"post_id" bigint NOT NULL,
	"org_path" text NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"id_number_enc" text NOT NULL,
	"id_number_hash" text NOT NULL,
	"id_number_masked" text NOT NULL,
	"birth_date" date NOT NULL,
	"sex" text NOT NULL,
	"phone_enc" text NOT NULL,
	"phone_hash" text NOT NULL,
	"phone_masked" text NOT NULL,
	"ethnicity" text NOT NULL,
	"political_status" text NOT NULL,
	"education" text NOT NULL,
	"school" text,
	"major" text,
	"household_registration" text NOT NULL,
	"qualification" text,
	"cert_number" text,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status" text DEFAULT 'submitted' NOT NULL,
	"eligible" boolean NOT NULL,
	"eligibility_reasons" jsonb NOT NULL,
	"review_reason" text,
	"reviewed_by" bigint,
	"reviewed_at" timestamp with time zone,
	"written_score" numeric(6, 2),
	"interview_score" numeric(6, 2),
	"combined_score" numeric(7, 3),
	"rank" integer,
	"tie_note" text,
	"medical_result" text,
	"medical_note" text,
	"background_result" text,
	"background_note" text,
	"notice_start" date,
	"notice_end" date,
	"removed_reason" text,
	"hire_id" bigint,
	"worker_id" bigint,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recruitment_attachment" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"application_id" bigint NOT NULL,
	"file_name" text NOT NULL,
	"mime_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"storage_path" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recruitment_hire" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"plan_id" bigint NOT NULL,
	"org_path" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"hire_date" date NOT NULL,
	"application_ids" jsonb NOT NULL,
	"submitted_by" bigint,
	"decided_by" bigint,
	"decided_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recruitment_objection" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"plan_id" bigint NOT NULL,
	"application_id" bigint NOT NULL,
	"received_on" date NOT NULL,
	"objector" text,
	"content" text NOT NULL,
	"status" text DEFAULT 'received' NOT NULL,
	"outcome" text,
	"note" text,
	"recorded_by" bigint,
	"handled_by" bigint,
	"handled_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recruitment_plan" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"org_unit_id" bigint NOT NULL,
	"org_path" text NOT NULL,
	"title" text NOT NULL,
	"announcement" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"application_start" date NOT NULL,
	"application_end" date NOT NULL,
	"exam_date" date,
	"published_on" date,
	"conditions" jsonb NOT NULL,
	"written_weight" numeric(4, 3) NOT NULL,
	"interview_weight" numeric(4, 3) NOT NULL,
	"tie_break" text NOT NULL,
	"public_notice_working_days" integer NOT NULL,
	"rule_set_id" bigint,
	"rule_version_no" integer,
	"created_by" bigint,
	"submitted_by" bigint,
	"approved_by" bigint,
	"approved_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recruitment_post" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"plan_id" bigint NOT NULL,
	"org_unit_id" bigint NOT NULL,
	"title" text NOT NULL,
	"post" text NOT NULL,
	"category" text NOT NULL,
	"headcount" integer NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "recruitment_application" ADD CONSTRAINT "recruitment_application_plan_id_recruitment_plan_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."recruitment_plan"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recruitment_application" ADD CONSTRAINT "recruitment_application_post_id_recruitment_post_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."recruitment_post"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recruitment_application" ADD CONSTRAINT "recruitment_application_reviewed_by_app_user_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recruitment_application" ADD CONSTRAINT "recruitment_application_worker_id_worker_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."worker"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recruitment_attachment" ADD CONSTRAINT "recruitment_attachment_application_id_recruitment_application_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."recruitment_application"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recruitment_hire" ADD CONSTRAINT "recruitment_hire_plan_id_recruitment_plan_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."recruitment_plan"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recruitment_hire" ADD CONSTRAINT "recruitment_hire_submitted_by_app_user_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recruitment_hire" ADD CONSTRAINT "recruitment_hire_decided_by_app_user_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recruitment_objection" ADD CONSTRAINT "recruitment_objection_plan_id_recruitment_plan_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."recruitment_plan"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recruitment_objection" ADD CONSTRAINT "recruitment_objection_application_id_recruitment_application_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."recruitment_application"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recruitment_objection" ADD CONSTRAINT "recruitment_objection_recorded_by_app_user_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recruitment_objection" ADD CONSTRAINT "recruitment_objection_handled_by_app_user_id_fk" FOREIGN KEY ("handled_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recruitment_plan" ADD CONSTRAINT "recruitment_plan_org_unit_id_org_unit_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recruitment_plan" ADD CONSTRAINT "recruitment_plan_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recruitment_plan" ADD CONSTRAINT "recruitment_plan_submitted_by_app_user_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recruitment_plan" ADD CONSTRAINT "recruitment_plan_approved_by_app_user_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recruitment_post" ADD CONSTRAINT "recruitment_post_plan_id_recruitment_plan_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."recruitment_plan"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recruitment_post" ADD CONSTRAINT "recruitment_post_org_unit_id_org_unit_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "recruitment_application_person_uq" ON "recruitment_application" USING btree ("plan_id","id_number_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "recruitment_application_code_uq" ON "recruitment_application" USING btree ("code");--> statement-breakpoint
CREATE INDEX "recruitment_application_plan_idx" ON "recruitment_application" USING btree ("plan_id","post_id","id");--> statement-breakpoint
CREATE INDEX "recruitment_attachment_application_idx" ON "recruitment_attachment" USING btree ("application_id");--> statement-breakpoint
CREATE INDEX "recruitment_hire_plan_idx" ON "recruitment_hire" USING btree ("plan_id");--> statement-breakpoint
CREATE INDEX "recruitment_objection_plan_idx" ON "recruitment_objection" USING btree ("plan_id");--> statement-breakpoint
CREATE INDEX "recruitment_plan_org_path_idx" ON "recruitment_plan" USING btree ("org_path" text_pattern_ops,"id");--> statement-breakpoint
CREATE INDEX "recruitment_plan_published_idx" ON "recruitment_plan" USING btree ("application_end") WHERE status = 'published';--> statement-breakpoint
CREATE INDEX "recruitment_post_plan_idx" ON "recruitment_post" USING btree ("plan_id");