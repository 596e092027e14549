CREATE TABLE "sessions" (
	"id" "bytea" PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_on" date DEFAULT current_date NOT NULL
);
--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "oidc_issuer" text;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "oidc_client_id" text;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "oidc_client_secret" text;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "oidc_email_claim" text DEFAULT 'email' NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "active" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");