/**
 * What must hold for every fuzz case, shared by the CI suite and the soak:
 *
 * 1. `handle` never rejects (it never throws);
 * 2. never a 500 for client input (`KMSInternalException`, the answer to a throw, included);
 * 3. the answer is 200 or 400 with an AWS JSON 1.1 body; every error `__type` is one the
 *    operation's AWS error list allows, or a protocol error (`error-lists.ts`); an unknown target
 *    is `UnknownOperationException`; an error body is exactly `{__type[, message]}`;
 * 4. a failed request leaves the store exactly as it was at the case's instant (the store settled
 *    at the clock, after the case's clock step: the same immutable object when nothing expired,
 *    and the same canonical contents); a successful read-only request leaves the same contents;
 *    a successful change does what a small model of key states says (`expectedChange`): the
 *    target key lands in the predicted state, CreateKey adds one key, and every other key is
 *    untouched;
 * 5. no prototype is polluted: `Object.prototype` (and the other built-in prototypes) have the
 *    same own properties with the same values, and `({}).polluted` is undefined.
 */
import { allKeys, operations, settleStore, type KeyRecord, type KeyStore, type OperationName } from 'kms-key-import'
import { isAllowedError, UNKNOWN_OPERATION } from './error-lists.js'
import { POLLUTION_MARK, type FuzzCase } from './arbitraries.js'
import type { World } from './world.js'

/** Operations that never change the store, even when they succeed. */
export const READ_ONLY: ReadonlySet<OperationName> = new Set<OperationName>([
  'DescribeKey', 'GetParametersForImport', 'Encrypt', 'Decrypt', 'GetPublicKey', 'Sign', 'Verify', 'GenerateMac', 'VerifyMac', 'ListKeyRotations',
  'ListKeys', 'ListAliases', 'ListResourceTags', 'GetKeyPolicy', 'ListKeyPolicies', 'GetKeyRotationStatus', 'GenerateDataKey',
  'GenerateDataKeyWithoutPlaintext', 'GenerateDataKeyPair', 'GenerateDataKeyPairWithoutPlaintext', 'ReEncrypt', 'GenerateRandom',
])

const isOperationName = (name: string): name is OperationName => Object.hasOwn(operations, name)

const PROTOTYPES: readonly (readonly [string, object])[] = [
  ['Object.prototype', Object.prototype], ['Array.prototype', Array.prototype], ['Function.prototype', Function.prototype],
  ['String.prototype', String.prototype], ['Number.prototype', Number.prototype], ['Boolean.prototype', Boolean.prototype],
  ['Uint8Array.prototype', Uint8Array.prototype], ['Map.prototype', Map.prototype], ['Set.prototype', Set.prototype],
]

type Snapshot = readonly (readonly [string, ReadonlyMap<string | symbol, unknown>])[]

const snapshotPrototypes = (): Snapshot =>
  PROTOTYPES.map(([name, proto]) => [name, new Map(Reflect.ownKeys(proto).map((k) => [k, Object.getOwnPropertyDescriptor(proto, k)?.value ?? Object.getOwnPropertyDescriptor(proto, k)?.get]))] as const)

const BASELINE = snapshotPrototypes()

/**
 * The prototypes as they were when this module loaded, compared now.
 * @returns a description of every difference, or undefined when none
 */
export const prototypePollution = (): string | undefined => {
  const probe = {} as Record<string, unknown>
  if (probe[POLLUTION_MARK] !== undefined) return `({}).${POLLUTION_MARK} is ${String(probe[POLLUTION_MARK])}`
  if (Object.getPrototypeOf(probe) !== Object.prototype) return 'the prototype of {} changed'
  for (const [i, [name, proto]] of PROTOTYPES.entries()) {
    const before = (BASELINE[i] as Snapshot[number])[1]
    const keys = Reflect.ownKeys(proto)
    if (keys.length !== before.size) return `${name} has ${keys.length} own keys, had ${before.size}: new ${keys.filter((k) => !before.has(k)).map(String).join(', ')}`
    for (const k of keys) {
      const d = Object.getOwnPropertyDescriptor(proto, k)
      if (!before.has(k) || (d?.value ?? d?.get) !== before.get(k)) return `${name}.${String(k)} changed`
    }
  }
  return undefined
}

/**
 * A canonical dump of a store: every key record as JSON, in insertion order. Secrets print as
 * their placeholder; material ids change with the material, so a changed material shows.
 * @param store - the store
 * @returns the dump
 */
export const canonicalStore = (store: KeyStore): string => JSON.stringify(allKeys(store))

/** Options of {@link checkCase}. */
export interface CheckOptions {
  /** Also compare canonical dumps of the store (identity is always compared). */
  readonly compareContents: boolean
}

const ERROR_BODY_KEYS = new Set(['__type', 'message'])

/** What a case got: the answer (`200` or the error `__type`) and what failed, if anything. */
export interface CaseResult {
  readonly answer: string
  readonly failure: string | undefined
}

/**
 * Runs one case against a world and checks every invariant.
 * @param world - the world
 * @param c - the case
 * @param options - what to compare
 * @returns the answer, and undefined `failure` when every invariant holds
 */
export const checkCase = async (world: World, c: FuzzCase, options: CheckOptions): Promise<CaseResult> => {
  let answer = 'none'
  const failure = await check(world, c, options, (a) => {
    answer = a
  })
  return { answer, failure }
}

/** The request's KeyId member, when the body is a JSON object that has one. */
const requestKeyId = (body: string | Uint8Array): unknown => {
  try {
    const j = JSON.parse(typeof body === 'string' ? body : Buffer.from(body).toString('utf8')) as unknown
    return typeof j === 'object' && j !== null && !Array.isArray(j) ? (j as Record<string, unknown>).KeyId : undefined
  } catch {
    return undefined
  }
}

/** The request's KeyMaterialId member, when it has one. */
const requestMaterialId = (body: string | Uint8Array): unknown => {
  try {
    const j = JSON.parse(typeof body === 'string' ? body : Buffer.from(body).toString('utf8')) as unknown
    return typeof j === 'object' && j !== null && !Array.isArray(j) ? (j as Record<string, unknown>).KeyMaterialId : undefined
  } catch {
    return undefined
  }
}

/** Whether a key holds usable material (its CURRENT material, not deleted). */
const holdsMaterial = (k: KeyRecord): boolean => k.materials.some((m) => m.state === 'CURRENT' && m.secret !== undefined)

/**
 * The model of a successful change: the state the target key must be in afterwards, from its
 * state before (docs/evidence.md §2, §8). Written apart from the library's rules.
 * @param op - the operation that succeeded
 * @param key - the target key before the request (settled at the case's instant)
 * @param materialId - the request's KeyMaterialId, if any
 * @returns the states allowed afterwards
 */
export const expectedChange = (op: OperationName, key: KeyRecord, materialId: unknown): readonly string[] => {
  switch (op) {
    case 'EnableKey': return ['Enabled']
    case 'DisableKey': return ['Disabled']
    case 'ScheduleKeyDeletion': return ['PendingDeletion']
    case 'CancelKeyDeletion': return [holdsMaterial(key) ? 'Disabled' : 'PendingImport']
    case 'ImportKeyMaterial':
      // new material pending rotation leaves the state; a first (or re-)import of the current material enables a key pending import
      return key.state === 'PendingImport' ? ['Enabled', 'PendingImport'] : [key.state]
    case 'DeleteImportedKeyMaterial': {
      if (key.state === 'PendingDeletion') return ['PendingDeletion']
      const named = typeof materialId === 'string' ? key.materials.find((m) => m.keyMaterialId === materialId) : undefined
      return named !== undefined && named.state === 'PENDING_ROTATION' ? [key.state] : ['PendingImport']
    }
    default: return [key.state]
  }
}

/** Checks a successful change against the model; a description of what differs, or undefined. */
const checkChange = (op: OperationName, c: FuzzCase, before: KeyStore, after: KeyStore): string | undefined => {
  const was = allKeys(before)
  const now = allKeys(after)
  if (op === 'CreateKey') {
    if (now.length !== was.length + 1) return `CreateKey succeeded with ${now.length - was.length} new keys`
    const fresh = now[now.length - 1] as KeyRecord
    if (!['PendingImport', 'Enabled'].includes(fresh.state)) return `CreateKey made a key in state ${fresh.state}`
    if (JSON.stringify(now.slice(0, was.length)) !== JSON.stringify(was)) return 'CreateKey changed another key'
    return undefined
  }
  if (now.length !== was.length) return `${op} changed the number of keys from ${was.length} to ${now.length}`
  if (op === 'CreateAlias' || op === 'UpdateAlias' || op === 'DeleteAlias') {
    // an alias lives in the record of its key: these change the aliases of one or two keys, nothing else
    const withoutAliases = (k: KeyRecord): string => JSON.stringify({ ...k, aliases: undefined })
    const other = now.find((k, i) => withoutAliases(k) !== withoutAliases(was[i] as KeyRecord))
    return other === undefined ? undefined : `${op} changed more than the aliases of ${other.keyId}`
  }
  const id = requestKeyId(c.body)
  const target = was.findIndex((k) => k.keyId === id || k.arn === id)
  for (const [i, k] of now.entries()) {
    if (i === target) continue
    if (JSON.stringify(k) !== JSON.stringify(was[i])) return `${op} on ${String(id)} changed another key, ${k.keyId}`
  }
  if (target === -1) return undefined
  const allowed = expectedChange(op, was[target] as KeyRecord, requestMaterialId(c.body))
  const state = (now[target] as KeyRecord).state
  return allowed.includes(state) ? undefined : `${op} left ${String(id)} ${state}; the model says ${allowed.join(' or ')} (it was ${(was[target] as KeyRecord).state})`
}

const check = async (world: World, c: FuzzCase, options: CheckOptions, answered: (answer: string) => void): Promise<string | undefined> => {
  const kms = world.emulator
  if (c.advanceMs !== undefined && c.advanceMs > 0) world.clock.advance(c.advanceMs)
  const stored = kms.store()
  // the store at the case's instant: what the operation sees after expiry and deletion settle
  const before = settleStore(stored, world.clock.now()).store
  const beforeDump = options.compareContents ? canonicalStore(before) : ''
  let res
  try {
    res = await kms.handle({ target: c.target, body: c.body })
  } catch (e) {
    return `handle rejected: ${e instanceof Error ? e.stack ?? e.message : String(e)}`
  }
  const name = c.target.startsWith('TrentService.') ? c.target.slice('TrentService.'.length) : ''
  const op = isOperationName(name) ? name : undefined
  let body: unknown
  try {
    body = JSON.parse(res.body)
  } catch {
    return `response body is not JSON: ${res.status} ${res.body.slice(0, 200)}`
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return `response body is not a JSON object: ${res.body.slice(0, 200)}`
  const fields = body as Record<string, unknown>
  const type = fields.__type
  answered(res.status === 200 ? '200' : String(type))
  if (res.status === 500 || type === 'KMSInternalException') return `500 for client input: ${res.body.slice(0, 300)}`
  if (res.headers['content-type'] !== 'application/x-amz-json-1.1' || typeof res.headers['x-amzn-requestid'] !== 'string') return `headers: ${JSON.stringify(res.headers)}`
  const failed = res.status !== 200
  if (failed) {
    if (res.status !== 400) return `status ${res.status}: ${res.body.slice(0, 200)}`
    if (typeof type !== 'string') return `error without __type: ${res.body.slice(0, 200)}`
    if (Object.keys(fields).some((k) => !ERROR_BODY_KEYS.has(k))) return `error body has other members: ${Object.keys(fields).join(', ')}`
    if (fields.message !== undefined && typeof fields.message !== 'string') return `error message is not a string: ${res.body.slice(0, 200)}`
    if (op === undefined) {
      if (type !== UNKNOWN_OPERATION) return `target ${JSON.stringify(c.target)} answered ${type}, not ${UNKNOWN_OPERATION}`
    } else if (!isAllowedError(op, type)) {
      return `${op} answered ${type}, which its AWS error list does not allow: ${res.body.slice(0, 300)}`
    }
  } else {
    if (op === undefined) return `target ${JSON.stringify(c.target)} answered 200`
    if (type !== undefined) return `200 with __type ${String(type)}`
  }
  const after = kms.store()
  // nothing settled: the very same object; something settled: the same contents (checked below)
  if (failed && before === stored && after !== before) return `the failed request (${String(type)}) changed the store`
  // a request refused before any operation ran (no target, a body that does not parse) settles nothing: compare at the same instant
  if ((options.compareContents || before !== stored) && (failed || (op !== undefined && READ_ONLY.has(op)))
    && canonicalStore(settleStore(after, world.clock.now()).store) !== (beforeDump === '' ? canonicalStore(before) : beforeDump)) {
    return `${failed ? 'the failed request' : `the read-only ${op ?? ''}`} changed the store's contents`
  }
  if (!failed && op !== undefined && !READ_ONLY.has(op)) {
    const wrong = checkChange(op, c, before, after)
    if (wrong !== undefined) return wrong
  }
  return prototypePollution()
}
