CREATE TABLE "worker" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"id_number_enc" text NOT NULL,
	"id_number_hash" text NOT NULL,
	"id_number_masked" text NOT NULL,
	"birth_date" date NOT NULL,
	"sex" text NOT NULL,
	"ethnicity" text NOT NULL,
	"native_place" text,
	"political_status" text NOT NULL,
	"party_join_date" date,
	"education_full_time" text,
	"education_in_service" text,
	"education" text,
	"degree" text,
	"school" text,
	"major" text,
	"marital_status" text,
	"phone_enc" text NOT NULL,
	"phone_hash" text NOT NULL,
	"phone_masked" text NOT NULL,
	"address" text,
	"category" text NOT NULL,
	"org_unit_id" bigint NOT NULL,
	"org_path" text collate "C" NOT NULL,
	"post" text NOT NULL,
	"grade" integer,
	"status" text NOT NULL,
	"work_start_date" date NOT NULL,
	"hire_date" date NOT NULL,
	"probation_end" date,
	"qualification" text,
	"cert_number" text,
	"cert_date" date,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text
);
--> statement-breakpoint
CREATE TABLE "worker_attachment" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"worker_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"file_name" text NOT NULL,
	"mime_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"storage_path" text NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "worker_family" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"worker_id" bigint NOT NULL,
	"relation" text NOT NULL,
	"name" text NOT NULL,
	"birth_date" date,
	"employer" text,
	"political_status" text
);
--> statement-breakpoint
CREATE TABLE "worker_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"worker_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"value" text NOT NULL,
	"org_unit_id" bigint,
	"effective_from" date NOT NULL,
	"effective_to" date,
	"reason" text,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "worker_work_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"worker_id" bigint NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date,
	"employer" text NOT NULL,
	"position" text
);
--> statement-breakpoint
ALTER TABLE "worker" ADD CONSTRAINT "worker_org_unit_id_org_unit_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "worker_attachment" ADD CONSTRAINT "worker_attachment_worker_id_worker_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."worker"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "worker_family" ADD CONSTRAINT "worker_family_worker_id_worker_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."worker"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "worker_history" ADD CONSTRAINT "worker_history_worker_id_worker_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."worker"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "worker_history" ADD CONSTRAINT "worker_history_org_unit_id_org_unit_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "worker_work_history" ADD CONSTRAINT "worker_work_history_worker_id_worker_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."worker"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "worker_id_number_hash_uq" ON "worker" USING btree ("id_number_hash");--> statement-breakpoint
CREATE INDEX "worker_phone_hash_idx" ON "worker" USING btree ("phone_hash");--> statement-breakpoint
CREATE INDEX "worker_org_path_id_idx" ON "worker" USING btree ("org_path","id");--> statement-breakpoint
CREATE INDEX "worker_org_unit_idx" ON "worker" USING btree ("org_unit_id");--> statement-breakpoint
CREATE INDEX "worker_name_idx" ON "worker" USING btree ("name");--> statement-breakpoint
CREATE INDEX "worker_attachment_worker_idx" ON "worker_attachment" USING btree ("worker_id");--> statement-breakpoint
CREATE INDEX "worker_family_worker_idx" ON "worker_family" USING btree ("worker_id");--> statement-breakpoint
CREATE INDEX "worker_history_worker_idx" ON "worker_history" USING btree ("worker_id","kind","effective_from");--> statement-breakpoint
CREATE INDEX "worker_history_unit_idx" ON "worker_history" USING btree ("org_unit_id","effective_from");--> statement-breakpoint
CREATE INDEX "worker_work_history_worker_idx" ON "worker_work_history" USING btree ("worker_id");