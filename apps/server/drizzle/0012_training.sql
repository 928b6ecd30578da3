CREATE TABLE "attendance_check_in" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"worker_id" bigint NOT NULL,
	"org_path" text NOT NULL,
	"day" date NOT NULL,
	"checked_at" timestamp with time zone DEFAULT now() NOT NULL,
	"location_note" text,
	"user_id" bigint
);
--> statement-breakpoint
CREATE TABLE "duty_roster" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"org_unit_id" bigint NOT NULL,
	"org_path" text NOT NULL,
	"day" date NOT NULL,
	"worker_id" bigint NOT NULL,
	"note" text,
	"created_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "holiday_calendar" (
	"day" date PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "leave_quota" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"org_unit_id" bigint NOT NULL,
	"org_path" text NOT NULL,
	"leave_type" text NOT NULL,
	"days_per_year" numeric(5, 1) NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "leave_request" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"worker_id" bigint NOT NULL,
	"org_path" text NOT NULL,
	"leave_type" text NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"days" integer NOT NULL,
	"reason" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"decided_by" bigint,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"created_by" bigint,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "retirement_age_rule" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"sex" text NOT NULL,
	"label" text NOT NULL,
	"base_age_months" integer NOT NULL,
	"raise_from" date,
	"raise_every_months" integer,
	"target_age_months" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reward_sanction" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"worker_id" bigint NOT NULL,
	"org_unit_id" bigint NOT NULL,
	"org_path" text NOT NULL,
	"kind" text NOT NULL,
	"level" text NOT NULL,
	"title" text NOT NULL,
	"date" date NOT NULL,
	"reason" text NOT NULL,
	"issuing_body" text NOT NULL,
	"document_no" text,
	"created_by" bigint,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "work_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"worker_id" bigint NOT NULL,
	"org_path" text NOT NULL,
	"day" date NOT NULL,
	"category" text NOT NULL,
	"content" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "worker_exit" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"worker_id" bigint NOT NULL,
	"org_unit_id" bigint NOT NULL,
	"org_path" text NOT NULL,
	"type" text NOT NULL,
	"reason" text NOT NULL,
	"exit_date" date NOT NULL,
	"destination" text,
	"destination_kind" text,
	"status" text DEFAULT 'draft' NOT NULL,
	"handover_at" timestamp with time zone,
	"handover_by" bigint,
	"contract_ended_at" timestamp with time zone,
	"contract_ended_by" bigint,
	"insurance_stopped_at" timestamp with time zone,
	"insurance_stopped_by" bigint,
	"accounts_disabled_at" timestamp with time zone,
	"accounts_disabled_by" bigint,
	"final_pay_at" timestamp with time zone,
	"final_pay_by" bigint,
	"previous_status" text,
	"approval_request_id" bigint,
	"approved_at" timestamp with time zone,
	"rehired_at" timestamp with time zone,
	"rehire_date" date,
	"created_by" bigint,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "trainer" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"org_unit_id" bigint NOT NULL,
	"org_path" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"worker_id" bigint,
	"organisation" text,
	"title" text,
	"fields" text[] DEFAULT '{}'::text[] NOT NULL,
	"contact" text,
	"rating_sum" integer DEFAULT 0 NOT NULL,
	"rating_count" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "training_base" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"org_unit_id" bigint NOT NULL,
	"org_path" text NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"address" text,
	"capacity" integer NOT NULL,
	"contact_name" text,
	"contact_phone" text,
	"description" text,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "training_course" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"org_unit_id" bigint NOT NULL,
	"org_path" text NOT NULL,
	"title" text NOT NULL,
	"abilities" text[] NOT NULL,
	"format" text NOT NULL,
	"hours" numeric(7, 1) NOT NULL,
	"description" text,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "training_enrolment" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"session_id" bigint NOT NULL,
	"worker_id" bigint NOT NULL,
	"status" text NOT NULL,
	"waitlisted_at" timestamp with time zone,
	"signed_in_at" timestamp with time zone,
	"sign_in_method" text,
	"attendance" text,
	"correction_reason" text,
	"rating" integer,
	"feedback" text,
	"enrolled_by" bigint,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "training_external" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"worker_id" bigint NOT NULL,
	"title" text NOT NULL,
	"provider" text NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"hours" numeric(7, 1) NOT NULL,
	"ability" text NOT NULL,
	"evidence_attachment_id" bigint,
	"note" text,
	"created_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "training_hours" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"worker_id" bigint NOT NULL,
	"year" integer NOT NULL,
	"hours" numeric(7, 1) NOT NULL,
	"ability" text NOT NULL,
	"source_type" text NOT NULL,
	"source_id" bigint,
	"evidence_attachment_id" bigint,
	"note" text,
	"granted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"granted_by" bigint
);
--> statement-breakpoint
CREATE TABLE "training_plan" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"org_unit_id" bigint NOT NULL,
	"org_path" text NOT NULL,
	"level" text NOT NULL,
	"is_record" boolean DEFAULT false NOT NULL,
	"year" integer NOT NULL,
	"title" text NOT NULL,
	"target_posts" text[] DEFAULT '{}'::text[] NOT NULL,
	"target_categories" text[] DEFAULT '{}'::text[] NOT NULL,
	"target_org_unit_ids" bigint[] DEFAULT '{}'::bigint[] NOT NULL,
	"required_hours" numeric(7, 1) NOT NULL,
	"themes" text[] DEFAULT '{}'::text[] NOT NULL,
	"description" text,
	"status" text DEFAULT 'draft' NOT NULL,
	"approval_id" bigint,
	"created_by" bigint,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "training_rule_set" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"org_unit_id" bigint NOT NULL,
	"org_path" text NOT NULL,
	"version_no" integer NOT NULL,
	"effective_from" date NOT NULL,
	"rules" jsonb NOT NULL,
	"note" text,
	"created_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "training_session" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"course_id" bigint NOT NULL,
	"plan_id" bigint,
	"trainer_id" bigint,
	"base_id" bigint,
	"org_unit_id" bigint NOT NULL,
	"org_path" text NOT NULL,
	"title" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"location" text,
	"capacity" integer NOT NULL,
	"hours" numeric(7, 1) NOT NULL,
	"ability" text NOT NULL,
	"status" text DEFAULT 'scheduled' NOT NULL,
	"completed_at" timestamp with time zone,
	"created_by" bigint,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "training_sign_in" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"session_id" bigint NOT NULL,
	"worker_id" bigint NOT NULL,
	"method" text NOT NULL,
	"code_window" bigint,
	"reason" text,
	"user_id" bigint,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "attendance_check_in" ADD CONSTRAINT "attendance_check_in_worker_id_worker_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."worker"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attendance_check_in" ADD CONSTRAINT "attendance_check_in_user_id_app_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_roster" ADD CONSTRAINT "duty_roster_org_unit_id_org_unit_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_roster" ADD CONSTRAINT "duty_roster_worker_id_worker_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."worker"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_roster" ADD CONSTRAINT "duty_roster_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leave_quota" ADD CONSTRAINT "leave_quota_org_unit_id_org_unit_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leave_request" ADD CONSTRAINT "leave_request_worker_id_worker_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."worker"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leave_request" ADD CONSTRAINT "leave_request_decided_by_app_user_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leave_request" ADD CONSTRAINT "leave_request_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reward_sanction" ADD CONSTRAINT "reward_sanction_worker_id_worker_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."worker"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reward_sanction" ADD CONSTRAINT "reward_sanction_org_unit_id_org_unit_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reward_sanction" ADD CONSTRAINT "reward_sanction_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_log" ADD CONSTRAINT "work_log_worker_id_worker_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."worker"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_log" ADD CONSTRAINT "work_log_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "worker_exit" ADD CONSTRAINT "worker_exit_worker_id_worker_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."worker"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "worker_exit" ADD CONSTRAINT "worker_exit_org_unit_id_org_unit_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "worker_exit" ADD CONSTRAINT "worker_exit_handover_by_app_user_id_fk" FOREIGN KEY ("handover_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "worker_exit" ADD CONSTRAINT "worker_exit_contract_ended_by_app_user_id_fk" FOREIGN KEY ("contract_ended_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "worker_exit" ADD CONSTRAINT "worker_exit_insurance_stopped_by_app_user_id_fk" FOREIGN KEY ("insurance_stopped_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "worker_exit" ADD CONSTRAINT "worker_exit_accounts_disabled_by_app_user_id_fk" FOREIGN KEY ("accounts_disabled_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "worker_exit" ADD CONSTRAINT "worker_exit_final_pay_by_app_user_id_fk" FOREIGN KEY ("final_pay_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "worker_exit" ADD CONSTRAINT "worker_exit_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trainer" ADD CONSTRAINT "trainer_org_unit_id_org_unit_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trainer" ADD CONSTRAINT "trainer_worker_id_worker_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."worker"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_base" ADD CONSTRAINT "training_base_org_unit_id_org_unit_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_course" ADD CONSTRAINT "training_course_org_unit_id_org_unit_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_enrolment" ADD CONSTRAINT "training_enrolment_session_id_training_session_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."training_session"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_enrolment" ADD CONSTRAINT "training_enrolment_worker_id_worker_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."worker"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_enrolment" ADD CONSTRAINT "training_enrolment_enrolled_by_app_user_id_fk" FOREIGN KEY ("enrolled_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_external" ADD CONSTRAINT "training_external_worker_id_worker_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."worker"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_external" ADD CONSTRAINT "training_external_evidence_attachment_id_worker_attachment_id_fk" FOREIGN KEY ("evidence_attachment_id") REFERENCES "public"."worker_attachment"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_external" ADD CONSTRAINT "training_external_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_hours" ADD CONSTRAINT "training_hours_worker_id_worker_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."worker"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_hours" ADD CONSTRAINT "training_hours_evidence_attachment_id_worker_attachment_id_fk" FOREIGN KEY ("evidence_attachment_id") REFERENCES "public"."worker_attachment"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_hours" ADD CONSTRAINT "training_hours_granted_by_app_user_id_fk" FOREIGN KEY ("granted_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_plan" ADD CONSTRAINT "training_plan_org_unit_id_org_unit_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_plan" ADD CONSTRAINT "training_plan_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_rule_set" ADD CONSTRAINT "training_rule_set_org_unit_id_org_unit_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_rule_set" ADD CONSTRAINT "training_rule_set_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_session" ADD CONSTRAINT "training_session_course_id_training_course_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."training_course"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_session" ADD CONSTRAINT "training_session_plan_id_training_plan_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."training_plan"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_session" ADD CONSTRAINT "training_session_trainer_id_trainer_id_fk" FOREIGN KEY ("trainer_id") REFERENCES "public"."trainer"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_session" ADD CONSTRAINT "training_session_base_id_training_base_id_fk" FOREIGN KEY ("base_id") REFERENCES "public"."training_base"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_session" ADD CONSTRAINT "training_session_org_unit_id_org_unit_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_session" ADD CONSTRAINT "training_session_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_sign_in" ADD CONSTRAINT "training_sign_in_session_id_training_session_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."training_session"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_sign_in" ADD CONSTRAINT "training_sign_in_worker_id_worker_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."worker"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_sign_in" ADD CONSTRAINT "training_sign_in_user_id_app_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "attendance_check_in_worker_day_uq" ON "attendance_check_in" USING btree ("worker_id","day");--> statement-breakpoint
CREATE INDEX "attendance_check_in_org_day_idx" ON "attendance_check_in" USING btree ("org_path" text_pattern_ops,"day");--> statement-breakpoint
CREATE UNIQUE INDEX "duty_roster_unit_day_worker_uq" ON "duty_roster" USING btree ("org_unit_id","day","worker_id");--> statement-breakpoint
CREATE INDEX "duty_roster_org_day_idx" ON "duty_roster" USING btree ("org_path" text_pattern_ops,"day");--> statement-breakpoint
CREATE INDEX "duty_roster_worker_day_idx" ON "duty_roster" USING btree ("worker_id","day");--> statement-breakpoint
CREATE UNIQUE INDEX "leave_quota_unit_type_uq" ON "leave_quota" USING btree ("org_unit_id","leave_type");--> statement-breakpoint
CREATE INDEX "leave_request_worker_idx" ON "leave_request" USING btree ("worker_id","start_date");--> statement-breakpoint
CREATE INDEX "leave_request_org_idx" ON "leave_request" USING btree ("org_path" text_pattern_ops,"status","id");--> statement-breakpoint
CREATE UNIQUE INDEX "retirement_age_rule_sex_uq" ON "retirement_age_rule" USING btree ("sex");--> statement-breakpoint
CREATE INDEX "reward_sanction_worker_idx" ON "reward_sanction" USING btree ("worker_id","date");--> statement-breakpoint
CREATE INDEX "reward_sanction_org_idx" ON "reward_sanction" USING btree ("org_path" text_pattern_ops,"date");--> statement-breakpoint
CREATE INDEX "work_log_worker_day_idx" ON "work_log" USING btree ("worker_id","day");--> statement-breakpoint
CREATE INDEX "work_log_org_day_idx" ON "work_log" USING btree ("org_path" text_pattern_ops,"day","id");--> statement-breakpoint
CREATE UNIQUE INDEX "worker_exit_one_open_uq" ON "worker_exit" USING btree ("worker_id") WHERE status in ('draft', 'pending');--> statement-breakpoint
CREATE INDEX "worker_exit_worker_idx" ON "worker_exit" USING btree ("worker_id");--> statement-breakpoint
CREATE INDEX "worker_exit_org_date_idx" ON "worker_exit" USING btree ("org_path" text_pattern_ops,"exit_date");--> statement-breakpoint
CREATE INDEX "trainer_org_path_idx" ON "trainer" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "training_base_org_path_idx" ON "training_base" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "training_course_org_path_idx" ON "training_course" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "training_enrolment_session_worker_uq" ON "training_enrolment" USING btree ("session_id","worker_id");--> statement-breakpoint
CREATE INDEX "training_enrolment_worker_idx" ON "training_enrolment" USING btree ("worker_id");--> statement-breakpoint
CREATE INDEX "training_external_worker_idx" ON "training_external" USING btree ("worker_id");--> statement-breakpoint
CREATE UNIQUE INDEX "training_hours_source_uq" ON "training_hours" USING btree ("worker_id","source_type","source_id");--> statement-breakpoint
CREATE INDEX "training_hours_worker_year_idx" ON "training_hours" USING btree ("worker_id","year","hours");--> statement-breakpoint
CREATE INDEX "training_plan_org_path_idx" ON "training_plan" USING btree ("org_path" text_pattern_ops,"year");--> statement-breakpoint
CREATE UNIQUE INDEX "training_rule_set_unit_version_uq" ON "training_rule_set" USING btree ("org_unit_id","version_no");--> statement-breakpoint
CREATE INDEX "training_session_org_path_idx" ON "training_session" USING btree ("org_path" text_pattern_ops,"starts_at");--> statement-breakpoint
CREATE INDEX "training_session_plan_idx" ON "training_session" USING btree ("plan_id");--> statement-breakpoint
CREATE INDEX "training_sign_in_session_idx" ON "training_sign_in" USING btree ("session_id","worker_id");