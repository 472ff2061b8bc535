/**
 * The fuzz world: one emulator per profile, built the same way every time (deterministic provider,
 * fixed sealing key, a manual clock that a case may move), holding a key in every state and of every
 * kind the operations distinguish, plus the artifacts a client would hold (import tokens, wrapped
 * material, ciphertexts, a signature, a MAC) so that fuzzed requests reach deep into every
 * operation instead of stopping at "unknown key".
 *
 * A case that succeeds may change the world (disable a key, import material, create keys): the
 * world then drifts, which adds states, until {@link WorldPool.get} rebuilds it — once at least
 * `rebuildEvery` cases have run on it (a build costs about 25 ms, mostly one EC key and four RSA
 * unwraps; rebuilding after every mutation would dominate the soak). The whole sequence is seeded,
 * so a run is reproducible as a whole. A case may move the clock first (past a token's 24 hours,
 * a ValidTo, a deletion window): a world whose clock moved has drifted too, and is rebuilt at
 * {@link WORLD_T0} like one whose store changed.
 */
import { allKeys, createEmulator, profiles, type Emulator, type KeyStore, type ProfileName, type WrappingAlgorithm } from 'kms-key-import'
import { createDeterministicProvider, manualClock, wrapKeyMaterial, type ManualClock } from 'kms-key-import/testing'

/** The instant of the world (whole seconds). */
export const WORLD_T0 = Date.parse('2026-05-04T03:02:01.000Z')
export const DAY_MS = 86_400_000
/** The sealing key of every fuzz world (a known secret, for the record). */
export const WORLD_SEALING_KEY = new Uint8Array(32).map((_, i) => (i * 37 + 11) & 0xff)
/** Seed of the deterministic provider. */
export const WORLD_SEED = 4242

/** The profiles fuzzed: every profile the library ships (classic, 2023-10-10, 2025-06-05 …). */
export const FUZZ_PROFILES: readonly ProfileName[] = profiles.map((p) => p.name)
export type FuzzProfile = ProfileName

/** A key of the world: its id, ARN and what it is. */
export interface WorldKey {
  readonly name: string
  readonly keyId: string
  readonly arn: string
}

/** What a client of the world holds: ids and blobs, as wire strings (base64 for blobs). */
export interface WorldRefs {
  readonly profile: FuzzProfile
  readonly keys: readonly WorldKey[]
  /** Base64 blobs that are valid somewhere: tokens, wrapped material, ciphertexts, signatures, MACs. */
  readonly blobs: Readonly<Record<string, string>>
  /** Valid enum values of this profile. */
  readonly wrappingAlgorithms: readonly string[]
  readonly wrappingKeySpecs: readonly string[]
  readonly importTypes: readonly string[]
}

/** A built world. */
export interface World {
  readonly refs: WorldRefs
  readonly emulator: Emulator
  /** The emulator's clock; cases move it. */
  readonly clock: ManualClock
  /** The store right after the build; every case starts from it. */
  readonly pristine: KeyStore
}

type Body = Readonly<Record<string, unknown>>

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64')
const unb64 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64'))

/** 32 bytes of material, fixed per label. */
export const worldMaterial = (label: number, length = 32): Uint8Array => new Uint8Array(length).map((_, i) => (label * 101 + i * 7 + 3) & 0xff)

const call = async (kms: Emulator, op: string, body: Body): Promise<Record<string, unknown>> => {
  const res = await kms.handle({ target: `TrentService.${op}`, body: JSON.stringify(body) })
  const parsed = JSON.parse(res.body) as Record<string, unknown>
  if (res.status !== 200) throw new Error(`fuzz world: ${op} ${JSON.stringify(body).slice(0, 200)} failed: ${res.body}`)
  return parsed
}

const createKey = async (kms: Emulator, name: string, body: Body): Promise<WorldKey> => {
  const meta = (await call(kms, 'CreateKey', body)).KeyMetadata as Record<string, string>
  return { name, keyId: String(meta.KeyId), arn: String(meta.Arn) }
}

interface Params {
  readonly token: string
  readonly publicKey: Uint8Array
  readonly algorithm: WrappingAlgorithm
}

const params = async (kms: Emulator, key: WorldKey, algorithm: WrappingAlgorithm): Promise<Params> => {
  const r = await call(kms, 'GetParametersForImport', { KeyId: key.keyId, WrappingAlgorithm: algorithm, WrappingKeySpec: 'RSA_2048' })
  return { token: String(r.ImportToken), publicKey: unb64(String(r.PublicKey)), algorithm }
}

const importInto = async (kms: Emulator, key: WorldKey, material: Uint8Array, expiry: Body): Promise<Params> => {
  const p = await params(kms, key, 'RSAES_OAEP_SHA_256')
  await call(kms, 'ImportKeyMaterial', { KeyId: key.keyId, ImportToken: p.token, EncryptedKeyMaterial: b64(wrapKeyMaterial(p.publicKey, p.algorithm, material)), ...expiry })
  return p
}

const NEVER: Body = { ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' }

/**
 * Builds the world of a profile. Deterministic: the same calls in the same order on a provider
 * with the same seed, so key ids and tokens are the same every time.
 * @param profile - the profile
 * @param previous - the refs of an earlier build: client-side RSA encryption and PSS signatures are
 *   randomized, so every blob but the tokens is taken from there, keeping the refs identical
 *   across builds (the calls are still made, so the provider's byte stream stays aligned)
 * @returns the world
 */
export const buildWorld = async (profile: FuzzProfile, previous?: WorldRefs): Promise<World> => {
  const clock = manualClock(WORLD_T0)
  const kms = createEmulator({
    profile, clock, crypto: createDeterministicProvider({ seed: WORLD_SEED }), sealingKey: WORLD_SEALING_KEY,
  })
  const keys: WorldKey[] = []
  const add = async (name: string, body: Body): Promise<WorldKey> => {
    const k = await createKey(kms, name, body)
    keys.push(k)
    return k
  }
  const extPending = await add('ext-pending-import', { Origin: 'EXTERNAL' })
  const extEnabled = await add('ext-enabled', { Origin: 'EXTERNAL' })
  const extExpiring = await add('ext-expiring', { Origin: 'EXTERNAL' })
  const extDisabled = await add('ext-disabled', { Origin: 'EXTERNAL' })
  const extDeleting = await add('ext-pending-deletion', { Origin: 'EXTERNAL' })
  const awsEnabled = await add('aws-enabled', {})
  const awsDisabled = await add('aws-disabled', {})
  const hmac = await add('aws-hmac-256', { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' })
  const rsaSign = await add('aws-rsa-sign', { KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' })
  await add('aws-ecc-sign', { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' })
  const rsaEnc = await add('aws-rsa-encrypt', { KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' })
  if (profile !== 'classic') {
    await add('ext-ecc-pending-import', { Origin: 'EXTERNAL', KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' })
    await add('ext-hmac-pending-import', { Origin: 'EXTERNAL', KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' })
  }

  const enabledParams = await importInto(kms, extEnabled, worldMaterial(1), NEVER)
  await importInto(kms, extExpiring, worldMaterial(2), { ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: (WORLD_T0 + 30 * DAY_MS) / 1000 })
  await importInto(kms, extDisabled, worldMaterial(3), NEVER)
  await importInto(kms, extDeleting, worldMaterial(4), NEVER)
  await call(kms, 'DisableKey', { KeyId: extDisabled.keyId })
  await call(kms, 'ScheduleKeyDeletion', { KeyId: extDeleting.keyId, PendingWindowInDays: 7 })
  await call(kms, 'DisableKey', { KeyId: awsDisabled.keyId })
  if (kms.profile.features.multipleKeyMaterials) {
    // A key with a second material pending rotation, so RotateKeyOnDemand has something to do.
    const rotating = await add('ext-pending-rotation', { Origin: 'EXTERNAL' })
    await importInto(kms, rotating, worldMaterial(6), NEVER)
    const p = await params(kms, rotating, 'RSAES_OAEP_SHA_256')
    await call(kms, 'ImportKeyMaterial', {
      KeyId: rotating.keyId, ImportToken: p.token, ImportType: 'NEW_KEY_MATERIAL', KeyMaterialDescription: 'next',
      EncryptedKeyMaterial: b64(wrapKeyMaterial(p.publicKey, p.algorithm, worldMaterial(7))), ...NEVER,
    })
  }

  // What a client holds: live tokens (the pending key's, one per algorithm of the profile that is
  // not PKCS#1 v1.5, whose pure-JS RSA is slow), wrapped material, ciphertexts, a signature, a MAC.
  const algorithms: WrappingAlgorithm[] = profile === 'classic' ? ['RSAES_OAEP_SHA_256', 'RSAES_OAEP_SHA_1'] : ['RSAES_OAEP_SHA_256', 'RSA_AES_KEY_WRAP_SHA_256']
  const blobs: Record<string, string> = {}
  const keep = (name: string, fresh: string): void => {
    blobs[name] = name.startsWith('token:') ? fresh : previous?.blobs[name] ?? fresh
  }
  for (const algorithm of algorithms) {
    const p = await params(kms, extPending, algorithm)
    keep(`token:${algorithm}`, p.token)
    keep(`wrapped:${algorithm}`, b64(wrapKeyMaterial(p.publicKey, algorithm, worldMaterial(9))))
    keep(`wrapped-31:${algorithm}`, b64(wrapKeyMaterial(p.publicKey, algorithm, worldMaterial(9, 31))))
  }
  keep('token:ext-enabled', enabledParams.token)
  keep('wrapped:ext-enabled-same', b64(wrapKeyMaterial(enabledParams.publicKey, enabledParams.algorithm, worldMaterial(1))))
  keep('wrapped:ext-enabled-other', b64(wrapKeyMaterial(enabledParams.publicKey, enabledParams.algorithm, worldMaterial(5))))
  const message = b64(new TextEncoder().encode('fuzz message'))
  keep('message', message)
  keep('ciphertext:ext-enabled', String((await call(kms, 'Encrypt', { KeyId: extEnabled.keyId, Plaintext: message })).CiphertextBlob))
  keep('ciphertext:aws-enabled', String((await call(kms, 'Encrypt', { KeyId: awsEnabled.keyId, Plaintext: message, EncryptionContext: { purpose: 'fuzz' } })).CiphertextBlob))
  keep('ciphertext:rsa', String((await call(kms, 'Encrypt', { KeyId: rsaEnc.keyId, Plaintext: message, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' })).CiphertextBlob))
  keep('signature', String((await call(kms, 'Sign', { KeyId: rsaSign.keyId, Message: message, SigningAlgorithm: 'RSASSA_PSS_SHA_256' })).Signature))
  keep('mac', String((await call(kms, 'GenerateMac', { KeyId: hmac.keyId, Message: message, MacAlgorithm: 'HMAC_SHA_256' })).Mac))

  return {
    refs: {
      profile,
      keys,
      blobs,
      wrappingAlgorithms: kms.profile.enums.wrappingAlgorithm,
      wrappingKeySpecs: kms.profile.enums.wrappingKeySpec,
      importTypes: kms.profile.enums.importType,
    },
    emulator: kms,
    clock,
    pristine: kms.store(),
  }
}

/**
 * The world's keys and their states now, for failure reports.
 * @param world - the world
 * @returns e.g. `ext-enabled=Enabled, aws-disabled=Disabled, +2 keys`
 */
export const describeWorld = (world: World): string => {
  const byId = new Map(allKeys(world.emulator.store()).map((k) => [k.keyId as string, k.state]))
  const named = world.refs.keys.map((k) => `${k.name}=${byId.get(k.keyId) ?? 'gone'}`)
  const extra = byId.size - world.refs.keys.filter((k) => byId.has(k.keyId)).length
  return `${named.join(', ')}${extra > 0 ? `, +${extra} keys` : ''}`
}

/** The same refs, compared as data. */
const sameRefs = (a: WorldRefs, b: WorldRefs): boolean => JSON.stringify(a) === JSON.stringify(b)

/**
 * One world per profile, rebuilt when it has drifted from its pristine store and served at least
 * `rebuildEvery` cases since its build. Rebuilds are checked to give the very same refs (ids,
 * tokens), so the arbitraries stay valid.
 */
export class WorldPool {
  private readonly worlds = new Map<FuzzProfile, World>()
  private readonly served = new Map<FuzzProfile, number>()
  /** How many times a world was rebuilt after a mutation. */
  rebuilds = 0

  private constructor(private readonly first: ReadonlyMap<FuzzProfile, World>, private readonly rebuildEvery: number) {
    for (const [p, w] of first) this.worlds.set(p, w)
  }

  /**
   * Builds the first world of every profile.
   * @param rebuildEvery - least number of cases a drifted world serves before it is rebuilt
   */
  static async create(rebuildEvery = 100): Promise<WorldPool> {
    const m = new Map<FuzzProfile, World>()
    for (const p of FUZZ_PROFILES) m.set(p, await buildWorld(p))
    return new WorldPool(m, rebuildEvery)
  }

  /** The refs of a profile's world (the same for every rebuild). */
  refs(profile: FuzzProfile): WorldRefs {
    return (this.first.get(profile) as World).refs
  }

  /**
   * The world of a profile for the next case, rebuilt first when due.
   * @param profile - the profile
   * @returns the world
   */
  async get(profile: FuzzProfile): Promise<World> {
    const w = this.worlds.get(profile) as World
    const served = (this.served.get(profile) ?? 0) + 1
    this.served.set(profile, served)
    if ((w.emulator.store() === w.pristine && w.clock.now() === WORLD_T0) || served <= this.rebuildEvery) return w
    this.served.set(profile, 1)
    w.emulator.close()
    const fresh = await buildWorld(profile, w.refs)
    if (!sameRefs(fresh.refs, w.refs)) throw new Error(`fuzz world of ${profile} is not deterministic`)
    this.rebuilds++
    this.worlds.set(profile, fresh)
    return fresh
  }

  /** Closes every emulator. */
  close(): void {
    for (const w of this.worlds.values()) w.emulator.close()
  }
}
