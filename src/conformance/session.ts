/**
 * A session: one side of a run (the reference or the target). It turns abstract steps into that
 * side's concrete requests — its own key ids, its own import tokens, the material wrapped with its
 * own public keys — and its answers into normalised observations.
 *
 * @module
 */
import { createPrivateKey, createPublicKey, randomBytes } from 'node:crypto'
import type { MacAlgorithmSpec } from '../crypto/mac.js'
import type { SigningAlgorithmSpec } from '../crypto/signing.js'
import type { WrappingAlgorithm } from '../model/enums.js'
import type { ProfileSelector } from '../profiles/index.js'
import type { Profile } from '../profiles/profile.js'
import type { ModelOperationName } from '../protocol/decode.js'
import { encodeResponse } from '../protocol/encode.js'
import { kmsModel } from '../protocol/generated/kms-model.js'
import { wrapKeyMaterial } from '../testing/wrap.js'
import { DATE_MEMBERS, expectationOf, type Exchange, type Expectation, type Observation, type StepOutcome } from './observation.js'
import { ALIAS_NAMES, DATA_KEY_SIZES, DESCRIPTIONS, MALFORMED_POLICIES, MATERIAL_NAMES, materialFor, nth, POLICY_NAMES, profileOf, TAG_KEYS, TAG_VALUES, MESSAGES, privateKeyMaterial, otherWrappingAlgorithm, type OTHER_KEY_SPECS, type MaterialName, type RunKeySpec, type Step } from './steps.js'
import type { Target } from './target.js'
import type { Timeline } from './timeline.js'

/** The instant a step happens at, the same for every side. @since 0.2.0 */
export interface StepContext {
  /** Epoch ms. */
  readonly now: number
}

/**
 * Something that predicts what a step should answer: the reference session, or a model of your
 * own. Its counts decide which steps can run (the preconditions of the commands).
 * @since 0.2.0
 */
export interface Oracle {
  /** Keys created so far. */
  readonly keyCount: number
  /** Ciphertexts produced so far. */
  readonly ciphertextCount: number
  /** Import tokens issued so far. */
  readonly tokenCount: number
  /** Signatures made so far (undefined: none, Verify steps never run). */
  readonly signatureCount?: number
  /** MACs made so far (undefined: none, VerifyMac steps never run). */
  readonly macCount?: number
  /**
   * Predicts a step.
   * @param step - the step
   * @param context - its instant
   * @returns the prediction
   */
  predict(step: Step, context: StepContext): Promise<Expectation>
}

/** Options of {@link createSession}. @since 0.2.0 */
export interface SessionOptions {
  /** Where requests go. */
  readonly target: Target
  /** The profile steps are generated for (material length, members), or its name (`'latest'` too). */
  readonly profile: Profile | ProfileSelector
  /** The region of requests (and of the keys CreateKey creates). */
  readonly region: string
  /** The run's other Region (same partition), where ReplicateKey puts replicas (default: none; multi-Region steps then name `region`). */
  readonly replicaRegion?: string
  /** The run's time (dates are reported relative to its start). */
  readonly timeline: Timeline
}

/**
 * One side of a run. Also an {@link Oracle}: the reference session predicts exactly what it
 * observes.
 * @since 0.2.0
 */
export interface Session extends Oracle {
  /** The target. */
  readonly target: Target
  /** The ids of the keys this session created, in order (a replica has the id of its primary). */
  readonly keyIds: readonly string[]
  /** The Region of each key of {@link Session.keyIds}. */
  readonly keyRegions: readonly string[]
  /** Replicas this session created so far (ReplicateKey that succeeded). */
  readonly replicaCount: number
  /** Imports into a key of the other Region (a replica) that succeeded so far. */
  readonly replicaImports: number
  /** Decrypt steps in the other Region that gave back a plaintext so far. */
  readonly crossRegionDecrypts: number
  /** Signatures this session made so far. */
  readonly signatureCount: number
  /** MACs this session made so far. */
  readonly macCount: number
  /** The alias names this session's alias steps use, as sent (its own). */
  readonly aliasNames: readonly string[]
  /** The alias names a CreateAlias of this session succeeded with, as sent, in order (e.g. to delete them when a sequence ends). */
  readonly aliasesCreated: readonly string[]
  /**
   * Sends a step's request(s) and observes the answer and every key afterwards.
   * @param step - the step
   * @param context - its instant
   * @returns the observation
   */
  perform(step: Step, context: StepContext): Promise<Observation>
}

interface Token { readonly token: string; readonly publicKey: Uint8Array; readonly algorithm: WrappingAlgorithm; readonly key: number }

/** The first signing algorithm of each key spec a run creates (ECDSA_SHA_256 for keys that sign nothing: refused alike). */
const SIGNING_ALGORITHM: Readonly<Record<RunKeySpec, SigningAlgorithmSpec>> = {
  SYMMETRIC_DEFAULT: 'ECDSA_SHA_256', HMAC_256: 'ECDSA_SHA_256', ECC_NIST_P256: 'ECDSA_SHA_256', RSA_2048: 'RSASSA_PSS_SHA_256',
}

/** The usage a run's keys are created with, per spec. */
const KEY_USAGE: Readonly<Record<(typeof OTHER_KEY_SPECS)[number], string>> = { RSA_2048: 'SIGN_VERIFY', ECC_NIST_P256: 'SIGN_VERIFY', HMAC_256: 'GENERATE_VERIFY_MAC' }

let fixturePublicKeys: ReadonlyMap<string, string> | undefined
/** DER SPKI (base64) of each fixture asymmetric material → `<public key of material A (RSA_2048)>`. */
const publicKeyLabels = (): ReadonlyMap<string, string> => {
  fixturePublicKeys ??= new Map((['RSA_2048', 'ECC_NIST_P256'] as const).flatMap((spec) => MATERIAL_NAMES.map((name): [string, string] => {
    const der = createPrivateKey({ key: Buffer.from(privateKeyMaterial(spec, name)), format: 'der', type: 'pkcs8' })
    return [createPublicKey(der).export({ format: 'der', type: 'spki' }).toString('base64'), `<public key of material ${name} (${spec})>`]
  })))
  return fixturePublicKeys
}

const MATERIAL_ID = /^[0-9a-f]{64}$/
/** A decimal number as text (a date some endpoints answer as a string). */
const NUMERIC = /^-?\d+(\.\d+)?$/
const MATERIAL_ID_IN_TEXT = /(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])/g
/** The account of an alias ARN (each side's own). */
const ALIAS_ARN_ACCOUNT = /(arn:[\w-]+:kms:[\w-]+:)\d{12}(:alias\/)/g
const NO_SUCH_MATERIAL = 'f'.repeat(64)

const describePublicKey = (base64: unknown): string => {
  if (typeof base64 !== 'string') return '<no public key>'
  try {
    const key = createPublicKey({ key: Buffer.from(base64, 'base64'), format: 'der', type: 'spki' })
    const d = key.asymmetricKeyDetails
    return key.asymmetricKeyType === 'rsa' ? `<RSA ${d?.modulusLength ?? '?'} public key>` : `<${key.asymmetricKeyType ?? '?'} ${d?.namedCurve ?? ''} public key>`.replace(' >', '>')
  } catch {
    return '<public key that does not parse as DER SPKI>'
  }
}

/**
 * A successful answer's members that AWS's model declares for the operation, as an AWS SDK reads
 * them: members it does not declare (an emulator's own, `ResponseMetadata`) are left out, so that
 * no endpoint diverges by them. A body that is not JSON is kept as it is (`__unparsable`).
 */
const declared = (operation: string, body: Record<string, unknown>): unknown =>
  '__unparsable' in body || !(operation in kmsModel.operations) ? body : encodeResponse(operation as ModelOperationName, body)

const parse = (text: string): unknown => {
  // an empty body is an answer without members, as AWS SDKs read it
  if (text === '') return {}
  try {
    return JSON.parse(text) as unknown
  } catch {
    return { __unparsable: text.slice(0, 200) }
  }
}

/**
 * A step's concrete request, its normalised form, what to remember from a success, and how its
 * normalised members are put in the form both sides are compared in (default: as they are).
 */
interface Built {
  readonly operation: string
  readonly request: Record<string, unknown>
  readonly shown: Record<string, unknown>
  readonly after?: (ex: Exchange) => void
  readonly members?: (members: Record<string, unknown>) => Record<string, unknown>
  /** The Region the request is sent in (default the session's). */
  readonly region?: string
  /**
   * A listing of several pages: the request of the page after `ex` (undefined: `ex` was the last),
   * and the one answer the pages make together (a page's error, if one failed).
   */
  readonly pages?: {
    readonly next: (ex: Exchange) => Record<string, unknown> | undefined
    readonly merge: (pages: readonly Exchange[]) => Exchange
  }
  /**
   * Exceptions whose message is this library's CHOSEN text for the step (AWS documents none): the
   * exception is compared, its message is not.
   */
  readonly chosenMessages?: readonly string[]
}

/** Most pages a listing of every alias reads (50 aliases a page: 10 000 aliases). */
const MAX_PAGES = 200

/** The account in ARNs (`arn:aws:iam::111122223333:root`): each side's own. */
const ARN_ACCOUNT = /^(arn:[\w-]+:[\w-]+:[\w-]*:)\d{12}(:)/

/**
 * A key policy document as compared: parsed (whitespace and member order are the endpoint's), its
 * ARNs' accounts `<account>`; as it is when it does not parse.
 */
const policyDocument = (text: unknown): unknown => {
  const accounts = (v: unknown): unknown =>
    typeof v === 'string' ? v.replace(ARN_ACCOUNT, '$1<account>$2')
      : Array.isArray(v) ? v.map(accounts)
        : typeof v === 'object' && v !== null ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, accounts(x)]))
          : v
  try {
    return typeof text === 'string' ? accounts(JSON.parse(text)) : text
  } catch {
    return text
  }
}

/** The policy documents PutKeyPolicy steps put ({@link POLICY_NAMES}), for a root principal `arn:<partition>:iam::<account>:root`. */
const policyText = (name: (typeof POLICY_NAMES)[number], root: string): string => JSON.stringify(name === 'default'
  ? { Version: '2012-10-17', Id: 'key-default-1', Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: root }, Action: 'kms:*', Resource: '*' }] }
  : { Version: '2012-10-17', Id: 'conform-custom', Statement: [{ Sid: 'Conformance', Effect: 'Allow', Principal: { AWS: root }, Action: ['kms:*'], Resource: '*' }] })

/** The documents of {@link MALFORMED_POLICIES}: JSON cut off inside its Statement, and a JSON object without `Statement`. */
const malformedPolicyText = (name: (typeof MALFORMED_POLICIES)[number]): string =>
  name === 'not JSON' ? '{"Version": "2012-10-17", "Statement": [' : JSON.stringify({ Version: '2012-10-17', Id: 'conform-no-statement' })

/** Random bytes (base64) by their length: `<32 bytes>`. */
const bytesOf = (base64: unknown): string => (typeof base64 === 'string' ? `<${Buffer.from(base64, 'base64').length} bytes>` : '<no bytes>')

/** Tags in the order of their keys (AWS documents none). */
const tagsByKey = (members: Record<string, unknown>): Record<string, unknown> =>
  Array.isArray(members.Tags)
    ? { ...members, Tags: [...(members.Tags as unknown[])].sort((a, b) => String(asRecord(a).TagKey).localeCompare(String(asRecord(b).TagKey))) }
    : members

/**
 * The exception an answer names, as AWS SDKs read an AWS JSON 1.1 error: `__type`, else `code`,
 * without what may surround the name (`com.amazonaws.kms#Name`, `Name:http://internal…`,
 * `Name,…`); undefined where the body names none.
 * @param body - the answer's JSON body
 * @returns the exception's name, or undefined
 */
export const errorNameOf = (body: Readonly<Record<string, unknown>>): string | undefined => {
  const raw = typeof body.__type === 'string' ? body.__type : typeof body.code === 'string' ? body.code : undefined
  if (raw === undefined) return undefined
  const name = (raw.split(',')[0] ?? '').split(':')[0] ?? ''
  return name.includes('#') ? name.split('#')[1] ?? name : name
}

const asRecord = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {})

/**
 * Creates a session.
 * @param options - target, profile, region, timeline
 * @returns the session
 * @throws TypeError when `profile` names no profile
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { classicProfile, createEmulator } from 'kms-key-import'
 * import { createSession, inProcessTarget, manualTimeline } from 'kms-key-import/conformance'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const timeline = manualTimeline()
 * const target = inProcessTarget(createEmulator({ clock: timeline.clock, crypto: createDeterministicProvider() }))
 * const session = createSession({ target, profile: classicProfile, region: 'us-east-1', timeline })
 * const created = await session.perform({ op: 'CreateKey', origin: 'EXTERNAL' }, { now: timeline.clock.now() })
 * assert.equal(created.outcome?.status, 200)
 * const enabled = await session.perform({ op: 'EnableKey', key: 0 }, { now: timeline.clock.now() })
 * assert.deepEqual(enabled.outcome?.error, { type: 'KMSInvalidStateException', message: 'arn:key#0 is pending import.' })
 * assert.equal(enabled.keys[0]?.KeyState, 'PendingImport')
 * ```
 * @since 0.2.0
 */
export const createSession = (options: SessionOptions): Session => {
  const { target, region, timeline } = options
  const profile = profileOf(options.profile)
  const replicaRegion = options.replicaRegion ?? region
  /** The run's other Region: where a key of one Region replicates to, and a ciphertext of it is decrypted elsewhere. */
  const otherRegion = (r: string): string => (r === region ? replicaRegion : region)
  const keys: { id: string; arn: string; spec: RunKeySpec; region: string }[] = []
  let replicaCount = 0
  let crossRegionDecrypts = 0
  let replicaImports = 0
  const tokens: Token[] = []
  // a data key's plaintext is random (each side's own; undefined where the side never saw it): its
  // Decrypt is compared by whether it gives back the data key, and by length
  const ciphertexts: { blob: string; plaintext: string | undefined; random: boolean; region: string }[] = []
  const signatures: { blob: string; key: number; message: number; algorithm: SigningAlgorithmSpec }[] = []
  const macs: { mac: string; key: number; message: number; algorithm: MacAlgorithmSpec }[] = []
  const materialIds = new Map<string, string>() // "key/name" → id
  // this session's own alias names: sequences that share an endpoint never meet each other's aliases
  const aliasPrefix = `alias/conform-${randomBytes(4).toString('hex')}-`
  const aliasNames = ALIAS_NAMES.map((n) => n.replace('alias/conform-', aliasPrefix))
  const aliasesCreated: string[] = []
  const aliasOf = (n: number): { readonly name: string; readonly shown: string } => {
    const i = n % ALIAS_NAMES.length
    return { name: aliasNames[i] ?? '', shown: ALIAS_NAMES[i] ?? '' }
  }
  const labels = new Map<string, string>() // material id → label
  let unnamed = 0

  const labelMaterial = (id: string, proposed?: string): string => {
    const known = labels.get(id)
    if (known !== undefined) return known
    const used = new Set(labels.values())
    let label = proposed ?? `material#${++unnamed}`
    for (let n = 2; used.has(label); n++) label = `${proposed ?? 'material'}#${n}`
    labels.set(id, label)
    return label
  }

  const normaliseString = (s: string): string => {
    if (MATERIAL_ID.test(s)) return labelMaterial(s)
    // material ids inside a message (material pending rotation): by their label where the session
    // knows them, else `<material id>` (the ids of each side's own new material differ)
    let out = s.length > 64 ? s.replace(MATERIAL_ID_IN_TEXT, (id) => labels.get(id) ?? '<material id>') : s
    out = out.includes(aliasPrefix) ? out.split(aliasPrefix).join('alias/conform-').replace(ALIAS_ARN_ACCOUNT, '$1<account>$2') : out
    // every ARN first: related multi-Region keys share their id, and each has its own ARN
    keys.forEach((k, i) => {
      out = out.split(k.arn).join(`arn:key#${i}`)
    })
    keys.forEach((k, i) => {
      out = out.split(k.id).join(`key#${i}`)
    })
    return out
  }

  const normalise = (value: unknown, name = '', operation = ''): unknown => {
    if (Array.isArray(value)) return value.map((v) => normalise(v, name))
    if (typeof value === 'object' && value !== null) {
      const out: Record<string, unknown> = {}
      for (const [k, v] of Object.entries(value)) {
        if (k === 'ImportToken') out[k] = '<import token>'
        else if (k === 'PublicKey') out[k] = operation === 'GetPublicKey' && typeof v === 'string' ? publicKeyLabels().get(v) ?? describePublicKey(v) : describePublicKey(v)
        else if (k === 'CiphertextBlob') out[k] = '<ciphertext>'
        else if (k === 'Signature') out[k] = '<signature>'
        else if (k === 'AWSAccountId') out[k] = '<account>'
        else out[k] = normalise(v, k)
      }
      return out
    }
    // a date is epoch seconds: a number, or a numeric string, which AWS SDKs read alike
    const date = typeof value === 'number' ? value : typeof value === 'string' && NUMERIC.test(value) ? Number(value) : undefined
    if (date !== undefined && DATE_MEMBERS.has(name)) return Math.round(date * 1000 - timeline.start) / 1000
    if (typeof value === 'string') return normaliseString(value)
    return value
  }

  const send = async (operation: string, request: Record<string, unknown>, at = region): Promise<Exchange> => {
    const res = await target.send({ target: `TrentService.${operation}`, body: JSON.stringify(request), region: at })
    return { operation, request, status: res.status, response: parse(res.body) }
  }

  const outcomeOf = (ex: Exchange): StepOutcome => {
    const body = asRecord(ex.response)
    const type = errorNameOf(body)
    if (type !== undefined || ex.status >= 300) {
      const shortType = type ?? `HTTP ${ex.status}`
      const message = body.message ?? body.Message
      return { status: ex.status, error: { type: shortType, message: typeof message === 'string' ? normaliseString(message) : '' }, members: {} }
    }
    return { status: ex.status, error: undefined, members: asRecord(normalise(declared(ex.operation, body), '', ex.operation)) }
  }

  const describeAll = async (exchanges: Exchange[]): Promise<Record<string, unknown>[]> => {
    const out: Record<string, unknown>[] = []
    for (const k of keys) {
      const ex = await send('DescribeKey', { KeyId: k.id }, k.region)
      exchanges.push(ex)
      const o = outcomeOf(ex)
      out.push(o.error !== undefined ? { __type: o.error.type } : asRecord(o.members.KeyMetadata))
    }
    return out
  }

  const keyIndex = (raw: number): number => {
    if (keys.length === 0) throw new RangeError('a step names a key before any key exists (check the precondition)')
    return raw % keys.length
  }

  /**
   * What a Verify or VerifyMac step names: a signature or MAC this side made earlier (its index),
   * the key to check it with (default: the one that made it) and the message (default: its own).
   */
  const recall = <R extends { readonly key: number; readonly message: number }>(
    made: readonly R[], index: number, step: { readonly key: number | undefined; readonly message: number | undefined }, operation: string, what: string,
  ): { readonly n: number; readonly item: R; readonly i: number; readonly message: string } => {
    const n = made.length === 0 ? undefined : index % made.length
    const item = n === undefined ? undefined : made[n]
    if (item === undefined || n === undefined) throw new RangeError(`${operation} before any ${what} exists (check the precondition)`)
    const i = step.key === undefined ? item.key : keyIndex(step.key)
    const m = step.message === undefined ? item.message : step.message % MESSAGES.length
    return { n, item, i, message: Buffer.from(MESSAGES[m] ?? '').toString('base64') }
  }

  const buildImport = (step: Extract<Step, { op: 'ImportKeyMaterial' }>, context: StepContext): Built => {
    const n = tokens.length === 0 ? undefined : tokens.length - 1 - (step.token % tokens.length)
    const token = n === undefined ? undefined : tokens[n]
    if (token === undefined) throw new RangeError('ImportKeyMaterial before any import token exists (check the precondition)')
    const t = token.key
    const i = step.key === undefined ? t : keyIndex(step.key)
    const KeyId = (keys[i] as { id: string }).id
    const spec = keys[i]?.spec ?? 'SYMMETRIC_DEFAULT'
    const shownKey = `key#${i}`
    const algorithm = step.otherWrapping === true ? otherWrappingAlgorithm(token.algorithm) : token.algorithm
    let wrapped: string
    try {
      wrapped = Buffer.from(wrapKeyMaterial(token.publicKey, algorithm, materialFor(profile, region, spec, step.material))).toString('base64')
    } catch {
      wrapped = Buffer.from('the public key could not wrap the material').toString('base64')
    }
    const expiry = step.validFor === undefined
      ? { ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' }
      : { ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: (context.now + step.validFor) / 1000 }
    const type = step.importType === undefined ? {} : { ImportType: step.importType }
    return {
      operation: step.op,
      request: { KeyId, ImportToken: token.token, EncryptedKeyMaterial: wrapped, ...expiry, ...type },
      shown: {
        KeyId: shownKey, ImportToken: `<import token #${n} of key#${t}>`,
        EncryptedKeyMaterial: `<${spec === 'SYMMETRIC_DEFAULT' ? '' : `${spec} `}material ${step.material} wrapped with ${algorithm} under the public key of key#${t}${step.otherWrapping === true ? ` (its token's algorithm: ${token.algorithm})` : ''}>`,
        ...(step.validFor === undefined ? expiry : { ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: `<now${step.validFor < 0 ? '-' : '+'}${Math.abs(step.validFor) / 1000}s>` }),
        ...type,
      },
      region: keys[i]?.region ?? region,
      after: (ex) => {
        if (ex.status === 200 && keys[i]?.region !== region) replicaImports += 1
        const id = asRecord(ex.response).KeyMaterialId
        if (ex.status === 200 && typeof id === 'string') {
          materialIds.set(`${i}/${step.material}`, id)
          labelMaterial(id, `material(key#${i},${step.material})`)
        }
      },
    }
  }

  /** Encrypt with a key id or alias name; the ciphertext is remembered for Decrypt. */
  const encryptWith = (KeyId: string, shownKey: string, at = region): Built => {
    const plaintext = Buffer.from(`pt-${ciphertexts.length}`).toString('base64')
    return {
      operation: 'Encrypt', request: { KeyId, Plaintext: plaintext }, shown: { KeyId: shownKey, Plaintext: plaintext }, region: at,
      after: (ex) => {
        const blob = asRecord(ex.response).CiphertextBlob
        if (ex.status === 200 && typeof blob === 'string') ciphertexts.push({ blob, plaintext, random: false, region: at })
      },
    }
  }

  /** The concrete request of a step, its normalised form, and what to remember from a success. */
  const build = (step: Exclude<Step, { op: 'Wait' }>, context: StepContext): Built => {
    switch (step.op) {
      case 'CreateKey': {
        const spec = step.spec
        const request = {
          ...(spec === undefined ? { Origin: step.origin } : { Origin: step.origin, KeySpec: spec, KeyUsage: KEY_USAGE[spec] }),
          ...(step.multiRegion === true ? { MultiRegion: true } : {}),
        }
        return {
          operation: 'CreateKey', request, shown: request,
          after: (ex) => {
            const meta = asRecord(asRecord(ex.response).KeyMetadata)
            if (ex.status === 200 && typeof meta.KeyId === 'string' && typeof meta.Arn === 'string') keys.push({ id: meta.KeyId, arn: meta.Arn, spec: spec ?? 'SYMMETRIC_DEFAULT', region })
          },
        }
      }
      case 'Verify': {
        const { n, item: sig, i, message } = recall(signatures, step.signature, step, 'Verify', 'signature')
        return {
          operation: 'Verify', region: keys[i]?.region ?? region,
          request: { KeyId: (keys[i] as { id: string }).id, Message: message, MessageType: 'RAW', Signature: sig.blob, SigningAlgorithm: sig.algorithm },
          shown: { KeyId: `key#${i}`, Message: message, MessageType: 'RAW', Signature: `<signature #${n}: message ${sig.message} signed by key#${sig.key}>`, SigningAlgorithm: sig.algorithm },
        }
      }
      case 'VerifyMac': {
        const { item: mac, i, message } = recall(macs, step.mac, step, 'VerifyMac', 'MAC')
        // MACs of the same material over the same message are equal on every side: the MAC is shown as it is
        const request = { KeyId: (keys[i] as { id: string }).id, Message: message, Mac: mac.mac, MacAlgorithm: mac.algorithm }
        return { operation: 'VerifyMac', request, shown: { ...request, KeyId: `key#${i}` }, region: keys[i]?.region ?? region }
      }
      case 'CreateAlias': case 'UpdateAlias': {
        const i = keyIndex(step.key)
        const a = aliasOf(step.alias)
        return {
          operation: step.op, request: { AliasName: a.name, TargetKeyId: (keys[i] as { id: string }).id }, shown: { AliasName: a.shown, TargetKeyId: `key#${i}` },
          after: (ex) => {
            if (step.op === 'CreateAlias' && ex.status === 200 && !aliasesCreated.includes(a.name)) aliasesCreated.push(a.name)
          },
        }
      }
      case 'DeleteAlias': {
        const a = aliasOf(step.alias)
        return { operation: step.op, request: { AliasName: a.name }, shown: { AliasName: a.shown } }
      }
      case 'Decrypt': {
        const c = ciphertexts.length === 0 ? undefined : ciphertexts[step.ciphertext % ciphertexts.length]
        if (c === undefined) throw new RangeError('Decrypt before any ciphertext exists (check the precondition)')
        const shown = { CiphertextBlob: `<ciphertext #${step.ciphertext % ciphertexts.length}>` }
        const at = step.otherRegion === true ? otherRegion(c.region) : c.region
        const after = step.otherRegion === true
          ? (ex: Exchange): void => {
            if (ex.status === 200) crossRegionDecrypts += 1
          }
          : undefined
        if (!c.random) return { operation: 'Decrypt', request: { CiphertextBlob: c.blob }, shown, region: at, ...(after === undefined ? {} : { after }) }
        return {
          operation: 'Decrypt', request: { CiphertextBlob: c.blob }, shown, region: at, ...(after === undefined ? {} : { after }),
          members: (m) => ({
            ...m,
            Plaintext: c.plaintext === undefined || typeof m.Plaintext !== 'string' ? bytesOf(m.Plaintext)
              : m.Plaintext === c.plaintext ? `<the data key (${Buffer.from(c.plaintext, 'base64').length} bytes)>` : `${bytesOf(m.Plaintext)} that are not the data key`,
          }),
        }
      }
      case 'ReEncrypt': {
        const n = ciphertexts.length === 0 ? undefined : step.ciphertext % ciphertexts.length
        const c = n === undefined ? undefined : ciphertexts[n]
        if (c === undefined || n === undefined) throw new RangeError('ReEncrypt before any ciphertext exists (check the precondition)')
        const i = keyIndex(step.key)
        const at = keys[i]?.region ?? region
        return {
          operation: 'ReEncrypt',
          request: { CiphertextBlob: c.blob, DestinationKeyId: (keys[i] as { id: string }).id },
          shown: { CiphertextBlob: `<ciphertext #${n}>`, DestinationKeyId: `key#${i}` },
          region: at,
          after: (ex) => {
            const blob = asRecord(ex.response).CiphertextBlob
            if (ex.status === 200 && typeof blob === 'string') ciphertexts.push({ ...c, blob, region: at })
          },
        }
      }
      case 'GenerateRandom':
        return { operation: step.op, request: { NumberOfBytes: step.bytes }, shown: { NumberOfBytes: step.bytes }, members: (m) => ({ ...m, Plaintext: bytesOf(m.Plaintext) }) }
      default:
        break
    }
    if (step.op === 'ImportKeyMaterial') return buildImport(step, context)
    if ('everyKey' in step) return listOwnAliases()
    if ('viaAlias' in step) {
      const a = aliasOf(step.viaAlias)
      if (step.op === 'DescribeKey') return { operation: step.op, request: { KeyId: a.name }, shown: { KeyId: a.shown } }
      return encryptWith(a.name, a.shown)
    }
    const i = keyIndex(step.key)
    const KeyId = (keys[i] as { id: string }).id
    const shownKey = `key#${i}`
    const built = buildOnKey(step, i, KeyId, shownKey)
    // a step on a key is sent in the key's Region (a replica's, or the run's)
    return built.region === undefined ? { ...built, region: keys[i]?.region ?? region } : built
  }

  /**
   * ListAliases without KeyId: every page of the account's aliases in the Region, of which only
   * this session's own are kept (an endpoint holds aliases the run did not make), in the order of
   * their names; `Truncated` of the last page read.
   */
  const listOwnAliases = (): Built => ({
    operation: 'ListAliases', request: {}, shown: {},
    pages: {
      next: (ex) => {
        const body = asRecord(ex.response)
        return ex.status === 200 && body.Truncated === true && typeof body.NextMarker === 'string' ? { Marker: body.NextMarker } : undefined
      },
      merge: (pages) => {
        const failed = pages.find((p) => p.status !== 200 || errorNameOf(asRecord(p.response)) !== undefined)
        if (failed !== undefined) return failed
        const own = pages.flatMap((p) => (Array.isArray(asRecord(p.response).Aliases) ? (asRecord(p.response).Aliases as unknown[]) : []))
          .filter((a) => aliasNames.includes(String(asRecord(a).AliasName)))
          .sort((a, b) => aliasNames.indexOf(String(asRecord(a).AliasName)) - aliasNames.indexOf(String(asRecord(b).AliasName)))
        const last = pages.at(-1) as Exchange
        return { ...last, response: { Aliases: own, Truncated: asRecord(last.response).Truncated } }
      },
    },
  })

  /** The concrete request of a step that names a key. */
  const buildOnKey = (step: Exclude<Step, { op: 'Wait' | 'ImportKeyMaterial' | 'Decrypt' | 'ReEncrypt' | 'GenerateRandom' | 'DeleteAlias' | 'CreateAlias' | 'UpdateAlias' | 'Verify' | 'VerifyMac' | 'CreateKey' } | { viaAlias: number } | { everyKey: true }>, i: number, KeyId: string, shownKey: string): Built => {
    switch (step.op) {
      case 'ReplicateKey': {
        const at = otherRegion(keys[i]?.region ?? region)
        return {
          operation: step.op, request: { KeyId, ReplicaRegion: at }, shown: { KeyId: shownKey, ReplicaRegion: at },
          after: (ex) => {
            const meta = asRecord(asRecord(ex.response).ReplicaKeyMetadata)
            if (ex.status === 200 && typeof meta.KeyId === 'string' && typeof meta.Arn === 'string') {
              keys.push({ id: meta.KeyId, arn: meta.Arn, spec: keys[i]?.spec ?? 'SYMMETRIC_DEFAULT', region: at })
              replicaCount += 1
            }
          },
          members: (m) => ({ ...m, ...(m.ReplicaPolicy === undefined ? {} : { ReplicaPolicy: policyDocument(m.ReplicaPolicy) }) }),
        }
      }
      case 'UpdatePrimaryRegion': {
        const at = otherRegion(keys[i]?.region ?? region)
        return { operation: step.op, request: { KeyId, PrimaryRegion: at }, shown: { KeyId: shownKey, PrimaryRegion: at } }
      }
      case 'ScheduleKeyDeletion':
        return { operation: step.op, request: { KeyId, PendingWindowInDays: step.days }, shown: { KeyId: shownKey, PendingWindowInDays: step.days } }
      case 'GetParametersForImport':
        return {
          operation: step.op,
          request: { KeyId, WrappingAlgorithm: step.algorithm, WrappingKeySpec: step.spec },
          shown: { KeyId: shownKey, WrappingAlgorithm: step.algorithm, WrappingKeySpec: step.spec },
          after: (ex) => {
            const body = asRecord(ex.response)
            if (ex.status === 200 && typeof body.ImportToken === 'string' && typeof body.PublicKey === 'string') {
              tokens.push({ token: body.ImportToken, publicKey: new Uint8Array(Buffer.from(body.PublicKey, 'base64')), algorithm: step.algorithm, key: i })
            }
          },
        }
      case 'DeleteImportedKeyMaterial': {
        const name: MaterialName | undefined = step.material
        const id = name === undefined ? undefined : materialIds.get(`${i}/${name}`) ?? NO_SUCH_MATERIAL
        return {
          operation: step.op,
          request: { KeyId, ...(id === undefined ? {} : { KeyMaterialId: id }) },
          shown: { KeyId: shownKey, ...(name === undefined ? {} : { KeyMaterialId: id === NO_SUCH_MATERIAL ? `<no such material: ${NO_SUCH_MATERIAL}>` : `<id of material ${name} of key#${i}>` }) },
        }
      }
      case 'Encrypt':
        return encryptWith(KeyId, shownKey, keys[i]?.region ?? region)
      case 'Sign': {
        const m = step.message % MESSAGES.length
        const algorithm = step.algorithm ?? SIGNING_ALGORITHM[keys[i]?.spec ?? 'SYMMETRIC_DEFAULT']
        const request = { KeyId, Message: Buffer.from(MESSAGES[m] ?? '').toString('base64'), MessageType: 'RAW', SigningAlgorithm: algorithm }
        return {
          operation: step.op, request, shown: { ...request, KeyId: shownKey },
          after: (ex) => {
            const blob = asRecord(ex.response).Signature
            if (ex.status === 200 && typeof blob === 'string') signatures.push({ blob, key: i, message: m, algorithm })
          },
        }
      }
      case 'GenerateMac': {
        const m = step.message % MESSAGES.length
        const algorithm = step.algorithm ?? 'HMAC_SHA_256'
        const request = { KeyId, Message: Buffer.from(MESSAGES[m] ?? '').toString('base64'), MacAlgorithm: algorithm }
        return {
          operation: step.op, request, shown: { ...request, KeyId: shownKey },
          after: (ex) => {
            const mac = asRecord(ex.response).Mac
            if (ex.status === 200 && typeof mac === 'string') macs.push({ mac, key: i, message: m, algorithm })
          },
        }
      }
      case 'TagResource': {
        const tag = { TagKey: nth(TAG_KEYS, step.tag), TagValue: nth(TAG_VALUES, step.value) }
        return { operation: step.op, request: { KeyId, Tags: [tag] }, shown: { KeyId: shownKey, Tags: [tag] } }
      }
      case 'UntagResource': {
        const TagKeys = [nth(TAG_KEYS, step.tag)]
        return { operation: step.op, request: { KeyId, TagKeys }, shown: { KeyId: shownKey, TagKeys } }
      }
      case 'ListResourceTags':
        return { operation: step.op, request: { KeyId }, shown: { KeyId: shownKey }, members: tagsByKey }
      case 'GenerateDataKey': case 'GenerateDataKeyWithoutPlaintext': {
        const size = DATA_KEY_SIZES[step.size % DATA_KEY_SIZES.length] ?? {}
        const request = { KeyId, ...(size.keySpec === undefined ? {} : { KeySpec: size.keySpec }), ...(size.bytes === undefined ? {} : { NumberOfBytes: size.bytes }) }
        return {
          operation: step.op, request, shown: { ...request, KeyId: shownKey },
          after: (ex) => {
            const body = asRecord(ex.response)
            if (ex.status === 200 && typeof body.CiphertextBlob === 'string') {
              ciphertexts.push({ blob: body.CiphertextBlob, plaintext: typeof body.Plaintext === 'string' ? body.Plaintext : undefined, random: true, region: keys[i]?.region ?? region })
            }
          },
          members: (m) => (m.Plaintext === undefined ? m : { ...m, Plaintext: bytesOf(m.Plaintext) }),
        }
      }
      case 'GetKeyPolicy': {
        const name = step.named ? { PolicyName: 'default' } : {}
        return { operation: step.op, request: { KeyId, ...name }, shown: { KeyId: shownKey, ...name }, members: (m) => ({ ...m, Policy: policyDocument(m.Policy) }) }
      }
      case 'PutKeyPolicy': {
        if ('malformed' in step) {
          const request = { KeyId, PolicyName: 'default', Policy: malformedPolicyText(nth(MALFORMED_POLICIES, step.malformed)) }
          return { operation: step.op, request, shown: { ...request, KeyId: shownKey }, chosenMessages: ['MalformedPolicyDocumentException'] }
        }
        const [, partition = 'aws', , , account = ''] = (keys[i]?.arn ?? '').split(':')
        const policy = nth(POLICY_NAMES, step.policy)
        return {
          operation: step.op,
          request: { KeyId, PolicyName: 'default', Policy: policyText(policy, `arn:${partition}:iam::${account}:root`) },
          shown: { KeyId: shownKey, PolicyName: 'default', Policy: policyText(policy, `arn:${partition}:iam::<account>:root`) },
        }
      }
      case 'UpdateKeyDescription': {
        const Description = nth(DESCRIPTIONS, step.description)
        return { operation: step.op, request: { KeyId, Description }, shown: { KeyId: shownKey, Description } }
      }
      case 'EnableKeyRotation': {
        const period = 'periodInDays' in step ? { RotationPeriodInDays: step.periodInDays } : {}
        return { operation: step.op, request: { KeyId, ...period }, shown: { KeyId: shownKey, ...period } }
      }
      case 'ListKeyRotations':
        return { operation: step.op, request: { KeyId, IncludeKeyMaterial: 'ALL_KEY_MATERIAL' }, shown: { KeyId: shownKey, IncludeKeyMaterial: 'ALL_KEY_MATERIAL' } }
      default:
        return { operation: step.op, request: { KeyId }, shown: { KeyId: shownKey } }
    }
  }

  const perform = async (step: Step, context: StepContext): Promise<Observation> => {
    const exchanges: Exchange[] = []
    if (step.op === 'Wait') return { step, request: undefined, outcome: undefined, keys: await describeAll(exchanges), exchanges }
    const { operation, request, shown, after, members, region: at, pages, chosenMessages } = build(step, context)
    let ex = await send(operation, request, at)
    exchanges.push(ex)
    if (pages !== undefined) {
      const read = [ex]
      for (let next = pages.next(ex); next !== undefined && read.length < MAX_PAGES; next = pages.next(ex)) {
        ex = await send(operation, next, at)
        exchanges.push(ex)
        read.push(ex)
      }
      ex = pages.merge(read)
    }
    after?.(ex)
    const answered = outcomeOf(ex)
    const outcome = members === undefined || answered.error !== undefined ? answered : { ...answered, members: members(asRecord(answered.members)) }
    const chosen = answered.error !== undefined && chosenMessages?.includes(answered.error.type) === true
    return { step, request: shown, ...(at !== undefined && at !== region ? { region: at } : {}), outcome, ...(chosen ? { messageCompared: false as const } : {}), keys: await describeAll(exchanges), exchanges }
  }

  return {
    target,
    get keyIds() {
      return keys.map((k) => k.id)
    },
    get keyRegions() {
      return keys.map((k) => k.region)
    },
    get replicaCount() {
      return replicaCount
    },
    get replicaImports() {
      return replicaImports
    },
    get crossRegionDecrypts() {
      return crossRegionDecrypts
    },
    get keyCount() {
      return keys.length
    },
    get ciphertextCount() {
      return ciphertexts.length
    },
    get tokenCount() {
      return tokens.length
    },
    get signatureCount() {
      return signatures.length
    },
    get macCount() {
      return macs.length
    },
    aliasNames,
    get aliasesCreated() {
      return [...aliasesCreated]
    },
    perform,
    predict: async (step, context) => expectationOf(await perform(step, context)),
  }
}
