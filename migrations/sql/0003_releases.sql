CREATE TABLE "release_comparisons" (
	"release_id" text NOT NULL,
	"scope" text NOT NULL,
	"dimension" text NOT NULL,
	"group" text NOT NULL,
	"indicator" text NOT NULL,
	"option" text NOT NULL,
	"base" text NOT NULL,
	"against" text NOT NULL,
	"difference" double precision NOT NULL,
	"ci_low" double precision NOT NULL,
	"ci_high" double precision NOT NULL,
	"p_value" double precision NOT NULL,
	"p_adjusted" double precision NOT NULL,
	"significant" boolean NOT NULL,
	CONSTRAINT "release_comparisons_release_id_scope_dimension_group_indicator_option_base_against_pk" PRIMARY KEY("release_id","scope","dimension","group","indicator","option","base","against")
);
--> statement-breakpoint
CREATE TABLE "release_grids" (
	"release_id" text NOT NULL,
	"grid" text NOT NULL,
	"pattern" jsonb NOT NULL,
	CONSTRAINT "release_grids_release_id_grid_pk" PRIMARY KEY("release_id","grid")
);
--> statement-breakpoint
CREATE TABLE "release_rows" (
	"release_id" text NOT NULL,
	"scope" text NOT NULL,
	"dimension" text NOT NULL,
	"group" text NOT NULL,
	"indicator" text NOT NULL,
	"option" text NOT NULL,
	"base" text NOT NULL,
	"n" integer,
	"count" integer,
	"value" double precision,
	"ci_low" double precision,
	"ci_high" double precision,
	"suppressed" boolean NOT NULL,
	"reason" text,
	CONSTRAINT "release_rows_release_id_scope_dimension_group_indicator_option_base_pk" PRIMARY KEY("release_id","scope","dimension","group","indicator","option","base"),
	CONSTRAINT "release_rows_suppressed_check" CHECK (not "release_rows"."suppressed" or ("release_rows"."n" is null and "release_rows"."count" is null and "release_rows"."value" is null and "release_rows"."ci_low" is null and "release_rows"."ci_high" is null))
);
--> statement-breakpoint
CREATE TABLE "releases" (
	"id" text PRIMARY KEY NOT NULL,
	"organisation_id" integer NOT NULL,
	"period" text NOT NULL,
	"kind" text NOT NULL,
	"rules" jsonb NOT NULL,
	"summary" jsonb NOT NULL,
	"frozen_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "release_comparisons" ADD CONSTRAINT "release_comparisons_release_id_releases_id_fk" FOREIGN KEY ("release_id") REFERENCES "public"."releases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "release_grids" ADD CONSTRAINT "release_grids_release_id_releases_id_fk" FOREIGN KEY ("release_id") REFERENCES "public"."releases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "release_rows" ADD CONSTRAINT "release_rows_release_id_releases_id_fk" FOREIGN KEY ("release_id") REFERENCES "public"."releases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "releases" ADD CONSTRAINT "releases_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "releases_org_period_idx" ON "releases" USING btree ("organisation_id","period");