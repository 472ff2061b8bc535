/**
 * The real crypto provider (`createNodeProvider`) end to end, as a user runs it: GetParametersForImport
 * → client-side wrap → ImportKeyMaterial → Encrypt/Decrypt, through the pool (filled by the
 * provider's low-priority RSA worker threads) and with the pool off (generation on demand), for every RSA
 * wrapping key size and every wrapping algorithm. Every parameter set must carry its own key pair,
 * and material wrapped for one set must be refused with another set's token.
 *
 * RSA key generation is slow here (RSA-4096 ≈ 1–4 s), so the sizes × algorithms grid is spread
 * over the two modes instead of repeated in each: every algorithm runs at every size, and every
 * size is seen through the pool and without it.
 */
import { createPublicKey } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import { createNodeProvider, type NodeProvider, type ProfileName, type WrappingAlgorithm } from 'kms-key-import'
import {
  DEFAULT_MATERIAL, createExternalKey, decrypt, encrypt, expectError, expectOk, getParameters, importWith, materialOf, newKms, type ImportParameters, type Kms,
} from '../support/kms.js'
import { UNWRAP_FAILED } from '../support/messages.js'

type Size = 'RSA_2048' | 'RSA_3072' | 'RSA_4096'

/** One parameter set to ask for: profile, wrapping key size, algorithm, and whether the pool serves it. */
interface Set {
  readonly profile: ProfileName
  readonly size: Size
  readonly algorithm: WrappingAlgorithm
  readonly pool: boolean
}

const SETS: readonly Set[] = [
  // RSA_2048: every algorithm of both eras, through the pool and without it
  { profile: 'classic', size: 'RSA_2048', algorithm: 'RSAES_PKCS1_V1_5', pool: true },
  { profile: 'classic', size: 'RSA_2048', algorithm: 'RSAES_OAEP_SHA_1', pool: false },
  { profile: '2023-10-10', size: 'RSA_2048', algorithm: 'RSAES_OAEP_SHA_1', pool: true },
  { profile: '2023-10-10', size: 'RSA_2048', algorithm: 'RSAES_OAEP_SHA_256', pool: false },
  { profile: '2023-10-10', size: 'RSA_2048', algorithm: 'RSA_AES_KEY_WRAP_SHA_1', pool: false },
  { profile: '2023-10-10', size: 'RSA_2048', algorithm: 'RSA_AES_KEY_WRAP_SHA_256', pool: true },
  // RSA_3072 and RSA_4096: every algorithm of the 2023-10-10 era, each size through the pool and without it
  { profile: '2023-10-10', size: 'RSA_3072', algorithm: 'RSAES_OAEP_SHA_256', pool: true },
  { profile: '2023-10-10', size: 'RSA_3072', algorithm: 'RSA_AES_KEY_WRAP_SHA_1', pool: false },
  { profile: '2023-10-10', size: 'RSA_3072', algorithm: 'RSAES_OAEP_SHA_1', pool: false },
  { profile: '2023-10-10', size: 'RSA_3072', algorithm: 'RSA_AES_KEY_WRAP_SHA_256', pool: true },
  { profile: '2025-06-05', size: 'RSA_4096', algorithm: 'RSA_AES_KEY_WRAP_SHA_256', pool: true },
  { profile: '2025-06-05', size: 'RSA_4096', algorithm: 'RSAES_OAEP_SHA_1', pool: false },
  { profile: '2025-06-05', size: 'RSA_4096', algorithm: 'RSAES_OAEP_SHA_256', pool: true },
  { profile: '2025-06-05', size: 'RSA_4096', algorithm: 'RSA_AES_KEY_WRAP_SHA_1', pool: false },
]

/** Emulators by (profile, pool), each with its own node provider; all closed at the end. */
const emulators = new Map<string, { readonly kms: Kms; readonly provider: NodeProvider }>()
const emulatorFor = async (s: Set): Promise<{ readonly kms: Kms; readonly provider: NodeProvider }> => {
  const id = `${s.profile}/${s.pool}`
  const known = emulators.get(id)
  if (known !== undefined) return known
  // the pool holds as many pairs of each size as this emulator is asked for, filled in the background
  const size: Partial<Record<Size, number>> = {}
  for (const x of SETS) if (x.profile === s.profile && x.pool) size[x.size] = (size[x.size] ?? 0) + 1
  const provider = s.pool
    ? createNodeProvider({ pool: { size } })
    : createNodeProvider({ pool: false })
  if (s.pool) await provider.pool?.ready()
  const made = { kms: newKms({ profile: s.profile, provider }), provider }
  emulators.set(id, made)
  return made
}

afterAll(() => {
  for (const { kms } of emulators.values()) kms.emulator.close()
})

/** What each set produced, for the cross checks. */
const seen: { readonly set: Set; readonly kms: Kms; readonly keyId: string; readonly params: ImportParameters }[] = []

describe('createNodeProvider end to end: GetParametersForImport → ImportKeyMaterial → Encrypt/Decrypt', () => {
  it.each(SETS)('$profile, $size, $algorithm, pool $pool: imports, and the key encrypts and decrypts', async (set) => {
    const { kms, provider } = await emulatorFor(set)
    const served = provider.pool?.stats().served ?? 0
    const key = await createExternalKey(kms)
    const params = await getParameters(kms, key.keyId, set.algorithm, set.size)
    // the public key is an RSA key of the size asked for
    const pub = createPublicKey({ key: Buffer.from(params.publicKey), format: 'der', type: 'spki' })
    expect([pub.asymmetricKeyType, pub.asymmetricKeyDetails?.modulusLength]).toEqual(['rsa', Number(set.size.slice(4))])
    // the pair came from where the mode says
    if (set.pool) expect(provider.pool?.stats().served).toBe(served + 1)
    else expect(provider.pool).toBeUndefined()
    expectOk(await importWith(kms, key.keyId, params, DEFAULT_MATERIAL))
    const ciphertext = await encrypt(kms, key.keyId, `through ${set.algorithm}`)
    expect(await decrypt(kms, ciphertext)).toBe(`through ${set.algorithm}`)
    seen.push({ set, kms, keyId: key.keyId, params })
  }, 90_000) // RSA-4096 generations: seconds each here, more on a loaded machine

  it('every parameter set carried its own key pair', () => {
    expect(seen).toHaveLength(SETS.length)
    const publicKeys = new Set(seen.map((s) => Buffer.from(s.params.publicKey).toString('base64')))
    expect(publicKeys.size).toBe(SETS.length)
  })

  it('material wrapped for another parameter set is refused with this set\'s token, and the key keeps its material', async () => {
    for (const [i, mine] of seen.entries()) {
      // another set of the same emulator whose public key can wrap for this algorithm
      const other = seen.find((s, j) => j !== i && s.kms === mine.kms)
      if (other === undefined) continue
      const wrongWrap = { ...other.params, algorithm: mine.set.algorithm }
      const reply = await importWith(mine.kms, mine.keyId, { ...mine.params, publicKey: wrongWrap.publicKey }, materialOf('another'))
      expectError(reply, 'InvalidCiphertextException', UNWRAP_FAILED)
      const ciphertext = await encrypt(mine.kms, mine.keyId, 'still mine')
      expect(await decrypt(mine.kms, ciphertext)).toBe('still mine')
    }
  })
})
