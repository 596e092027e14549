import { z } from 'zod';

/**
 * The shape of an instrument definition. Structure only: cross-references (conditions that name
 * items, scales, indicators, ...) are checked by `checkDefinition`, because zod sees one field at a
 * time and cannot tell whether an item code points at an item that exists and comes earlier.
 */

/** Answer given as "I'd rather not say"; required on every background item. */
export const UNDISCLOSED = 'zeg_niet';
/** Reporting group for respondents who did not disclose (empty, `zeg_niet`, or not asked). */
export const UNKNOWN_GROUP = 'onbekend';
/** Placeholders a text may contain; they are filled from organisation settings at display time. */
export const KNOWN_PLACEHOLDERS = ['reporting_point_url'] as const;
/** The release-table bases that need no definition of their own. */
export const BUILTIN_BASES = ['all', 'headcount'] as const;

// Item codes become CSV columns and `item.option` columns, so no dots, no capitals, no spaces.
const ItemCodeSchema = z.string().regex(/^[a-z][a-z0-9_]*$/, 'use lower-case letters, digits and _ (starting with a letter)');
// Option codes may start with a digit (`25_34`) but must not contain a dot (CSV `item.option`).
const OptionCodeSchema = z.string().regex(/^[a-z0-9][a-z0-9_]*$/, 'use lower-case letters, digits and _');

export const LocalizedTextSchema = z.strictObject({
  nl: z.string().trim().min(1),
  en: z.string().trim().min(1),
});
export type LocalizedText = z.infer<typeof LocalizedTextSchema>;

export const ScaleKindSchema = z.enum(['agree5', 'freq5', 'mark10']);
export type ScaleKind = z.infer<typeof ScaleKindSchema>;

/** Value range and answer labels of each scale kind (labels indexed by value − min). */
export const SCALE_KINDS: Readonly<Record<ScaleKind, { min: number; max: number; labels: readonly LocalizedText[] }>> = {
  agree5: {
    min: 1,
    max: 5,
    labels: [
      { nl: 'helemaal oneens', en: 'strongly disagree' },
      { nl: 'oneens', en: 'disagree' },
      { nl: 'neutraal', en: 'neutral' },
      { nl: 'eens', en: 'agree' },
      { nl: 'helemaal eens', en: 'strongly agree' },
    ],
  },
  freq5: {
    min: 1,
    max: 5,
    labels: [
      { nl: 'nooit', en: 'never' },
      { nl: 'een enkele keer', en: 'once or twice' },
      { nl: 'soms', en: 'sometimes' },
      { nl: 'vaak', en: 'often' },
      { nl: '(bijna) altijd', en: '(almost) always' },
    ],
  },
  // A report mark has no verbal labels; the survey shows the digits.
  mark10: { min: 1, max: 10, labels: [] },
};

export const OptionSchema = z.strictObject({
  code: OptionCodeSchema,
  text: LocalizedTextSchema,
  /** Cannot be combined with other options (multi items only). */
  exclusive: z.boolean().optional(),
});
export type Option = z.infer<typeof OptionSchema>;

/** The fixed options of a `yesno` item; the definition does not repeat them. */
export const YESNO_OPTIONS: readonly Option[] = [
  { code: 'ja', text: { nl: 'ja', en: 'yes' } },
  { code: 'nee', text: { nl: 'nee', en: 'no' } },
];

export type Comparison =
  | { item: string; op: 'eq' | 'neq'; value: string | number }
  | { item: string; op: 'in'; value: (string | number)[] }
  | { item: string; op: 'gte' | 'lte' | 'gt' | 'lt'; value: number }
  | { item: string; op: 'includes'; value: string }
  | { item: string; op: 'answered' };

/** Skip logic as a data tree (never as an expression string). */
export type Condition = { all: Condition[] } | { any: Condition[] } | { not: Condition } | Comparison;

const ScalarSchema = z.union([z.string(), z.number()]);

export const ComparisonSchema = z.discriminatedUnion('op', [
  z.strictObject({ item: ItemCodeSchema, op: z.enum(['eq', 'neq']), value: ScalarSchema }),
  z.strictObject({ item: ItemCodeSchema, op: z.literal('in'), value: z.array(ScalarSchema).min(1) }),
  z.strictObject({ item: ItemCodeSchema, op: z.enum(['gte', 'lte', 'gt', 'lt']), value: z.number() }),
  z.strictObject({ item: ItemCodeSchema, op: z.literal('includes'), value: OptionCodeSchema }),
  z.strictObject({ item: ItemCodeSchema, op: z.literal('answered') }),
]);

export const ConditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ all: z.array(ConditionSchema).min(1) }),
    z.strictObject({ any: z.array(ConditionSchema).min(1) }),
    z.strictObject({ not: ConditionSchema }),
    ComparisonSchema,
  ]),
);

const itemBase = {
  code: ItemCodeSchema,
  module: ItemCodeSchema,
  text: LocalizedTextSchema,
  required: z.boolean().optional(),
  /** Reverse-scored in scale scores (x' = min + max − x); scale items only. */
  reverse: z.boolean().optional(),
  condition: ConditionSchema.optional(),
  /** A background (reporting dimension) item; must offer `zeg_niet`. */
  background: z.boolean().optional(),
};

export const SingleItemSchema = z.strictObject({ ...itemBase, type: z.literal('single'), options: z.array(OptionSchema).min(2) });
export const MultiItemSchema = z.strictObject({ ...itemBase, type: z.literal('multi'), options: z.array(OptionSchema).min(1) });
export const ScaleItemSchema = z.strictObject({ ...itemBase, type: z.literal('scale'), scale: ScaleKindSchema });
export const YesNoItemSchema = z.strictObject({ ...itemBase, type: z.literal('yesno') });
export const TextItemSchema = z.strictObject({ ...itemBase, type: z.literal('text'), maxLength: z.int().positive() });

export const ItemSchema = z.discriminatedUnion('type', [
  SingleItemSchema,
  MultiItemSchema,
  ScaleItemSchema,
  YesNoItemSchema,
  TextItemSchema,
]);
export type Item = z.infer<typeof ItemSchema>;
export type ItemType = Item['type'];
export type SingleItem = z.infer<typeof SingleItemSchema>;
export type MultiItem = z.infer<typeof MultiItemSchema>;
export type ScaleItem = z.infer<typeof ScaleItemSchema>;
export type YesNoItem = z.infer<typeof YesNoItemSchema>;
export type TextItem = z.infer<typeof TextItemSchema>;

export const ModuleSchema = z.strictObject({
  code: ItemCodeSchema,
  title: LocalizedTextSchema,
  /** Shown before the module's first item (e.g. the social-safety signpost). */
  intro: LocalizedTextSchema.optional(),
});
export type Module = z.infer<typeof ModuleSchema>;

const RangeSchema = z.strictObject({ min: z.int(), max: z.int() });

export const ScaleSchema = z.strictObject({
  code: ItemCodeSchema,
  title: LocalizedTextSchema,
  items: z.array(ItemCodeSchema).min(1),
  /** Score only when at least this many items are answered (2 of 3, 3 of 4, ...). */
  minAnswered: z.int().positive(),
  /** Range of the score; equals the range of the items' scale kind. */
  range: RangeSchema,
});
export type Scale = z.infer<typeof ScaleSchema>;

/** A named set of adjacent scale values reported as one share, e.g. `any` = freq5 2–5. */
export const CollapseSchema = z.strictObject({
  code: OptionCodeSchema,
  title: LocalizedTextSchema,
  scale: ScaleKindSchema,
  min: z.int(),
  max: z.int(),
});
export type Collapse = z.infer<typeof CollapseSchema>;

/** A sub-population used as a denominator in release tables (e.g. `victims`). */
export const BaseSchema = z.strictObject({
  code: ItemCodeSchema,
  title: LocalizedTextSchema,
  condition: ConditionSchema,
});
export type Base = z.infer<typeof BaseSchema>;

/** A reporting dimension computed from background items: the first disclosed source wins. */
export const DerivedDimensionSchema = z.strictObject({
  code: ItemCodeSchema,
  title: LocalizedTextSchema,
  type: z.literal('first_disclosed'),
  sources: z.array(ItemCodeSchema).min(1),
});
export type DerivedDimension = z.infer<typeof DerivedDimensionSchema>;

const IndicatorBaseSchema = ItemCodeSchema;

/**
 * Which way an indicator is good: `higher` (a higher share or mean is better: knows where to
 * report, trust, scale scores), `lower` (experienced unwanted behaviour, fear of reporting) or
 * `neutral` (descriptive breakdowns such as forms or perpetrators, where neither way is "better").
 * Colours, arrows and words on every page follow it (`indicatorDirection`). Leaving it out means
 * `neutral` (definitions stored before the field existed), so nothing is ever coloured as good or
 * bad by accident.
 */
export const IndicatorDirectionSchema = z.enum(['higher', 'lower', 'neutral']);
export type IndicatorDirection = z.infer<typeof IndicatorDirectionSchema>;
const direction = IndicatorDirectionSchema.optional();

/**
 * Release-table indicators. `select` says how the `option` column is produced:
 * - `options`: one row per option code of a single/multi/yesno item (`each`, or a listed subset);
 * - `collapse`: one row per named collapse of a scale item, under a release option name;
 * - `scale_mean` / `item_mean`: one `mean` row;
 * - `respondents`: the response rate, one `all` row over the headcount.
 * `denominator` names the item whose answering puts a respondent in `n` when that differs from
 * the indicator's own item (sv_form among all respondents: n is who answered sv_experienced).
 */
export const IndicatorSchema = z.discriminatedUnion('select', [
  z.strictObject({
    code: ItemCodeSchema,
    select: z.literal('options'),
    kind: z.literal('proportion'),
    base: IndicatorBaseSchema,
    direction,
    item: ItemCodeSchema,
    options: z.union([z.literal('each'), z.array(OptionCodeSchema).min(1)]),
    denominator: ItemCodeSchema.optional(),
  }),
  z.strictObject({
    code: ItemCodeSchema,
    select: z.literal('collapse'),
    kind: z.literal('proportion'),
    base: IndicatorBaseSchema,
    direction,
    item: ItemCodeSchema,
    collapses: z.array(z.strictObject({ option: OptionCodeSchema, collapse: OptionCodeSchema })).min(1),
    denominator: ItemCodeSchema.optional(),
  }),
  z.strictObject({
    code: ItemCodeSchema,
    select: z.literal('scale_mean'),
    kind: z.literal('mean'),
    base: IndicatorBaseSchema,
    direction,
    scale: ItemCodeSchema,
  }),
  z.strictObject({
    code: ItemCodeSchema,
    select: z.literal('item_mean'),
    kind: z.literal('mean'),
    base: IndicatorBaseSchema,
    direction,
    item: ItemCodeSchema,
  }),
  z.strictObject({
    code: ItemCodeSchema,
    select: z.literal('respondents'),
    kind: z.literal('proportion'),
    base: z.literal('headcount'),
    direction,
  }),
]);
export type Indicator = z.infer<typeof IndicatorSchema>;

export const InstrumentDefinitionSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'use lower-case letters, digits and -'),
  version: z.int().positive(),
  title: LocalizedTextSchema,
  modules: z.array(ModuleSchema).min(1),
  /** In presentation order; grouped by module in module order. */
  items: z.array(ItemSchema).min(1),
  scales: z.array(ScaleSchema),
  collapses: z.array(CollapseSchema),
  bases: z.array(BaseSchema),
  derived: z.array(DerivedDimensionSchema),
  /** Reporting dimensions: `all`, background item codes and derived dimension codes. */
  dimensions: z.array(ItemCodeSchema).min(1),
  indicators: z.array(IndicatorSchema),
});
export type InstrumentDefinition = z.infer<typeof InstrumentDefinitionSchema>;
/** The authoring shape (what a definition file contains before parsing). */
export type InstrumentDefinitionInput = z.input<typeof InstrumentDefinitionSchema>;

/** One answer: option code (single, yesno), integer (scale), option codes (multi), or text. */
export const AnswerValueSchema = z.union([z.string(), z.number(), z.array(z.string())]);
export type AnswerValue = z.infer<typeof AnswerValueSchema>;

/**
 * A respondent's answers keyed by item code (decision 001). An absent key means "not answered"
 * or "not asked"; an empty array means a multi item was asked and nothing was chosen.
 */
export const AnswersSchema = z.record(z.string(), AnswerValueSchema);
export type Answers = z.infer<typeof AnswersSchema>;
