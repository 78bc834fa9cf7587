/**
 * The cross-skill prior's correlation, estimated from the centre's own finished sittings (issue 18).
 * The configured matrix (0.7 between every pair by default) is a guess; once a bank has
 * `MIN_SITTINGS` written tests done, the correlation their likelihood summaries show replaces it
 * (adaptive/priors.ts `estimateCorrelation`, shrunk toward the configured one). Called at each
 * server start, per bank; sittings in progress keep the prior of the skill they are in (it is in
 * their state), and later skills use the new one.
 */
import { estimateCorrelation, withCorrelation, type CorrelationEstimate } from '../adaptive/index.js';
import type { LoadedBank, SittingRepository } from './ports.js';

export const MIN_SITTINGS = 300;
/** The newest sittings only: the population of candidates may drift. */
export const MAX_SITTINGS = 5000;

/** Estimate from the bank's finished sittings and use it; null (engine unchanged) while there are too few. */
export async function adoptEstimatedCorrelation(bank: LoadedBank, sittings: Pick<SittingRepository, 'writtenResults'>): Promise<CorrelationEstimate | null> {
  const results = await sittings.writtenResults(bank.id, MAX_SITTINGS);
  const estimate = estimateCorrelation(results, bank.engine.config.skillOrder, { fallback: bank.engine.config.correlation, minSittings: MIN_SITTINGS });
  if (estimate) bank.engine = withCorrelation(bank.engine, estimate.correlation);
  return estimate;
}
