/**
 * Differential runs: generated step sequences go to the target and to a fresh in-process
 * reference; every step is compared; each distinct divergence is shrunk by fast-check to a
 * minimal sequence.
 *
 * @module
 */
import fc from 'fast-check'
import { createEmulator } from '../emulator/emulator.js'
import type { ProfileSelector } from '../profiles/index.js'
import type { Profile } from '../profiles/profile.js'
import { createDeterministicProvider } from '../testing/deterministic-provider.js'
import { conformanceCommands, DivergenceError, StepCommand, type StepRecord, type Subject } from './commands.js'
import type { Difference } from './observation.js'
import { createSession, type Oracle, type Session } from './session.js'
import { AROUND_KEY_OPERATIONS, describeStep, MULTI_REGION_OPERATIONS, multiRegionRun, otherKeySpecs, profileOf, type OTHER_KEY_SPECS, type Step, type StepArbitraryOptions, type StepOperation } from './steps.js'
import { inProcessTarget, type Target } from './target.js'
import { manualTimeline, realTimeline, type Timeline } from './timeline.js'

/** The rule areas of the scorecard. @since 0.2.0 */
export const RULE_AREAS = ['parameters', 'token binding', 'expiry', 'reimport rule', 'deletion', 'key states', 'multi-material', 'signing and MACs', 'validation messages', 'aliases', 'tags and descriptions', 'data keys', 'policies and rotation', 'multi-Region'] as const

/** One of {@link RULE_AREAS}. @since 0.2.0 */
export type RuleArea = (typeof RULE_AREAS)[number]

/** The areas of the operations around a key: a scorecard lists one only where the run generates its steps. */
const AROUND_AREAS: Readonly<Partial<Record<RuleArea, readonly StepOperation[]>>> = { aliases: AROUND_KEY_OPERATIONS.aliases, 'tags and descriptions': AROUND_KEY_OPERATIONS.tags, 'data keys': AROUND_KEY_OPERATIONS['data-keys'], 'policies and rotation': AROUND_KEY_OPERATIONS.policies, 'multi-Region': MULTI_REGION_OPERATIONS }

/** The areas a run's scorecard lists: every area of the lifecycle, and those around a key the run's operations reach. */
const areasOf = (operations: readonly StepOperation[] | undefined): RuleArea[] =>
  RULE_AREAS.filter((a) => operations === undefined || !(AROUND_AREAS[a]?.every((o) => !operations.includes(o)) ?? false))

/** The options of a run once its profile is resolved (what the sequences read). */
type ResolvedOptions = ConformanceOptions & { readonly profile: Profile }

/** Options of {@link runConformance} and {@link replaySteps}. @since 0.2.0 */
export interface ConformanceOptions {
  /** The profile the reference follows (and the steps are generated for), or its name (`'latest'` too). */
  readonly profile: Profile | ProfileSelector
  /** The region of every request (default `us-east-1`). */
  readonly region?: string
  /**
   * The run's second Region, of the same partition: where ReplicateKey puts replicas, and where a
   * step on a replica is sent (default {@link defaultReplicaRegion} of `region`).
   */
  readonly replicaRegion?: string
  /**
   * The target for one sequence: called before each sequence with its timeline (a fresh emulator
   * on `timeline.clock` for an in-process target; the same HTTP target every time for a remote one).
   * @param timeline - the sequence's time
   * @returns the target
   */
  readonly target: (timeline: Timeline) => Target | Promise<Target>
  /** `manual` (default): a shared manual clock (in-process targets, or an endpoint you started on that clock); `real`: real time, short ValidTo and waits. */
  readonly timing?: 'manual' | 'real'
  /** Sequences to generate (default 20). */
  readonly runs?: number
  /** The fast-check seed of the first sequence (sequence `i` uses `seed + i`; default 42). */
  readonly seed?: number
  /** Most generated steps per sequence (default 20). */
  readonly steps?: number
  /**
   * Keys every sequence creates first (default two EXTERNAL, one AWS_KMS; then, where the profile
   * imports them, one EXTERNAL key of each of {@link OTHER_KEY_SPECS}; then, where `operations`
   * names the multi-Region group, a multi-Region EXTERNAL key with material A and its replica in
   * the second Region). Any step may be one of them (the multi-Region prologue imports and replicates).
   */
  readonly initialKeys?: readonly ('EXTERNAL' | 'AWS_KMS' | Step)[]
  /** How often each operation is drawn relative to the others (see {@link StepArbitraryOptions.weights}). */
  readonly weights?: StepArbitraryOptions['weights']
  /** Only steps of these operations (see {@link StepArbitraryOptions.operations}; default all the profile serves). */
  readonly operations?: StepArbitraryOptions['operations']
  /** Most distinct divergences to shrink and report (default 10). */
  readonly maxDivergences?: number
  /** Stop generating sequences once this many distinct divergences are found (default: run them all). */
  readonly stopAfter?: number
  /** Most sequences tried while shrinking one divergence (default 300). */
  readonly maxShrinkRuns?: number
  /** Real time: ValidTo this far ahead (default 3000 ms). */
  readonly realValidForMs?: number
  /** Real time: each Wait (default 5000 ms). */
  readonly realWaitMs?: number
  /** Real time: how far apart the two sides' dates may be (default 5000 ms). */
  readonly toleranceMs?: number
  /**
   * Called after each sequence with the target's session (e.g. to schedule its keys for deletion).
   * @param session - the target's session
   * @returns when done
   */
  readonly afterSequence?: (session: Session) => Promise<void>
  /**
   * Progress, once per generated sequence.
   * @param event - what happened
   */
  readonly onProgress?: (event: ProgressEvent) => void
  /**
   * Progress while a divergence is shrunk, once per replayed sequence (in real time each replays
   * its waits: shrinking one divergence may take minutes).
   * @param event - what happened
   */
  readonly onShrink?: (event: ShrinkEvent) => void
  /**
   * Ends the run early once aborted (Ctrl-C in the CLI): the sequence under way stops after its
   * current step (its `afterSequence` still runs), a divergence being shrunk keeps the shortest
   * script found so far, no further sequence starts, and the report covers what ran (`runs`: the
   * sequences begun).
   */
  readonly signal?: AbortSignal
}

/** Progress of a run. @since 0.2.0 */
export interface ProgressEvent {
  /** The sequence just finished (1-based). */
  readonly run: number
  /** Sequences in all. */
  readonly runs: number
  /** Steps of this sequence compared. */
  readonly steps: number
  /** Whether it diverged. */
  readonly diverged: boolean
  /** A divergence not seen before, shrunk. */
  readonly divergence?: DivergenceReport
}

/** Progress of shrinking one divergence. @since 0.2.0 */
export interface ShrinkEvent {
  /** The sequence whose divergence is shrunk (1-based). */
  readonly run: number
  /** Sequences in all. */
  readonly runs: number
  /** The divergence's signature (`EnableKey: message`). */
  readonly signature: string
  /** Sequences replayed so far to shrink it. */
  readonly replays: number
  /** Most replays ({@link ConformanceOptions.maxShrinkRuns}). */
  readonly maxReplays: number
  /** Generated steps of the shortest sequence found so far that still shows it. */
  readonly steps: number
}

/** Agree/diverge counts of one operation or rule area. @since 0.2.0 */
export interface ScoreRow {
  /** The operation or area. */
  readonly name: string
  /** Steps that agreed. */
  readonly agree: number
  /** Steps that diverged. */
  readonly diverge: number
}

/** One line of a replayable script. @since 0.2.0 */
export interface ScriptLine {
  /** The abstract step (replay it with {@link replaySteps}). */
  readonly step: Step
  /** The step as text. */
  readonly line: string
  /** The request as the target got it, normalised (`key#0`, `<import token of key#0>`, …); undefined for Wait. */
  readonly request: Readonly<Record<string, unknown>> | undefined
  /** Whether the step created the run's starting keys. */
  readonly prologue: boolean
  /** The Region the request was sent in, where it is not the run's (a replica's; a Decrypt in the other Region). */
  readonly region?: string
  /** The reference's answer: `ok` or the exception's name (`-` for Wait). */
  readonly expected: string
  /** The target's answer: `ok` or the exception's name (`-` for Wait). */
  readonly actual: string
}

/** A distinct divergence with its shrunk counterexample. @since 0.2.0 */
export interface DivergenceReport {
  /** What makes it distinct: operation, area and differing paths. */
  readonly signature: string
  /** The operation of the diverging step. */
  readonly operation: StepOperation
  /** Its rule area. */
  readonly area: RuleArea
  /** The diverging step as text. */
  readonly step: string
  /** How the target differs from the reference there. */
  readonly differences: readonly Difference[]
  /** The shrunk sequence, prologue included, ending with the diverging step. */
  readonly script: readonly ScriptLine[]
  /** The seed of the sequence it was found in. */
  readonly seed: number
}

/** Agree/diverge counts per operation and per rule area. @since 0.2.0 */
export interface Scorecard {
  /** One row per operation, by name. */
  readonly operations: readonly ScoreRow[]
  /** One row per rule area, in the order of {@link RULE_AREAS}. */
  readonly areas: readonly ScoreRow[]
}

/** Something a run made on the endpoint and could not remove. @since 0.2.0 */
export interface LeftResource {
  /** What: `key <id>` or `alias <name>`, as the endpoint knows it. */
  readonly resource: string
  /** Its Region. */
  readonly region: string
  /** Why it is left: the exception (or `HTTP <status>`, or the error) the removal was answered with, or the key's state. */
  readonly reason: string
}

/** What a run removed from the endpoint when each sequence ended, and what it left there. @since 0.2.0 */
export interface CleanupReport {
  /** Keys the run created and scheduled for deletion. */
  readonly keysScheduled: number
  /** Keys the run created that were already pending deletion, or gone (a step had scheduled or deleted them). */
  readonly keysAlreadyPending: number
  /** Aliases the run created and deleted. */
  readonly aliasesDeleted: number
  /** What is left on the endpoint, one entry each (none: the run left nothing but keys pending deletion). */
  readonly left: readonly LeftResource[]
}

/** The result of {@link runConformance}. @since 0.2.0 */
export interface ConformanceReport {
  /** The target's name. */
  readonly target: string
  /** The reference's profile. */
  readonly profile: string
  /** The region. */
  readonly region: string
  /** The second Region, where the run has multi-Region steps. */
  readonly replicaRegion?: string
  /** The timing. */
  readonly timing: 'manual' | 'real'
  /** The first seed. */
  readonly seed: number
  /** Sequences generated (fewer than asked when `stopAfter` ended the run). */
  readonly runs: number
  /** Most steps per sequence. */
  readonly steps: number
  /** Generated steps compared (prologues not counted). */
  readonly stepsCompared: number
  /** Agree/diverge per operation and per rule area. */
  readonly scorecard: Scorecard
  /** Each distinct divergence, shrunk. */
  readonly divergences: readonly DivergenceReport[]
  /** What the run removed from the endpoint and what it left there (the CLI's cleanup; absent where none ran). */
  readonly cleanup?: CleanupReport
}

/** What one sequence did. */
interface SequenceResult {
  readonly records: readonly StepRecord[]
  readonly prologue: number
  readonly divergence: StepRecord | undefined
}

const indexIn = (value: unknown, pattern: RegExp): number | undefined => {
  const m = typeof value === 'string' ? pattern.exec(value) : null
  return m === null ? undefined : Number(m[1])
}

/**
 * The rule area a step exercises, judged by the step and the reference's answer.
 * @param record - the step as run
 * @returns the area
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { ruleArea } from 'kms-key-import/conformance'
 * const step = { op: 'Wait', ms: 1000 } as const
 * assert.equal(ruleArea({ step, expected: { exact: true }, differences: [],
 *   actual: { step, request: undefined, outcome: undefined, keys: [], exchanges: [] } }), 'expiry')
 * ```
 * @since 0.2.0
 */
export const ruleArea = (record: StepRecord): RuleArea => {
  const { step } = record
  const error = record.expected.outcome?.error
  const type = error === null ? undefined : error?.type
  if (type === 'ValidationException') return 'validation messages'
  switch (step.op) {
    case 'GetParametersForImport': return 'parameters'
    case 'ImportKeyMaterial': {
      const key = indexIn(record.actual.request?.KeyId, /^key#(\d+)$/)
      const tokenOf = indexIn(record.actual.request?.ImportToken, /of key#(\d+)>$/)
      if (type === 'InvalidImportTokenException' || type === 'InvalidCiphertextException' || step.otherWrapping === true || key !== tokenOf) return 'token binding'
      if (type === 'ExpiredImportTokenException' || step.validFor !== undefined) return 'expiry'
      if (type === 'IncorrectKeyMaterialException') return 'reimport rule'
      return step.importType !== undefined ? 'multi-material' : 'key states'
    }
    case 'Wait': return 'expiry'
    case 'DeleteImportedKeyMaterial': return step.material !== undefined ? 'multi-material' : 'deletion'
    case 'ScheduleKeyDeletion': case 'CancelKeyDeletion': return 'deletion'
    case 'RotateKeyOnDemand': case 'ListKeyRotations': return 'multi-material'
    case 'ReplicateKey': case 'UpdatePrimaryRegion': return 'multi-Region'
    case 'CreateKey': return step.multiRegion === true ? 'multi-Region' : 'key states'
    case 'Decrypt': return step.otherRegion === true ? 'multi-Region' : 'key states'
    case 'GetPublicKey': case 'Sign': case 'Verify': case 'GenerateMac': case 'VerifyMac': return 'signing and MACs'
    case 'CreateAlias': case 'UpdateAlias': case 'DeleteAlias': case 'ListAliases': return 'aliases'
    case 'TagResource': case 'UntagResource': case 'ListResourceTags': case 'UpdateKeyDescription': return 'tags and descriptions'
    case 'GenerateDataKey': case 'GenerateDataKeyWithoutPlaintext': case 'ReEncrypt': case 'GenerateRandom': return 'data keys'
    case 'GetKeyPolicy': case 'PutKeyPolicy': case 'ListKeyPolicies': case 'EnableKeyRotation': case 'DisableKeyRotation': case 'GetKeyRotationStatus': return 'policies and rotation'
    default: return 'viaAlias' in step ? 'aliases' : 'key states'
  }
}

/** What kind of difference a step shows, coarsest first: a different answer, message, members, or state afterwards. */
const kindOf = (differences: readonly Difference[]): string => {
  const paths = differences.map((d) => d.path)
  if (paths.some((p) => p === 'status' || p === 'error.type')) return 'answer'
  if (paths.includes('error.message')) return 'message'
  if (paths.some((p) => p.startsWith('members'))) return 'response members'
  return 'key state afterwards'
}

/** Divergences are distinct when their operation or kind differ (the area follows from the reference's answer, which shrinking changes). */
const signatureOf = (record: StepRecord): string => `${record.step.op}: ${kindOf(record.differences)}`

const answerOf = (record: StepRecord): { expected: string; actual: string } => {
  if (record.step.op === 'Wait') return { expected: '-', actual: '-' }
  const e = record.expected.outcome?.error
  return { expected: e === null || e === undefined ? 'ok' : e.type, actual: record.actual.outcome?.error?.type ?? 'ok' }
}

/** The step as text, with the key and ciphertext indices it resolved to (`key #5` of three keys is `key #2`). */
const lineOf = (record: StepRecord): string => {
  const key = indexIn(record.actual.request?.KeyId, /^key#(\d+)$/)
  const target = indexIn(record.actual.request?.TargetKeyId ?? record.actual.request?.DestinationKeyId, /^key#(\d+)$/)
  const ciphertext = indexIn(record.actual.request?.CiphertextBlob, /^<ciphertext #(\d+)>$/)
  return describeStep(record.step)
    .replace(/^(\w+)\(key #\d+/, (m, op: string) => (key === undefined ? m : `${op}(key #${key}`))
    .replace(/ key #\d+\)$/, (m) => (target === undefined ? m : ` key #${target})`))
    .replace(/ciphertext #\d+/, (m) => (ciphertext === undefined ? m : `ciphertext #${ciphertext}`))
}

const scriptOf = (result: SequenceResult): ScriptLine[] =>
  result.records.map((r, i) => ({
    step: r.step, line: lineOf(r), request: r.actual.request, prologue: i < result.prologue, ...(r.actual.region === undefined ? {} : { region: r.actual.region }), ...answerOf(r),
  }))

/**
 * Two EXTERNAL symmetric keys, one AWS_KMS key, then one EXTERNAL key of each other spec the
 * profile imports; then, where the run's operations name the multi-Region group, a multi-Region
 * EXTERNAL key with material A and its replica (`Creating` for 5 s: a Wait step moves past it,
 * then the replica is `PendingImport`). Runs of every operation (the default) keep the starting
 * keys they had: their multi-Region keys come from CreateKey steps.
 */
const defaultInitialKeys = (profile: Profile, operations?: readonly StepOperation[]): Step[] => [
  { op: 'CreateKey', origin: 'EXTERNAL' }, { op: 'CreateKey', origin: 'EXTERNAL' }, { op: 'CreateKey', origin: 'AWS_KMS' },
  ...otherKeySpecs(profile).map((spec: (typeof OTHER_KEY_SPECS)[number]): Extract<Step, { op: 'CreateKey' }> => ({ op: 'CreateKey', origin: 'EXTERNAL', spec })),
  ...(operations !== undefined && multiRegionRun(profile, operations)
    ? multiRegionPrologue(profile, 3 + otherKeySpecs(profile).length)
    : []),
]

/** The keys a sequence's starting steps create. */
const startingKeyCount = (steps: readonly ('EXTERNAL' | 'AWS_KMS' | Step)[]): number =>
  steps.filter((s) => typeof s === 'string' || s.op === 'CreateKey' || s.op === 'ReplicateKey').length

/** A multi-Region EXTERNAL key (key #`n`) with material A, replicated into the second Region. */
const multiRegionPrologue = (profile: Profile, n: number): Step[] => {
  const algorithm = profile.enums.wrappingAlgorithm.includes('RSAES_OAEP_SHA_256') ? 'RSAES_OAEP_SHA_256' : profile.enums.wrappingAlgorithm[0] ?? 'RSAES_OAEP_SHA_256'
  return [
    { op: 'CreateKey', origin: 'EXTERNAL', multiRegion: true },
    { op: 'GetParametersForImport', key: n, algorithm, spec: 'RSA_2048' },
    { op: 'ImportKeyMaterial', token: 0, key: undefined, material: 'A', validFor: undefined, importType: undefined },
    { op: 'ReplicateKey', key: n },
  ]
}

/**
 * The second Region of a run in `region`: another Region of its partition (`us-west-2` for any
 * other Region of `aws`, `us-east-1` for `us-west-2`; `cn-northwest-1` / `cn-north-1`;
 * `us-gov-east-1` / `us-gov-west-1`).
 * @param region - the run's Region
 * @returns another Region of the same partition
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { defaultReplicaRegion } from 'kms-key-import/conformance'
 * assert.equal(defaultReplicaRegion('us-east-1'), 'us-west-2')
 * assert.equal(defaultReplicaRegion('us-west-2'), 'us-east-1')
 * assert.equal(defaultReplicaRegion('cn-north-1'), 'cn-northwest-1')
 * ```
 * @since 0.2.0
 */
export const defaultReplicaRegion = (region: string): string => {
  const pair = (a: string, b: string): string => (region === a ? b : a)
  if (region.startsWith('cn-')) return pair('cn-northwest-1', 'cn-north-1')
  if (region.startsWith('us-gov-')) return pair('us-gov-east-1', 'us-gov-west-1')
  return pair('us-west-2', 'us-east-1')
}

/**
 * Why a step's answer is none a KMS endpoint gives (a body that is not JSON, or a refusal that names
 * no exception), in one line; undefined for an answer of KMS's form, right or wrong.
 */
const notKmsAnswer = (record: StepRecord): string | undefined => {
  const ex = record.actual.exchanges[0]
  if (ex === undefined) return undefined
  const body = typeof ex.response === 'object' && ex.response !== null ? (ex.response as Readonly<Record<string, unknown>>) : {}
  const unparsable = typeof body.__unparsable === 'string' ? body.__unparsable : undefined
  if (unparsable === undefined && record.actual.outcome?.error?.type.startsWith('HTTP ') !== true) return undefined
  const text = (unparsable ?? JSON.stringify(ex.response)).replace(/\s+/g, ' ').slice(0, 100)
  const redirect = ex.status >= 300 && ex.status < 400 ? ' (a redirect, which the kit does not follow: give the URL the endpoint answers at)' : ''
  const said = unparsable === undefined ? (text === '{}' ? 'naming no exception, with an empty body' : `naming no exception: ${text}`) : `with a body that is not JSON: ${text}`
  return `${ex.operation} answered HTTP ${ex.status}${redirect} ${said}`
}

const runSequence = async (options: ResolvedOptions, commands: Iterable<fc.AsyncCommand<Oracle, Subject>>): Promise<SequenceResult> => {
  const timing = options.timing ?? 'manual'
  const timeline = timing === 'manual' ? manualTimeline() : realTimeline(options.toleranceMs ?? 5000)
  const region = options.region ?? 'us-east-1'
  const replicaRegion = options.replicaRegion ?? defaultReplicaRegion(region)
  const session = createSession({ target: await options.target(timeline), profile: options.profile, region, replicaRegion, timeline })
  // The reference answers each step at the instant the target was asked (the step's context), so
  // that in real time its clock does not run on while the target answers.
  let instant: number | undefined
  const clock = { now: () => instant ?? timeline.clock.now() }
  const emulator = createEmulator({ profile: options.profile, region, clock, crypto: createDeterministicProvider({ seed: 1 }) })
  const referenceSession = createSession({ target: inProcessTarget(emulator, 'reference'), profile: options.profile, region, replicaRegion, timeline })
  const reference: Oracle = {
    get keyCount() {
      return referenceSession.keyCount
    },
    get tokenCount() {
      return referenceSession.tokenCount
    },
    get ciphertextCount() {
      return referenceSession.ciphertextCount
    },
    get signatureCount() {
      return referenceSession.signatureCount
    },
    get macCount() {
      return referenceSession.macCount
    },
    predict: async (step, context) => {
      instant = context.now
      try {
        return await referenceSession.predict(step, context)
      } finally {
        instant = undefined
      }
    },
  }
  const records: StepRecord[] = []
  const subject: Subject = { session, timeline, onStep: (r) => records.push(r) }
  let prologue = 0
  try {
    for (const key of options.initialKeys ?? defaultInitialKeys(options.profile, options.operations)) {
      if (options.signal?.aborted === true) return { records, prologue, divergence: undefined }
      await new StepCommand(typeof key === 'string' ? { op: 'CreateKey', origin: key } : key, Number.MAX_SAFE_INTEGER).run(reference, subject)
      prologue += 1
    }
    for (const command of commands) {
      if (options.signal?.aborted === true) break
      if (command.check(reference)) await command.run(reference, subject)
    }
    return { records, prologue, divergence: undefined }
  } catch (error) {
    // the first answer of a sequence that is not KMS's at all: the endpoint is something else (a
    // web server, the wrong port or path), and the run cannot complete, rather than diverge
    const foreign = error instanceof DivergenceError && records.length === 1 ? notKmsAnswer(error.record) : undefined
    if (foreign !== undefined) throw new Error(`${session.target.name} does not answer as a KMS endpoint (AWS JSON 1.1, X-Amz-Target: TrentService.*): ${foreign}`)
    if (error instanceof DivergenceError) return { records, prologue, divergence: error.record }
    throw error
  } finally {
    emulator.close()
    await options.afterSequence?.(session)
  }
}

/**
 * Replays a script (e.g. a divergence's steps) against the target and the reference, with no
 * starting keys but those the script creates.
 * @param options - as for {@link runConformance}
 * @param steps - the steps, in order (a report's `script[].step`)
 * @returns each step as run, up to the first divergence
 * @throws (rejects) TypeError when `profile` names no profile
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { classicProfile, createEmulator } from 'kms-key-import'
 * import { inProcessTarget, replaySteps } from 'kms-key-import/conformance'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const records = await replaySteps(
 *   { profile: classicProfile, target: (t) => inProcessTarget(createEmulator({ clock: t.clock, crypto: createDeterministicProvider({ seed: 2 }) })) },
 *   [{ op: 'CreateKey', origin: 'EXTERNAL' }, { op: 'EnableKey', key: 0 }],
 * )
 * assert.deepEqual(records.map((r) => r.differences.length), [0, 0])
 * assert.equal(records[1]?.actual.outcome?.error?.type, 'KMSInvalidStateException')
 * ```
 * @since 0.2.0
 */
export const replaySteps = async (options: ConformanceOptions, steps: readonly Step[]): Promise<readonly StepRecord[]> => {
  return (await runSequence({ ...options, profile: profileOf(options.profile), initialKeys: [] }, steps.map((s) => new StepCommand(s, Number.MAX_SAFE_INTEGER)))).records
}

/**
 * Runs the conformance kit: `runs` generated sequences against the target and a fresh reference
 * each; a scorecard of every compared step; each distinct divergence shrunk to a minimal script.
 * @param options - the target, profile, sizes and timing
 * @returns the report
 * @throws (rejects) TypeError when `profile` names no profile
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { classicProfile, createEmulator } from 'kms-key-import'
 * import { inProcessTarget, runConformance } from 'kms-key-import/conformance'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const report = await runConformance({
 *   profile: classicProfile, runs: 3, steps: 10,
 *   target: (timeline) => inProcessTarget(createEmulator({ clock: timeline.clock, crypto: createDeterministicProvider({ seed: 9 }) })),
 * })
 * assert.equal(report.divergences.length, 0)
 * assert.ok(report.stepsCompared > 0)
 * ```
 * @since 0.2.0
 */
export const runConformance = async (options: ConformanceOptions): Promise<ConformanceReport> => {
  const profile = profileOf(options.profile)
  const runs = options.runs ?? 20
  const seed = options.seed ?? 42
  const maxSteps = options.steps ?? 20
  const timing = options.timing ?? 'manual'
  const commands = conformanceCommands({
    profile, timing, maxKeys: startingKeyCount(options.initialKeys ?? defaultInitialKeys(profile, options.operations)) + 2,
    ...(options.weights !== undefined ? { weights: options.weights } : {}),
    ...(options.operations !== undefined ? { operations: options.operations } : {}),
    ...(options.realValidForMs !== undefined ? { realValidForMs: options.realValidForMs } : {}),
    ...(options.realWaitMs !== undefined ? { realWaitMs: options.realWaitMs } : {}),
  })
  const operations = new Map<string, { agree: number; diverge: number }>()
  const areas = new Map<string, { agree: number; diverge: number }>(areasOf(options.operations).map((a) => [a, { agree: 0, diverge: 0 }]))
  const count = (map: Map<string, { agree: number; diverge: number }>, name: string, agrees: boolean): void => {
    const row = map.get(name) ?? { agree: 0, diverge: 0 }
    if (agrees) row.agree += 1
    else row.diverge += 1
    map.set(name, row)
  }
  const divergences: DivergenceReport[] = []
  const known = new Set<string>()
  let stepsCompared = 0
  let targetName = ''
  const options1: ResolvedOptions = {
    ...options,
    profile,
    target: async (timeline) => {
      const t = await options.target(timeline)
      targetName = t.name
      return t
    },
  }
  let done = 0
  const maxShrinkRuns = options.maxShrinkRuns ?? 300
  for (let run = 0; run < runs && divergences.length < (options.stopAfter ?? Number.POSITIVE_INFINITY) && options.signal?.aborted !== true; run++) {
    done += 1
    let first: SequenceResult | undefined
    let wanted: string | undefined
    let lastFailing: SequenceResult | undefined
    let budget = maxShrinkRuns
    let failure: { error: unknown } | undefined
    /** A failure that is not a divergence (the target unreachable, …) ends the run: fast-check must not shrink it. */
    const sequence = async (cmds: Iterable<fc.AsyncCommand<Oracle, Subject>>): Promise<SequenceResult | undefined> => {
      try {
        return await runSequence(options1, cmds)
      } catch (error) {
        failure ??= { error }
        return undefined
      }
    }
    const property = fc.asyncProperty(fc.noBias(fc.commands(commands, { maxCommands: maxSteps, size: 'max' })), async (cmds) => {
      if (failure !== undefined) return true
      if (first === undefined) {
        const result = await sequence(cmds)
        if (result === undefined) return true
        first = result
        for (const r of result.records.slice(result.prologue)) {
          stepsCompared += 1
          count(operations, r.step.op, r.differences.length === 0)
          count(areas, ruleArea(r), r.differences.length === 0)
        }
        if (result.divergence === undefined) return true
        const signature = signatureOf(result.divergence)
        if (known.has(signature) || divergences.length >= (options.maxDivergences ?? 10)) return true
        wanted = signature
        lastFailing = result
        return false
      }
      if (wanted === undefined || budget <= 0 || options.signal?.aborted === true) return true
      budget -= 1
      const result = await sequence(cmds)
      const shows = result?.divergence !== undefined && signatureOf(result.divergence) === wanted
      if (shows) lastFailing = result
      const shortest = lastFailing === undefined ? 0 : lastFailing.records.length - lastFailing.prologue
      options.onShrink?.({ run: run + 1, runs, signature: wanted, replays: maxShrinkRuns - budget, maxReplays: maxShrinkRuns, steps: shortest })
      return !shows
    })
    await fc.check(property, { seed: seed + run, numRuns: 1 })
    if (failure !== undefined) throw failure.error
    let found: DivergenceReport | undefined
    if (wanted !== undefined && lastFailing?.divergence !== undefined) {
      known.add(wanted)
      const d = lastFailing.divergence
      found = { signature: wanted, operation: d.step.op, area: ruleArea(d), step: lineOf(d), differences: d.differences, script: scriptOf(lastFailing), seed: seed + run }
      divergences.push(found)
    }
    const ran = first as SequenceResult | undefined
    options.onProgress?.({
      run: run + 1, runs, steps: ran === undefined ? 0 : ran.records.length - ran.prologue, diverged: ran?.divergence !== undefined,
      ...(found !== undefined ? { divergence: found } : {}),
    })
  }
  const rows = (map: Map<string, { agree: number; diverge: number }>): ScoreRow[] => [...map].map(([name, r]) => ({ name, ...r }))
  return {
    target: targetName, profile: profile.name, region: options.region ?? 'us-east-1',
    ...(multiRegionRun(profile, options.operations) ? { replicaRegion: options.replicaRegion ?? defaultReplicaRegion(options.region ?? 'us-east-1') } : {}),
    timing, seed, runs: done, steps: maxSteps, stepsCompared,
    scorecard: { operations: rows(operations).sort((a, b) => a.name.localeCompare(b.name)), areas: rows(areas) },
    divergences,
  }
}
