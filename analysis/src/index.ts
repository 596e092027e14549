export * from './stats/index.js';
export * from './disclosure/index.js';
export * from './release/index.js';
