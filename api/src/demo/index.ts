/**
 * Deterministic synthetic demo data: a Defence-like organisation with its unit tree, headcounts,
 * survey waves and responses to `werkbeleving-sv@1`, reproducing the published patterns listed in
 * PARAMETERS.md.
 */
export type { DemoAnswers, DemoData, DemoOptions, DemoPopulationRow, DemoResponse, DemoSize, DemoUnit, DemoWave } from './types.js';
export type { Branch, DemoParameters, Trend } from './parameters.js';
export { demoParameters } from './parameters.js';
export { INSTRUMENT, generateDemo, generateDemoFrame, generateResponses } from './generate.js';
