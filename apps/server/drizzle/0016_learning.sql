CREATE TABLE "online_completion" (
	"worker_id" bigint NOT NULL,
	"course_id" bigint NOT NULL,
	"hours" numeric(7, 1) NOT NULL,
	"ability" text NOT NULL,
	"year" integer NOT NULL,
	"completed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "online_completion_worker_id_course_id_pk" PRIMARY KEY("worker_id","course_id")
);
--> statement-breakpoint
CREATE TABLE "online_course" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"org_unit_id" bigint NOT NULL,
	"org_path" text NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"ability" text NOT NULL,
	"hours" numeric(7, 1) NOT NULL,
	"pass_mark" integer NOT NULL,
	"max_attempts" integer NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"created_by" bigint,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "online_course_item" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"course_id" bigint NOT NULL,
	"seq" integer NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text,
	"file_name" text,
	"mime_type" text,
	"size" bigint,
	"sha256" text,
	"storage_path" text,
	"duration_seconds" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "online_progress" (
	"worker_id" bigint NOT NULL,
	"item_id" bigint NOT NULL,
	"course_id" bigint NOT NULL,
	"watched_seconds" double precision DEFAULT 0 NOT NULL,
	"position" double precision DEFAULT 0 NOT NULL,
	"last_heartbeat_at" timestamp with time zone,
	"ignored_heartbeats" integer DEFAULT 0 NOT NULL,
	"completed_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "online_progress_worker_id_item_id_pk" PRIMARY KEY("worker_id","item_id")
);
--> statement-breakpoint
CREATE TABLE "online_quiz_attempt" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"course_id" bigint NOT NULL,
	"worker_id" bigint NOT NULL,
	"attempt_no" integer NOT NULL,
	"submission_key" text NOT NULL,
	"answers" jsonb NOT NULL,
	"score" numeric(5, 1) NOT NULL,
	"passed" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "online_quiz_question" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"course_id" bigint NOT NULL,
	"seq" integer NOT NULL,
	"kind" text NOT NULL,
	"prompt" text NOT NULL,
	"options" jsonb NOT NULL,
	"correct" jsonb NOT NULL,
	"points" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "qualification_certificate" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"worker_id" bigint NOT NULL,
	"org_path" text NOT NULL,
	"level" text NOT NULL,
	"cert_number" text NOT NULL,
	"cert_date" date NOT NULL,
	"exam_id" bigint,
	"grade_change_id" bigint,
	"created_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "qualification_exam" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"worker_id" bigint NOT NULL,
	"org_path" text NOT NULL,
	"year" integer NOT NULL,
	"level" text NOT NULL,
	"status" text DEFAULT 'registered' NOT NULL,
	"score" numeric(5, 1),
	"created_by" bigint,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "qualification_goal" (
	"org_unit_id" bigint PRIMARY KEY NOT NULL,
	"org_path" text NOT NULL,
	"target_share" numeric(4, 3) NOT NULL,
	"updated_by" bigint,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "online_completion" ADD CONSTRAINT "online_completion_worker_id_worker_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."worker"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "online_completion" ADD CONSTRAINT "online_completion_course_id_online_course_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."online_course"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "online_course" ADD CONSTRAINT "online_course_org_unit_id_org_unit_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "online_course" ADD CONSTRAINT "online_course_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "online_course_item" ADD CONSTRAINT "online_course_item_course_id_online_course_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."online_course"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "online_progress" ADD CONSTRAINT "online_progress_worker_id_worker_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."worker"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "online_progress" ADD CONSTRAINT "online_progress_item_id_online_course_item_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."online_course_item"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "online_progress" ADD CONSTRAINT "online_progress_course_id_online_course_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."online_course"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "online_quiz_attempt" ADD CONSTRAINT "online_quiz_attempt_course_id_online_course_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."online_course"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "online_quiz_attempt" ADD CONSTRAINT "online_quiz_attempt_worker_id_worker_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."worker"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "online_quiz_question" ADD CONSTRAINT "online_quiz_question_course_id_online_course_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."online_course"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qualification_certificate" ADD CONSTRAINT "qualification_certificate_worker_id_worker_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."worker"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qualification_certificate" ADD CONSTRAINT "qualification_certificate_exam_id_qualification_exam_id_fk" FOREIGN KEY ("exam_id") REFERENCES "public"."qualification_exam"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qualification_certificate" ADD CONSTRAINT "qualification_certificate_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qualification_exam" ADD CONSTRAINT "qualification_exam_worker_id_worker_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."worker"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qualification_exam" ADD CONSTRAINT "qualification_exam_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qualification_goal" ADD CONSTRAINT "qualification_goal_org_unit_id_org_unit_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qualification_goal" ADD CONSTRAINT "qualification_goal_updated_by_app_user_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "online_course_org_path_idx" ON "online_course" USING btree ("org_path" text_pattern_ops,"status");--> statement-breakpoint
CREATE UNIQUE INDEX "online_course_item_seq_uq" ON "online_course_item" USING btree ("course_id","seq");--> statement-breakpoint
CREATE INDEX "online_progress_course_idx" ON "online_progress" USING btree ("worker_id","course_id");--> statement-breakpoint
CREATE UNIQUE INDEX "online_quiz_attempt_key_uq" ON "online_quiz_attempt" USING btree ("worker_id","course_id","submission_key");--> statement-breakpoint
CREATE UNIQUE INDEX "online_quiz_attempt_no_uq" ON "online_quiz_attempt" USING btree ("worker_id","course_id","attempt_no");--> statement-breakpoint
CREATE UNIQUE INDEX "online_quiz_question_seq_uq" ON "online_quiz_question" USING btree ("course_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "qualification_certificate_number_uq" ON "qualification_certificate" USING btree ("cert_number");--> statement-breakpoint
CREATE INDEX "qualification_certificate_worker_idx" ON "qualification_certificate" USING btree ("worker_id");--> statement-breakpoint
CREATE INDEX "qualification_certificate_org_path_idx" ON "qualification_certificate" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "qualification_exam_uq" ON "qualification_exam" USING btree ("worker_id","year","level");--> statement-breakpoint
CREATE INDEX "qualification_exam_org_path_idx" ON "qualification_exam" USING btree ("org_path" text_pattern_ops,"year");