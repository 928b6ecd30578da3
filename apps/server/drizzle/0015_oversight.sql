CREATE TABLE "burden_request" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"community_id" bigint NOT NULL,
	"org_path" text NOT NULL,
	"requesting_department" text NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"task_item_id" bigint,
	"out_of_list" boolean NOT NULL,
	"requested_on" date NOT NULL,
	"estimated_hours" numeric(8, 1) NOT NULL,
	"note" text,
	"created_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "burden_task_item" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"org_unit_id" bigint NOT NULL,
	"org_path" text NOT NULL,
	"title" text NOT NULL,
	"kind" text NOT NULL,
	"legal_basis" text NOT NULL,
	"issuing_department" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "care_record" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"worker_id" bigint NOT NULL,
	"org_path" text NOT NULL,
	"kind" text NOT NULL,
	"occurred_on" date NOT NULL,
	"reason" text NOT NULL,
	"amount_fen" bigint,
	"visitor" text,
	"created_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "care_setting" (
	"org_unit_id" bigint PRIMARY KEY NOT NULL,
	"org_path" text NOT NULL,
	"health_check_interval_months" integer NOT NULL,
	"due_soon_days" integer DEFAULT 30 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "commendation" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"worker_id" bigint NOT NULL,
	"org_path" text NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"awarding_body" text NOT NULL,
	"awarded_on" date NOT NULL,
	"citation" text NOT NULL,
	"is_public" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "econ_audit" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"org_unit_id" bigint NOT NULL,
	"org_path" text NOT NULL,
	"worker_id" bigint NOT NULL,
	"audited_role" text NOT NULL,
	"trigger" text NOT NULL,
	"title" text NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"scope" text NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"conclusion" text,
	"reported_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "econ_audit_finding" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"audit_id" bigint NOT NULL,
	"category" text NOT NULL,
	"description" text NOT NULL,
	"amount_fen" bigint,
	"created_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "econ_audit_rectification" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"audit_id" bigint NOT NULL,
	"finding_id" bigint,
	"description" text NOT NULL,
	"owner_name" text NOT NULL,
	"deadline" date NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"closed_at" date,
	"closure_note" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "health_check" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"worker_id" bigint NOT NULL,
	"org_path" text NOT NULL,
	"check_date" date NOT NULL,
	"institution" text NOT NULL,
	"conclusion" text NOT NULL,
	"findings" text,
	"created_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "nomination" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"round_id" bigint NOT NULL,
	"worker_id" bigint NOT NULL,
	"org_path" text NOT NULL,
	"reason" text NOT NULL,
	"eligibility" jsonb NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"outcome" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "nomination_round" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"org_unit_id" bigint NOT NULL,
	"org_path" text NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"reference_date" date NOT NULL,
	"criteria" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "burden_request" ADD CONSTRAINT "burden_request_community_id_org_unit_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."org_unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "burden_request" ADD CONSTRAINT "burden_request_task_item_id_burden_task_item_id_fk" FOREIGN KEY ("task_item_id") REFERENCES "public"."burden_task_item"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "burden_request" ADD CONSTRAINT "burden_request_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "burden_task_item" ADD CONSTRAINT "burden_task_item_org_unit_id_org_unit_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "burden_task_item" ADD CONSTRAINT "burden_task_item_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_record" ADD CONSTRAINT "care_record_worker_id_worker_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."worker"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_record" ADD CONSTRAINT "care_record_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_setting" ADD CONSTRAINT "care_setting_org_unit_id_org_unit_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_setting" ADD CONSTRAINT "care_setting_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commendation" ADD CONSTRAINT "commendation_worker_id_worker_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."worker"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commendation" ADD CONSTRAINT "commendation_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "econ_audit" ADD CONSTRAINT "econ_audit_org_unit_id_org_unit_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "econ_audit" ADD CONSTRAINT "econ_audit_worker_id_worker_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."worker"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "econ_audit" ADD CONSTRAINT "econ_audit_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "econ_audit_finding" ADD CONSTRAINT "econ_audit_finding_audit_id_econ_audit_id_fk" FOREIGN KEY ("audit_id") REFERENCES "public"."econ_audit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "econ_audit_finding" ADD CONSTRAINT "econ_audit_finding_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "econ_audit_rectification" ADD CONSTRAINT "econ_audit_rectification_audit_id_econ_audit_id_fk" FOREIGN KEY ("audit_id") REFERENCES "public"."econ_audit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "econ_audit_rectification" ADD CONSTRAINT "econ_audit_rectification_finding_id_econ_audit_finding_id_fk" FOREIGN KEY ("finding_id") REFERENCES "public"."econ_audit_finding"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "econ_audit_rectification" ADD CONSTRAINT "econ_audit_rectification_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "health_check" ADD CONSTRAINT "health_check_worker_id_worker_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."worker"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "health_check" ADD CONSTRAINT "health_check_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nomination" ADD CONSTRAINT "nomination_round_id_nomination_round_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."nomination_round"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nomination" ADD CONSTRAINT "nomination_worker_id_worker_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."worker"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nomination" ADD CONSTRAINT "nomination_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nomination_round" ADD CONSTRAINT "nomination_round_org_unit_id_org_unit_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nomination_round" ADD CONSTRAINT "nomination_round_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "burden_request_org_path_idx" ON "burden_request" USING btree ("org_path" text_pattern_ops,"requested_on");--> statement-breakpoint
CREATE INDEX "burden_request_dept_idx" ON "burden_request" USING btree ("requesting_department");--> statement-breakpoint
CREATE INDEX "burden_task_item_org_path_idx" ON "burden_task_item" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "care_record_worker_idx" ON "care_record" USING btree ("worker_id","occurred_on");--> statement-breakpoint
CREATE INDEX "commendation_org_path_idx" ON "commendation" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "econ_audit_org_path_idx" ON "econ_audit" USING btree ("org_path" text_pattern_ops,"id");--> statement-breakpoint
CREATE INDEX "econ_audit_worker_idx" ON "econ_audit" USING btree ("worker_id");--> statement-breakpoint
CREATE INDEX "econ_audit_finding_audit_idx" ON "econ_audit_finding" USING btree ("audit_id");--> statement-breakpoint
CREATE INDEX "econ_audit_rectification_audit_idx" ON "econ_audit_rectification" USING btree ("audit_id");--> statement-breakpoint
CREATE INDEX "econ_audit_rectification_open_idx" ON "econ_audit_rectification" USING btree ("deadline") WHERE status = 'open';--> statement-breakpoint
CREATE INDEX "health_check_worker_idx" ON "health_check" USING btree ("worker_id","check_date");--> statement-breakpoint
CREATE UNIQUE INDEX "nomination_round_worker_uq" ON "nomination" USING btree ("round_id","worker_id");--> statement-breakpoint
CREATE INDEX "nomination_org_path_idx" ON "nomination" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "nomination_round_org_path_idx" ON "nomination_round" USING btree ("org_path" text_pattern_ops);