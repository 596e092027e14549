import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { answersFromCsvRow, answersToCsvRow, isVisible, validateResponse, visibleItems, werkbeleving } from '../src/index.js';
import type { Answers, InstrumentDefinition, Item } from '../src/index.js';
import { createDefinition } from './factories.js';

type Gen = fc.GeneratorValue;

/** A valid value for an item, drawn from the generator. */
function pick(g: Gen, item: Item): Answers[string] {
  switch (item.type) {
    case 'single':
      return g(fc.constantFrom, ...item.options.map((o) => o.code));
    case 'yesno':
      return g(fc.constantFrom, 'ja', 'nee');
    case 'scale': {
      const max = item.scale === 'mark10' ? 10 : 5;
      return g(fc.integer, { min: 1, max });
    }
    case 'multi': {
      const exclusive = item.options.filter((o) => o.exclusive === true).map((o) => o.code);
      const others = item.options.filter((o) => o.exclusive !== true).map((o) => o.code);
      if (exclusive.length > 0 && g(fc.boolean)) return [g(fc.constantFrom, ...exclusive)];
      return g(fc.shuffledSubarray, others);
    }
    case 'text':
      return g(fc.string, { minLength: 1, maxLength: item.maxLength, unit: 'binary' }).replace(/^\s*$/, 'x');
  }
}

/** Walks the questionnaire as a respondent would: each shown item answered or skipped. */
function walk(g: Gen, def: InstrumentDefinition): Answers {
  const answers: Answers = {};
  for (const item of def.items) {
    if (!isVisible(def, item.code, answers)) continue;
    // Answer most items so the deeper paths (victims, discrimination) are reached often.
    if (g(fc.integer, { min: 0, max: 9 }) === 0) continue;
    answers[item.code] = pick(g, item);
  }
  return answers;
}

describe.each([
  ['werkbeleving-sv@1', werkbeleving],
  ['factory definition', createDefinition()],
])('answers from walking %s', (_name, def) => {
  it('always validate, and every answered item is visible', () => {
    fc.assert(
      fc.property(fc.gen(), (g) => {
        const answers = walk(g, def);
        const result = validateResponse(def, answers);
        expect(result).toMatchObject({ ok: true });
        const visible = visibleItems(def, answers);
        for (const code of Object.keys(answers)) expect(visible).toContain(code);
      }),
      { numRuns: 300 },
    );
  });

  it('survive a CSV round trip (multi answers in definition order)', () => {
    fc.assert(
      fc.property(fc.gen(), (g) => {
        const answers = walk(g, def);
        const result = validateResponse(def, answers);
        if (!result.ok) throw new Error('walk produced invalid answers');
        expect(answersFromCsvRow(def, answersToCsvRow(def, answers))).toEqual({ answers: result.answers });
      }),
      { numRuns: 300 },
    );
  });

  it('turn invalid when an answer is added to a hidden item', () => {
    fc.assert(
      fc.property(fc.gen(), (g) => {
        const answers = walk(g, def);
        const hidden = def.items.filter((item) => !visibleItems(def, answers).includes(item.code));
        fc.pre(hidden.length > 0);
        const target = g(fc.constantFrom, ...hidden);
        const result = validateResponse(def, { ...answers, [target.code]: pick(g, target) });
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.errors.map((e) => e.code)).toContain('not_shown');
      }),
      { numRuns: 200 },
    );
  });
});
