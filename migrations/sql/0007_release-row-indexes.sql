ALTER TABLE "release_comparisons" DROP CONSTRAINT "release_comparisons_release_id_scope_dimension_group_indicator_option_base_against_pk";--> statement-breakpoint
ALTER TABLE "release_rows" DROP CONSTRAINT "release_rows_release_id_scope_dimension_group_indicator_option_base_pk";--> statement-breakpoint
CREATE INDEX "release_comparisons_scope_idx" ON "release_comparisons" USING btree ("release_id","scope");--> statement-breakpoint
CREATE INDEX "release_rows_scope_idx" ON "release_rows" USING btree ("release_id","scope");