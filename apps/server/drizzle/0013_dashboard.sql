CREATE TABLE "dashboard_snapshot" (
	"month" date NOT NULL,
	"org_unit_id" bigint NOT NULL,
	"indicator" text NOT NULL,
	"category" text NOT NULL,
	"value" integer NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dashboard_snapshot_org_unit_id_indicator_month_category_pk" PRIMARY KEY("org_unit_id","indicator","month","category")
);
--> statement-breakpoint
CREATE INDEX "dashboard_snapshot_month_idx" ON "dashboard_snapshot" USING btree ("month");