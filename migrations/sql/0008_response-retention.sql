ALTER TABLE "organisations" ADD COLUMN "response_retention_years" integer DEFAULT 4 NOT NULL;--> statement-breakpoint
ALTER TABLE "waves" ADD COLUMN "responses_deleted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "organisations" ADD CONSTRAINT "organisations_retention_check" CHECK ("organisations"."response_retention_years" between 1 and 50);