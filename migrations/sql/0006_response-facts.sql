ALTER TABLE "responses" ADD COLUMN "facts" text[] NOT NULL DEFAULT '{}';
--> statement-breakpoint
UPDATE "responses" r SET "facts" = array(
  select kv.key || '=' || e.val
  from jsonb_each(r.answers) kv
  cross join lateral jsonb_array_elements_text(
    case when jsonb_typeof(kv.value) = 'array' then kv.value || '["*"]'::jsonb else jsonb_build_array(kv.value #>> '{}') end) as e(val));
--> statement-breakpoint
ALTER TABLE "responses" ALTER COLUMN "facts" DROP DEFAULT;
