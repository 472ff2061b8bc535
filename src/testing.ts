/**
 * `kms-key-import/testing`: what tests need to make the model deterministic — a manual clock, a
 * seeded crypto provider backed by committed fixture RSA key pairs, and client-side wrapping
 * helpers.
 *
 * @module
 */
export { manualClock, type ManualClock } from './clock.js'
export { createDeterministicProvider, fixtureRsaKeyPairs, type DeterministicProviderOptions, type FixturePair } from './testing/deterministic-provider.js'
export { wrapKeyMaterial } from './testing/wrap.js'
