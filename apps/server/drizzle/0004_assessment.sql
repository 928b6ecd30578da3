CREATE TABLE "assessment_result" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"worker_id" bigint NOT NULL,
	"year" integer NOT NULL,
	"period" text DEFAULT 'annual' NOT NULL,
	"rating" text NOT NULL,
	"source" text DEFAULT 'manual' NOT NULL,
	"note" text,
	"recorded_by" bigint,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "assessment_result" ADD CONSTRAINT "assessment_result_worker_id_worker_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."worker"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_result" ADD CONSTRAINT "assessment_result_recorded_by_app_user_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "assessment_result_worker_period_uq" ON "assessment_result" USING btree ("worker_id","year","period");--> statement-breakpoint
CREATE INDEX "assessment_result_year_idx" ON "assessment_result" USING btree ("year","period");