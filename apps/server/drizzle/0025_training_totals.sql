CREATE TABLE "training_hours_total" (
	"worker_id" bigint NOT NULL,
	"year" integer NOT NULL,
	"hours" numeric(12, 1) NOT NULL,
	"trainings" integer NOT NULL,
	CONSTRAINT "training_hours_total_worker_id_year_pk" PRIMARY KEY("worker_id","year"),
	CONSTRAINT "training_hours_total_trainings_check" CHECK ("training_hours_total"."trainings" >= 0)
);
--> statement-breakpoint
ALTER TABLE "training_hours_total" ADD CONSTRAINT "training_hours_total_worker_id_worker_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."worker"("id") ON DELETE no action ON UPDATE no action;