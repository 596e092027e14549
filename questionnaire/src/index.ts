export * from './schema.js';
export * from './errors.js';
export { itemOptions, scaleRange, getItem, getAnswer } from './items.js';
export { evaluateCondition, conditionItems, conditionLeaves } from './conditions.js';
export { visibleItems, isVisible, shownAnswers } from './visibility.js';
export { checkDefinition, definitionIssues, parseDefinition, instrumentKey } from './check-definition.js';
export { validateResponse, assertValidResponse } from './validate-response.js';
export type { ResponseValidation } from './validate-response.js';
export { reportingGroups, dimensionGroups, scaleScores, inBase, isVictim, deriveResponse, deriveValidatedResponse } from './derive.js';
export type { DerivedResponse } from './derive.js';
export { indicatorCells, indicatorDirection, measureIndicator, measureIndicators } from './indicators.js';
export type { IndicatorCell, IndicatorContribution } from './indicators.js';
export { CSV_META_COLUMNS, csvColumns, checkCsvHeader, answersFromCsvRow, answersToCsvRow } from './csv.js';
export type { CsvIssue } from './csv.js';
export { fillPlaceholders } from './text.js';
export type { PlaceholderValues } from './text.js';
export { werkbeleving, referenceInstruments, getReferenceInstrument } from './instruments/index.js';
export { werkbelevingSv1Source } from './instruments/werkbeleving-sv-1.js';
export {
  HEADLINE_FIGURES, HEADLINE_INDICATORS, HEADLINE_WITH_RESPONSE_RATE, HEADLINE_LABELS, headlineLabel, type HeadlineFigure,
} from './headline.js';
export { REPORTING_DIMENSIONS, isReportingDimension, reportingDimensionGroups, dimensionLabelKey, groupLabelKey, type ReportingDimension } from './dimensions.js';
