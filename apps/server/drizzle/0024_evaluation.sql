CREATE TABLE "evaluation_round" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"org_unit_id" bigint NOT NULL,
	"org_path" text NOT NULL,
	"year" integer NOT NULL,
	"level" text NOT NULL,
	"title" text NOT NULL,
	"reference_date" date NOT NULL,
	"rule_set_id" bigint NOT NULL,
	"rule_version_no" integer NOT NULL,
	"rule_set_name" text NOT NULL,
	"indicators" jsonb NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"computed_at" timestamp with time zone,
	"compute_millis" integer,
	"finalized_at" timestamp with time zone,
	"finalized_by" bigint,
	"created_by" bigint,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "evaluation_unit" (
	"round_id" bigint NOT NULL,
	"org_unit_id" bigint NOT NULL,
	"org_path" text NOT NULL,
	"name" text NOT NULL,
	"division_code" text,
	"total" numeric(8, 2),
	"rank" integer,
	CONSTRAINT "evaluation_unit_round_id_org_unit_id_pk" PRIMARY KEY("round_id","org_unit_id")
);
--> statement-breakpoint
CREATE TABLE "evaluation_value" (
	"round_id" bigint NOT NULL,
	"org_unit_id" bigint NOT NULL,
	"code" text NOT NULL,
	"value" numeric(14, 2),
	"points" numeric(8, 2) DEFAULT 0 NOT NULL,
	"numerator" numeric(16, 2),
	"denominator" numeric(16, 2),
	"evidence_name" text,
	"evidence_mime" text,
	"evidence_size" integer,
	"evidence_sha256" text,
	"evidence_path" text,
	"note" text,
	"entered_by" bigint,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "evaluation_value_round_id_org_unit_id_code_pk" PRIMARY KEY("round_id","org_unit_id","code")
);
--> statement-breakpoint
CREATE TABLE "notification_dispatch" (
	"user_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"item_key" text NOT NULL,
	"sent_on" date NOT NULL,
	"detail" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notification_dispatch_user_id_kind_item_key_pk" PRIMARY KEY("user_id","kind","item_key")
);
--> statement-breakpoint
ALTER TABLE "evaluation_round" ADD CONSTRAINT "evaluation_round_org_unit_id_org_unit_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_round" ADD CONSTRAINT "evaluation_round_rule_set_id_rule_set_id_fk" FOREIGN KEY ("rule_set_id") REFERENCES "public"."rule_set"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_round" ADD CONSTRAINT "evaluation_round_finalized_by_app_user_id_fk" FOREIGN KEY ("finalized_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_round" ADD CONSTRAINT "evaluation_round_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_unit" ADD CONSTRAINT "evaluation_unit_round_id_evaluation_round_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."evaluation_round"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_unit" ADD CONSTRAINT "evaluation_unit_org_unit_id_org_unit_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_value" ADD CONSTRAINT "evaluation_value_round_id_evaluation_round_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."evaluation_round"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_value" ADD CONSTRAINT "evaluation_value_entered_by_app_user_id_fk" FOREIGN KEY ("entered_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_dispatch" ADD CONSTRAINT "notification_dispatch_user_id_app_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "evaluation_round_org_path_idx" ON "evaluation_round" USING btree ("org_path" text_pattern_ops,"id");--> statement-breakpoint
CREATE INDEX "evaluation_round_year_idx" ON "evaluation_round" USING btree ("year");--> statement-breakpoint
CREATE INDEX "notification_dispatch_sent_idx" ON "notification_dispatch" USING btree ("sent_on");