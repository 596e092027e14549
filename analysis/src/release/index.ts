export * from './estimates.js';
export * from './compare.js';
