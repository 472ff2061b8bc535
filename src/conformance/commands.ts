/**
 * The model-based commands: one fast-check command per step, run against a subject session and
 * checked against an oracle (the reference session, or a model of your own).
 *
 * @module
 */
import type fc from 'fast-check'
import { compareObservation, type Difference, type Expectation, type Observation } from './observation.js'
import type { Oracle, Session } from './session.js'
import { describeStep, stepArbitraries, type Step, type StepArbitraryOptions } from './steps.js'
import type { Timeline } from './timeline.js'

/** One step as run: what the subject observed, what the oracle expected, and how they differ. @since 0.2.0 */
export interface StepRecord {
  /** The step. */
  readonly step: Step
  /** The subject's observation. */
  readonly actual: Observation
  /** The oracle's prediction. */
  readonly expected: Expectation
  /** The differences (empty when the subject agrees). */
  readonly differences: readonly Difference[]
}

/** The real side of the commands: the session under test and the run's time. @since 0.2.0 */
export interface Subject {
  /** The session under test. */
  readonly session: Session
  /** The run's time. */
  readonly timeline: Timeline
  /**
   * Called after every step, agreeing or not.
   * @param record - the step as run
   */
  readonly onStep?: (record: StepRecord) => void
}

/**
 * Thrown by a command when the subject diverges from the oracle (fast-check then shrinks the
 * sequence); carries the step's record.
 * @since 0.2.0
 */
export class DivergenceError extends Error {
  /** The step that diverged. */
  readonly record: StepRecord
  /**
   * @param record - the step that diverged
   */
  constructor(record: StepRecord) {
    super(`${describeStep(record.step)} diverges: ${record.differences.map((d) => `${d.path}: expected ${JSON.stringify(d.expected)}, got ${JSON.stringify(d.actual)}`).join('; ')}`)
    this.name = 'DivergenceError'
    this.record = record
  }
}

/**
 * Whether a step can run given what the oracle has seen (keys, tokens, ciphertexts).
 * @param step - the step
 * @param oracle - the oracle's counts
 * @param maxKeys - most keys a run creates
 * @returns true when the step can run
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { stepApplies } from 'kms-key-import/conformance'
 * const none = { keyCount: 0, ciphertextCount: 0, tokenCount: 0 }
 * assert.equal(stepApplies({ op: 'EnableKey', key: 0 }, none, 5), false)
 * assert.equal(stepApplies({ op: 'CreateKey', origin: 'EXTERNAL' }, none, 5), true)
 * ```
 * @since 0.2.0
 */
export const stepApplies = (step: Step, oracle: Pick<Oracle, 'keyCount' | 'ciphertextCount' | 'tokenCount' | 'signatureCount' | 'macCount'>, maxKeys: number): boolean => {
  switch (step.op) {
    case 'CreateKey': return oracle.keyCount < maxKeys
    case 'ReplicateKey': return oracle.keyCount > 0 && oracle.keyCount < maxKeys
    case 'Wait': case 'DeleteAlias': case 'GenerateRandom': return true
    case 'Decrypt': case 'ReEncrypt': return oracle.ciphertextCount > 0
    case 'ImportKeyMaterial': return oracle.tokenCount > 0
    case 'ListAliases': return 'everyKey' in step || oracle.keyCount > 0
    case 'Verify': return (oracle.signatureCount ?? 0) > 0
    case 'VerifyMac': return (oracle.macCount ?? 0) > 0
    default: return oracle.keyCount > 0
  }
}

/**
 * A fast-check command for one step: the subject performs it, the oracle predicts it, and any
 * difference throws {@link DivergenceError}. `toString` is the step's script line.
 * @since 0.2.0
 */
export class StepCommand implements fc.AsyncCommand<Oracle, Subject> {
  /**
   * @param step - the step
   * @param maxKeys - most keys a run creates (CreateKey's precondition)
   */
  constructor(
    /** The step. */
    readonly step: Step,
    /** Most keys a run creates. */
    readonly maxKeys = 5,
  ) {}

  /**
   * @param oracle - the oracle
   * @returns whether the step can run now
   */
  check(oracle: Readonly<Oracle>): boolean {
    return stepApplies(this.step, oracle, this.maxKeys)
  }

  /**
   * Runs the step on both sides and compares.
   * @param oracle - the oracle
   * @param subject - the session under test and the run's time
   * @returns when the subject agrees
   */
  async run(oracle: Oracle, subject: Subject): Promise<void> {
    if (this.step.op === 'Wait') await subject.timeline.wait(this.step.ms)
    const context = { now: subject.timeline.clock.now() }
    const actual = await subject.session.perform(this.step, context)
    // the target may set a date at any instant until it answered (after generating an RSA key,
    // say): in real time its dates may lie that much after the step's instant, beyond the
    // tolerance (a shared manual clock does not move while the target answers: exact as before)
    const answering = Math.max(0, subject.timeline.clock.now() - context.now)
    const expected = await oracle.predict(this.step, context)
    const differences = compareObservation(expected, actual, subject.timeline.toleranceMs + answering)
    const record: StepRecord = { step: this.step, actual, expected, differences }
    subject.onStep?.(record)
    if (differences.length > 0) throw new DivergenceError(record)
  }

  /** @returns the step's script line */
  toString(): string {
    return describeStep(this.step)
  }
}

/**
 * The commands for `fc.commands`: {@link stepArbitraries} made {@link StepCommand}s.
 * @param options - profile and timing, and `maxKeys` (default 5)
 * @returns the command arbitraries
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import fc from 'fast-check'
 * import { classicProfile, createEmulator } from 'kms-key-import'
 * import { conformanceCommands, createSession, inProcessTarget, manualTimeline } from 'kms-key-import/conformance'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * await fc.assert(fc.asyncProperty(fc.commands(conformanceCommands({ profile: classicProfile, timing: 'manual' }), { maxCommands: 8 }), async (cmds) => {
 *   const timeline = manualTimeline()
 *   const side = (seed: number) => createSession({ profile: classicProfile, region: 'us-east-1', timeline,
 *     target: inProcessTarget(createEmulator({ clock: timeline.clock, crypto: createDeterministicProvider({ seed }) })) })
 *   await fc.asyncModelRun(() => ({ model: side(1), real: { session: side(2), timeline } }), cmds)
 * }), { numRuns: 3, seed: 7 })
 * assert.ok(true) // the emulator agrees with itself
 * ```
 * @since 0.2.0
 */
export const conformanceCommands = (options: StepArbitraryOptions & { readonly maxKeys?: number }): fc.Arbitrary<fc.AsyncCommand<Oracle, Subject>>[] =>
  stepArbitraries(options).map((a) => a.map((step): fc.AsyncCommand<Oracle, Subject> => new StepCommand(step, options.maxKeys ?? 5)))
