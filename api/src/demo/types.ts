import type { DemoParameters } from './parameters.js';

/**
 * Answers keyed by item code, as in docs/decisions/001-answer-format.md. Defined here until
 * `@vw/questionnaire` exports its `Answers` type; the shapes are the same.
 */
export type DemoAnswers = Record<string, string | number | string[]>;

/** One row of units.csv (interchange.md). */
export interface DemoUnit {
  code: string;
  parent: string | null;
  name: string;
  level: string;
  excludedFromPooling: boolean;
  validFrom: string | null;
  validTo: string | null;
}

/** One row of population.csv: headcount of a unit including everything below it. */
export interface DemoPopulationRow {
  unit: string;
  period: string;
  dimension: string;
  group: string;
  headcount: number;
}

export interface DemoWave {
  code: string;
  org: string;
  /** `id@version` of the instrument, e.g. `werkbeleving-sv@1`. */
  instrument: string;
  /** Every unit whose own staff were surveyed (sub-units are listed explicitly). */
  units: string[];
  opens: string;
  closes: string;
  kind: 'census' | 'sample';
}

export interface DemoResponse {
  /** Random UUID v4 drawn from the seeded generator: says nothing about order or person. */
  id: string;
  wave: string;
  unit: string;
  /** YYYY-MM-DD */
  submittedOn: string;
  answers: DemoAnswers;
}

export interface DemoData {
  organisation: { code: string; name: string };
  units: DemoUnit[];
  population: DemoPopulationRow[];
  waves: DemoWave[];
  responses: DemoResponse[];
  parameters: DemoParameters;
}

export type DemoSize = 'small' | 'defence';

export interface DemoOptions {
  /** `small` (default): one branch, ~40 units, 3 waves. `defence`: seven branches, ~600 units, 9 waves. */
  size?: DemoSize;
  /** PRNG seed (default 1). Same seed, same data. */
  seed?: number;
  /** Multiplies every unit's staff (default 1); `defence` with scale 10 gives about a million responses. */
  scale?: number;
}
