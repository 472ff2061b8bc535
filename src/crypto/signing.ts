/**
 * KMS's signing algorithms over a loaded asymmetric key: RSASSA-PSS and RSASSA-PKCS1-v1_5
 * (RFC 8017 encodings in `rsa-padding.ts`, the raw RSA operation of node:crypto), ECDSA on the
 * NIST curves and secp256k1 (@noble/curves, DER signatures) and SM2DSA (sm-crypto-v2, DER, the
 * default distinguishing ID `1234567812345678`, as KMS).
 *
 * Every algorithm signs a digest: a `RAW` message is hashed first with the algorithm's hash
 * (SM2DSA: `SM3(Z_A ‖ M)`), a `DIGEST` message is the digest itself, so both take one path.
 *
 * @module
 */
import { nodeCrypto } from './builtins.js'
import * as E from 'fp-ts/lib/Either.js'
import type { p256 } from '@noble/curves/nist.js'
import { asn1Ecc, asn1Schema, nistCurves, secp256k1Curve, smCrypto } from './libraries.js'
import type { CurveName } from '../material/curves.js'
import type { AsymmetricKey, EcKey, RsaKey } from './asymmetric-key.js'
import { digestOf, emsaPkcs1v15Encode, emsaPssEncode, emsaPssVerify, hashBytes, type RsaHash } from './rsa-padding.js'

/**
 * KMS's signing algorithms (the 2023 service model's `SigningAlgorithmSpec`).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createEmulator, SigningAlgorithmSpec } from 'kms-key-import'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const kms = createEmulator({ crypto: createDeterministicProvider() })
 * const created = await kms.invoke('CreateKey', { KeySpec: 'ECC_NIST_P384', KeyUsage: 'SIGN_VERIFY' })
 * assert.ok(created._tag === 'Right')
 * assert.deepEqual(created.right.KeyMetadata.SigningAlgorithms, [SigningAlgorithmSpec.ECDSA_SHA_384])
 * ```
 * @since 0.1.0
 */
export const SigningAlgorithmSpec = {
  /** RSASSA-PSS with SHA-256 (RSA keys). */
  RSASSA_PSS_SHA_256: 'RSASSA_PSS_SHA_256',
  /** RSASSA-PSS with SHA-384 (RSA keys). */
  RSASSA_PSS_SHA_384: 'RSASSA_PSS_SHA_384',
  /** RSASSA-PSS with SHA-512 (RSA keys). */
  RSASSA_PSS_SHA_512: 'RSASSA_PSS_SHA_512',
  /** RSASSA-PKCS1-v1_5 with SHA-256 (RSA keys). */
  RSASSA_PKCS1_V1_5_SHA_256: 'RSASSA_PKCS1_V1_5_SHA_256',
  /** RSASSA-PKCS1-v1_5 with SHA-384 (RSA keys). */
  RSASSA_PKCS1_V1_5_SHA_384: 'RSASSA_PKCS1_V1_5_SHA_384',
  /** RSASSA-PKCS1-v1_5 with SHA-512 (RSA keys). */
  RSASSA_PKCS1_V1_5_SHA_512: 'RSASSA_PKCS1_V1_5_SHA_512',
  /** ECDSA with SHA-256 (`ECC_NIST_P256`, `ECC_SECG_P256K1`). */
  ECDSA_SHA_256: 'ECDSA_SHA_256',
  /** ECDSA with SHA-384 (`ECC_NIST_P384`). */
  ECDSA_SHA_384: 'ECDSA_SHA_384',
  /** ECDSA with SHA-512 (`ECC_NIST_P521`). */
  ECDSA_SHA_512: 'ECDSA_SHA_512',
  /** SM2 signatures (`SM2` keys, China Regions). */
  SM2DSA: 'SM2DSA',
} as const
/** @since 0.1.0 */
export type SigningAlgorithmSpec = (typeof SigningAlgorithmSpec)[keyof typeof SigningAlgorithmSpec]

/**
 * What the `Message` of Sign and Verify is.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createHash } from 'node:crypto'
 * import { createEmulator, MessageType } from 'kms-key-import'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const kms = createEmulator({ crypto: createDeterministicProvider() })
 * const created = await kms.invoke('CreateKey', { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' })
 * assert.ok(created._tag === 'Right')
 * const digest = new Uint8Array(createHash('sha256').update('hello').digest())
 * const signed = await kms.invoke('Sign', { KeyId: created.right.KeyMetadata.KeyId, Message: digest, MessageType: MessageType.DIGEST, SigningAlgorithm: 'ECDSA_SHA_256' })
 * assert.equal(signed._tag, 'Right')
 * ```
 * @since 0.1.0
 */
export const MessageType = {
  /** The message itself: KMS hashes it with the algorithm's hash. */
  RAW: 'RAW',
  /** A digest the caller made with the algorithm's hash. */
  DIGEST: 'DIGEST'
} as const
/** @since 0.1.0 */
export type MessageType = (typeof MessageType)[keyof typeof MessageType]

type Scheme =
  | { readonly family: 'pss' | 'pkcs1' | 'ecdsa'; readonly hash: Exclude<RsaHash, 'sha1'> }
  | { readonly family: 'sm2' }

const SCHEMES: Readonly<Record<SigningAlgorithmSpec, Scheme>> = {
  RSASSA_PSS_SHA_256: { family: 'pss', hash: 'sha256' },
  RSASSA_PSS_SHA_384: { family: 'pss', hash: 'sha384' },
  RSASSA_PSS_SHA_512: { family: 'pss', hash: 'sha512' },
  RSASSA_PKCS1_V1_5_SHA_256: { family: 'pkcs1', hash: 'sha256' },
  RSASSA_PKCS1_V1_5_SHA_384: { family: 'pkcs1', hash: 'sha384' },
  RSASSA_PKCS1_V1_5_SHA_512: { family: 'pkcs1', hash: 'sha512' },
  ECDSA_SHA_256: { family: 'ecdsa', hash: 'sha256' },
  ECDSA_SHA_384: { family: 'ecdsa', hash: 'sha384' },
  ECDSA_SHA_512: { family: 'ecdsa', hash: 'sha512' },
  SM2DSA: { family: 'sm2' },
}

/** SM3's output length, the SM2DSA digest length. */
const SM3_BYTES = 32
/** Order of the SM2 curve (GB/T 32918.5). */
const SM2_ORDER = BigInt('0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123')

/** The ECDSA curve of a key (its library loaded on first use). */
const ecdsaCurve = (name: Exclude<CurveName, 'SM2'>): typeof p256 => {
  switch (name) {
    case 'P-256': return nistCurves().p256
    case 'P-384': return nistCurves().p384
    case 'P-521': return nistCurves().p521
    case 'secp256k1': return secp256k1Curve().secp256k1
  }
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')
const unhex = (h: string): Uint8Array => new Uint8Array(Buffer.from(h, 'hex'))

/**
 * The digest length a `DIGEST` message of an algorithm must have.
 * @param algorithm - the signing algorithm
 * @returns bytes (32 for SHA-256 and SM3, 48, 64)
 * @since 0.1.0
 */
export const digestLength = (algorithm: SigningAlgorithmSpec): number => {
  const s = SCHEMES[algorithm]
  return s.family === 'sm2' ? SM3_BYTES : hashBytes(s.hash)
}

/**
 * The digest an algorithm signs: the message itself for `DIGEST`, its hash for `RAW` (SM2DSA:
 * `SM3(Z_A ‖ M)` with the key's public point and the default distinguishing ID).
 * @param key - the key (SM2DSA needs its public point)
 * @param algorithm - the signing algorithm
 * @param messageType - RAW or DIGEST
 * @param message - the message
 * @returns the digest, or Left
 * @since 0.1.0
 */
export const messageDigest = (key: AsymmetricKey, algorithm: SigningAlgorithmSpec, messageType: MessageType, message: Uint8Array): E.Either<string, Uint8Array> => {
  if (messageType === 'DIGEST') return E.right(message)
  const s = SCHEMES[algorithm]
  if (s.family !== 'sm2') return E.right(digestOf(s.hash, message))
  if (key.kind !== 'ec') return E.left('SM2DSA needs an SM2 key')
  return E.tryCatch(() => unhex(smCrypto().sm2.getHash(message, hex(key.publicPoint))), () => 'SM3 digest failed')
}

const rsaKeyFor = (key: AsymmetricKey): E.Either<string, RsaKey> => (key.kind === 'rsa' ? E.right(key) : E.left('the algorithm needs an RSA key'))
const ecKeyFor = (key: AsymmetricKey, sm2Curve: boolean): E.Either<string, EcKey> =>
  key.kind === 'ec' && (key.curve.name === 'SM2') === sm2Curve ? E.right(key) : E.left('the algorithm does not fit the key\'s curve')

/** Pads an encoded message on the left to the modulus length. */
const toModulusLength = (em: Uint8Array, k: number): Uint8Array => {
  if (em.length === k) return em
  const out = new Uint8Array(k)
  out.set(em, k - em.length)
  return out
}

const rsaEncoding = (key: RsaKey, algorithm: SigningAlgorithmSpec, digest: Uint8Array, random: (n: number) => Uint8Array): E.Either<string, Uint8Array> => {
  const s = SCHEMES[algorithm]
  if (s.family === 'pss') return E.map((em: Uint8Array) => toModulusLength(em, key.modulusBytes))(emsaPssEncode(s.hash, digest, key.modulusBits - 1, random(hashBytes(s.hash))))
  if (s.family === 'pkcs1') return emsaPkcs1v15Encode(s.hash, digest, key.modulusBytes)
  return E.left('not an RSA algorithm')
}

/**
 * Signs a digest.
 * @param key - the private key (its kind must fit the algorithm)
 * @param algorithm - the signing algorithm
 * @param digest - the digest ({@link digestLength} bytes)
 * @param random - randomness (the PSS salt; ECDSA's extra entropy). SM2DSA draws its nonce from
 *   sm-crypto-v2's own generator.
 * @returns the signature (RSA: `k` bytes; ECDSA and SM2DSA: DER), or Left with a reason
 * @since 0.1.0
 */
export const signDigest = (key: AsymmetricKey, algorithm: SigningAlgorithmSpec, digest: Uint8Array, random: (n: number) => Uint8Array): E.Either<string, Uint8Array> => {
  if (digest.length !== digestLength(algorithm)) return E.left('digest length does not match the algorithm')
  const s = SCHEMES[algorithm]
  switch (s.family) {
    case 'pss':
    case 'pkcs1':
      return E.flatMap(rsaKeyFor(key), (rsa) =>
        E.flatMap(rsaEncoding(rsa, algorithm, digest, random), (em) =>
          E.tryCatch(() => new Uint8Array(nodeCrypto().privateEncrypt({ key: rsa.privateKey, padding: nodeCrypto().constants.RSA_NO_PADDING }, em)), () => 'RSA signing failed')))
    case 'ecdsa':
      return E.flatMap(ecKeyFor(key, false), (ec) =>
        E.tryCatch(() => ecdsaCurve(ec.curve.name as Exclude<CurveName, 'SM2'>).sign(digest, ec.d, { prehash: false, format: 'der', extraEntropy: random(32) }), () => 'ECDSA signing failed'))
    case 'sm2':
      return E.flatMap(ecKeyFor(key, true), (ec) =>
        E.tryCatch(() => unhex(smCrypto().sm2.doSignature(digest, hex(ec.d), { hash: false, der: true })), () => 'SM2 signing failed'))
  }
}

/** `r ‖ s` (64 hex digits each) of a strict-DER SM2 signature with `r, s ∈ [1, n − 1]`. */
const sm2RawSignature = (signature: Uint8Array): string | undefined => {
  try {
    const { AsnConvert } = asn1Schema()
    const v = AsnConvert.parse(signature, asn1Ecc().ECDSASigValue)
    if (!timingSafeEqualLength(new Uint8Array(AsnConvert.serialize(v)), signature)) return undefined
    const r = BigInt(`0x${hex(new Uint8Array(v.r)) || '0'}`)
    const s = BigInt(`0x${hex(new Uint8Array(v.s)) || '0'}`)
    if (r < 1n || r >= SM2_ORDER || s < 1n || s >= SM2_ORDER) return undefined
    return r.toString(16).padStart(64, '0') + s.toString(16).padStart(64, '0')
  } catch {
    return undefined
  }
}

const timingSafeEqualLength = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && nodeCrypto().timingSafeEqual(a, b)

const verifyRsa = (key: RsaKey, algorithm: SigningAlgorithmSpec, digest: Uint8Array, signature: Uint8Array): boolean => {
  const s = SCHEMES[algorithm]
  if (s.family !== 'pss' && s.family !== 'pkcs1') return false
  // A signature is exactly k bytes (RFC 8017 §8.1.2, §8.2.2); OpenSSL would read a shorter one as a smaller number.
  if (signature.length !== key.modulusBytes) return false
  let m: Uint8Array
  try {
    m = new Uint8Array(nodeCrypto().publicDecrypt({ key: key.publicKey, padding: nodeCrypto().constants.RSA_NO_PADDING }, signature))
  } catch {
    return false
  }
  if (s.family === 'pkcs1') {
    const expected = emsaPkcs1v15Encode(s.hash, digest, key.modulusBytes)
    return E.isRight(expected) && timingSafeEqualLength(expected.right, m)
  }
  const emBits = key.modulusBits - 1
  const emLen = Math.ceil(emBits / 8)
  if (m.length !== key.modulusBytes || m.subarray(0, m.length - emLen).some((b) => b !== 0)) return false
  return emsaPssVerify(s.hash, digest, m.subarray(m.length - emLen), emBits, hashBytes(s.hash))
}

/**
 * Verifies a signature of a digest. Malformed signatures are simply not valid.
 * @param key - the key (its public half is used)
 * @param algorithm - the signing algorithm
 * @param digest - the digest ({@link digestLength} bytes)
 * @param signature - the signature (RSA: `k` bytes; ECDSA and SM2DSA: DER)
 * @returns whether the signature is valid; never throws
 * @since 0.1.0
 */
export const verifyDigest = (key: AsymmetricKey, algorithm: SigningAlgorithmSpec, digest: Uint8Array, signature: Uint8Array): boolean => {
  if (digest.length !== digestLength(algorithm)) return false
  const s = SCHEMES[algorithm]
  try {
    switch (s.family) {
      case 'pss':
      case 'pkcs1':
        return key.kind === 'rsa' && verifyRsa(key, algorithm, digest, signature)
      case 'ecdsa':
        return key.kind === 'ec' && key.curve.name !== 'SM2' &&
          ecdsaCurve(key.curve.name).verify(signature, digest, key.publicPoint, { prehash: false, format: 'der', lowS: false })
      case 'sm2': {
        if (key.kind !== 'ec' || key.curve.name !== 'SM2') return false
        const raw = sm2RawSignature(signature)
        return raw !== undefined && smCrypto().sm2.doVerifySignature(digest, raw, hex(key.publicPoint), { hash: false, der: false })
      }
    }
  } catch {
    return false
  }
}
