/**
 * A real client nobody here wrote: the OpenSSL CLI, used exactly as the AWS developer guide's
 * recipes use it (docs/evidence.md §5), against the 2023-10-10 profile.
 *
 * RSA_AES_KEY_WRAP_SHA_x:
 *   openssl rand -out aes-key.bin 32
 *   openssl enc -id-aes256-wrap-pad -K <hex of aes-key> -iv A65959A6 -in material.der -out wrapped-material.bin
 *   openssl pkeyutl -encrypt -in aes-key.bin -out wrapped-aes.bin -inkey WrappingPublicKey.der -keyform DER -pubin
 *     -pkeyopt rsa_padding_mode:oaep -pkeyopt rsa_oaep_md:shaX -pkeyopt rsa_mgf1_md:shaX
 *   EncryptedKeyMaterial = wrapped-aes.bin ‖ wrapped-material.bin
 * RSAES_OAEP_SHA_x: the same pkeyutl on the material itself.
 * SM2PKE (cn-north-1): openssl pkey -pubin -inform DER (wrapping key → PEM), then
 *   openssl pkeyutl -encrypt -pubin -inkey sm2pub.pem.
 *
 * Private keys come from `openssl genpkey` converted to DER PKCS#8 by
 * `openssl pkcs8 -topk8 -nocrypt -outform DER`. The only RSA key generated is the 4096-bit one of
 * the done-criterion; other RSA material is the committed fixtures re-encoded by `openssl pkcs8`.
 * The tests fail loudly when `openssl` is missing; they never skip.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fixtureRsaKeyPairs } from 'kms-key-import/testing'
import type { KeySpecName, WrappingKeySpecName } from './expectations.js'
import { CN, US, expectError, type Kms } from '../support/kms.js'
import { externalKeyArn, expectImported, parametersFor, importWrapped, newKms, openssl, requireOpenssl, tempDir, type ArnParameters } from './support.js'

type Md = 'sha1' | 'sha256'

let tmp: ReturnType<typeof tempDir>
let us: Kms
let cn: Kms
let cnNode: Kms
let caseNo = 0

/** A fresh working directory for one client run. */
const workDir = (): string => {
  const dir = join(tmp.dir, `case-${++caseNo}`)
  mkdirSync(dir)
  return dir
}

/** `openssl genpkey …` then `openssl pkcs8 -topk8 -nocrypt -outform DER`; returns the DER file path. */
const genpkeyPkcs8 = (name: string, genArgs: readonly string[]): string => {
  openssl(tmp.dir, ['genpkey', ...genArgs, '-out', `${name}.pem`])
  openssl(tmp.dir, ['pkcs8', '-topk8', '-nocrypt', '-in', `${name}.pem`, '-outform', 'DER', '-out', `${name}.der`])
  return join(tmp.dir, `${name}.der`)
}

/** A committed fixture RSA key, re-encoded by `openssl pkcs8 -topk8 -nocrypt -outform DER`. */
const fixtureThroughOpenssl = (spec: 'RSA_2048' | 'RSA_3072', i: number): string => {
  const pair = fixtureRsaKeyPairs(spec)[i]
  if (pair === undefined) throw new Error(`no fixture ${spec}[${i}]`)
  const inFile = join(tmp.dir, `fixture-${spec}-${i}.in.der`)
  writeFileSync(inFile, pair.privateKey)
  openssl(tmp.dir, ['pkcs8', '-topk8', '-nocrypt', '-inform', 'DER', '-in', inFile, '-outform', 'DER', '-out', `fixture-${spec}-${i}.der`])
  return join(tmp.dir, `fixture-${spec}-${i}.der`)
}

/** `openssl rand -out <file> n`; returns the path. */
const rand = (name: string, n: number): string => {
  openssl(tmp.dir, ['rand', '-out', name, String(n)])
  return join(tmp.dir, name)
}

const oaepOpts = (md: Md): string[] => ['-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', `rsa_oaep_md:${md}`, '-pkeyopt', `rsa_mgf1_md:${md}`]

/** The guide's RSA_AES_KEY_WRAP recipe; returns EncryptedKeyMaterial. */
const rsaAesWrap = (params: ArnParameters, materialFile: string, md: Md): Uint8Array => {
  const dir = workDir()
  writeFileSync(join(dir, 'WrappingPublicKey.der'), params.publicKey)
  openssl(dir, ['rand', '-out', 'aes-key.bin', '32'])
  const hex = readFileSync(join(dir, 'aes-key.bin')).toString('hex')
  openssl(dir, ['enc', '-id-aes256-wrap-pad', '-K', hex, '-iv', 'A65959A6', '-in', materialFile, '-out', 'wrapped-material.bin'])
  openssl(dir, ['pkeyutl', '-encrypt', '-in', 'aes-key.bin', '-out', 'wrapped-aes.bin', '-inkey', 'WrappingPublicKey.der', '-keyform', 'DER', '-pubin', ...oaepOpts(md)])
  return new Uint8Array(Buffer.concat([readFileSync(join(dir, 'wrapped-aes.bin')), readFileSync(join(dir, 'wrapped-material.bin'))]))
}

/** The guide's RSAES_OAEP recipe; returns EncryptedKeyMaterial. */
const oaepWrap = (params: ArnParameters, materialFile: string, md: Md): Uint8Array => {
  const dir = workDir()
  writeFileSync(join(dir, 'WrappingPublicKey.der'), params.publicKey)
  openssl(dir, ['pkeyutl', '-encrypt', '-in', materialFile, '-out', 'EncryptedKeyMaterial.bin', '-inkey', 'WrappingPublicKey.der', '-keyform', 'DER', '-pubin', ...oaepOpts(md)])
  return new Uint8Array(readFileSync(join(dir, 'EncryptedKeyMaterial.bin')))
}

/** SM2PKE with OpenSSL: the wrapping key DER → PEM, then pkeyutl -encrypt. */
const sm2Wrap = (params: ArnParameters, materialFile: string): Uint8Array => {
  const dir = workDir()
  writeFileSync(join(dir, 'WrappingPublicKey.der'), params.publicKey)
  openssl(dir, ['pkey', '-pubin', '-inform', 'DER', '-in', 'WrappingPublicKey.der', '-out', 'sm2pub.pem'])
  openssl(dir, ['pkeyutl', '-encrypt', '-pubin', '-inkey', 'sm2pub.pem', '-in', materialFile, '-out', 'EncryptedKeyMaterial.bin'])
  return new Uint8Array(readFileSync(join(dir, 'EncryptedKeyMaterial.bin')))
}

const files: Record<string, string> = {}

beforeAll(() => {
  requireOpenssl()
  tmp = tempDir('openssl')
  us = newKms({ region: US, seed: 41 })
  cn = newKms({ region: CN, seed: 42 })
  cnNode = newKms({ region: CN, provider: 'node' })
  files.p256 = genpkeyPkcs8('p256', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'])
  files.p384 = genpkeyPkcs8('p384', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384'])
  files.p521 = genpkeyPkcs8('p521', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-521'])
  files.k256 = genpkeyPkcs8('k256', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:secp256k1'])
  files.sm2 = genpkeyPkcs8('sm2', ['-algorithm', 'SM2'])
  files.rsa2048 = fixtureThroughOpenssl('RSA_2048', 0)
  files.rsa3072 = fixtureThroughOpenssl('RSA_3072', 1)
  files.sym32 = rand('sym32.bin', 32)
  files.sym16 = rand('sym16.bin', 16)
  files.hmac48 = rand('hmac48.bin', 48)
  files.hmac128 = rand('hmac128.bin', 128)
})

afterAll(() => {
  tmp.remove()
  for (const kms of [us, cn, cnNode]) kms.emulator.close()
})

const file = (name: string): string => {
  const f = files[name]
  if (f === undefined) throw new Error(`no material file ${name}`)
  return f
}

describe('us-east-1: the guide\'s RSA_AES_KEY_WRAP recipe (openssl enc -id-aes256-wrap-pad + pkeyutl OAEP)', () => {
  it.each((['RSA_2048', 'RSA_3072', 'RSA_4096'] as const).flatMap((w) => (['sha1', 'sha256'] as const).map((md) => ({ w, md }))))(
    'an OpenSSL P-256 key under $w + RSA_AES_KEY_WRAP_$md',
    async ({ w, md }) => {
      const arn = await externalKeyArn(us, 'ECC_NIST_P256')
      const params = await parametersFor(us, arn, w, md === 'sha1' ? 'RSA_AES_KEY_WRAP_SHA_1' : 'RSA_AES_KEY_WRAP_SHA_256')
      expectImported(await importWrapped(us, params, rsaAesWrap(params, file('p256'), md)), arn)
    },
  )

  it.each([
    { keySpec: 'ECC_NIST_P384', material: 'p384', w: 'RSA_2048' },
    { keySpec: 'ECC_NIST_P521', material: 'p521', w: 'RSA_2048' },
    { keySpec: 'ECC_SECG_P256K1', material: 'k256', w: 'RSA_3072' },
    { keySpec: 'RSA_2048', material: 'rsa2048', w: 'RSA_2048' },
    { keySpec: 'RSA_3072', material: 'rsa3072', w: 'RSA_3072' },
    { keySpec: 'SYMMETRIC_DEFAULT', material: 'sym32', w: 'RSA_4096' },
    { keySpec: 'HMAC_384', material: 'hmac48', w: 'RSA_2048' },
    { keySpec: 'HMAC_512', material: 'hmac128', w: 'RSA_3072' },
  ] as const satisfies readonly { keySpec: KeySpecName; material: string; w: WrappingKeySpecName }[])(
    '$keySpec ($material, made by OpenSSL) under $w + RSA_AES_KEY_WRAP_SHA_256',
    async ({ keySpec, material, w }) => {
      const arn = await externalKeyArn(us, keySpec)
      const params = await parametersFor(us, arn, w, 'RSA_AES_KEY_WRAP_SHA_256')
      expectImported(await importWrapped(us, params, rsaAesWrap(params, file(material), 'sha256')), arn)
    },
  )

  it('a wrap made with SHA-1 under an RSA_AES_KEY_WRAP_SHA_256 token does not unwrap: InvalidCiphertextException', async () => {
    const arn = await externalKeyArn(us, 'ECC_NIST_P256')
    const params = await parametersFor(us, arn, 'RSA_2048', 'RSA_AES_KEY_WRAP_SHA_256')
    expectError(await importWrapped(us, params, rsaAesWrap(params, file('p256'), 'sha1')), 'InvalidCiphertextException',
      'The encrypted key material could not be decrypted with the wrapping key and algorithm of the import token.')
  })

  it('`openssl genpkey -outform DER` writes the traditional (SEC1) form, which is refused as not PKCS#8', async () => {
    openssl(tmp.dir, ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-outform', 'DER', '-out', 'traditional.der'])
    const arn = await externalKeyArn(us, 'ECC_NIST_P256')
    const params = await parametersFor(us, arn, 'RSA_2048', 'RSA_AES_KEY_WRAP_SHA_256')
    expectError(await importWrapped(us, params, rsaAesWrap(params, join(tmp.dir, 'traditional.der'), 'sha256')), 'IncorrectKeyMaterialException',
      'The key material is not a PKCS#8 private key.')
  })
})

describe('us-east-1: the guide\'s RSAES_OAEP recipe (openssl pkeyutl on the material)', () => {
  it.each((['RSA_2048', 'RSA_3072', 'RSA_4096'] as const).flatMap((w) => (['sha1', 'sha256'] as const).map((md) => ({ w, md }))))(
    '32 random bytes (openssl rand) into SYMMETRIC_DEFAULT under $w + RSAES_OAEP_$md',
    async ({ w, md }) => {
      const arn = await externalKeyArn(us, 'SYMMETRIC_DEFAULT')
      const params = await parametersFor(us, arn, w, md === 'sha1' ? 'RSAES_OAEP_SHA_1' : 'RSAES_OAEP_SHA_256')
      expectImported(await importWrapped(us, params, oaepWrap(params, file('sym32'), md)), arn)
    },
  )

  it.each([
    { keySpec: 'HMAC_256', material: 'hmac48', w: 'RSA_2048', md: 'sha256' },
    { keySpec: 'HMAC_224', material: 'hmac128', w: 'RSA_2048', md: 'sha256' },
    { keySpec: 'ECC_NIST_P256', material: 'p256', w: 'RSA_2048', md: 'sha256' },
    { keySpec: 'ECC_NIST_P384', material: 'p384', w: 'RSA_2048', md: 'sha256' },
    { keySpec: 'ECC_SECG_P256K1', material: 'k256', w: 'RSA_2048', md: 'sha1' },
    { keySpec: 'ECC_NIST_P521', material: 'p521', w: 'RSA_3072', md: 'sha256' },
  ] as const)('$keySpec ($material) under $w + RSAES_OAEP_$md', async ({ keySpec, material, w, md }) => {
    const arn = await externalKeyArn(us, keySpec)
    const params = await parametersFor(us, arn, w, md === 'sha1' ? 'RSAES_OAEP_SHA_1' : 'RSAES_OAEP_SHA_256')
    expectImported(await importWrapped(us, params, oaepWrap(params, file(material), md)), arn)
  })
})

describe('done-criterion: an OpenSSL RSA_4096 private key under RSA_4096 + RSA_AES_KEY_WRAP_SHA_256', () => {
  it('`openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:4096` → PKCS#8 DER → wrapped by the guide\'s recipe → imported', async () => {
    const rsa4096 = genpkeyPkcs8('rsa4096', ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:4096'])
    const arn = await externalKeyArn(us, 'RSA_4096')
    const params = await parametersFor(us, arn, 'RSA_4096', 'RSA_AES_KEY_WRAP_SHA_256')
    expect(params.publicKey.length).toBe(550)
    expectImported(await importWrapped(us, params, rsaAesWrap(params, rsa4096, 'sha256')), arn)
    const meta = (await us.call('DescribeKey', { KeyId: arn })).body.KeyMetadata as Readonly<Record<string, unknown>>
    expect({ state: meta.KeyState, spec: meta.KeySpec, origin: meta.Origin }).toEqual({ state: 'Enabled', spec: 'RSA_4096', origin: 'EXTERNAL' })
    // GetPublicKey answers the public key OpenSSL derives from the imported private key
    openssl(tmp.dir, ['pkey', '-inform', 'DER', '-in', rsa4096, '-pubout', '-outform', 'DER', '-out', 'rsa4096.pub.der'])
    const pub = await us.call('GetPublicKey', { KeyId: arn })
    expect(pub.status, JSON.stringify(pub.body)).toBe(200)
    expect(pub.body.PublicKey).toBe(readFileSync(join(tmp.dir, 'rsa4096.pub.der')).toString('base64'))
    // the same key, wrapped again under a fresh AES key and new parameters, is the same material
    const again = await parametersFor(us, arn, 'RSA_4096', 'RSA_AES_KEY_WRAP_SHA_256')
    expectImported(await importWrapped(us, again, rsaAesWrap(again, rsa4096, 'sha256')), arn)
    // a different RSA_4096 key is not
    const other = await parametersFor(us, arn, 'RSA_4096', 'RSA_AES_KEY_WRAP_SHA_256')
    const otherFile = join(tmp.dir, 'fixture-4096.der')
    writeFileSync(otherFile, fixtureRsaKeyPairs('RSA_4096')[0]?.privateKey ?? new Uint8Array())
    expectError(await importWrapped(us, other, rsaAesWrap(other, otherFile, 'sha256')), 'IncorrectKeyMaterialException',
      'The key material does not match the key material previously imported into this KMS key.')
  })
})

describe('cn-north-1: SM2PKE with `openssl pkeyutl -encrypt -pubin -inkey sm2pub.pem`', () => {
  it.each([
    { keySpec: 'SM2', material: 'sm2' },
    { keySpec: 'SYMMETRIC_DEFAULT', material: 'sym16' },
    { keySpec: 'HMAC_256', material: 'hmac48' },
    { keySpec: 'ECC_NIST_P256', material: 'p256' },
    { keySpec: 'ECC_NIST_P521', material: 'p521' },
    { keySpec: 'RSA_2048', material: 'rsa2048' },
  ] as const)('$keySpec ($material, made by OpenSSL) under SM2 + SM2PKE', async ({ keySpec, material }) => {
    const arn = await externalKeyArn(cnNode, keySpec)
    const params = await parametersFor(cnNode, arn, 'SM2', 'SM2PKE')
    expectImported(await importWrapped(cnNode, params, sm2Wrap(params, file(material))), arn)
  })

  it('SYMMETRIC_DEFAULT: 32 bytes are refused in China (SM4 material is 16 bytes)', async () => {
    const arn = await externalKeyArn(cnNode, 'SYMMETRIC_DEFAULT')
    const params = await parametersFor(cnNode, arn, 'SM2', 'SM2PKE')
    expectError(await importWrapped(cnNode, params, sm2Wrap(params, file('sym32'))), 'IncorrectKeyMaterialException',
      'The key material for key spec SYMMETRIC_DEFAULT must be 16 bytes; it was 32 bytes.')
  })

  it('RSAES_OAEP_SHA_256 with an RSA wrapping key also works in China: 16 bytes and an OpenSSL SM2 key', async () => {
    for (const [keySpec, material] of [['SYMMETRIC_DEFAULT', 'sym16'], ['SM2', 'sm2']] as const) {
      const arn = await externalKeyArn(cn, keySpec)
      const params = await parametersFor(cn, arn, 'RSA_2048', 'RSAES_OAEP_SHA_256')
      expectImported(await importWrapped(cn, params, oaepWrap(params, file(material), 'sha256')), arn)
    }
  })
})
