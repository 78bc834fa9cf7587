/** Public surface of the adaptive engine. */
export * from './irt-schema.js';
export * from './models.js';
export * from './config.js';
export * from './session.js';
export * from './exposure.js';
export * from './prng.js';
export { bandOf, levelOfBand, subLevelOf, type SubLevel } from './cefr.js';
export type { NormalPrior } from './estimation.js';
export { estimateCorrelation, type LikelihoodSummary, type CorrelationEstimate } from './priors.js';
