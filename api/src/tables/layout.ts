/**
 * The shape of a count vector, derived from an instrument definition: which (item, value) pairs
 * are counted, the reporting columns (`all` and every dimension:group), and the scales whose sums
 * are kept. One Float64Array per (inner unit, column) holds, in order:
 *   [features among all respondents][features among victims][n, Σx, Σx² per scale]
 * A feature is an item's answered marker (`*`) or one of its values; `#:*` counts respondents.
 */
import { dimensionGroups, itemOptions, scaleRange, type InstrumentDefinition } from '@vw/questionnaire';

export interface Layout {
  def: InstrumentDefinition;
  dimensions: { name: string; groups: string[] }[];
  /** `all`, then `dimension:group` in definition order. */
  columns: string[];
  columnIndex: Map<string, number>;
  /** Items counted (every item except open text). */
  items: string[];
  features: Map<string, number>;
  featureCount: number;
  scales: string[];
  /** Length of one column's vector. */
  size: number;
}

export const RESPONDENTS = '#';
export const ANSWERED = '*';

export function featureKey(item: string, value: string): string {
  return `${item}\u0000${value}`;
}

export function layoutFor(def: InstrumentDefinition): Layout {
  const dimensions = def.dimensions.filter((d) => d !== 'all').map((name) => ({ name, groups: dimensionGroups(def, name) }));
  const columns = ['all', ...dimensions.flatMap((d) => d.groups.map((g) => `${d.name}:${g}`))];
  const features = new Map<string, number>();
  const add = (item: string, value: string) => features.set(featureKey(item, value), features.size);
  add(RESPONDENTS, ANSWERED);
  const items: string[] = [];
  for (const item of def.items) {
    if (item.type === 'text') continue;
    items.push(item.code);
    add(item.code, ANSWERED);
    const range = scaleRange(item);
    if (range) for (let v = range.min; v <= range.max; v++) add(item.code, String(v));
    else for (const o of itemOptions(item)) add(item.code, o.code);
  }
  const scales = def.scales.map((s) => s.code);
  return {
    def, dimensions, columns, columnIndex: new Map(columns.map((c, i) => [c, i])), items, features,
    featureCount: features.size, scales, size: 2 * features.size + 3 * scales.length,
  };
}
