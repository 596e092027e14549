export * from './estimates.js';
export * from './compare.js';
export * from './comparisons.js';
