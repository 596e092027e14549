CREATE TABLE "open_links" (
	"code_hash" "bytea" PRIMARY KEY NOT NULL,
	"wave_id" integer NOT NULL,
	"unit_id" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "invitations" ADD COLUMN "receipt_hash" "bytea";--> statement-breakpoint
ALTER TABLE "open_links" ADD CONSTRAINT "open_links_wave_id_waves_id_fk" FOREIGN KEY ("wave_id") REFERENCES "public"."waves"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "open_links" ADD CONSTRAINT "open_links_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "open_links_wave_unit_uq" ON "open_links" USING btree ("wave_id","unit_id");