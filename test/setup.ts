/**
 * Property tests run with a fixed seed and a bounded number of runs, so CI is reproducible.
 * Override with FC_SEED / FC_NUM_RUNS; fast-check prints the seed and path of any failure.
 */
import fc from 'fast-check'

const seed = Number(process.env.FC_SEED ?? 20261128)
const numRuns = Number(process.env.FC_NUM_RUNS ?? 100)
fc.configureGlobal({ seed, numRuns })
