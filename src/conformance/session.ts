/**
 * A session: one side of a run (the reference or the target). It turns abstract steps into that
 * side's concrete requests — its own key ids, its own import tokens, the material wrapped with its
 * own public keys — and its answers into normalised observations.
 *
 * @module
 */
import { createPublicKey } from 'node:crypto'
import type { WrappingAlgorithm } from '../model/enums.js'
import type { Profile } from '../profiles/profile.js'
import { wrapKeyMaterial } from '../testing/wrap.js'
import { DATE_MEMBERS, expectationOf, type Exchange, type Expectation, type Observation, type StepOutcome } from './observation.js'
import { materialBytes, type MaterialName, type Step } from './steps.js'
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
  /** The profile steps are generated for (material length, members). */
  readonly profile: Profile
  /** The region of requests. */
  readonly region: string
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
  /** The ids of the keys this session created, in order. */
  readonly keyIds: readonly string[]
  /**
   * Sends a step's request(s) and observes the answer and every key afterwards.
   * @param step - the step
   * @param context - its instant
   * @returns the observation
   */
  perform(step: Step, context: StepContext): Promise<Observation>
}

interface Token { readonly token: string; readonly publicKey: Uint8Array; readonly algorithm: WrappingAlgorithm; readonly key: number }

const MATERIAL_ID = /^[0-9a-f]{64}$/
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

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return { __unparsable: text.slice(0, 200) }
  }
}

/** A step's concrete request, its normalised form, and what to remember from a success. */
interface Built { readonly operation: string; readonly request: Record<string, unknown>; readonly shown: Record<string, unknown>; readonly after?: (ex: Exchange) => void }

const asRecord = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {})

/**
 * Creates a session.
 * @param options - target, profile, region, timeline
 * @returns the session
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
  const { target, profile, region, timeline } = options
  const keys: { id: string; arn: string }[] = []
  const tokens: Token[] = []
  const ciphertexts: { blob: string; plaintext: string }[] = []
  const materialIds = new Map<string, string>() // "key/name" → id
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
    let out = s
    keys.forEach((k, i) => {
      out = out.split(k.arn).join(`arn:key#${i}`).split(k.id).join(`key#${i}`)
    })
    return out
  }

  const normalise = (value: unknown, name = ''): unknown => {
    if (Array.isArray(value)) return value.map((v) => normalise(v, name))
    if (typeof value === 'object' && value !== null) {
      const out: Record<string, unknown> = {}
      for (const [k, v] of Object.entries(value)) {
        if (k === 'ImportToken') out[k] = '<import token>'
        else if (k === 'PublicKey') out[k] = describePublicKey(v)
        else if (k === 'CiphertextBlob') out[k] = '<ciphertext>'
        else if (k === 'AWSAccountId') out[k] = '<account>'
        else out[k] = normalise(v, k)
      }
      return out
    }
    if (typeof value === 'number' && DATE_MEMBERS.has(name)) return Math.round(value * 1000 - timeline.start) / 1000
    if (typeof value === 'string') return normaliseString(value)
    return value
  }

  const send = async (operation: string, request: Record<string, unknown>): Promise<Exchange> => {
    const res = await target.send({ target: `TrentService.${operation}`, body: JSON.stringify(request), region })
    return { operation, request, status: res.status, response: parse(res.body) }
  }

  const outcomeOf = (ex: Exchange): StepOutcome => {
    const body = asRecord(ex.response)
    const type = body.__type
    if (typeof type === 'string' || ex.status >= 300) {
      const shortType = typeof type === 'string' ? (type.split('#').pop() ?? type) : `HTTP ${ex.status}`
      const message = body.message ?? body.Message
      return { status: ex.status, error: { type: shortType, message: typeof message === 'string' ? normaliseString(message) : '' }, members: {} }
    }
    return { status: ex.status, error: undefined, members: asRecord(normalise(body)) }
  }

  const describeAll = async (exchanges: Exchange[]): Promise<Record<string, unknown>[]> => {
    const out: Record<string, unknown>[] = []
    for (const k of keys) {
      const ex = await send('DescribeKey', { KeyId: k.id })
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

  const buildImport = (step: Extract<Step, { op: 'ImportKeyMaterial' }>, context: StepContext): Built => {
    const n = tokens.length === 0 ? undefined : tokens.length - 1 - (step.token % tokens.length)
    const token = n === undefined ? undefined : tokens[n]
    if (token === undefined) throw new RangeError('ImportKeyMaterial before any import token exists (check the precondition)')
    const t = token.key
    const i = step.key === undefined ? t : keyIndex(step.key)
    const KeyId = (keys[i] as { id: string }).id
    const shownKey = `key#${i}`
    let wrapped: string
    try {
      wrapped = Buffer.from(wrapKeyMaterial(token.publicKey, token.algorithm, materialBytes(profile, region, step.material))).toString('base64')
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
        EncryptedKeyMaterial: `<material ${step.material} wrapped with ${token.algorithm} under the public key of key#${t}>`,
        ...(step.validFor === undefined ? expiry : { ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: `<now${step.validFor < 0 ? '-' : '+'}${Math.abs(step.validFor) / 1000}s>` }),
        ...type,
      },
      after: (ex) => {
        const id = asRecord(ex.response).KeyMaterialId
        if (ex.status === 200 && typeof id === 'string') {
          materialIds.set(`${i}/${step.material}`, id)
          labelMaterial(id, `material(key#${i},${step.material})`)
        }
      },
    }
  }

  /** The concrete request of a step, its normalised form, and what to remember from a success. */
  const build = (step: Exclude<Step, { op: 'Wait' }>, context: StepContext): Built => {
    switch (step.op) {
      case 'CreateKey':
        return {
          operation: 'CreateKey', request: { Origin: step.origin }, shown: { Origin: step.origin },
          after: (ex) => {
            const meta = asRecord(asRecord(ex.response).KeyMetadata)
            if (ex.status === 200 && typeof meta.KeyId === 'string' && typeof meta.Arn === 'string') keys.push({ id: meta.KeyId, arn: meta.Arn })
          },
        }
      case 'Decrypt': {
        const c = ciphertexts.length === 0 ? undefined : ciphertexts[step.ciphertext % ciphertexts.length]
        if (c === undefined) throw new RangeError('Decrypt before any ciphertext exists (check the precondition)')
        return { operation: 'Decrypt', request: { CiphertextBlob: c.blob }, shown: { CiphertextBlob: `<ciphertext #${step.ciphertext % ciphertexts.length}>` } }
      }
      default:
        break
    }
    if (step.op === 'ImportKeyMaterial') return buildImport(step, context)
    const i = keyIndex(step.key)
    const KeyId = (keys[i] as { id: string }).id
    const shownKey = `key#${i}`
    switch (step.op) {
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
      case 'Encrypt': {
        const plaintext = Buffer.from(`pt-${ciphertexts.length}`).toString('base64')
        return {
          operation: step.op, request: { KeyId, Plaintext: plaintext }, shown: { KeyId: shownKey, Plaintext: plaintext },
          after: (ex) => {
            const blob = asRecord(ex.response).CiphertextBlob
            if (ex.status === 200 && typeof blob === 'string') ciphertexts.push({ blob, plaintext })
          },
        }
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
    const { operation, request, shown, after } = build(step, context)
    const ex = await send(operation, request)
    exchanges.push(ex)
    after?.(ex)
    const outcome = outcomeOf(ex)
    return { step, request: shown, outcome, keys: await describeAll(exchanges), exchanges }
  }

  return {
    target,
    get keyIds() {
      return keys.map((k) => k.id)
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
    perform,
    predict: async (step, context) => expectationOf(await perform(step, context)),
  }
}
