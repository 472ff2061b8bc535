/**
 * `kms-key-import conform`: runs the conformance kit against a KMS endpoint and reports where it
 * differs from the reference.
 *
 * @module
 */
import { statSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { parseArgs } from 'node:util'
import { integerFlag, joinNumericValues, parsedFlags, profileNames, UsageError } from './args.js'
import { defaultProvider } from '@aws-sdk/credential-provider-node'
import type { AwsCredentialIdentity } from '@smithy/types'
import { notServed, renderJUnit, renderJson, renderMarkdown } from '../conformance/report.js'
import { defaultReplicaRegion, runConformance, type CleanupReport, type ConformanceReport, type LeftResource } from '../conformance/run.js'
import { errorNameOf, type Session } from '../conformance/session.js'
import { AROUND_KEY_OPERATIONS, LIFECYCLE_OPERATIONS, MULTI_REGION_OPERATIONS, stepArbitraries, type StepOperation } from '../conformance/steps.js'
import { DUMMY_CREDENTIALS, httpTarget, type Target, type TargetResponse } from '../conformance/target.js'
import { isRegionName, partitionOf } from '../model/region.js'
import { resolveProfile } from '../profiles/index.js'
import type { Profile } from '../profiles/profile.js'


/** The groups `--operations` names: the lifecycle, each group of operations around a key, and the multi-Region operations. */
const OPERATION_GROUPS: Readonly<Record<string, readonly StepOperation[]>> = { lifecycle: LIFECYCLE_OPERATIONS, ...AROUND_KEY_OPERATIONS, 'multi-region': MULTI_REGION_OPERATIONS }

/**
 * The operations a `--operations` list names.
 * @param list - comma-separated operation and group names
 * @returns the operations
 * @throws UsageError for a name that is neither
 */
const operationsOf = (list: string): StepOperation[] => {
  const all = new Set(Object.values(OPERATION_GROUPS).flat())
  return [...new Set(list.split(',').map((n) => n.trim()).filter((n) => n !== '').flatMap((n): StepOperation[] => {
    const group = OPERATION_GROUPS[n]
    if (group !== undefined) return [...group]
    if (all.has(n as StepOperation)) return [n as StepOperation]
    throw new UsageError(`--operations names an unknown operation or group: ${n} (groups: ${Object.keys(OPERATION_GROUPS).join(', ')})`)
  }))]
}

/** The `conform` command's usage text. @since 0.2.0 */
export const conformUsage = `usage: kms-key-import conform --endpoint URL [--region us-east-1] [--replica-region us-west-2] [--profile classic]
                              [--runs 20] [--seed S] [--steps 20]
                              [--report FILE.md] [--json FILE] [--junit FILE]
                              [--valid-for-ms 3000] [--wait-ms 5000] [--tolerance-ms 5000] [--shrink-runs 100]
                              [--timeout-ms 30000] [--operations lifecycle,aliases,…] [--yes-real-aws] [--quiet]

  Runs generated request sequences against the endpoint and against the in-process reference
  (same steps, each side's own ids, tokens and public keys, the same key material), compares
  every answer, and shrinks each distinct divergence to a minimal replayable script.
  Exit status: 0 nothing diverges, 1 divergences, 2 usage error, 3 the run could not complete
  (unreachable, not HTTP, not a KMS endpoint's answer, an answer over 1 MiB, or no whole answer
  within --timeout-ms), 130 interrupted (Ctrl-C: the sequence under way stops after its step, its
  keys are scheduled for deletion, and the report of what ran is printed; Ctrl-C again quits at once).

  --endpoint      the KMS endpoint (AWS JSON 1.1), e.g. http://localhost:4566
  --region        region of the requests and of the SigV4 scope (default $AWS_REGION or us-east-1)
  --replica-region  the second Region of multi-Region steps, same partition (default us-west-2,
                  or us-east-1 when --region is us-west-2; cn-northwest-1, us-gov-east-1)
  --profile       the reference's rule profile: ${profileNames} (default classic)
  --runs          sequences to generate (default 20)
  --seed          fast-check seed of the first sequence (default: random, printed)
  --steps         most steps per sequence (default 20)
  --report        write the Markdown report here (it is also printed on stdout)
  --json          write the JSON report here (steps included: replay them with replaySteps)
  --junit         write a JUnit XML report here
  --valid-for-ms  ValidTo of expiring material, this far ahead (default 3000)
  --wait-ms       length of each Wait step (default 5000; keep it above --valid-for-ms)
  --tolerance-ms  how far apart the two sides' dates may be, besides the target's time to answer (default 5000)
  --shrink-runs   most sequences replayed to shrink one divergence (default 100; each replays its waits)
  --timeout-ms    longest wait for one whole answer of the endpoint (default 30000); a throttled
                  answer (ThrottlingException, HTTP 429 or 503) is retried twice, after a short wait
  --operations    only steps of these, comma-separated: operation names (CreateKey, CreateAlias, …)
                  and groups: ${Object.keys(OPERATION_GROUPS).join(', ')} (default all)
  --yes-real-aws  confirm a run against real AWS (*.amazonaws.com): it creates KMS keys in your
                  account (billed while they exist) and schedules them for deletion (7 days) at the end
  --quiet         no progress lines on stderr

  Requests are signed with the default AWS credential chain when it finds credentials, and with
  dummy credentials (test/test) otherwise.
`

/** A command-line mistake: reported with the usage, exit status 2. */

/** The parsed arguments of `conform`. @since 0.2.0 */
export interface ConformArgs {
  /** The endpoint URL. */
  readonly endpoint: string
  /** The region. */
  readonly region: string
  /** The second Region (multi-Region steps). */
  readonly replicaRegion: string
  /** The reference's profile. */
  readonly profile: Profile
  /** Sequences. */
  readonly runs: number
  /** First seed. */
  readonly seed: number
  /** Most steps per sequence. */
  readonly steps: number
  /** Markdown report file. */
  readonly report?: string
  /** JSON report file. */
  readonly json?: string
  /** JUnit report file. */
  readonly junit?: string
  /** ValidTo of expiring material, ms ahead. */
  readonly validForMs: number
  /** Each Wait, ms. */
  readonly waitMs: number
  /** Date tolerance, ms. */
  readonly toleranceMs: number
  /** Most replays to shrink one divergence. */
  readonly shrinkRuns: number
  /** Longest wait for one whole answer, ms. */
  readonly timeoutMs: number
  /** Only steps of these operations (default all). */
  readonly operations?: readonly StepOperation[]
  /** Whether a run against real AWS is confirmed. */
  readonly yesRealAws: boolean
  /** No progress lines. */
  readonly quiet: boolean
}

/** The whole-number flags of `conform`. */
const NUMERIC_FLAGS = ['runs', 'seed', 'steps', 'valid-for-ms', 'wait-ms', 'tolerance-ms', 'shrink-runs', 'timeout-ms']

const integer = (name: string, raw: string | undefined, fallback: number, min: number, max: number): number =>
  raw === undefined ? fallback : integerFlag(name, raw, min, max)

/**
 * Parses the `conform` command's arguments.
 * @param args - the arguments after `conform`
 * @param env - the environment (`AWS_REGION`)
 * @returns the arguments
 * @throws UsageError (an `Error`) for an unknown flag, a missing endpoint or a malformed value
 * @since 0.2.0
 */
export const parseConformArgs = (args: readonly string[], env: Readonly<Record<string, string | undefined>> = process.env): ConformArgs => {
  const v = parsedFlags(() =>
    parseArgs({
      args: joinNumericValues(args, NUMERIC_FLAGS),
      strict: true,
      allowPositionals: false,
      options: {
        endpoint: { type: 'string' }, region: { type: 'string' }, 'replica-region': { type: 'string' }, profile: { type: 'string' },
        runs: { type: 'string' }, seed: { type: 'string' }, steps: { type: 'string' },
        report: { type: 'string' }, json: { type: 'string' }, junit: { type: 'string' },
        'valid-for-ms': { type: 'string' }, 'wait-ms': { type: 'string' }, 'tolerance-ms': { type: 'string' }, 'shrink-runs': { type: 'string' }, 'timeout-ms': { type: 'string' },
        operations: { type: 'string' }, 'yes-real-aws': { type: 'boolean' }, quiet: { type: 'boolean' },
      },
    }).values)
  if (v.endpoint === undefined) throw new UsageError('--endpoint is required')
  try {
    const url = new URL(v.endpoint)
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError('not http(s)')
  } catch {
    throw new UsageError(`--endpoint must be an http(s) URL: ${v.endpoint}`)
  }
  const profile = resolveProfile(v.profile ?? 'classic')
  if (profile === undefined) throw new UsageError(`--profile must be one of ${profileNames}: ${v.profile ?? ''}`)
  const validForMs = integer('valid-for-ms', v['valid-for-ms'], 3000, 1, 3_600_000)
  const waitMs = integer('wait-ms', v['wait-ms'], 5000, 1, 3_600_000)
  if (waitMs <= validForMs) throw new UsageError(`--wait-ms (${waitMs}) must be longer than --valid-for-ms (${validForMs}), so that a wait outlasts the material`)
  const region = v.region ?? env.AWS_REGION ?? 'us-east-1'
  if (!isRegionName(region)) throw new UsageError(`--region must be a Region name: ${region}`)
  const replicaRegion = v['replica-region'] ?? defaultReplicaRegion(region)
  if (!isRegionName(replicaRegion) || replicaRegion === region || partitionOf(replicaRegion) !== partitionOf(region)) {
    throw new UsageError(`--replica-region must be another Region of the partition of ${region}: ${replicaRegion}`)
  }
  const operations = v.operations === undefined ? undefined : operationsOf(v.operations)
  if (operations !== undefined && stepArbitraries({ profile, timing: 'real', operations }).length === 0) {
    throw new UsageError(`--operations names no operation that profile ${profile.name} serves: ${v.operations ?? ''}`)
  }
  // a report file whose directory does not exist would fail only after the whole run
  for (const flag of ['report', 'json', 'junit'] as const) {
    const file = v[flag]
    if (file === undefined) continue
    const dir = dirname(file)
    let isDir = false
    try {
      isDir = statSync(dir).isDirectory()
    } catch {
      // missing, or not readable: said below
    }
    if (!isDir) throw new UsageError(`--${flag} ${file}: ${dir} is not a directory`)
  }
  return {
    endpoint: v.endpoint,
    region,
    replicaRegion,
    profile,
    runs: integer('runs', v.runs, 20, 1, 100_000),
    seed: integer('seed', v.seed, Math.floor(Math.random() * 2 ** 31), 0, 2 ** 31 - 1),
    steps: integer('steps', v.steps, 20, 1, 1000),
    ...(v.report !== undefined ? { report: v.report } : {}),
    ...(v.json !== undefined ? { json: v.json } : {}),
    ...(v.junit !== undefined ? { junit: v.junit } : {}),
    validForMs,
    waitMs,
    toleranceMs: integer('tolerance-ms', v['tolerance-ms'], 5000, 0, 3_600_000),
    shrinkRuns: integer('shrink-runs', v['shrink-runs'], 100, 0, 100_000),
    timeoutMs: integer('timeout-ms', v['timeout-ms'], 30_000, 1, 3_600_000),
    ...(operations !== undefined ? { operations } : {}),
    yesRealAws: v['yes-real-aws'] === true,
    quiet: v.quiet === true,
  }
}

/**
 * Whether an endpoint is real AWS (a host under amazonaws.com, amazonaws.com.cn or api.aws).
 * @param endpoint - the URL
 * @returns true for real AWS
 * @since 0.2.0
 */
export const isRealAws = (endpoint: string): boolean => /(^|\.)(amazonaws\.com|amazonaws\.com\.cn|api\.aws)$/.test(new URL(endpoint).hostname)

/** Where `conform` writes and what it may read (injected by tests). @since 0.2.0 */
export interface ConformIo {
  /**
   * Writes text to stdout.
   * @param text - the text
   */
  readonly out: (text: string) => void
  /**
   * Writes text to stderr.
   * @param text - the text
   */
  readonly err: (text: string) => void
  /**
   * Finds credentials (default: the default AWS credential chain; undefined when it finds none).
   * @returns the credentials, or undefined
   */
  readonly credentials?: () => Promise<AwsCredentialIdentity | undefined>
  /**
   * Aborted to interrupt the run (default: the process's first SIGINT; a second one exits at
   * once): the command then ends as soon as the current step is answered, with the report of what
   * ran and exit status 130.
   */
  readonly interrupt?: AbortSignal
}

/**
 * The process's Ctrl-C while a run lasts: the first SIGINT aborts the signal (the run winds up),
 * a second exits at once with status 130.
 * @param say - where to say what happens
 * @returns the signal and the function that removes the handler
 */
const sigint = (say: (text: string) => void): { readonly signal: AbortSignal; readonly release: () => void } => {
  const controller = new AbortController()
  const handler = (): void => {
    if (controller.signal.aborted) process.exit(130)
    say('kms-key-import conform: interrupted — stopping after the current step, removing what the sequence made, then the report of what ran (Ctrl-C again to quit at once)\n')
    controller.abort()
  }
  process.on('SIGINT', handler)
  return { signal: controller.signal, release: () => process.off('SIGINT', handler) }
}

const chainCredentials = async (): Promise<AwsCredentialIdentity | undefined> => {
  try {
    return await defaultProvider({ maxRetries: 0, timeout: 1000 })()
  } catch {
    return undefined
  }
}

/** `KeyMetadata.KeyState` of a DescribeKey answer's body, if it is JSON that has one. */
const keyStateIn = (body: string): unknown => {
  try {
    return (JSON.parse(body) as { KeyMetadata?: { KeyState?: unknown } } | null)?.KeyMetadata?.KeyState
  } catch {
    return undefined
  }
}

const stdio: ConformIo = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) }

/**
 * Runs `conform`.
 * @param args - the arguments after `conform`
 * @param io - output streams and the credential lookup (default the process's and the default chain)
 * @returns the exit status: 0 no divergence, 1 divergences, 2 usage error or unconfirmed real AWS, 3 the run failed
 * @since 0.2.0
 */
export const conformCommand = async (args: readonly string[], io: ConformIo = stdio): Promise<number> => {
  if (args.includes('--help') || args.includes('-h')) {
    io.out(conformUsage)
    return 0
  }
  let a: ConformArgs
  try {
    a = parseConformArgs(args)
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    io.err(`${error.message}\n${conformUsage}`)
    return 2
  }
  const realAws = isRealAws(a.endpoint)
  if (realAws && !a.yesRealAws) {
    io.err(`kms-key-import conform: ${a.endpoint} is real AWS. The run creates KMS keys in your account (billed while they exist)\n` +
      'and schedules each for deletion (7 days, the shortest waiting period) when its sequence ends.\n' +
      'Run it in an account meant for tests, then confirm with --yes-real-aws.\n')
    return 2
  }
  const found = await (io.credentials ?? chainCredentials)()
  if (found === undefined && realAws) {
    io.err('kms-key-import conform: no AWS credentials found for a run against real AWS\n')
    return 2
  }
  const credentials = found ?? DUMMY_CREDENTIALS
  if (!a.quiet) {
    io.err(`kms-key-import conform: ${a.endpoint} (region ${a.region}) against the reference (profile ${a.profile.name}); ` +
      `${a.runs} sequence(s) of up to ${a.steps} steps from seed ${a.seed}; signing with ${found === undefined ? 'dummy credentials' : 'the default credential chain'}\n`)
    if (realAws) io.err('WARNING: real AWS — keys created now are scheduled for deletion at the end of each sequence\n')
  }
  const http = httpTarget({ endpoint: a.endpoint, credentials, timeoutMs: a.timeoutMs })
  // the last request that got no answer at all (unreachable, timed out, cut off): cleanup then
  // asks nothing more of the endpoint, rather than waiting out the timeout once per key
  let unanswered: Error | undefined
  const target: Target = {
    name: http.name,
    send: async (request) => {
      try {
        const res = await http.send(request)
        unanswered = undefined
        return res
      } catch (error) {
        unanswered = error instanceof Error ? error : new Error(String(error))
        throw unanswered
      }
    },
  }
  let keysScheduled = 0
  let keysAlreadyPending = 0
  let aliasesDeleted = 0
  const left: LeftResource[] = []
  /** The exception an answer names, `HTTP <status>` where it names none, or the error of a request that failed. */
  const reasonOf = (res: TargetResponse | Error): string => {
    if (res instanceof Error) return res.message
    let body: unknown
    try {
      body = JSON.parse(res.body) as unknown
    } catch {
      // not JSON: the status says it
    }
    const name = typeof body === 'object' && body !== null ? errorNameOf(body as Record<string, unknown>) : undefined
    return name ?? `HTTP ${res.status}`
  }
  const send = (operation: string, body: Record<string, unknown>, region: string): Promise<TargetResponse | Error> =>
    unanswered !== undefined ? Promise.resolve(new Error(`not asked: ${unanswered.message}`)) : target.send({ target: `TrentService.${operation}`, body: JSON.stringify(body), region }).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))))
  const cleanup = async (session: Session): Promise<void> => {
    // latest first: replicas go before their primary (a primary with replicas waits for them)
    for (const [i, KeyId] of [...session.keyIds.entries()].reverse()) {
      const region = session.keyRegions[i] ?? a.region
      const res = await send('ScheduleKeyDeletion', { KeyId, PendingWindowInDays: 7 }, region)
      if (!(res instanceof Error) && res.status === 200) {
        keysScheduled += 1
        continue
      }
      // a step may have scheduled or deleted the key already: that is no leftover
      const described = await send('DescribeKey', { KeyId }, region)
      const state = described instanceof Error || described.status !== 200 ? undefined : keyStateIn(described.body)
      if ((!(described instanceof Error) && reasonOf(described) === 'NotFoundException') || state === 'PendingDeletion' || state === 'PendingReplicaDeletion') keysAlreadyPending += 1
      else left.push({ resource: `key ${KeyId}`, region, reason: reasonOf(res) })
    }
    // the sequence's aliases go too (a key's aliases outlive its scheduling, and count against the account's quota)
    for (const AliasName of session.aliasesCreated) {
      const res = await send('DeleteAlias', { AliasName }, a.region)
      if (!(res instanceof Error) && res.status === 200) aliasesDeleted += 1
      // NotFoundException: an alias a step deleted
      else if (reasonOf(res) !== 'NotFoundException') left.push({ resource: `alias ${AliasName}`, region: a.region, reason: reasonOf(res) })
    }
  }
  const cleanupReport = (): CleanupReport => ({ keysScheduled, keysAlreadyPending, aliasesDeleted, left })
  const leftLine = (): string => (left.length === 0 ? '' : `; ${left.length} key(s) or alias(es) left on the endpoint (listed in the report)`)
  const interrupt = io.interrupt === undefined ? sigint(io.err) : { signal: io.interrupt, release: () => undefined }
  let report: ConformanceReport
  try {
    report = await runConformance({
      signal: interrupt.signal,
      profile: a.profile, region: a.region, replicaRegion: a.replicaRegion, target: () => target, timing: 'real', runs: a.runs, seed: a.seed, steps: a.steps,
      realValidForMs: a.validForMs, realWaitMs: a.waitMs, toleranceMs: a.toleranceMs, maxShrinkRuns: a.shrinkRuns, afterSequence: cleanup,
      ...(a.operations !== undefined ? { operations: a.operations } : {}),
      // a line every tenth replay: in real time each replays its waits, and a divergence takes up to --shrink-runs of them
      onShrink: (p) => {
        if (!a.quiet && p.replays % 10 === 0) io.err(`[${p.run}/${p.runs}] shrinking ${p.signature}: ${p.replays} of at most ${p.maxReplays} replays, ${p.steps} step(s) so far\n`)
      },
      onProgress: (p) => {
        if (a.quiet) return
        io.err(`[${p.run}/${p.runs}] ${p.steps} step(s) ${p.diverged ? 'diverged' : 'agree'}${p.divergence !== undefined ? ` — new divergence: ${p.divergence.signature} (shrunk to ${p.divergence.script.filter((l) => !l.prologue).length} step(s))${notServed(p.divergence) ? `; the target does not serve ${p.divergence.operation}` : ''}` : ''}\n`)
      },
    })
  } catch (error) {
    io.err(`kms-key-import conform: the run could not complete: ${error instanceof Error ? error.message : String(error)}\n`)
    for (const l of left) io.err(`kms-key-import conform: left on the endpoint: ${l.resource} (${l.region}): ${l.reason}\n`)
    return 3
  } finally {
    interrupt.release()
  }
  report = { ...report, cleanup: cleanupReport() }
  const markdown = renderMarkdown(report, realAws ? {} : { endpoint: a.endpoint })
  io.out(markdown)
  const files = [[a.report, () => markdown], [a.json, () => renderJson(report)], [a.junit, () => renderJUnit(report)]] as const
  for (const [file, text] of files) {
    if (file === undefined) continue
    try {
      await writeFile(file, text())
    } catch (error) {
      io.err(`kms-key-import conform: could not write ${file}: ${error instanceof Error ? error.message : String(error)}\n`)
      return 3
    }
  }
  const interrupted = interrupt.signal.aborted
  if (!a.quiet || interrupted) {
    io.err(`kms-key-import conform: ${interrupted ? `interrupted after ${report.runs} of ${a.runs} sequence(s); ` : ''}${report.stepsCompared} steps compared, ${report.divergences.length} distinct divergence(s); ${keysScheduled} key(s) scheduled for deletion${leftLine()}\n`)
  }
  if (interrupted) return 130
  return report.divergences.length === 0 ? 0 : 1
}
