import type { Lang } from '$lib/i18n';
import type { Dimension } from '$lib/report/catalog';
import type { CellText } from '$lib/report/format';
import type { OrgView, WaveTrend } from '$lib/report/org-view';
import type { ReleaseListItem } from '$lib/report/types';

/** Everything organisation-body.svelte shows: one frozen release, one choice, one language. */
export interface OrgBodyData {
  lang: Lang;
  orgs: string[];
  org: string;
  rules: { k: number; kv: number };
  releases: { id: string; period: string; kind: ReleaseListItem['kind'] }[];
  release: { id: string; period: string; kind: ReleaseListItem['kind'] };
  tiers: string[];
  tier: string;
  dimension: Dimension;
  indicator: string;
  root: { code: string; name: string };
  latestWindow: { id: string; period: string } | null;
  view: OrgView;
  trend: { period: string; id: string; cell: CellText; value: number | null; low: number | null; high: number | null }[];
  waveTrend: (WaveTrend & { tier: string }) | null;
}
