export * from './risks.js';
export * from './lists.js';
export { computeRisks } from './compute.js';
