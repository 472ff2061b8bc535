/**
 * Limits shared by the profiles so far.
 * @module
 */
import type { Limits } from './profile.js'

const DAY_MS = 86_400_000

/** Numeric limits of KMS key import (DOC and the service model). @since 0.1.0 */
export const standardLimits: Limits = {
  importParametersValidityMs: DAY_MS,
  maxValidToMs: 365 * DAY_MS,
  maxBlobBytes: 6144,
  maxPlaintextBytes: 4096,
  maxKeyIdLength: 2048,
  maxDescriptionLength: 8192,
  minPendingWindowInDays: 7,
  maxPendingWindowInDays: 30,
  defaultPendingWindowInDays: 30,
  replicaCreatingMs: 5_000,
  primaryUpdatingMs: 5_000,
  maxOnDemandRotations: 25,
}
