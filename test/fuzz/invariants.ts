/**
 * What must hold for every fuzz case, shared by the CI suite and the soak:
 *
 * 1. `handle` never rejects (it never throws);
 * 2. never a 500 for client input (`KMSInternalException`, the answer to a throw, included);
 * 3. the answer is 200 or 400 with an AWS JSON 1.1 body; every error `__type` is one the
 *    operation's AWS error list allows, or a protocol error (`error-lists.ts`); an unknown target
 *    is `UnknownOperationException`; an error body is exactly `{__type[, message]}`;
 * 4. a failed request leaves the store exactly as it was (the same immutable store object, and
 *    the same canonical contents); a successful read-only request leaves the same contents;
 * 5. no prototype is polluted: `Object.prototype` (and the other built-in prototypes) have the
 *    same own properties with the same values, and `({}).polluted` is undefined.
 */
import { allKeys, operations, type KeyStore, type OperationName } from 'kms-key-import'
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

const check = async (world: World, c: FuzzCase, options: CheckOptions, answered: (answer: string) => void): Promise<string | undefined> => {
  const kms = world.emulator
  const before = kms.store()
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
  if (failed && after !== before) return `the failed request (${String(type)}) changed the store`
  if (options.compareContents && (failed || (op !== undefined && READ_ONLY.has(op))) && canonicalStore(after) !== beforeDump) {
    return `${failed ? 'the failed request' : `the read-only ${op ?? ''}`} changed the store's contents`
  }
  return prototypePollution()
}
