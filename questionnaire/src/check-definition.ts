import { conditionLeaves } from './conditions.js';
import { DefinitionError } from './errors.js';
import type { DefinitionIssue } from './errors.js';
import { itemOptions, scaleRange } from './items.js';
import { BUILTIN_BASES, InstrumentDefinitionSchema, KNOWN_PLACEHOLDERS, SCALE_KINDS, UNDISCLOSED } from './schema.js';
import type { Comparison, Condition, InstrumentDefinition, Item, LocalizedText } from './schema.js';

type Path = (string | number)[];

/** Why a comparison does not fit the item it tests, or undefined when it does. */
function comparisonProblem(leaf: Comparison, target: Item): string | undefined {
  if (leaf.op === 'answered') return undefined;
  if (target.type === 'text') return `text item "${target.code}" can only be tested with 'answered'`;
  if (leaf.op === 'includes') {
    if (target.type !== 'multi') return `'includes' applies to multi items; "${target.code}" is ${target.type}`;
    return itemOptions(target).some((option) => option.code === leaf.value)
      ? undefined
      : `"${target.code}" has no option "${leaf.value}"`;
  }
  if (target.type === 'multi') return `multi item "${target.code}" can only be tested with 'includes' or 'answered'`;
  const range = scaleRange(target);
  if (leaf.op === 'gte' || leaf.op === 'lte' || leaf.op === 'gt' || leaf.op === 'lt') {
    if (range === undefined) return `'${leaf.op}' applies to scale items; "${target.code}" is ${target.type}`;
    return leaf.value >= range.min && leaf.value <= range.max
      ? undefined
      : `${leaf.value} is outside the range ${range.min}–${range.max} of "${target.code}"`;
  }
  const values = leaf.op === 'in' ? leaf.value : [leaf.value];
  for (const value of values) {
    if (range !== undefined) {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < range.min || value > range.max) {
        return `${JSON.stringify(value)} is not a value of scale item "${target.code}" (${range.min}–${range.max})`;
      }
    } else if (typeof value !== 'string' || !itemOptions(target).some((option) => option.code === value)) {
      return `"${target.code}" has no option ${JSON.stringify(value)}`;
    }
  }
  return undefined;
}

function placeholderIssues(text: LocalizedText, path: Path): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  for (const lang of ['nl', 'en'] as const) {
    for (const match of text[lang].matchAll(/\{([^}]*)\}/g)) {
      const name = match[1] ?? '';
      if (!(KNOWN_PLACEHOLDERS as readonly string[]).includes(name)) {
        issues.push({ path: [...path, lang], reason: `unknown placeholder {${name}}; known: ${KNOWN_PLACEHOLDERS.join(', ')}` });
      }
    }
  }
  return issues;
}

function duplicates<T>(values: T[], key: (value: T) => string): number[] {
  const seen = new Set<string>();
  const dupes: number[] = [];
  values.forEach((value, i) => {
    const k = key(value);
    if (seen.has(k)) dupes.push(i);
    seen.add(k);
  });
  return dupes;
}

/** What the checking steps share: where issues go, and the indexes the earlier steps built. */
interface CheckContext {
  readonly def: InstrumentDefinition;
  readonly issues: DefinitionIssue[];
  /** Item codes → their first position and the item itself (filled by `itemIssues`). */
  readonly position: Map<string, number>;
  readonly items: Map<string, Item>;
}

/** Records one issue at a path of the definition. */
function addIssue(ctx: CheckContext, path: Path, reason: string): void {
  ctx.issues.push({ path, reason });
}

/**
 * Every cross-reference problem in a definition, without throwing. `checkDefinition` is the
 * throwing form; this one lets an editor show all issues at once. Each part of the definition is
 * one named step, in the order of the definition, so issues come out in document order.
 *
 * @example
 * definitionIssues(werkbeleving); // []
 */
export function definitionIssues(def: InstrumentDefinition): DefinitionIssue[] {
  const ctx: CheckContext = { def, issues: [], position: new Map(), items: new Map() };
  const moduleOrder = moduleIssues(ctx);
  itemIssues(ctx, moduleOrder);
  itemConditionIssues(ctx);
  ctx.issues.push(...cycleIssues(def));
  const scales = scaleIssues(ctx);
  const collapses = collapseIssues(ctx);
  const bases = baseIssues(ctx);
  dimensionIssues(ctx);
  indicatorIssues(ctx, { scales, collapses, bases });
  return ctx.issues;
}

/** Modules: unique codes and known placeholders; returns each module's position. */
function moduleIssues(ctx: CheckContext): Map<string, number> {
  const { def, issues } = ctx;
  const moduleOrder = new Map<string, number>();
  def.modules.forEach((module, i) => {
    if (moduleOrder.has(module.code)) addIssue(ctx, ['modules', i, 'code'], `duplicate module code "${module.code}"`);
    else moduleOrder.set(module.code, i);
    issues.push(...placeholderIssues(module.title, ['modules', i, 'title']));
    if (module.intro !== undefined) issues.push(...placeholderIssues(module.intro, ['modules', i, 'intro']));
  });
  issues.push(...placeholderIssues(def.title, ['title']));
  return moduleOrder;
}

/** Items: unique codes, grouped by module in module order, options and flags; no empty module. */
function itemIssues(ctx: CheckContext, moduleOrder: Map<string, number>): void {
  const { def, position, items } = ctx;
  let lastModule = -1;
  def.items.forEach((item, i) => {
    const at: Path = ['items', i];
    if (position.has(item.code)) addIssue(ctx, [...at, 'code'], `duplicate item code "${item.code}"`);
    else {
      position.set(item.code, i);
      items.set(item.code, item);
    }
    const moduleIndex = moduleOrder.get(item.module);
    if (moduleIndex === undefined) addIssue(ctx, [...at, 'module'], `unknown module "${item.module}"`);
    else if (moduleIndex < lastModule) {
      addIssue(ctx, [...at, 'module'], `item "${item.code}" of module "${item.module}" comes after a later module's items; items must be grouped by module in module order`);
    } else lastModule = moduleIndex;
    ctx.issues.push(...placeholderIssues(item.text, [...at, 'text']));
    itemFlagIssues(ctx, item, at);
  });
  def.modules.forEach((module, i) => {
    if (!def.items.some((item) => item.module === module.code)) addIssue(ctx, ['modules', i], `module "${module.code}" has no items`);
  });
}

/** One item's options (unique, exclusive only on multi items), reverse scoring and background flag. */
function itemFlagIssues(ctx: CheckContext, item: Item, at: Path): void {
  if (item.type === 'single' || item.type === 'multi') {
    for (const j of duplicates(item.options, (option) => option.code)) {
      addIssue(ctx, [...at, 'options', j, 'code'], `duplicate option code "${item.options[j]?.code}" in item "${item.code}"`);
    }
    item.options.forEach((option, j) => {
      ctx.issues.push(...placeholderIssues(option.text, [...at, 'options', j, 'text']));
      if (option.exclusive === true && item.type !== 'multi') {
        addIssue(ctx, [...at, 'options', j, 'exclusive'], `exclusive option "${option.code}" on ${item.type} item "${item.code}"; only multi items have exclusive options`);
      }
    });
  }
  if (item.reverse === true && item.type !== 'scale') {
    addIssue(ctx, [...at, 'reverse'], `reverse scoring on ${item.type} item "${item.code}"; only scale items can be reversed`);
  }
  if (item.background === true) {
    if (item.type !== 'single') {
      addIssue(ctx, [...at, 'background'], `background item "${item.code}" must be a single-choice item (one reporting group per respondent)`);
    } else if (!item.options.some((option) => option.code === UNDISCLOSED)) {
      addIssue(ctx, [...at, 'options'], `background item "${item.code}" must offer "${UNDISCLOSED}"`);
    }
  }
}

/**
 * One condition: every leaf names a known item, an earlier one when `before` (the position of the
 * item it guards) is given, with a comparison that fits that item.
 */
function conditionIssues(ctx: CheckContext, condition: Condition, path: Path, before: number | undefined): void {
  for (const { leaf, path: sub } of conditionLeaves(condition)) {
    const where = [...path, ...sub];
    const target = ctx.items.get(leaf.item);
    if (target === undefined) {
      addIssue(ctx, [...where, 'item'], `unknown item "${leaf.item}"`);
      continue;
    }
    if (before !== undefined) {
      const targetAt = ctx.position.get(leaf.item) ?? -1;
      if (targetAt === before) {
        addIssue(ctx, [...where, 'item'], `condition refers to its own item "${leaf.item}" (a cycle)`);
        continue;
      }
      if (targetAt > before) {
        addIssue(ctx, [...where, 'item'], `condition refers to later item "${leaf.item}"; conditions may only refer to earlier items`);
        continue;
      }
    }
    const problem = comparisonProblem(leaf, target);
    if (problem !== undefined) addIssue(ctx, where, problem);
  }
}

/** The items' display conditions (known earlier items, fitting comparisons). */
function itemConditionIssues(ctx: CheckContext): void {
  ctx.def.items.forEach((item, i) => {
    if (item.condition !== undefined) conditionIssues(ctx, item.condition, ['items', i, 'condition'], i);
  });
}

/** Scales: unique codes not shared with items, scale items of one kind, the kind's range. */
function scaleIssues(ctx: CheckContext): Map<string, InstrumentDefinition['scales'][number]> {
  const { def, items } = ctx;
  for (const i of duplicates(def.scales, (scale) => scale.code)) addIssue(ctx, ['scales', i, 'code'], `duplicate scale code "${def.scales[i]?.code}"`);
  def.scales.forEach((scale, i) => {
    const at: Path = ['scales', i];
    if (items.has(scale.code)) addIssue(ctx, [...at, 'code'], `scale code "${scale.code}" is also an item code; indicator names would be ambiguous`);
    for (const j of duplicates(scale.items, (code) => code)) addIssue(ctx, [...at, 'items', j], `item "${scale.items[j]}" appears twice`);
    const kinds = new Set<string>();
    scale.items.forEach((code, j) => {
      const item = items.get(code);
      if (item === undefined) addIssue(ctx, [...at, 'items', j], `unknown item "${code}"`);
      else if (item.type !== 'scale') addIssue(ctx, [...at, 'items', j], `item "${code}" is ${item.type}, not a scale item`);
      else kinds.add(item.scale);
    });
    if (kinds.size > 1) addIssue(ctx, [...at, 'items'], `items mix scale kinds (${[...kinds].join(', ')})`);
    const [kind] = [...kinds];
    if (kinds.size === 1 && kind !== undefined) {
      const { min, max } = SCALE_KINDS[kind as keyof typeof SCALE_KINDS];
      if (scale.range.min !== min || scale.range.max !== max) addIssue(ctx, [...at, 'range'], `range must be ${min}–${max} for ${kind} items`);
    }
    if (scale.minAnswered > scale.items.length) addIssue(ctx, [...at, 'minAnswered'], `minAnswered ${scale.minAnswered} exceeds the ${scale.items.length} items`);
  });
  return new Map(def.scales.map((scale) => [scale.code, scale]));
}

/** Collapses: unique codes, values inside their scale kind. */
function collapseIssues(ctx: CheckContext): Map<string, InstrumentDefinition['collapses'][number]> {
  const { def } = ctx;
  for (const i of duplicates(def.collapses, (collapse) => collapse.code)) addIssue(ctx, ['collapses', i, 'code'], `duplicate collapse code "${def.collapses[i]?.code}"`);
  def.collapses.forEach((collapse, i) => {
    const { min, max } = SCALE_KINDS[collapse.scale];
    if (collapse.min > collapse.max) addIssue(ctx, ['collapses', i], `min ${collapse.min} exceeds max ${collapse.max}`);
    if (collapse.min < min || collapse.max > max) addIssue(ctx, ['collapses', i], `values ${collapse.min}–${collapse.max} fall outside ${collapse.scale} (${min}–${max})`);
  });
  return new Map(def.collapses.map((collapse) => [collapse.code, collapse]));
}

/** Bases: codes neither reserved nor repeated, conditions over known items; returns every base code. */
function baseIssues(ctx: CheckContext): Set<string> {
  const bases = new Set<string>(BUILTIN_BASES);
  ctx.def.bases.forEach((base, i) => {
    if (bases.has(base.code)) addIssue(ctx, ['bases', i, 'code'], `duplicate or reserved base code "${base.code}"`);
    bases.add(base.code);
    conditionIssues(ctx, base.condition, ['bases', i, 'condition'], undefined);
  });
  return bases;
}

/** Derived dimensions (sources are background items) and the list of reporting dimensions. */
function dimensionIssues(ctx: CheckContext): void {
  const { def, items } = ctx;
  const derived = new Set<string>();
  def.derived.forEach((dimension, i) => {
    const at: Path = ['derived', i];
    if (derived.has(dimension.code)) addIssue(ctx, [...at, 'code'], `duplicate derived dimension "${dimension.code}"`);
    if (items.has(dimension.code)) addIssue(ctx, [...at, 'code'], `derived dimension "${dimension.code}" is also an item code`);
    derived.add(dimension.code);
    dimension.sources.forEach((code, j) => {
      const item = items.get(code);
      if (item === undefined) addIssue(ctx, [...at, 'sources', j], `unknown item "${code}"`);
      else if (item.background !== true) addIssue(ctx, [...at, 'sources', j], `source "${code}" is not a background item`);
    });
  });
  for (const i of duplicates(def.dimensions, (code) => code)) addIssue(ctx, ['dimensions', i], `duplicate dimension "${def.dimensions[i]}"`);
  def.dimensions.forEach((code, i) => {
    if (code === 'all' || derived.has(code)) return;
    const item = items.get(code);
    if (item === undefined) addIssue(ctx, ['dimensions', i], `unknown dimension "${code}" (not all, a background item or a derived dimension)`);
    else if (item.background !== true) addIssue(ctx, ['dimensions', i], `dimension "${code}" is not a background item`);
  });
}

type Indicator = InstrumentDefinition['indicators'][number];

/** What indicators refer to besides items, as the earlier steps found it. */
interface IndicatorRefs {
  scales: Map<string, unknown>;
  collapses: Map<string, InstrumentDefinition['collapses'][number]>;
  bases: Set<string>;
}

/** Indicators: known bases and references, and no release row (indicator, option, base) twice. */
function indicatorIssues(ctx: CheckContext, refs: IndicatorRefs): void {
  const rowKeys = new Set<string>();
  const addRow = (at: Path, code: string, option: string, base: string) => {
    const key = `${code}\u0000${option}\u0000${base}`;
    if (rowKeys.has(key)) addIssue(ctx, at, `duplicate release row ${code}/${option} with base ${base}`);
    rowKeys.add(key);
  };
  ctx.def.indicators.forEach((indicator, i) => {
    const at: Path = ['indicators', i];
    if (indicator.select !== 'respondents') {
      if (indicator.base === 'headcount') addIssue(ctx, [...at, 'base'], `base headcount is only for the response rate`);
      else if (!refs.bases.has(indicator.base)) addIssue(ctx, [...at, 'base'], `unknown base "${indicator.base}"`);
    }
    switch (indicator.select) {
      case 'options':
        optionsIndicatorIssues(ctx, indicator, at, addRow);
        break;
      case 'collapse':
        collapseIndicatorIssues(ctx, indicator, at, refs.collapses, addRow);
        break;
      case 'scale_mean':
        if (!refs.scales.has(indicator.scale)) addIssue(ctx, [...at, 'scale'], `unknown scale "${indicator.scale}"`);
        addRow(at, indicator.code, 'mean', indicator.base);
        break;
      case 'item_mean': {
        const item = ctx.items.get(indicator.item);
        if (item === undefined) addIssue(ctx, [...at, 'item'], `unknown item "${indicator.item}"`);
        else if (item.type !== 'scale') addIssue(ctx, [...at, 'item'], `a mean needs a scale item; "${indicator.item}" is ${item.type}`);
        addRow(at, indicator.code, 'mean', indicator.base);
        break;
      }
      case 'respondents':
        addRow(at, indicator.code, 'all', indicator.base);
        break;
    }
  });
}

type AddRow = (at: Path, code: string, option: string, base: string) => void;

/** An indicator over an item's options: the item has them, and so does the denominator item. */
function optionsIndicatorIssues(ctx: CheckContext, indicator: Extract<Indicator, { select: 'options' }>, at: Path, addRow: AddRow): void {
  const item = ctx.items.get(indicator.item);
  if (item === undefined) {
    addIssue(ctx, [...at, 'item'], `unknown item "${indicator.item}"`);
    return;
  }
  const codes = itemOptions(item).map((option) => option.code);
  if (codes.length === 0) {
    addIssue(ctx, [...at, 'item'], `item "${indicator.item}" is ${item.type} and has no options`);
    return;
  }
  const chosen = indicator.options === 'each' ? codes : indicator.options;
  chosen.forEach((option, j) => {
    if (!codes.includes(option)) addIssue(ctx, [...at, 'options', j], `"${indicator.item}" has no option "${option}"`);
    addRow(at, indicator.code, option, indicator.base);
  });
  if (indicator.denominator !== undefined && !ctx.items.has(indicator.denominator)) addIssue(ctx, [...at, 'denominator'], `unknown item "${indicator.denominator}"`);
}

/** An indicator over collapsed scale values: a scale item, known collapses of its kind. */
function collapseIndicatorIssues(
  ctx: CheckContext, indicator: Extract<Indicator, { select: 'collapse' }>, at: Path,
  collapses: IndicatorRefs['collapses'], addRow: AddRow,
): void {
  const item = ctx.items.get(indicator.item);
  if (item === undefined) addIssue(ctx, [...at, 'item'], `unknown item "${indicator.item}"`);
  else if (item.type !== 'scale') addIssue(ctx, [...at, 'item'], `item "${indicator.item}" is ${item.type}; collapses apply to scale items`);
  indicator.collapses.forEach(({ option, collapse: code }, j) => {
    const collapse = collapses.get(code);
    if (collapse === undefined) addIssue(ctx, [...at, 'collapses', j, 'collapse'], `unknown collapse "${code}"`);
    else if (item?.type === 'scale' && item.scale !== collapse.scale) {
      addIssue(ctx, [...at, 'collapses', j, 'collapse'], `collapse "${code}" is for ${collapse.scale}; "${indicator.item}" is ${item.scale}`);
    }
    addRow(at, indicator.code, option, indicator.base);
  });
  if (indicator.denominator !== undefined && !ctx.items.has(indicator.denominator)) addIssue(ctx, [...at, 'denominator'], `unknown item "${indicator.denominator}"`);
}

/**
 * Cycles in the "condition refers to" graph. Forward references are already reported, but naming
 * the cycle itself tells the author which items to untangle.
 */
function cycleIssues(def: InstrumentDefinition): DefinitionIssue[] {
  const edges = new Map<string, string[]>();
  for (const item of def.items) {
    if (item.condition === undefined || edges.has(item.code)) continue;
    edges.set(item.code, conditionLeaves(item.condition).map(({ leaf }) => leaf.item).filter((code) => code !== item.code));
  }
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const issues: DefinitionIssue[] = [];
  const visit = (code: string) => {
    state.set(code, 'open');
    stack.push(code);
    for (const next of edges.get(code) ?? []) {
      const seen = state.get(next);
      if (seen === 'open') {
        const cycle = [...stack.slice(stack.indexOf(next)), next];
        const at = def.items.findIndex((item) => item.code === next);
        issues.push({ path: ['items', at, 'condition'], reason: `conditions form a cycle: ${cycle.join(' → ')}` });
      } else if (seen === undefined) visit(next);
    }
    stack.pop();
    state.set(code, 'done');
  };
  for (const code of edges.keys()) if (!state.has(code)) visit(code);
  return issues;
}

/**
 * Checks a definition as a whole and returns it; throws a DefinitionError listing every issue
 * (unknown or later items in conditions, cycles, duplicate codes, background items without
 * `zeg_niet`, exclusive options outside multi items, dangling scale/indicator references, ...).
 *
 * @example
 * checkDefinition(werkbeleving) === werkbeleving; // true
 */
export function checkDefinition(def: InstrumentDefinition): InstrumentDefinition {
  const issues = definitionIssues(def);
  if (issues.length > 0) throw new DefinitionError(issues);
  return def;
}

/**
 * Parses untrusted input (an object, or JSON text) into a checked definition. Structural
 * problems and cross-reference problems both surface as one DefinitionError.
 *
 * @example
 * const def = parseDefinition(JSON.stringify(source));
 */
export function parseDefinition(input: unknown): InstrumentDefinition {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (error) {
      throw new DefinitionError([{ path: [], reason: `not valid JSON: ${(error as Error).message}` }]);
    }
  }
  const parsed = InstrumentDefinitionSchema.safeParse(value);
  if (!parsed.success) {
    throw new DefinitionError(parsed.error.issues.map((issue) => ({ path: issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part)), reason: issue.message })));
  }
  return checkDefinition(parsed.data);
}

/**
 * The `ID@VERSION` key used by the CLI and by responses to name an instrument version.
 *
 * @example
 * instrumentKey(werkbeleving); // 'werkbeleving-sv@1'
 */
export function instrumentKey(def: Pick<InstrumentDefinition, 'id' | 'version'>): string {
  return `${def.id}@${def.version}`;
}
