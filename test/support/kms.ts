/**
 * The one test harness every test folder shares: an emulator of a chosen profile on a manual clock
 * (the deterministic provider with its committed fixture keys by default, or the real node:crypto
 * provider), driven through `handle` as an SDK would send it; the assertions on exact AWS bodies;
 * readers of response members; the instants and ids the tests use; and the client side of the
 * import flow. Folders keep only what is theirs (e.g. OpenSSL runners) in their own support file,
 * and set their defaults with {@link kmsFactory} instead of redefining the harness.
 */
import { createHash } from 'node:crypto'
import { expect } from 'vitest'
import {
  createEmulator, createNodeProvider, type CryptoProvider, type Emulator, type KmsEvent, type ProfileSelector, type WireResponse, type WrappingAlgorithm,
} from 'kms-key-import'
import { createDeterministicProvider, manualClock, wrapKeyMaterial, type ManualClock } from 'kms-key-import/testing'

// ------------------------------------------------------------------------------------------
// Instants, ids, sizes
// ------------------------------------------------------------------------------------------

/** The instant every test emulator starts at (whole seconds, so wire timestamps are exact). */
export const T0 = Date.parse('2026-03-02T09:00:00.000Z')
export const SECOND_MS = 1000
export const HOUR_MS = 3_600_000
export const DAY_MS = 86_400_000
/** The emulator's default account. */
export const ACCOUNT = '111122223333'
export const OTHER_ACCOUNT = '444455556666'
/** The emulator's default region, in the `aws` partition. */
export const REGION = 'us-east-1'
export const US = REGION
/** A region of the `aws-cn` partition (SM2, SM2PKE). */
export const CN = 'cn-north-1'
/** A key id no key has. */
export const UNKNOWN_KEY_ID = '0f0e0d0c-0b0a-4908-8706-050403020100'

/**
 * The key ARN of a key id.
 * @param keyId - the key id
 * @param region - the region (default us-east-1)
 * @param account - the account (default the emulator's)
 * @returns the ARN
 */
export const arnOf = (keyId: string, region = REGION, account = ACCOUNT): string =>
  `arn:${region.startsWith('cn-') ? 'aws-cn' : 'aws'}:kms:${region}:${account}:key/${keyId}`

// ------------------------------------------------------------------------------------------
// The wire
// ------------------------------------------------------------------------------------------

/** A JSON object as read from a response body. */
export type JsonObject = Readonly<Record<string, unknown>>

/** A response with its body parsed. */
export interface Reply {
  readonly status: number
  readonly body: JsonObject
  readonly raw: WireResponse
}

/**
 * Parses a response whose body must be a JSON object.
 * @param raw - the wire response
 * @returns status, parsed body and the raw response
 */
export const parseReply = (raw: WireResponse): Reply => {
  const parsed = JSON.parse(raw.body) as unknown
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new TypeError(`response body is not a JSON object: ${raw.body}`)
  return { status: raw.status, body: parsed as JsonObject, raw }
}

/**
 * A caller of `TrentService.<operation>` on `emulator`: an object body is serialized as JSON, a
 * string body is sent as it is (for malformed-body tests).
 * @param emulator - the emulator under test
 * @returns the caller
 */
export const wireCaller = (emulator: Emulator) => async (operation: string, body: unknown = {}): Promise<Reply> =>
  parseReply(await emulator.handle({ target: `TrentService.${operation}`, body: typeof body === 'string' ? body : JSON.stringify(body) }))

// ------------------------------------------------------------------------------------------
// The harness
// ------------------------------------------------------------------------------------------

/** An emulator under test, its clock, its region, the events it reported, and a wire caller. */
export interface Kms {
  readonly emulator: Emulator
  readonly clock: ManualClock
  readonly region: string
  /** Every event the emulator reported through `onEvent`, oldest first. */
  readonly events: readonly KmsEvent[]
  /**
   * Calls `TrentService.<operation>` through `handle`.
   * @param operation - the name after `TrentService.`
   * @param body - an object, serialized as JSON (a string is sent as it is)
   */
  call(operation: string, body?: unknown): Promise<Reply>
}

/** Options of {@link newKms}; every one has a default. */
export interface KmsOptions {
  /** Default `classic`. */
  readonly profile?: ProfileSelector
  /** Default us-east-1. */
  readonly region?: string
  /** The deterministic provider's seed (default 1). */
  readonly seed?: number
  /** The clock's first instant (default {@link T0}). */
  readonly start?: number
  /** The 32-byte token sealing key (default: drawn from the provider). */
  readonly sealingKey?: Uint8Array | undefined
  readonly accountId?: string
  /** 0 turns the token cache off. */
  readonly tokenCacheSize?: number
  /** A snapshot to start from (`Emulator.snapshot()`, or its JSON parsed; give its `sealingKey`). */
  readonly state?: unknown
  /** `node` for the real node:crypto provider (`createNodeProvider()`); default deterministic. */
  readonly provider?: 'deterministic' | 'node' | CryptoProvider
}

const providerOf = (options: KmsOptions): CryptoProvider =>
  options.provider === 'node'
    ? createNodeProvider()
    : options.provider === undefined || options.provider === 'deterministic'
      ? createDeterministicProvider({ seed: options.seed ?? 1 })
      : options.provider

/**
 * An emulator on a manual clock, recording its events:
 * `createEmulator({ profile, region, clock: manualClock(start), crypto, … })`.
 * @param options - profile, region, seed, start instant, sealing key, account, token cache, provider
 * @returns the harness
 */
export const newKms = (options: KmsOptions = {}): Kms => {
  const clock = manualClock(options.start ?? T0)
  const events: KmsEvent[] = []
  const region = options.region ?? REGION
  const emulator = createEmulator({
    profile: options.profile ?? 'classic',
    region,
    clock,
    crypto: providerOf(options),
    ...(options.sealingKey === undefined ? {} : { sealingKey: options.sealingKey }),
    ...(options.accountId === undefined ? {} : { accountId: options.accountId }),
    ...(options.tokenCacheSize === undefined ? {} : { tokenCacheSize: options.tokenCacheSize }),
    ...(options.state === undefined ? {} : { state: options.state }),
    onEvent: (e) => {
      events.push(e)
    },
  })
  return { emulator, clock, region, events, call: wireCaller(emulator) }
}

/**
 * {@link newKms} with a folder's defaults (its profile, its seed), so a folder states them once.
 * @param defaults - options the folder's tests share
 * @returns `newKms` with those defaults, each still overridable
 */
export const kmsFactory = (defaults: KmsOptions) => (options: KmsOptions = {}): Kms => newKms({ ...defaults, ...options })

/**
 * A provider whose slow acquisitions (an RSA key's generation) last until the test ends them, so
 * a request can be held in flight: `started` settles when the emulator first asks for one,
 * `finish()` completes them all.
 * @param base - the provider to hand out once finished
 * @returns the provider, `started` and `finish`
 */
export const heldGeneration = (base: CryptoProvider): { readonly provider: CryptoProvider; readonly started: Promise<void>; readonly finish: () => void } => {
  let start = (): void => undefined
  const started = new Promise<void>((resolve) => (start = resolve))
  let finish = (): void => undefined
  const finished = new Promise<void>((resolve) => (finish = resolve))
  return { provider: { ...base, acquire: async () => { start(); await finished; return base } }, started, finish }
}

// ------------------------------------------------------------------------------------------
// Assertions
// ------------------------------------------------------------------------------------------

/**
 * Asserts an AWS error response: the HTTP status, the exact `__type` and the exact `message`, and
 * nothing else in the body. With `message` undefined the body must carry no `message` at all (as
 * AWS's Decrypt InvalidCiphertextException).
 * @param reply - the response
 * @param type - the exception name
 * @param message - the exact message, or undefined for none
 * @param status - the HTTP status (400 unless said)
 */
export const expectError = (reply: Reply, type: string, message: string | undefined, status = 400): void => {
  expect({ status: reply.status, body: reply.body }).toEqual({ status, body: message === undefined ? { __type: type } : { __type: type, message } })
  if (message === undefined) expect(Object.keys(reply.body)).toEqual(['__type'])
}

/**
 * Asserts an AWS error response's status and `__type`, for the few refusals whose message is
 * asserted elsewhere or is AWS's model-format text built from the offending value.
 * @param reply - the response
 * @param type - the exception name
 * @param status - the HTTP status (400 unless said)
 */
export const expectErrorType = (reply: Reply, type: string, status = 400): void => {
  expect({ status: reply.status, type: reply.body.__type }, reply.raw.body).toEqual({ status, type })
}

/**
 * Asserts a successful response and returns its body.
 * @param reply - the response
 * @returns the body
 */
export const expectOk = (reply: Reply): JsonObject => {
  expect(reply.body.__type, `unexpected error: ${reply.raw.body}`).toBeUndefined()
  expect(reply.status).toBe(200)
  return reply.body
}

/** Asserts a successful response whose body is exactly `body`. */
export const expectBody = (reply: Reply, body: JsonObject): void => {
  expect({ status: reply.status, body: reply.body }).toEqual({ status: 200, body })
}

// ------------------------------------------------------------------------------------------
// Readers and bytes
// ------------------------------------------------------------------------------------------

/** A nested object member of a body (throws when it is not one). */
export const objectAt = (body: JsonObject, member: string): JsonObject => {
  const v = body[member]
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new TypeError(`${member} is not an object in ${JSON.stringify(body)}`)
  return v as JsonObject
}

/** A string member of a body (throws when it is not one). */
export const stringAt = (body: JsonObject, member: string): string => {
  const v = body[member]
  if (typeof v !== 'string') throw new TypeError(`${member} is not a string in ${JSON.stringify(body)}`)
  return v
}

/** A number member of a body (throws when it is not one). */
export const numberAt = (body: JsonObject, member: string): number => {
  const v = body[member]
  if (typeof v !== 'number') throw new TypeError(`${member} is not a number in ${JSON.stringify(body)}`)
  return v
}

/** Standard base64 of bytes (or of a string's UTF-8), as blobs travel on the wire. */
export const b64 = (bytes: Uint8Array | string): string => Buffer.from(bytes).toString('base64')
/** Bytes of a base64 blob. */
export const unb64 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64'))
/** Bytes of a base64 member of a body. */
export const bytesAt = (body: JsonObject, member: string): Uint8Array => unb64(stringAt(body, member))
/** Epoch seconds of an instant in ms, as timestamps travel on the wire. */
export const seconds = (ms: number): number => ms / 1000

/**
 * Key material, the same for the same label (SHA-256 blocks of the label).
 * @param label - distinguishes materials
 * @param length - byte count (default 32, the SYMMETRIC_DEFAULT size)
 * @returns the material
 */
export const materialOf = (label: string, length = 32): Uint8Array => {
  const out = new Uint8Array(length)
  let filled = 0
  for (let i = 0; filled < length; i++) {
    const block = createHash('sha256').update(`${label}/${i}`).digest()
    const take = Math.min(block.length, length - filled)
    out.set(block.subarray(0, take), filled)
    filled += take
  }
  return out
}

/**
 * A copy of `bytes` with bit `bit` (0 = most significant bit of byte 0) flipped.
 * @param bytes - the bytes
 * @param bit - the bit index
 * @returns the altered copy
 */
export const flipBit = (bytes: Uint8Array, bit: number): Uint8Array => {
  const out = Uint8Array.from(bytes)
  const i = Math.floor(bit / 8)
  out[i] = (out[i] ?? 0) ^ (0x80 >> (bit % 8))
  return out
}

/** A copy of `bytes` with byte `i` XORed with `mask` (non-zero). */
export const xorAt = (bytes: Uint8Array, i: number, mask: number): Uint8Array => {
  const out = Uint8Array.from(bytes)
  out[i] = (out[i] ?? 0) ^ mask
  return out
}

// ------------------------------------------------------------------------------------------
// Keys
// ------------------------------------------------------------------------------------------

/** A created key as the tests refer to it. */
export interface CreatedKey {
  readonly keyId: string
  readonly arn: string
}

/**
 * CreateKey with a request, which must succeed.
 * @param kms - the emulator
 * @param request - the CreateKey request (default: a symmetric AWS_KMS key)
 * @returns the key id and ARN
 */
export const createKey = async (kms: Kms, request: JsonObject = {}): Promise<CreatedKey> => {
  const meta = objectAt(expectOk(await kms.call('CreateKey', request)), 'KeyMetadata')
  return { keyId: stringAt(meta, 'KeyId'), arn: stringAt(meta, 'Arn') }
}

/** An `EXTERNAL` symmetric key: `PendingImport`, no material. */
export const createExternalKey = (kms: Kms): Promise<CreatedKey> => createKey(kms, { Origin: 'EXTERNAL' })

/** An `AWS_KMS` symmetric key: `Enabled`, with generated material. */
export const createAwsKmsKey = (kms: Kms): Promise<CreatedKey> => createKey(kms, {})

/**
 * Runs an operation on a key, which must succeed.
 * @param kms - the emulator
 * @param operation - e.g. `DisableKey`
 * @param keyId - the key
 * @param extra - other request members
 * @returns the body
 */
export const succeed = async (kms: Kms, operation: string, keyId: string, extra: JsonObject = {}): Promise<JsonObject> =>
  expectOk(await kms.call(operation, { KeyId: keyId, ...extra }))

/** DescribeKey's `KeyMetadata`, which must succeed. */
export const describeKey = async (kms: Kms, keyId: string): Promise<JsonObject> => objectAt(await succeed(kms, 'DescribeKey', keyId), 'KeyMetadata')

/** The `KeyState` DescribeKey reports. */
export const keyState = async (kms: Kms, keyId: string): Promise<unknown> => (await describeKey(kms, keyId)).KeyState

// ------------------------------------------------------------------------------------------
// The client side of an import
// ------------------------------------------------------------------------------------------

/** Import parameters, decoded. */
export interface ImportParameters {
  readonly algorithm: WrappingAlgorithm
  readonly importToken: Uint8Array
  readonly publicKey: Uint8Array
  /** Epoch ms. */
  readonly parametersValidTo: number
}

/**
 * GetParametersForImport, which must succeed.
 * @param kms - the emulator
 * @param keyId - the key
 * @param algorithm - the wrapping algorithm (default RSAES_OAEP_SHA_256)
 * @param wrappingKeySpec - the wrapping key spec (default RSA_2048)
 * @returns the parameters
 */
export const getParameters = async (kms: Kms, keyId: string, algorithm: WrappingAlgorithm = 'RSAES_OAEP_SHA_256', wrappingKeySpec = 'RSA_2048'): Promise<ImportParameters> => {
  const body = await succeed(kms, 'GetParametersForImport', keyId, { WrappingAlgorithm: algorithm, WrappingKeySpec: wrappingKeySpec })
  return {
    algorithm,
    importToken: unb64(stringAt(body, 'ImportToken')),
    publicKey: unb64(stringAt(body, 'PublicKey')),
    parametersValidTo: Math.round(numberAt(body, 'ParametersValidTo') * 1000),
  }
}

/**
 * Wraps material under the parameters' public key, as a client does.
 * @param params - the import parameters
 * @param material - plaintext material
 * @param algorithm - the algorithm to wrap with (default the parameters')
 * @returns EncryptedKeyMaterial
 */
export const wrap = (params: ImportParameters, material: Uint8Array, algorithm: WrappingAlgorithm = params.algorithm): Uint8Array =>
  wrapKeyMaterial(params.publicKey, algorithm, material)

/** The expiry members of an ImportKeyMaterial request. */
export type Expiry = { readonly ExpirationModel?: string; readonly ValidTo?: number }

/** No expiry: `ExpirationModel: KEY_MATERIAL_DOES_NOT_EXPIRE`. */
export const NO_EXPIRY: Expiry = { ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' }

/** `{ExpirationModel: KEY_MATERIAL_EXPIRES, ValidTo}` for material valid until `validToMs`. */
export const expiresAt = (validToMs: number): Expiry => ({ ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: seconds(validToMs) })

/**
 * An ImportKeyMaterial request body.
 * @param keyId - the key
 * @param token - the ImportToken
 * @param encrypted - the EncryptedKeyMaterial
 * @param extra - the expiry (and, from 2025-06-05, ImportType …) members (default: never expires)
 * @returns the body
 */
export const importBody = (keyId: string, token: Uint8Array, encrypted: Uint8Array, extra: JsonObject = NO_EXPIRY): JsonObject => ({
  KeyId: keyId, ImportToken: b64(token), EncryptedKeyMaterial: b64(encrypted), ...extra,
})

/**
 * ImportKeyMaterial of `material` wrapped for existing parameters.
 * @param kms - the emulator
 * @param keyId - the key
 * @param params - parameters from {@link getParameters}
 * @param material - plaintext material
 * @param extra - expiry and other members (default: never expires)
 * @returns the reply
 */
export const importWith = (kms: Kms, keyId: string, params: ImportParameters, material: Uint8Array, extra: JsonObject = NO_EXPIRY): Promise<Reply> =>
  kms.call('ImportKeyMaterial', importBody(keyId, params.importToken, wrap(params, material), extra))

/** The material {@link importMaterial} and {@link importedKey} import unless told. */
export const DEFAULT_MATERIAL = materialOf('default')

/**
 * The whole client flow: fresh parameters, wrap, import; it must succeed.
 * @param kms - the emulator
 * @param keyId - the key
 * @param material - plaintext material (default {@link DEFAULT_MATERIAL})
 * @param extra - expiry and other members (default: never expires)
 * @param algorithm - the wrapping algorithm (default RSAES_OAEP_SHA_256)
 * @returns the parameters used
 */
export const importMaterial = async (
  kms: Kms, keyId: string, material: Uint8Array = DEFAULT_MATERIAL, extra: JsonObject = NO_EXPIRY, algorithm: WrappingAlgorithm = 'RSAES_OAEP_SHA_256',
): Promise<ImportParameters> => {
  const params = await getParameters(kms, keyId, algorithm)
  expectOk(await importWith(kms, keyId, params, material, extra))
  return params
}

/** An `EXTERNAL` symmetric key holding `material` (never expiring unless told): `Enabled`. */
export const importedKey = async (kms: Kms, material: Uint8Array = DEFAULT_MATERIAL, extra: JsonObject = NO_EXPIRY): Promise<CreatedKey> => {
  const key = await createExternalKey(kms)
  await importMaterial(kms, key.keyId, material, extra)
  return key
}

/**
 * A valid GetParametersForImport request for a key.
 * @param keyId - key id or ARN
 * @param algorithm - wrapping algorithm
 * @returns the request
 */
export const paramsRequest = (keyId: string, algorithm = 'RSAES_OAEP_SHA_256'): JsonObject => ({
  KeyId: keyId, WrappingAlgorithm: algorithm, WrappingKeySpec: 'RSA_2048',
})

/** The classic profile's wrapping algorithms (docs/evidence.md §1). */
export const CLASSIC_ALGORITHMS = ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256', 'RSAES_PKCS1_V1_5'] as const satisfies readonly WrappingAlgorithm[]

// ------------------------------------------------------------------------------------------
// Encrypt and Decrypt
// ------------------------------------------------------------------------------------------

/** The request body of Encrypt. */
export const encryptBody = (keyId: string, plaintext: string, context?: Readonly<Record<string, string>>): JsonObject => ({
  KeyId: keyId, Plaintext: b64(plaintext), ...(context === undefined ? {} : { EncryptionContext: context }),
})

/** Encrypt, which must succeed; the CiphertextBlob (base64). */
export const encrypt = async (kms: Kms, keyId: string, plaintext: string, context?: Readonly<Record<string, string>>): Promise<string> =>
  stringAt(expectOk(await kms.call('Encrypt', encryptBody(keyId, plaintext, context))), 'CiphertextBlob')

/** Decrypt; the reply. */
export const decryptReply = (kms: Kms, ciphertext: string, context?: Readonly<Record<string, string>>, keyId?: string): Promise<Reply> =>
  kms.call('Decrypt', {
    CiphertextBlob: ciphertext, ...(context === undefined ? {} : { EncryptionContext: context }), ...(keyId === undefined ? {} : { KeyId: keyId }),
  })

/** Decrypt, which must succeed; the plaintext as UTF-8 text. */
export const decrypt = async (kms: Kms, ciphertext: string, context?: Readonly<Record<string, string>>, keyId?: string): Promise<string> =>
  Buffer.from(stringAt(expectOk(await decryptReply(kms, ciphertext, context, keyId)), 'Plaintext'), 'base64').toString('utf8')
