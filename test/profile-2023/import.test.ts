/**
 * ImportKeyMaterial under the 2023-10-10 profile (docs/evidence.md §4–§6): real material wrapped with
 * `wrapKeyMaterial` under every accepted (wrapping key spec, algorithm) pair of every key spec —
 * the pairs come from the hand-written expectation list, not from the profile — and the
 * IncorrectKeyMaterialException refusals with their exact messages (src/material/*.ts).
 *
 * RSA private keys are the committed fixtures (no RSA generation here, except one 3-prime
 * 2048-bit key made by OpenSSL, which node cannot make). EC keys come from node:crypto.
 */
import { createPrivateKey, generateKeyPairSync, randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fixtureRsaKeyPairs, wrapKeyMaterial } from 'kms-key-import/testing'
import {
  ALGORITHMS, WRAPPING_KEY_SPECS, expectation, type AlgorithmName, type KeySpecName, type Partition, type WrappingKeySpecName,
} from './expectations.js'
import { CN, US, expectError, type Kms, type Reply } from '../support/kms.js'
import { externalKeyArn, expectImported, expectNoLeak, parametersFor, importWrapped, newKms, openssl, requireOpenssl, tempDir } from './support.js'

type Curve = 'prime256v1' | 'secp384r1' | 'secp521r1' | 'secp256k1' | 'SM2'

const CURVE_OF: Readonly<Partial<Record<KeySpecName, Curve>>> = {
  ECC_NIST_P256: 'prime256v1',
  ECC_NIST_P384: 'secp384r1',
  ECC_NIST_P521: 'secp521r1',
  ECC_SECG_P256K1: 'secp256k1',
  SM2: 'SM2',
}

const HMAC_MIN: Readonly<Partial<Record<KeySpecName, number>>> = { HMAC_224: 28, HMAC_256: 32, HMAC_384: 48, HMAC_512: 64 }

/** A PKCS#8 DER EC private key on `curve`, from node:crypto. */
const ecKey = (curve: Curve): Uint8Array =>
  new Uint8Array(generateKeyPairSync('ec', { namedCurve: curve }).privateKey.export({ type: 'pkcs8', format: 'der' }))

/** A fixture RSA private key (PKCS#8 DER) of a spec. */
const rsaKey = (spec: 'RSA_2048' | 'RSA_3072' | 'RSA_4096', i = 0): Uint8Array => {
  const pairs = fixtureRsaKeyPairs(spec)
  const pair = pairs[i % pairs.length]
  if (pair === undefined) throw new Error(`no fixture ${spec}`)
  return pair.privateKey
}

/** Valid material of a key spec in a partition. */
const validMaterial = (keySpec: KeySpecName, partition: Partition, i: number): Uint8Array => {
  if (keySpec === 'SYMMETRIC_DEFAULT') return new Uint8Array(randomBytes(partition === 'aws-cn' ? 16 : 32))
  const min = HMAC_MIN[keySpec]
  if (min !== undefined) return new Uint8Array(randomBytes(min))
  if (keySpec === 'RSA_2048' || keySpec === 'RSA_3072' || keySpec === 'RSA_4096') return rsaKey(keySpec, i)
  const curve = CURVE_OF[keySpec]
  if (curve === undefined) throw new Error(`no material for ${keySpec}`)
  return ecKey(curve)
}

/** The (wrapping key spec, algorithm) pairs the expectation list accepts for a key spec. */
const acceptedPairs = (partition: Partition, keySpec: KeySpecName): readonly { readonly w: WrappingKeySpecName; readonly a: AlgorithmName }[] =>
  WRAPPING_KEY_SPECS.flatMap((w) => ALGORITHMS.filter((a) => expectation('2023-10-10', partition, keySpec, w, a).kind === 'accepted').map((a) => ({ w, a })))

const KEY_SPECS_BY_PARTITION: Readonly<Record<Partition, readonly KeySpecName[]>> = {
  aws: ['SYMMETRIC_DEFAULT', 'HMAC_224', 'HMAC_256', 'HMAC_384', 'HMAC_512', 'RSA_2048', 'RSA_3072', 'RSA_4096', 'ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521', 'ECC_SECG_P256K1'],
  'aws-cn': ['SYMMETRIC_DEFAULT', 'HMAC_224', 'HMAC_256', 'HMAC_384', 'HMAC_512', 'RSA_2048', 'RSA_3072', 'RSA_4096', 'ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521', 'ECC_SECG_P256K1', 'SM2'],
}

interface Env {
  readonly us: Kms
  readonly cn: Kms
  /** China with node:crypto: SM2 wrapping keys (the deterministic provider has none). */
  readonly cnNode: Kms
}
let env: Env

beforeAll(() => {
  env = { us: newKms({ region: US, seed: 31 }), cn: newKms({ region: CN, seed: 32 }), cnNode: newKms({ region: CN, provider: 'node' }) }
})
afterAll(() => {
  for (const kms of [env.us, env.cn, env.cnNode]) kms.emulator.close()
})

const kmsFor = (partition: Partition, w: WrappingKeySpecName): Kms => (partition === 'aws' ? env.us : w === 'SM2' ? env.cnNode : env.cn)

/** Creates an EXTERNAL key, gets parameters, wraps `material` with `wrapKeyMaterial` and imports it. */
const importFresh = async (kms: Kms, keySpec: KeySpecName, w: WrappingKeySpecName, a: AlgorithmName, material: Uint8Array): Promise<{ readonly arn: string; readonly reply: Reply }> => {
  const arn = await externalKeyArn(kms, keySpec)
  const params = await parametersFor(kms, arn, w, a)
  const reply = await importWrapped(kms, params, wrapKeyMaterial(params.publicKey, a, material))
  return { arn, reply }
}

const expectEnabled = async (kms: Kms, arn: string): Promise<void> => {
  const meta = (await kms.call('DescribeKey', { KeyId: arn })).body.KeyMetadata as Readonly<Record<string, unknown>>
  expect({ state: meta.KeyState, enabled: meta.Enabled, model: meta.ExpirationModel }).toEqual({ state: 'Enabled', enabled: true, model: 'KEY_MATERIAL_DOES_NOT_EXPIRE' })
}

/** Imports refused with IncorrectKeyMaterialException and `message`; the body never shows the material. */
const expectRefused = async (kms: Kms, keySpec: KeySpecName, w: WrappingKeySpecName, a: AlgorithmName, material: Uint8Array, message: string): Promise<void> => {
  const { arn, reply } = await importFresh(kms, keySpec, w, a, material)
  expectError(reply, 'IncorrectKeyMaterialException', message)
  expectNoLeak(reply.raw.body, material)
  const meta = (await kms.call('DescribeKey', { KeyId: arn })).body.KeyMetadata as Readonly<Record<string, unknown>>
  expect(meta.KeyState, 'a refused import leaves the key PendingImport').toBe('PendingImport')
}

describe.each([
  { partition: 'aws' as const, region: US },
  { partition: 'aws-cn' as const, region: CN },
])('$region: valid material imports under every accepted wrapping', ({ partition }) => {
  const cases = KEY_SPECS_BY_PARTITION[partition].flatMap((keySpec) =>
    acceptedPairs(partition, keySpec).map(({ w, a }, i) => ({ name: `${keySpec} under ${w} + ${a}`, keySpec, w, a, i })),
  )
  it('the expectation list leaves at least one way to import every key spec', () => {
    for (const keySpec of KEY_SPECS_BY_PARTITION[partition]) expect(acceptedPairs(partition, keySpec).length, keySpec).toBeGreaterThan(0)
  })
  it.each(cases)('$name', async ({ keySpec, w, a, i }) => {
    const kms = kmsFor(partition, w)
    const { arn, reply } = await importFresh(kms, keySpec, w, a, validMaterial(keySpec, partition, i))
    expectImported(reply, arn)
    await expectEnabled(kms, arn)
  })
})

describe('symmetric material size (docs/evidence.md §6)', () => {
  it.each([
    { region: US, w: 'RSA_2048', a: 'RSAES_OAEP_SHA_256', bytes: 31, expected: 32 },
    { region: US, w: 'RSA_4096', a: 'RSA_AES_KEY_WRAP_SHA_1', bytes: 16, expected: 32 },
    { region: US, w: 'RSA_3072', a: 'RSAES_OAEP_SHA_1', bytes: 33, expected: 32 },
    { region: CN, w: 'RSA_2048', a: 'RSAES_OAEP_SHA_256', bytes: 32, expected: 16 },
    { region: CN, w: 'SM2', a: 'SM2PKE', bytes: 15, expected: 16 },
  ] as const)('$region: $bytes bytes under $a are refused (must be $expected)', async ({ region, w, a, bytes, expected }) => {
    const kms = region === US ? env.us : w === 'SM2' ? env.cnNode : env.cn
    await expectRefused(kms, 'SYMMETRIC_DEFAULT', w, a, new Uint8Array(randomBytes(bytes)),
      `The key material for key spec SYMMETRIC_DEFAULT must be ${expected} bytes; it was ${bytes} bytes.`)
  })
})

describe('HMAC material length: at least the spec length, at most 128 bytes (docs/evidence.md §6)', () => {
  const specs = ['HMAC_224', 'HMAC_256', 'HMAC_384', 'HMAC_512'] as const
  const pairs = [
    { w: 'RSA_2048', a: 'RSAES_OAEP_SHA_256' },
    { w: 'RSA_3072', a: 'RSA_AES_KEY_WRAP_SHA_256' },
  ] as const
  const cases = specs.flatMap((keySpec) => pairs.map(({ w, a }) => ({ keySpec, w, a, min: HMAC_MIN[keySpec] ?? 0 })))
  it.each(cases)('$keySpec under $a: min and 128 accepted, min−1 and 129 refused', async ({ keySpec, w, a, min }) => {
    for (const bytes of [min, 128]) {
      const { arn, reply } = await importFresh(env.us, keySpec, w, a, new Uint8Array(randomBytes(bytes)))
      expectImported(reply, arn)
    }
    for (const bytes of [min - 1, 129]) {
      await expectRefused(env.us, keySpec, w, a, new Uint8Array(randomBytes(bytes)),
        `The key material for key spec ${keySpec} must be between ${min} and 128 bytes; it was ${bytes} bytes.`)
    }
  })
  it('China: HMAC_256 at 128 bytes under SM2PKE is accepted, 129 refused', async () => {
    const { arn, reply } = await importFresh(env.cnNode, 'HMAC_256', 'SM2', 'SM2PKE', new Uint8Array(randomBytes(128)))
    expectImported(reply, arn)
    await expectRefused(env.cnNode, 'HMAC_256', 'SM2', 'SM2PKE', new Uint8Array(randomBytes(129)),
      'The key material for key spec HMAC_256 must be between 32 and 128 bytes; it was 129 bytes.')
  })
})

describe('asymmetric material refusals (docs/evidence.md §6)', () => {
  let explicitP256: Uint8Array
  let multiPrime: Uint8Array
  let dir: ReturnType<typeof tempDir>

  beforeAll(() => {
    requireOpenssl()
    dir = tempDir('import')
    openssl(dir.dir, ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-pkeyopt', 'ec_param_enc:explicit', '-out', 'explicit.pem'])
    openssl(dir.dir, ['pkcs8', '-topk8', '-nocrypt', '-in', 'explicit.pem', '-outform', 'DER', '-out', 'explicit.der'])
    explicitP256 = new Uint8Array(readFileSync(dir.path('explicit.der')))
    openssl(dir.dir, ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-pkeyopt', 'rsa_keygen_primes:3', '-out', 'mp.pem'])
    openssl(dir.dir, ['pkcs8', '-topk8', '-nocrypt', '-in', 'mp.pem', '-outform', 'DER', '-out', 'mp.der'])
    multiPrime = new Uint8Array(readFileSync(dir.path('mp.der')))
  })
  afterAll(() => dir.remove())

  const W = 'RSA_2048'
  const A = 'RSA_AES_KEY_WRAP_SHA_256'

  it('OpenSSL really made what the next tests rely on: explicit parameters, three primes', () => {
    const text = openssl(dir.dir, ['asn1parse', '-inform', 'DER', '-in', 'explicit.der']).toString()
    expect(text).toContain('prime-field')
    expect(text).not.toContain('prime256v1')
    const rsa = openssl(dir.dir, ['pkey', '-in', 'mp.pem', '-noout', '-text']).toString()
    expect(rsa).toContain('prime3:')
  })

  it.each([
    { keySpec: 'ECC_NIST_P256', curve: 'secp384r1', want: 'P-256' },
    { keySpec: 'ECC_NIST_P256', curve: 'secp256k1', want: 'P-256' },
    { keySpec: 'ECC_NIST_P384', curve: 'prime256v1', want: 'P-384' },
    { keySpec: 'ECC_NIST_P521', curve: 'secp384r1', want: 'P-521' },
    { keySpec: 'ECC_SECG_P256K1', curve: 'prime256v1', want: 'secp256k1' },
    { keySpec: 'ECC_NIST_P256', curve: 'SM2', want: 'P-256' },
  ] as const)('a $curve key into $keySpec: wrong curve', async ({ keySpec, curve, want }) => {
    await expectRefused(env.us, keySpec, W, A, ecKey(curve), `The EC key must be on curve ${want} for key spec ${keySpec}.`)
  })

  it('China: a P-256 key into an SM2 key (SM2PKE): wrong curve', async () => {
    await expectRefused(env.cnNode, 'SM2', 'SM2', 'SM2PKE', ecKey('prime256v1'), 'The EC key must be on curve SM2 for key spec SM2.')
  })

  it.each([
    { keySpec: 'RSA_2048', from: 'RSA_3072', bits: 3072, want: 2048 },
    { keySpec: 'RSA_3072', from: 'RSA_2048', bits: 2048, want: 3072 },
    { keySpec: 'RSA_4096', from: 'RSA_3072', bits: 3072, want: 4096 },
    { keySpec: 'RSA_3072', from: 'RSA_4096', bits: 4096, want: 3072 },
  ] as const)('an RSA key of $bits bits into $keySpec: wrong modulus size', async ({ keySpec, from, bits, want }) => {
    await expectRefused(env.us, keySpec, 'RSA_4096', A, rsaKey(from, 1),
      `The RSA key must have a ${want}-bit modulus for key spec ${keySpec}; it has ${bits} bits.`)
  })

  it('SEC1 (traditional) EC DER, PKCS#1 RSA DER and raw bytes: not PKCS#8', async () => {
    const pair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
    const sec1 = new Uint8Array(pair.privateKey.export({ type: 'sec1', format: 'der' }))
    await expectRefused(env.us, 'ECC_NIST_P256', W, A, sec1, 'The key material is not a PKCS#8 private key.')
    const pkcs1 = new Uint8Array(createPrivateKey({ key: Buffer.from(rsaKey('RSA_2048', 2)), format: 'der', type: 'pkcs8' }).export({ type: 'pkcs1', format: 'der' }))
    await expectRefused(env.us, 'RSA_2048', W, A, pkcs1, 'The key material is not a PKCS#8 private key.')
    await expectRefused(env.us, 'ECC_NIST_P384', W, A, new Uint8Array(randomBytes(48)), 'The key material is not a PKCS#8 private key.')
  })

  it.each([
    { keySpec: 'ECC_NIST_P256', make: () => ecKey('prime256v1') },
    { keySpec: 'RSA_2048', make: () => rsaKey('RSA_2048', 3) },
  ] as const)('$keySpec: a valid PKCS#8 with a trailing byte after the DER is refused', async ({ keySpec, make }) => {
    const der = make()
    const trailing = new Uint8Array(der.length + 1)
    trailing.set(der)
    await expectRefused(env.us, keySpec, W, A, trailing, 'The key material is not a PKCS#8 private key.')
    // and the same DER without the byte is accepted (the refusal was the trailing byte)
    const { arn, reply } = await importFresh(env.us, keySpec, W, A, der)
    expectImported(reply, arn)
  })

  it('explicit EC parameters (OpenSSL ec_param_enc:explicit) are refused', async () => {
    await expectRefused(env.us, 'ECC_NIST_P256', W, A, explicitP256, 'The EC key must use a named curve; explicit curve parameters are not supported.')
  })

  it('a multi-prime RSA key (OpenSSL rsa_keygen_primes:3) is refused', async () => {
    await expectRefused(env.us, 'RSA_2048', W, A, multiPrime, 'Multi-prime RSA keys are not supported: the key must have exactly two primes.')
  })

  it.each(['ECC_NIST_P256', 'ECC_NIST_P521', 'ECC_SECG_P256K1'] as const)('an RSA private key under %s is refused', async (keySpec) => {
    await expectRefused(env.us, keySpec, W, A, rsaKey('RSA_2048', 4), `The key material must be an EC private key for key spec ${keySpec}.`)
  })

  it('China: an RSA private key under SM2 (SM2PKE) is refused', async () => {
    await expectRefused(env.cnNode, 'SM2', 'SM2', 'SM2PKE', rsaKey('RSA_2048', 5), 'The key material must be an EC private key for key spec SM2.')
  })

  it('an EC private key under RSA_2048 is refused', async () => {
    await expectRefused(env.us, 'RSA_2048', W, A, ecKey('prime256v1'), 'The key material must be an RSA private key for key spec RSA_2048.')
  })

  it('symmetric bytes under an asymmetric spec, and a PKCS#8 key under HMAC / SYMMETRIC_DEFAULT', async () => {
    await expectRefused(env.us, 'ECC_NIST_P256', W, 'RSAES_OAEP_SHA_256', new Uint8Array(randomBytes(32)), 'The key material is not a PKCS#8 private key.')
    const p256 = ecKey('prime256v1')
    await expectRefused(env.us, 'HMAC_512', W, A, p256, `The key material for key spec HMAC_512 must be between 64 and 128 bytes; it was ${p256.length} bytes.`)
    await expectRefused(env.us, 'SYMMETRIC_DEFAULT', W, A, p256, `The key material for key spec SYMMETRIC_DEFAULT must be 32 bytes; it was ${p256.length} bytes.`)
  })
})

describe('RSAES_PKCS1_V1_5 is retired in 2023-10-10 (docs/evidence.md §1, §3.6)', () => {
  it.each([
    { region: US, w: 'RSA_2048' }, { region: US, w: 'RSA_4096' }, { region: CN, w: 'RSA_3072' },
  ] as const)('$region: GetParametersForImport with RSAES_PKCS1_V1_5 and $w is refused with its message', async ({ region, w }) => {
    const kms = region === US ? env.us : env.cn
    const arn = await externalKeyArn(kms, 'SYMMETRIC_DEFAULT')
    const reply = await kms.call('GetParametersForImport', { KeyId: arn, WrappingAlgorithm: 'RSAES_PKCS1_V1_5', WrappingKeySpec: w })
    expectError(reply, 'ValidationException',
      'The wrapping algorithm RSAES_PKCS1_V1_5 is no longer supported for importing key material. Use RSAES_OAEP_SHA_256 or RSA_AES_KEY_WRAP_SHA_256.')
  })
})
