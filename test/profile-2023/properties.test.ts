/**
 * Properties of ImportKeyMaterial under the 2023-10-10 profile (fast-check; seed from
 * test/setup.ts, modest run counts since every run wraps and unwraps with RSA).
 *
 * 1. Material of the wrong curve, size, kind or format is always refused with
 *    IncorrectKeyMaterialException (exact message), never shown in the answer, and leaves the key
 *    PendingImport.
 * 2. An accepted asymmetric import's public key is the one node/OpenSSL derive: GetPublicKey answers
 *    node's SPKI of the imported key (and OpenSSL's, once per curve). Also through the rules:
 *    - node's PKCS#8 carries node's public point; the library refuses a PKCS#8 whose point does not
 *      match its own derivation, so acceptance witnesses "library point = node point", and a
 *      swapped point must be refused;
 *    - the reimport rule: the same private key in another encoding (BER, with the optional
 *      ECPrivateKey parameters) is the same material, a different key of the same spec is not;
 *    - once per curve, OpenSSL's `pkey -pubout -outform DER` equals node's SPKI and the point the
 *      library derives (src/material/curves.ts).
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AsnConvert, OctetString } from '@peculiar/asn1-schema'
import { PrivateKey, PrivateKeyInfo } from '@peculiar/asn1-pkcs8'
import { ECParameters, ECPrivateKey } from '@peculiar/asn1-ecc'
import { SubjectPublicKeyInfo } from '@peculiar/asn1-x509'
import { fixtureRsaKeyPairs, wrapKeyMaterial } from 'kms-key-import/testing'
import { curves, type CurveName } from '../../src/material/curves.js'
import { expectation, type AlgorithmName, type KeySpecName, type WrappingKeySpecName } from './expectations.js'
import { CN, US, expectError, type Kms } from '../support/kms.js'
import { externalKeyArn, expectImported, expectNoLeak, parametersFor, importWrapped, newKms, openssl, requireOpenssl, tempDir, type ArnParameters } from './support.js'

type NodeCurve = 'prime256v1' | 'secp384r1' | 'secp521r1' | 'secp256k1' | 'SM2'
type EcSpec = 'ECC_NIST_P256' | 'ECC_NIST_P384' | 'ECC_NIST_P521' | 'ECC_SECG_P256K1' | 'SM2'
type RsaSpec = 'RSA_2048' | 'RSA_3072' | 'RSA_4096'

const EC: Readonly<Record<EcSpec, { readonly node: NodeCurve; readonly name: CurveName }>> = {
  ECC_NIST_P256: { node: 'prime256v1', name: 'P-256' },
  ECC_NIST_P384: { node: 'secp384r1', name: 'P-384' },
  ECC_NIST_P521: { node: 'secp521r1', name: 'P-521' },
  ECC_SECG_P256K1: { node: 'secp256k1', name: 'secp256k1' },
  SM2: { node: 'SM2', name: 'SM2' },
}
const CURVE_OID: Readonly<Record<EcSpec, string>> = {
  ECC_NIST_P256: '1.2.840.10045.3.1.7',
  ECC_NIST_P384: '1.3.132.0.34',
  ECC_NIST_P521: '1.3.132.0.35',
  ECC_SECG_P256K1: '1.3.132.0.10',
  SM2: '1.2.156.10197.1.301',
}
const US_EC_SPECS = ['ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521', 'ECC_SECG_P256K1'] as const
const RSA_SPECS = ['RSA_2048', 'RSA_3072', 'RSA_4096'] as const
const BITS: Readonly<Record<RsaSpec, number>> = { RSA_2048: 2048, RSA_3072: 3072, RSA_4096: 4096 }
const NOT_PKCS8 = 'The key material is not a PKCS#8 private key.'

const ecKey = (curve: NodeCurve): Uint8Array =>
  new Uint8Array(generateKeyPairSync('ec', { namedCurve: curve }).privateKey.export({ type: 'pkcs8', format: 'der' }))

const rsaKey = (spec: RsaSpec, i: number): Uint8Array => {
  const pairs = fixtureRsaKeyPairs(spec)
  const pair = pairs[i % pairs.length]
  if (pair === undefined) throw new Error(`no fixture ${spec}`)
  return pair.privateKey
}

/** Re-encodes an EC PKCS#8 with its ECPrivateKey changed by `edit`. */
const editEc = (pkcs8: Uint8Array, edit: (ec: ECPrivateKey) => void): Uint8Array => {
  const pki = AsnConvert.parse(pkcs8, PrivateKeyInfo)
  const ec = AsnConvert.parse(pki.privateKey, ECPrivateKey)
  edit(ec)
  pki.privateKey = new PrivateKey(AsnConvert.serialize(ec))
  return new Uint8Array(AsnConvert.serialize(pki))
}
const publicPointOf = (pkcs8: Uint8Array): ArrayBuffer | undefined =>
  AsnConvert.parse(AsnConvert.parse(pkcs8, PrivateKeyInfo).privateKey, ECPrivateKey).publicKey
const scalarOf = (pkcs8: Uint8Array): Uint8Array =>
  new Uint8Array(AsnConvert.parse(AsnConvert.parse(pkcs8, PrivateKeyInfo).privateKey, ECPrivateKey).privateKey.buffer)

/** The same DER with the outer SEQUENCE length in a non-minimal 4-byte long form (valid BER). */
const berOuterLength = (der: Uint8Array): Uint8Array => {
  const first = der[1] ?? 0
  const header = first & 0x80 ? 2 + (first & 0x7f) : 2
  const body = der.subarray(header)
  return new Uint8Array([0x30, 0x84, (body.length >>> 24) & 0xff, (body.length >>> 16) & 0xff, (body.length >>> 8) & 0xff, body.length & 0xff, ...body])
}

let us: Kms
let cnNode: Kms
beforeAll(() => {
  us = newKms({ region: US, seed: 51 })
  cnNode = newKms({ region: CN, provider: 'node' })
})
afterAll(() => {
  us.emulator.close()
  cnNode.emulator.close()
})

/** The RSA_AES pairs the hand-written list accepts in us-east-1 for every key spec (any material size fits). */
const RSA_AES_PAIRS = (['RSA_2048', 'RSA_3072', 'RSA_4096'] as const).flatMap((w) =>
  (['RSA_AES_KEY_WRAP_SHA_1', 'RSA_AES_KEY_WRAP_SHA_256'] as const).map((a) => ({ w, a })),
)

/** A case of property 1: a key spec, how to make the bad material, and the exact message. */
interface BadCase {
  readonly label: string
  readonly keySpec: KeySpecName
  readonly make: () => Uint8Array
  readonly message: (material: Uint8Array) => string
}

const wrongCurve: fc.Arbitrary<BadCase> = fc
  .tuple(fc.constantFrom(...US_EC_SPECS), fc.constantFrom<NodeCurve>('prime256v1', 'secp384r1', 'secp521r1', 'secp256k1', 'SM2'))
  .filter(([spec, curve]) => EC[spec].node !== curve)
  .map(([spec, curve]) => ({
    label: `${curve} key into ${spec}`, keySpec: spec, make: () => ecKey(curve),
    message: () => `The EC key must be on curve ${EC[spec].name} for key spec ${spec}.`,
  }))

const wrongModulus: fc.Arbitrary<BadCase> = fc
  .tuple(fc.constantFrom(...RSA_SPECS), fc.constantFrom(...RSA_SPECS), fc.nat(5))
  .filter(([spec, from]) => spec !== from)
  .map(([spec, from, i]) => ({
    label: `${from} fixture #${i} into ${spec}`, keySpec: spec, make: () => rsaKey(from, i),
    message: () => `The RSA key must have a ${BITS[spec]}-bit modulus for key spec ${spec}; it has ${BITS[from]} bits.`,
  }))

const wrongKind: fc.Arbitrary<BadCase> = fc.oneof(
  fc.tuple(fc.constantFrom(...US_EC_SPECS), fc.constantFrom(...RSA_SPECS), fc.nat(5)).map(([spec, from, i]) => ({
    label: `${from} key into ${spec}`, keySpec: spec as KeySpecName, make: () => rsaKey(from, i),
    message: () => `The key material must be an EC private key for key spec ${spec}.`,
  })),
  fc.tuple(fc.constantFrom(...RSA_SPECS), fc.constantFrom(...US_EC_SPECS)).map(([spec, curveSpec]) => ({
    label: `${curveSpec} key into ${spec}`, keySpec: spec as KeySpecName, make: () => ecKey(EC[curveSpec].node),
    message: () => `The key material must be an RSA private key for key spec ${spec}.`,
  })),
)

/** A valid key of the spec, to damage. */
const validFor = (spec: (typeof US_EC_SPECS)[number] | RsaSpec, i: number): Uint8Array =>
  spec.startsWith('RSA_') ? rsaKey(spec as RsaSpec, i) : ecKey(EC[spec as EcSpec].node)

const asymmetricSpec = fc.constantFrom<(typeof US_EC_SPECS)[number] | RsaSpec>(...US_EC_SPECS, ...RSA_SPECS)

const badFormat: fc.Arbitrary<BadCase> = fc.oneof(
  fc.tuple(asymmetricSpec, fc.uint8Array({ minLength: 1, maxLength: 600 })).map(([spec, bytes]) => ({
    label: `${bytes.length} random bytes into ${spec}`, keySpec: spec as KeySpecName, make: () => bytes, message: () => NOT_PKCS8,
  })),
  fc.tuple(asymmetricSpec, fc.nat(5), fc.uint8Array({ minLength: 1, maxLength: 16 })).map(([spec, i, suffix]) => ({
    label: `valid ${spec} key + ${suffix.length} trailing bytes`, keySpec: spec as KeySpecName,
    make: () => new Uint8Array([...validFor(spec, i), ...suffix]), message: () => NOT_PKCS8,
  })),
  fc.tuple(asymmetricSpec, fc.nat(5), fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true })).map(([spec, i, at]) => ({
    label: `valid ${spec} key truncated at ${at.toFixed(3)}`, keySpec: spec as KeySpecName,
    make: () => {
      const der = validFor(spec, i)
      return der.subarray(0, 1 + Math.floor(at * (der.length - 1)))
    },
    message: () => NOT_PKCS8,
  })),
  fc.tuple(fc.constantFrom(...US_EC_SPECS), fc.constantFrom('zero', 'order')).map(([spec, which]) => ({
    label: `${spec} key with scalar ${which}`, keySpec: spec as KeySpecName,
    make: () => editEc(ecKey(EC[spec].node), (ec) => {
      const size = curves[EC[spec].name].scalarBytes
      // the group order n of each curve (SEC 2 / FIPS 186-4), big-endian
      const order: Readonly<Record<string, string>> = {
        ECC_NIST_P256: 'ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551',
        ECC_NIST_P384: 'ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973',
        ECC_NIST_P521: `01${'ff'.repeat(32)}fa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409`,
        ECC_SECG_P256K1: 'fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141',
      }
      const hex = which === 'zero' ? '00'.repeat(size) : (order[spec] ?? '').padStart(size * 2, '0')
      ec.privateKey = new OctetString(Buffer.from(hex, 'hex'))
      delete ec.publicKey
    }),
    message: () => `The EC private key is not valid on curve ${EC[spec].name}.`,
  })),
)

const badLength: fc.Arbitrary<BadCase> = fc.oneof(
  fc.integer({ min: 1, max: 300 }).filter((n) => n !== 32).map((n) => ({
    label: `${n} bytes into SYMMETRIC_DEFAULT`, keySpec: 'SYMMETRIC_DEFAULT' as KeySpecName, make: () => new Uint8Array(randomBytes(n)),
    message: () => `The key material for key spec SYMMETRIC_DEFAULT must be 32 bytes; it was ${n} bytes.`,
  })),
  fc.tuple(fc.constantFrom(['HMAC_224', 28] as const, ['HMAC_256', 32] as const, ['HMAC_384', 48] as const, ['HMAC_512', 64] as const), fc.integer({ min: 1, max: 300 }))
    .filter(([[, min], n]) => n < min || n > 128)
    .map(([[spec, min], n]) => ({
      label: `${n} bytes into ${spec}`, keySpec: spec as KeySpecName, make: () => new Uint8Array(randomBytes(n)),
      message: () => `The key material for key spec ${spec} must be between ${min} and 128 bytes; it was ${n} bytes.`,
    })),
)

describe('property: wrong curve / size / kind / format is always IncorrectKeyMaterialException', () => {
  it('for any bad material under any accepted RSA_AES wrapping', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(wrongCurve, wrongModulus, wrongKind, badFormat, badLength), fc.constantFrom(...RSA_AES_PAIRS), async (bad, { w, a }) => {
        expect(expectation('2023-10-10', 'aws', bad.keySpec, w, a).kind).toBe('accepted')
        const material = bad.make()
        const arn = await externalKeyArn(us, bad.keySpec)
        const params = await parametersFor(us, arn, w, a)
        const reply = await importWrapped(us, params, wrapKeyMaterial(params.publicKey, a, material))
        expectError(reply, 'IncorrectKeyMaterialException', bad.message(material))
        expectNoLeak(reply.raw.body, material)
        const meta = (await us.call('DescribeKey', { KeyId: arn })).body.KeyMetadata as Readonly<Record<string, unknown>>
        expect(meta.KeyState).toBe('PendingImport')
      }),
      { numRuns: 30 },
    )
  })
})

/** GetPublicKey's DER SPKI, which must be answered, as hex. */
const publicKeyHex = async (kms: Kms, arn: string): Promise<string> => {
  const reply = await kms.call('GetPublicKey', { KeyId: arn })
  expect(reply.status, JSON.stringify(reply.body)).toBe(200)
  expect(reply.body.KeyId).toBe(arn)
  return Buffer.from(reply.body.PublicKey as string, 'base64').toString('hex')
}

/** node's DER SPKI of a PKCS#8 private key, as hex. */
const nodeSpkiHex = (pkcs8: Uint8Array): string =>
  createPublicKey(createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' })).export({ type: 'spki', format: 'der' }).toString('hex')

/** Imports `material` into `arn` with `params`; returns the reply. */
const put = (kms: Kms, params: ArnParameters, a: AlgorithmName, material: Uint8Array) => importWrapped(kms, params, wrapKeyMaterial(params.publicKey, a, material))

describe('property: an accepted EC import is the key node/OpenSSL know (public point, reimport rule)', () => {
  const ecSpecs = fc.constantFrom<{ spec: EcSpec; kms: 'us' | 'cn'; w: WrappingKeySpecName; a: AlgorithmName }>(
    { spec: 'ECC_NIST_P256', kms: 'us', w: 'RSA_2048', a: 'RSAES_OAEP_SHA_256' },
    { spec: 'ECC_NIST_P384', kms: 'us', w: 'RSA_2048', a: 'RSAES_OAEP_SHA_1' },
    { spec: 'ECC_NIST_P521', kms: 'us', w: 'RSA_3072', a: 'RSAES_OAEP_SHA_256' },
    { spec: 'ECC_NIST_P521', kms: 'us', w: 'RSA_2048', a: 'RSA_AES_KEY_WRAP_SHA_256' },
    { spec: 'ECC_SECG_P256K1', kms: 'us', w: 'RSA_4096', a: 'RSA_AES_KEY_WRAP_SHA_1' },
    { spec: 'SM2', kms: 'cn', w: 'SM2', a: 'SM2PKE' },
  )
  it('node\'s point is accepted, a swapped point is refused, another encoding of the key is the same material, another key is not', async () => {
    await fc.assert(
      fc.asyncProperty(ecSpecs, fc.constantFrom('ber', 'inner-parameters'), async ({ spec, kms: which, w, a }, variant) => {
        const kms = which === 'us' ? us : cnNode
        expect(expectation('2023-10-10', which === 'us' ? 'aws' : 'aws-cn', spec, w, a).kind).toBe('accepted')
        const mine = ecKey(EC[spec].node)
        const other = ecKey(EC[spec].node)
        const arn = await externalKeyArn(kms, spec)
        const params = await parametersFor(kms, arn, w, a)
        // the same private key carrying another key's public point: refused
        const swapped = editEc(mine, (ec) => {
          const p = publicPointOf(other)
          if (p !== undefined) ec.publicKey = p
        })
        expectError(await put(kms, params, a, swapped), 'IncorrectKeyMaterialException', 'The public key in the EC private key does not match its private key.')
        // node's own PKCS#8 (with node's point): accepted, i.e. the library derives node's point
        expectImported(await put(kms, params, a, mine), arn)
        expect(await publicKeyHex(kms, arn)).toBe(nodeSpkiHex(mine))
        // the same key as BER, or with the optional ECPrivateKey parameters [0]: the same material
        const again = variant === 'ber'
          ? berOuterLength(mine)
          : editEc(mine, (ec) => { ec.parameters = new ECParameters({ namedCurve: CURVE_OID[spec] }) })
        expectImported(await put(kms, params, a, again), arn)
        // another key of the same curve: not the same material
        expectError(await put(kms, params, a, other), 'IncorrectKeyMaterialException',
          'The key material does not match the key material previously imported into this KMS key.')
      }),
      { numRuns: 30 },
    )
  })

  it('RSA: a fixture key is accepted; as BER it is the same material; another fixture of the spec is not', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...RSA_SPECS), fc.nat(5), fc.constantFrom(...RSA_AES_PAIRS), async (spec, i, { w, a }) => {
        const pairs = fixtureRsaKeyPairs(spec)
        const mine = rsaKey(spec, i)
        const other = rsaKey(spec, i + 1)
        expect(pairs.length).toBeGreaterThan(1)
        const arn = await externalKeyArn(us, spec)
        const params = await parametersFor(us, arn, w, a)
        expectImported(await put(us, params, a, mine), arn)
        expectImported(await put(us, params, a, berOuterLength(mine)), arn)
        expect(await publicKeyHex(us, arn)).toBe(Buffer.from(pairs[i % pairs.length]?.publicKey ?? []).toString('hex'))
        expect(await publicKeyHex(us, arn)).toBe(nodeSpkiHex(mine))
        expectError(await put(us, params, a, other), 'IncorrectKeyMaterialException',
          'The key material does not match the key material previously imported into this KMS key.')
      }),
      { numRuns: 20 },
    )
  })
})

describe('one OpenSSL cross-check per curve: `openssl pkey -pubout -outform DER` = node = the library\'s derivation = GetPublicKey', () => {
  let dir: ReturnType<typeof tempDir>
  beforeAll(() => {
    requireOpenssl()
    dir = tempDir('props')
  })
  afterAll(() => dir.remove())

  it.each(Object.keys(EC) as EcSpec[])('%s', async (spec) => {
    const { node, name } = EC[spec]
    const pkcs8 = ecKey(node)
    writeFileSync(dir.path(`${spec}.der`), pkcs8)
    openssl(dir.dir, ['pkey', '-inform', 'DER', '-in', `${spec}.der`, '-pubout', '-outform', 'DER', '-out', `${spec}.pub.der`])
    const fromOpenssl = new Uint8Array(readFileSync(dir.path(`${spec}.pub.der`)))
    const fromNode = new Uint8Array(createPublicKey(createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' })).export({ type: 'spki', format: 'der' }))
    expect(Buffer.from(fromOpenssl).toString('hex')).toBe(Buffer.from(fromNode).toString('hex'))
    const opensslPoint = new Uint8Array(AsnConvert.parse(fromOpenssl, SubjectPublicKeyInfo).subjectPublicKey)
    const scalar = scalarOf(pkcs8)
    const d = new Uint8Array(curves[name].scalarBytes)
    d.set(scalar, d.length - scalar.length)
    expect(Buffer.from(curves[name].publicPoint(d)).toString('hex')).toBe(Buffer.from(opensslPoint).toString('hex'))
    // and the emulator accepts exactly this key (its embedded point is OpenSSL's point)
    expect(Buffer.from(new Uint8Array(publicPointOf(pkcs8) ?? new ArrayBuffer(0))).toString('hex')).toBe(Buffer.from(opensslPoint).toString('hex'))
    const kms = spec === 'SM2' ? cnNode : us
    const w: WrappingKeySpecName = spec === 'SM2' ? 'SM2' : 'RSA_3072'
    const a: AlgorithmName = spec === 'SM2' ? 'SM2PKE' : 'RSAES_OAEP_SHA_256'
    const arn = await externalKeyArn(kms, spec)
    const params = await parametersFor(kms, arn, w, a)
    expectImported(await put(kms, params, a, pkcs8), arn)
    expect(await publicKeyHex(kms, arn)).toBe(Buffer.from(fromOpenssl).toString('hex'))
  })
})
