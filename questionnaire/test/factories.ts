import type { InstrumentDefinition, Item } from '../src/index.js';

const text = (label: string) => ({ nl: `${label} (nl)`, en: `${label} (en)` });

/** A valid item of the given type with defaults you override. */
export function createItem(overrides: Partial<Item> & Pick<Item, 'code' | 'type'>): Item {
  const base = { module: 'm1', text: text(overrides.code) };
  switch (overrides.type) {
    case 'single':
      return { ...base, options: [{ code: 'x', text: text('x') }, { code: 'y', text: text('y') }], ...overrides } as Item;
    case 'multi':
      return { ...base, options: [{ code: 'p', text: text('p') }, { code: 'q', text: text('q') }, { code: 'none', text: text('none'), exclusive: true }], ...overrides } as Item;
    case 'scale':
      return { ...base, scale: 'agree5', ...overrides } as Item;
    case 'text':
      return { ...base, maxLength: 5, ...overrides } as Item;
    case 'yesno':
      return { ...base, ...overrides } as Item;
  }
}

/**
 * A small valid definition exercising every item type: a (agree5), b (single x/y), c (multi
 * p/q/none*, shown when b = x), d (yesno), t (text, max 5), g (background), with one scale,
 * one base and indicators. Override any part.
 */
export function createDefinition(overrides: Partial<InstrumentDefinition> = {}): InstrumentDefinition {
  return {
    id: 'test',
    version: 1,
    title: text('Test'),
    modules: [
      { code: 'm1', title: text('Module 1') },
      { code: 'bg', title: text('Background') },
    ],
    items: [
      createItem({ code: 'a', type: 'scale' }),
      createItem({ code: 'a2', type: 'scale', reverse: true }),
      createItem({ code: 'b', type: 'single' }),
      createItem({ code: 'c', type: 'multi', condition: { item: 'b', op: 'eq', value: 'x' } }),
      createItem({ code: 'd', type: 'yesno' }),
      createItem({ code: 't', type: 'text' }),
      createItem({
        code: 'g',
        module: 'bg',
        type: 'single',
        background: true,
        options: [{ code: 'g1', text: text('g1') }, { code: 'zeg_niet', text: text('zeg niet') }],
      }),
    ],
    scales: [{ code: 'sc', title: text('Scale'), items: ['a', 'a2'], minAnswered: 1, range: { min: 1, max: 5 } }],
    collapses: [{ code: 'agree', title: text('agree'), scale: 'agree5', min: 4, max: 5 }],
    bases: [{ code: 'bx', title: text('b is x'), condition: { item: 'b', op: 'eq', value: 'x' } }],
    derived: [],
    dimensions: ['all', 'g'],
    indicators: [
      { code: 'c', select: 'options', kind: 'proportion', base: 'bx', item: 'c', options: 'each' },
      { code: 'a', select: 'collapse', kind: 'proportion', base: 'all', item: 'a', collapses: [{ option: 'agree', collapse: 'agree' }] },
      { code: 'sc', select: 'scale_mean', kind: 'mean', base: 'all', scale: 'sc' },
    ],
    ...overrides,
  };
}

/** The definition with the item `code` replaced by `patch` applied to it. */
export function withItem(def: InstrumentDefinition, code: string, patch: (item: Item) => Item): InstrumentDefinition {
  return { ...def, items: def.items.map((item) => (item.code === code ? patch(item) : item)) };
}
