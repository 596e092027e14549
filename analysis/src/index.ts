export * from './stats/index.js';
export * from './disclosure/index.js';
