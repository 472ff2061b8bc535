/**
 * What one side answered to a step, normalised so that two sides can be compared, and the
 * comparison itself.
 *
 * @module
 */
import type { Step } from './steps.js'

/** One request a side sent, as sent (its own ids and blobs). @since 0.2.0 */
export interface Exchange {
  /** The operation. */
  readonly operation: string
  /** The JSON request. */
  readonly request: Readonly<Record<string, unknown>>
  /** The HTTP status. */
  readonly status: number
  /** The JSON response. */
  readonly response: unknown
}

/** An exception as a side answered it: `__type` (without a namespace) and `message`, ids replaced by labels. @since 0.2.0 */
export interface StepError {
  /** The exception's name, e.g. `KMSInvalidStateException` (`HTTP 404` when the body names none). */
  readonly type: string
  /** Its message, normalised. */
  readonly message: string
}

/** A predicted exception: its name, and its message unless any message will do. @since 0.2.0 */
export interface ExpectedError {
  /** The exception's name. */
  readonly type: string
  /** Its message (normalised); absent: not compared. */
  readonly message?: string
}

/** The normalised answer to a step's request. @since 0.2.0 */
export interface StepOutcome {
  /** The HTTP status. */
  readonly status: number
  /** The exception (`__type` and `message`, ids replaced by labels), or undefined on success. */
  readonly error: StepError | undefined
  /** The response's members, normalised (ids → labels, dates → seconds since the run's start, tokens, keys and ciphertexts → descriptions). */
  readonly members: Readonly<Record<string, unknown>>
}

/**
 * A side's observation of one step: the normalised request and answer, and DescribeKey of every
 * key afterwards.
 * @since 0.2.0
 */
export interface Observation {
  /** The step. */
  readonly step: Step
  /** The request, normalised (undefined for `Wait`). */
  readonly request: Readonly<Record<string, unknown>> | undefined
  /** The Region the request was sent in, where it is not the session's (a replica's, a Decrypt in the other Region). */
  readonly region?: string
  /** The answer, normalised (undefined for `Wait`). */
  readonly outcome: StepOutcome | undefined
  /**
   * `false` where the exception's message is not compared: the reference's text for it is this
   * library's CHOSEN one, which AWS documents nowhere (a malformed policy document's
   * MalformedPolicyDocumentException), so its exception is compared and any message agrees.
   */
  readonly messageCompared?: false
  /** DescribeKey of each key of the run after the step: its KeyMetadata normalised, or `{ __type }`. */
  readonly keys: readonly Readonly<Record<string, unknown>>[]
  /** What was sent and received, unnormalised. */
  readonly exchanges: readonly Exchange[]
}

/**
 * What an oracle predicts for a step. `exact`: every member must match and none may be added (a
 * reference side); otherwise only the members given are checked (a model).
 * @since 0.2.0
 */
export interface Expectation {
  /** Whether members not given must be absent. */
  readonly exact: boolean
  /** The predicted answer. */
  readonly outcome?: {
    /** HTTP status. */
    readonly status?: number
    /** The exception; `null`: success; a missing `message`: any message. */
    readonly error?: ExpectedError | null
    /** Response members. */
    readonly members?: Readonly<Record<string, unknown>>
  }
  /** DescribeKey of each key afterwards (KeyMetadata members, or `{ __type }`). */
  readonly keys?: readonly Readonly<Record<string, unknown>>[]
}

/** One difference between an expectation and an observation. @since 0.2.0 */
export interface Difference {
  /** Where: `status`, `error.type`, `members.KeyMetadata.KeyState`, `keys[1].ValidTo`, … */
  readonly path: string
  /** What the oracle (the reference) gave. */
  readonly expected: unknown
  /** What the target gave. */
  readonly actual: unknown
}

/** Members whose values are dates (seconds since the run's start once normalised). @since 0.2.0 */
export const DATE_MEMBERS: ReadonlySet<string> = new Set(['CreationDate', 'DeletionDate', 'ValidTo', 'ParametersValidTo', 'RotationDate', 'ImportDate', 'LastUpdatedDate', 'NextRotationDate', 'OnDemandRotationStartDate'])

/** The exception an observation predicts: none (`null`), or its name and, unless its message is not compared, its message. */
const expectedError = (observation: Observation): ExpectedError | null => {
  const error = observation.outcome?.error
  if (error === undefined) return null
  return observation.messageCompared === false ? { type: error.type } : error
}

/**
 * An exact expectation from another side's observation (how the reference is compared).
 * @param observation - the reference's observation
 * @returns the expectation
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { expectationOf } from 'kms-key-import/conformance'
 * const e = expectationOf({ step: { op: 'Wait', ms: 1 }, request: undefined, outcome: undefined, keys: [], exchanges: [] })
 * assert.deepEqual(e, { exact: true, keys: [] })
 * ```
 * @since 0.2.0
 */
export const expectationOf = (observation: Observation): Expectation => ({
  exact: true,
  ...(observation.outcome !== undefined
    ? { outcome: { status: observation.outcome.status, error: expectedError(observation), members: observation.outcome.members } }
    : {}),
  keys: observation.keys,
})

const isRecord = (v: unknown): v is Readonly<Record<string, unknown>> => typeof v === 'object' && v !== null && !Array.isArray(v)

const compareValues = (expected: unknown, actual: unknown, path: string, name: string, exact: boolean, toleranceSeconds: number, out: Difference[]): void => {
  if (isRecord(expected) && isRecord(actual)) {
    const names = exact ? [...new Set([...Object.keys(expected), ...Object.keys(actual)])] : Object.keys(expected)
    for (const n of names) compareValues(expected[n], actual[n], `${path}.${n}`, n, exact, toleranceSeconds, out)
    return
  }
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length !== actual.length) {
      out.push({ path: `${path}.length`, expected: expected.length, actual: actual.length })
      return
    }
    expected.forEach((e, i) => compareValues(e, actual[i], `${path}[${i}]`, name, exact, toleranceSeconds, out))
    return
  }
  if (DATE_MEMBERS.has(name) && typeof expected === 'number' && typeof actual === 'number' && Math.abs(expected - actual) <= toleranceSeconds) return
  if (!Object.is(expected, actual)) out.push({ path, expected, actual })
}

/**
 * Compares an observation with an expectation.
 * @param expected - the oracle's prediction
 * @param actual - the target's observation
 * @param toleranceMs - how far apart dates may be (0 with a shared clock)
 * @returns the differences (none: the side conforms on this step)
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { compareObservation } from 'kms-key-import/conformance'
 * const actual = { step: { op: 'EnableKey', key: 0 } as const, request: {}, exchanges: [], keys: [{ KeyState: 'Enabled' }],
 *   outcome: { status: 200, error: undefined, members: {} } }
 * assert.deepEqual(compareObservation({ exact: false, keys: [{ KeyState: 'Enabled' }] }, actual, 0), [])
 * assert.deepEqual(compareObservation({ exact: false, outcome: { error: { type: 'DisabledException' } } }, actual, 0),
 *   [{ path: 'error.type', expected: 'DisabledException', actual: undefined }])
 * ```
 * @since 0.2.0
 */
export const compareObservation = (expected: Expectation, actual: Observation, toleranceMs: number): Difference[] => {
  const out: Difference[] = []
  const tolerance = toleranceMs / 1000
  const e = expected.outcome
  if (e !== undefined) {
    const a = actual.outcome
    if (e.status !== undefined && e.status !== a?.status) out.push({ path: 'status', expected: e.status, actual: a?.status })
    if (e.error === null && a?.error !== undefined) out.push({ path: 'error.type', expected: undefined, actual: a.error.type })
    if (e.error !== null && e.error !== undefined) {
      if (e.error.type !== a?.error?.type) out.push({ path: 'error.type', expected: e.error.type, actual: a?.error?.type })
      else if (e.error.message !== undefined && e.error.message !== a.error.message) out.push({ path: 'error.message', expected: e.error.message, actual: a.error.message })
    }
    if (e.members !== undefined && (e.error === null || e.error === undefined) && a?.error === undefined) {
      compareValues(e.members, a?.members ?? {}, 'members', 'members', expected.exact, tolerance, out)
    }
  }
  if (expected.keys !== undefined) {
    if (expected.exact && expected.keys.length !== actual.keys.length) out.push({ path: 'keys.length', expected: expected.keys.length, actual: actual.keys.length })
    expected.keys.forEach((k, i) => compareValues(k, actual.keys[i] ?? {}, `keys[${i}]`, 'keys', expected.exact, tolerance, out))
  }
  return out
}
