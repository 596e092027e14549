import { describe, expect, it } from 'vitest';
import { checkDefinition, DefinitionError, definitionIssues, parseDefinition, werkbeleving, werkbelevingSv1Source } from '../src/index.js';
import type { DefinitionIssue, InstrumentDefinition, Item } from '../src/index.js';
import { createDefinition, createItem, withItem } from './factories.js';

/** The issues checkDefinition throws for a definition (fails the test if it does not throw). */
function rejection(def: InstrumentDefinition): DefinitionIssue[] {
  try {
    checkDefinition(def);
  } catch (error) {
    expect(error).toBeInstanceOf(DefinitionError);
    return (error as DefinitionError).issues;
  }
  throw new Error('expected checkDefinition to throw');
}

function expectRejected(def: InstrumentDefinition, path: (string | number)[], reason: RegExp): void {
  expect(rejection(def)).toContainEqual({ path, reason: expect.stringMatching(reason) });
}

const withCondition = (def: InstrumentDefinition, code: string, condition: NonNullable<Item['condition']>) =>
  withItem(def, code, (item) => ({ ...item, condition }));

describe('checkDefinition', () => {
  it('accepts the factory definition and the reference instrument', () => {
    expect(definitionIssues(createDefinition())).toEqual([]);
    expect(checkDefinition(werkbeleving)).toBe(werkbeleving);
  });

  it('rejects a condition on an unknown item', () => {
    expectRejected(withCondition(createDefinition(), 'd', { all: [{ item: 'nope', op: 'answered' }] }), ['items', 4, 'condition', 'all', 0, 'item'], /unknown item "nope"/);
  });

  it('rejects a condition on a later item', () => {
    expectRejected(withCondition(createDefinition(), 'b', { item: 'd', op: 'eq', value: 'ja' }), ['items', 2, 'condition', 'item'], /later item "d"/);
  });

  it('rejects a condition on its own item as a cycle', () => {
    expectRejected(withCondition(createDefinition(), 'd', { item: 'd', op: 'answered' }), ['items', 4, 'condition', 'item'], /its own item "d" \(a cycle\)/);
  });

  it('names a cycle between two items', () => {
    const def = withCondition(withCondition(createDefinition(), 'b', { item: 'd', op: 'answered' }), 'd', { item: 'b', op: 'answered' });
    expect(rejection(def).map((issue) => issue.reason)).toContainEqual(expect.stringMatching(/cycle: (b → d → b|d → b → d)/));
  });

  it('rejects duplicate item, option and module codes', () => {
    const base = createDefinition();
    expectRejected({ ...base, items: [...base.items, createItem({ code: 'a', type: 'yesno', module: 'bg' })] }, ['items', 7, 'code'], /duplicate item code "a"/);
    expectRejected(
      withItem(base, 'b', (item) => ({ ...item, options: [{ code: 'x', text: { nl: 'x', en: 'x' } }, { code: 'x', text: { nl: 'x2', en: 'x2' } }] }) as Item),
      ['items', 2, 'options', 1, 'code'],
      /duplicate option code "x"/,
    );
    expectRejected({ ...base, modules: [...base.modules, { code: 'm1', title: { nl: 'm', en: 'm' } }] }, ['modules', 2, 'code'], /duplicate module code "m1"/);
  });

  it('rejects a background item without zeg_niet, and a non-single background item', () => {
    const def = withItem(createDefinition(), 'g', (item) => ({ ...item, options: [{ code: 'g1', text: { nl: 'g', en: 'g' } }, { code: 'g2', text: { nl: 'g', en: 'g' } }] }) as Item);
    expectRejected(def, ['items', 6, 'options'], /must offer "zeg_niet"/);
    expectRejected(withItem(createDefinition(), 'd', (item) => ({ ...item, background: true })), ['items', 4, 'background'], /single-choice/);
  });

  it('rejects exclusive options outside multi items and reverse outside scale items', () => {
    const exclusive = withItem(createDefinition(), 'b', (item) => ({ ...item, options: [{ code: 'x', text: { nl: 'x', en: 'x' }, exclusive: true }, { code: 'y', text: { nl: 'y', en: 'y' } }] }) as Item);
    expectRejected(exclusive, ['items', 2, 'options', 0, 'exclusive'], /only multi items/);
    expectRejected(withItem(createDefinition(), 'b', (item) => ({ ...item, reverse: true })), ['items', 2, 'reverse'], /only scale items/);
  });

  it('rejects comparisons that do not fit the item they test', () => {
    const def = createDefinition();
    expectRejected(withCondition(def, 'd', { item: 'b', op: 'eq', value: 'z' }), ['items', 4, 'condition'], /no option "z"/);
    expectRejected(withCondition(def, 'd', { item: 'b', op: 'includes', value: 'x' }), ['items', 4, 'condition'], /'includes' applies to multi/);
    expectRejected(withCondition(def, 'd', { item: 'b', op: 'gte', value: 2 }), ['items', 4, 'condition'], /'gte' applies to scale/);
    expectRejected(withCondition(def, 'd', { item: 'a', op: 'in', value: [2, 9] }), ['items', 4, 'condition'], /9 is not a value/);
    expectRejected(withCondition(def, 'd', { item: 'a', op: 'gt', value: 6 }), ['items', 4, 'condition'], /outside the range/);
    expectRejected(withCondition(def, 'd', { item: 'c', op: 'eq', value: 'p' }), ['items', 4, 'condition'], /only be tested with 'includes'/);
    expectRejected(withCondition(def, 't', { item: 'c', op: 'includes', value: 'r' }), ['items', 5, 'condition'], /no option "r"/);
  });

  it('rejects items outside module order and modules without items', () => {
    const def = createDefinition();
    const [first, ...rest] = def.items;
    expectRejected({ ...def, items: [...rest, first as Item] }, ['items', 6, 'module'], /grouped by module/);
    expectRejected({ ...def, modules: [...def.modules, { code: 'm3', title: { nl: 'm', en: 'm' } }] }, ['modules', 2], /has no items/);
    expectRejected(withItem(def, 'd', (item) => ({ ...item, module: 'zz' })), ['items', 4, 'module'], /unknown module "zz"/);
  });

  it('rejects dangling scale, base, derived, dimension and indicator references', () => {
    const def = createDefinition();
    expectRejected({ ...def, scales: [{ ...def.scales[0]!, items: ['a', 'zz'] }] }, ['scales', 0, 'items', 1], /unknown item "zz"/);
    expectRejected({ ...def, scales: [{ ...def.scales[0]!, items: ['a', 'b'] }] }, ['scales', 0, 'items', 1], /not a scale item/);
    expectRejected({ ...def, scales: [{ ...def.scales[0]!, minAnswered: 3 }] }, ['scales', 0, 'minAnswered'], /exceeds/);
    expectRejected({ ...def, scales: [{ ...def.scales[0]!, range: { min: 1, max: 10 } }] }, ['scales', 0, 'range'], /1–5/);
    expectRejected({ ...def, bases: [{ code: 'bx', title: { nl: 'b', en: 'b' }, condition: { item: 'zz', op: 'answered' } }] }, ['bases', 0, 'condition', 'item'], /unknown item "zz"/);
    expectRejected({ ...def, derived: [{ code: 'grp', title: { nl: 'g', en: 'g' }, type: 'first_disclosed', sources: ['g', 'b'] }] }, ['derived', 0, 'sources', 1], /not a background item/);
    expectRejected({ ...def, dimensions: ['all', 'zz'] }, ['dimensions', 1], /unknown dimension "zz"/);
    expectRejected({ ...def, indicators: [{ code: 'c', select: 'options', kind: 'proportion', base: 'all', item: 'zz', options: 'each' }] }, ['indicators', 0, 'item'], /unknown item "zz"/);
    expectRejected({ ...def, indicators: [{ code: 'c', select: 'options', kind: 'proportion', base: 'all', item: 'c', options: ['r'] }] }, ['indicators', 0, 'options', 0], /no option "r"/);
    expectRejected({ ...def, indicators: [{ code: 'c', select: 'options', kind: 'proportion', base: 'nobody', item: 'c', options: 'each' }] }, ['indicators', 0, 'base'], /unknown base "nobody"/);
    expectRejected(
      { ...def, indicators: [{ code: 'a', select: 'collapse', kind: 'proportion', base: 'all', item: 'a', collapses: [{ option: 'x', collapse: 'zz' }] }] },
      ['indicators', 0, 'collapses', 0, 'collapse'],
      /unknown collapse "zz"/,
    );
    expectRejected({ ...def, indicators: [{ code: 'sc', select: 'scale_mean', kind: 'mean', base: 'all', scale: 'zz' }] }, ['indicators', 0, 'scale'], /unknown scale "zz"/);
    expectRejected({ ...def, indicators: [...def.indicators, def.indicators[0]!] }, ['indicators', 3], /duplicate release row c\/p/);
  });

  it('rejects unknown placeholders in texts', () => {
    const def = createDefinition();
    expectRejected({ ...def, modules: [{ ...def.modules[0]!, intro: { nl: 'zie {meldpunt}', en: 'see {reporting_point_url}' } }, def.modules[1]!] }, ['modules', 0, 'intro', 'nl'], /unknown placeholder \{meldpunt\}/);
  });

  it('lists every issue in the error message with its path', () => {
    const def = withCondition(createDefinition(), 'd', { item: 'nope', op: 'answered' });
    expect(() => checkDefinition(def)).toThrow(/items\[4\]\.condition\.item: unknown item "nope"/);
  });
});

describe('parseDefinition', () => {
  it('parses the reference source, as an object and as JSON text', () => {
    expect(parseDefinition(werkbelevingSv1Source)).toEqual(werkbeleving);
    expect(parseDefinition(JSON.stringify(werkbelevingSv1Source))).toEqual(werkbeleving);
  });

  it('turns structural problems into a DefinitionError with paths', () => {
    const broken = { ...werkbelevingSv1Source, title: { nl: 'Titel' } };
    expect(() => parseDefinition(broken)).toThrow(DefinitionError);
    try {
      parseDefinition(broken);
    } catch (error) {
      expect((error as DefinitionError).issues.map((issue) => issue.path)).toContainEqual(['title', 'en']);
    }
  });

  it('rejects unknown keys (typos such as "reversed")', () => {
    const source = JSON.parse(JSON.stringify(werkbelevingSv1Source)) as { items: Record<string, unknown>[] };
    source.items[0] = { ...source.items[0], reversed: true };
    expect(() => parseDefinition(source)).toThrow(/reversed/);
  });

  it('runs the whole-definition check after parsing', () => {
    const source = JSON.parse(JSON.stringify(werkbelevingSv1Source)) as { items: { code: string; condition?: unknown }[] };
    const form = source.items.find((item) => item.code === 'sv_form');
    if (form === undefined) throw new Error('fixture lacks sv_form');
    form.condition = { item: 'sv_experiencd', op: 'gte', value: 2 };
    expect(() => parseDefinition(source)).toThrow(/unknown item "sv_experiencd"/);
  });

  it('rejects invalid JSON text', () => {
    expect(() => parseDefinition('{ not json')).toThrow(/not valid JSON/);
  });
});
