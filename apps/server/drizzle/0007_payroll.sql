CREATE TABLE "payroll_adjustment" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"run_id" bigint NOT NULL,
	"worker_id" bigint NOT NULL,
	"org_path" text NOT NULL,
	"amount" numeric(14, 2) NOT NULL,
	"reason" text NOT NULL,
	"corrects_month" text,
	"created_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payroll_payee" (
	"worker_id" bigint PRIMARY KEY NOT NULL,
	"org_path" text NOT NULL,
	"bank_name" text NOT NULL,
	"account_enc" text NOT NULL,
	"account_masked" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" bigint,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payroll_run" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"org_unit_id" bigint NOT NULL,
	"org_path" text NOT NULL,
	"month" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"rule_set_id" bigint NOT NULL,
	"rule_version_no" integer NOT NULL,
	"worker_count" integer DEFAULT 0 NOT NULL,
	"problems" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"gross_total" numeric(14, 2) DEFAULT '0' NOT NULL,
	"employee_total" numeric(14, 2) DEFAULT '0' NOT NULL,
	"employer_total" numeric(14, 2) DEFAULT '0' NOT NULL,
	"net_total" numeric(14, 2) DEFAULT '0' NOT NULL,
	"adjustment_total" numeric(14, 2) DEFAULT '0' NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	"computed_by" bigint,
	"submitted_by" bigint,
	"submitted_at" timestamp with time zone,
	"locked_by" bigint,
	"locked_at" timestamp with time zone,
	"created_by" bigint,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payroll_slip" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"run_id" bigint NOT NULL,
	"worker_id" bigint NOT NULL,
	"org_unit_id" bigint NOT NULL,
	"org_path" text NOT NULL,
	"worker_name" text NOT NULL,
	"post" text NOT NULL,
	"grade" integer NOT NULL,
	"pay_grade" integer NOT NULL,
	"probation" boolean NOT NULL,
	"rating" text,
	"rating_year" integer,
	"performance_factor" numeric(8, 4) NOT NULL,
	"rule_set_id" bigint NOT NULL,
	"rule_version_no" integer NOT NULL,
	"base_pay" numeric(14, 2) NOT NULL,
	"performance_pay" numeric(14, 2) NOT NULL,
	"allowance" numeric(14, 2) NOT NULL,
	"gross_pay" numeric(14, 2) NOT NULL,
	"insurance_base" numeric(14, 2) NOT NULL,
	"ee_pension" numeric(14, 2) NOT NULL,
	"ee_medical" numeric(14, 2) NOT NULL,
	"ee_unemployment" numeric(14, 2) NOT NULL,
	"ee_work_injury" numeric(14, 2) NOT NULL,
	"ee_maternity" numeric(14, 2) NOT NULL,
	"ee_housing_fund" numeric(14, 2) NOT NULL,
	"employee_total" numeric(14, 2) NOT NULL,
	"er_pension" numeric(14, 2) NOT NULL,
	"er_medical" numeric(14, 2) NOT NULL,
	"er_unemployment" numeric(14, 2) NOT NULL,
	"er_work_injury" numeric(14, 2) NOT NULL,
	"er_maternity" numeric(14, 2) NOT NULL,
	"er_housing_fund" numeric(14, 2) NOT NULL,
	"employer_total" numeric(14, 2) NOT NULL,
	"net_pay" numeric(14, 2) NOT NULL,
	"adjustment_total" numeric(14, 2) DEFAULT '0' NOT NULL,
	"notes" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "payroll_adjustment" ADD CONSTRAINT "payroll_adjustment_run_id_payroll_run_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."payroll_run"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payroll_adjustment" ADD CONSTRAINT "payroll_adjustment_worker_id_worker_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."worker"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payroll_adjustment" ADD CONSTRAINT "payroll_adjustment_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payroll_payee" ADD CONSTRAINT "payroll_payee_worker_id_worker_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."worker"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payroll_payee" ADD CONSTRAINT "payroll_payee_updated_by_app_user_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payroll_run" ADD CONSTRAINT "payroll_run_org_unit_id_org_unit_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payroll_run" ADD CONSTRAINT "payroll_run_computed_by_app_user_id_fk" FOREIGN KEY ("computed_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payroll_run" ADD CONSTRAINT "payroll_run_submitted_by_app_user_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payroll_run" ADD CONSTRAINT "payroll_run_locked_by_app_user_id_fk" FOREIGN KEY ("locked_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payroll_run" ADD CONSTRAINT "payroll_run_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "payroll_adjustment_run_idx" ON "payroll_adjustment" USING btree ("run_id","worker_id");--> statement-breakpoint
CREATE INDEX "payroll_payee_org_path_idx" ON "payroll_payee" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "payroll_run_unit_month_uq" ON "payroll_run" USING btree ("org_unit_id","month");--> statement-breakpoint
CREATE INDEX "payroll_run_org_path_idx" ON "payroll_run" USING btree ("org_path" text_pattern_ops,"month");--> statement-breakpoint
CREATE UNIQUE INDEX "payroll_slip_run_worker_uq" ON "payroll_slip" USING btree ("run_id","worker_id");--> statement-breakpoint
CREATE INDEX "payroll_slip_worker_idx" ON "payroll_slip" USING btree ("worker_id","run_id");