CREATE TABLE "complaint" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"code_hash" text NOT NULL,
	"code_hint" text NOT NULL,
	"org_unit_id" bigint NOT NULL,
	"org_path" text NOT NULL,
	"handler_unit_id" bigint NOT NULL,
	"handler_path" text NOT NULL,
	"category" text NOT NULL,
	"text" text NOT NULL,
	"anonymous" boolean DEFAULT false NOT NULL,
	"submitter_name" text,
	"submitter_phone" text,
	"subject_worker_id" bigint,
	"subject_name" text,
	"status" text DEFAULT 'submitted' NOT NULL,
	"accept_due" date NOT NULL,
	"reply_due" date NOT NULL,
	"accepted_at" timestamp with time zone,
	"replied_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"handled_by" bigint,
	"reject_reason" text,
	"outcome" text,
	"rating" integer,
	"rating_comment" text,
	"rated_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "complaint_attachment" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"complaint_id" bigint NOT NULL,
	"file_name" text NOT NULL,
	"mime" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"storage_path" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "complaint_event" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"complaint_id" bigint NOT NULL,
	"action" text NOT NULL,
	"note" text,
	"public" boolean DEFAULT true NOT NULL,
	"actor_id" bigint,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "complaint_setting" (
	"org_unit_id" bigint PRIMARY KEY NOT NULL,
	"org_path" text NOT NULL,
	"accept_days" integer NOT NULL,
	"reply_days" integer NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "disclosure" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"series_id" bigint,
	"revision" integer DEFAULT 1 NOT NULL,
	"corrects_id" bigint,
	"correction_note" text,
	"org_unit_id" bigint NOT NULL,
	"org_path" text NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"period_key" text,
	"event_date" date,
	"finance" jsonb,
	"status" text DEFAULT 'draft' NOT NULL,
	"due_date" date,
	"schedule_id" bigint,
	"schedule_version" integer,
	"off_schedule_reason" text,
	"reject_reason" text,
	"withdraw_reason" text,
	"published_at" timestamp with time zone,
	"published_by" bigint,
	"withdrawn_at" timestamp with time zone,
	"created_by" bigint,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "disclosure_overdue_alert" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"org_unit_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"period_key" text NOT NULL,
	"due_date" date NOT NULL,
	"recipients" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "disclosure_schedule" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"org_unit_id" bigint NOT NULL,
	"org_path" text NOT NULL,
	"kind" text NOT NULL,
	"rule" jsonb NOT NULL,
	"note" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "complaint" ADD CONSTRAINT "complaint_org_unit_id_org_unit_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint" ADD CONSTRAINT "complaint_handler_unit_id_org_unit_id_fk" FOREIGN KEY ("handler_unit_id") REFERENCES "public"."org_unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint" ADD CONSTRAINT "complaint_subject_worker_id_worker_id_fk" FOREIGN KEY ("subject_worker_id") REFERENCES "public"."worker"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint" ADD CONSTRAINT "complaint_handled_by_app_user_id_fk" FOREIGN KEY ("handled_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint_attachment" ADD CONSTRAINT "complaint_attachment_complaint_id_complaint_id_fk" FOREIGN KEY ("complaint_id") REFERENCES "public"."complaint"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint_event" ADD CONSTRAINT "complaint_event_complaint_id_complaint_id_fk" FOREIGN KEY ("complaint_id") REFERENCES "public"."complaint"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint_event" ADD CONSTRAINT "complaint_event_actor_id_app_user_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint_setting" ADD CONSTRAINT "complaint_setting_org_unit_id_org_unit_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disclosure" ADD CONSTRAINT "disclosure_org_unit_id_org_unit_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disclosure" ADD CONSTRAINT "disclosure_published_by_app_user_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disclosure" ADD CONSTRAINT "disclosure_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disclosure_overdue_alert" ADD CONSTRAINT "disclosure_overdue_alert_org_unit_id_org_unit_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disclosure_schedule" ADD CONSTRAINT "disclosure_schedule_org_unit_id_org_unit_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "complaint_code_uq" ON "complaint" USING btree ("code_hash");--> statement-breakpoint
CREATE INDEX "complaint_handler_idx" ON "complaint" USING btree ("handler_path" text_pattern_ops,"id");--> statement-breakpoint
CREATE INDEX "complaint_org_idx" ON "complaint" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "complaint_attachment_complaint_idx" ON "complaint_attachment" USING btree ("complaint_id");--> statement-breakpoint
CREATE INDEX "complaint_event_complaint_idx" ON "complaint_event" USING btree ("complaint_id");--> statement-breakpoint
CREATE INDEX "disclosure_path_idx" ON "disclosure" USING btree ("org_path" text_pattern_ops,"id");--> statement-breakpoint
CREATE INDEX "disclosure_public_idx" ON "disclosure" USING btree ("org_unit_id","published_at") WHERE status in ('published', 'superseded', 'withdrawn');--> statement-breakpoint
CREATE INDEX "disclosure_series_idx" ON "disclosure" USING btree ("series_id");--> statement-breakpoint
CREATE UNIQUE INDEX "disclosure_overdue_alert_uq" ON "disclosure_overdue_alert" USING btree ("org_unit_id","kind","period_key");--> statement-breakpoint
CREATE UNIQUE INDEX "disclosure_schedule_unit_kind_uq" ON "disclosure_schedule" USING btree ("org_unit_id","kind");