/**
 * The statistics only (no disclosure control, no LP solver): the entry point for apps that draw
 * figures in the browser or on their server, such as the dashboard's funnel limits.
 */
export * from './stats/index.js';
