/**
 * The RSA encodings of RFC 8017 that KMS uses, as pure functions over bytes: MGF1, EME-OAEP
 * (RSAES_OAEP_SHA_1/256), EMSA-PSS (RSASSA_PSS_*, salt length = hash length, MGF1 with the
 * message hash) and EMSA-PKCS1-v1_5 (RSASSA_PKCS1_V1_5_*). They take a digest, not a message, so
 * `MessageType: DIGEST` and `RAW` share one path; the raw RSA operation is node:crypto's.
 *
 * @module
 */
import { nodeCrypto } from './builtins.js'
import * as E from 'fp-ts/lib/Either.js'
import { legacyHashes, sha2 } from './libraries.js'

/** The hashes of KMS's RSA algorithms. @since 0.1.0 */
export type RsaHash = 'sha1' | 'sha256' | 'sha384' | 'sha512'

interface HashInfo {
  readonly fn: (data: Uint8Array) => Uint8Array
  readonly bytes: number
  /** DER of `DigestInfo` up to the digest (RFC 8017 §9.2, note 1). */
  readonly digestInfo: Uint8Array
}

const prefix = (hex: string): Uint8Array => new Uint8Array(Buffer.from(hex, 'hex'))

const HASHES: Readonly<Record<RsaHash, HashInfo>> = {
  sha1: { fn: (data) => legacyHashes().sha1(data), bytes: 20, digestInfo: prefix('3021300906052b0e03021a05000414') },
  sha256: { fn: (data) => sha2().sha256(data), bytes: 32, digestInfo: prefix('3031300d060960864801650304020105000420') },
  sha384: { fn: (data) => sha2().sha384(data), bytes: 48, digestInfo: prefix('3041300d060960864801650304020205000430') },
  sha512: { fn: (data) => sha2().sha512(data), bytes: 64, digestInfo: prefix('3051300d060960864801650304020305000440') },
}

/**
 * A hash function by name.
 * @param hash - the hash
 * @param data - the input
 * @returns the digest
 * @since 0.1.0
 */
export const digestOf = (hash: RsaHash, data: Uint8Array): Uint8Array => HASHES[hash].fn(data)

/**
 * A hash's output length.
 * @param hash - the hash
 * @returns bytes
 * @since 0.1.0
 */
export const hashBytes = (hash: RsaHash): number => HASHES[hash].bytes

const concat = (...parts: readonly Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

const xorInto = (target: Uint8Array, mask: Uint8Array): void => {
  for (let i = 0; i < target.length; i++) target[i] = (target[i] ?? 0) ^ (mask[i] ?? 0)
}

/**
 * MGF1 (RFC 8017 §B.2.1).
 * @param hash - the hash
 * @param seed - the seed
 * @param length - mask length in bytes
 * @returns the mask
 * @since 0.1.0
 */
export const mgf1 = (hash: RsaHash, seed: Uint8Array, length: number): Uint8Array => {
  const h = HASHES[hash]
  const out = new Uint8Array(length)
  const block = new Uint8Array(seed.length + 4)
  block.set(seed)
  for (let counter = 0, at = 0; at < length; counter++, at += h.bytes) {
    new DataView(block.buffer).setUint32(seed.length, counter)
    out.set(h.fn(block).subarray(0, Math.min(h.bytes, length - at)), at)
  }
  return out
}

/**
 * The largest plaintext RSAES-OAEP takes: `k − 2·hLen − 2` (RFC 8017 §7.1.1).
 * @param modulusBytes - `k`
 * @param hash - the OAEP hash
 * @returns bytes
 * @since 0.1.0
 */
export const oaepCapacity = (modulusBytes: number, hash: RsaHash): number => modulusBytes - 2 * HASHES[hash].bytes - 2

/**
 * EME-OAEP encoding with an empty label (RFC 8017 §7.1.1 step 2).
 * @param hash - hash of the label and of MGF1
 * @param message - the plaintext, at most {@link oaepCapacity} bytes
 * @param modulusBytes - `k`
 * @param seed - `hLen` random bytes
 * @returns the `k`-byte encoded message, or Left when the message is too long
 * @since 0.1.0
 */
export const emeOaepEncode = (hash: RsaHash, message: Uint8Array, modulusBytes: number, seed: Uint8Array): E.Either<string, Uint8Array> => {
  const hLen = HASHES[hash].bytes
  if (message.length > oaepCapacity(modulusBytes, hash)) return E.left('message too long')
  if (seed.length !== hLen) return E.left('seed must be hLen bytes')
  const db = concat(HASHES[hash].fn(new Uint8Array(0)), new Uint8Array(modulusBytes - message.length - 2 * hLen - 2), Uint8Array.of(1), message)
  xorInto(db, mgf1(hash, seed, db.length))
  const maskedSeed = Uint8Array.from(seed)
  xorInto(maskedSeed, mgf1(hash, db, hLen))
  return E.right(concat(Uint8Array.of(0), maskedSeed, db))
}

/**
 * EMSA-PKCS1-v1_5 encoding of a digest (RFC 8017 §9.2).
 * @param hash - the hash the digest was made with
 * @param digest - the digest, `hLen` bytes
 * @param emLen - the encoded length (`k`)
 * @returns `00 01 FF…FF 00 ‖ DigestInfo`, or Left when it does not fit
 * @since 0.1.0
 */
export const emsaPkcs1v15Encode = (hash: RsaHash, digest: Uint8Array, emLen: number): E.Either<string, Uint8Array> => {
  const t = concat(HASHES[hash].digestInfo, digest)
  if (digest.length !== HASHES[hash].bytes) return E.left('digest length does not match the hash')
  if (emLen < t.length + 11) return E.left('intended encoded message length too short')
  return E.right(concat(Uint8Array.of(0, 1), new Uint8Array(emLen - t.length - 3).fill(0xff), Uint8Array.of(0), t))
}

const emLenOf = (emBits: number): number => Math.ceil(emBits / 8)
const topMask = (emBits: number): number => 0xff >> (8 * emLenOf(emBits) - emBits)

/**
 * EMSA-PSS encoding of a digest (RFC 8017 §9.1.1), MGF1 with the same hash.
 * @param hash - the hash
 * @param digest - `mHash`, `hLen` bytes
 * @param emBits - `modBits − 1`
 * @param salt - the salt (KMS: `hLen` random bytes)
 * @returns the encoded message (`⌈emBits/8⌉` bytes), or Left
 * @since 0.1.0
 */
export const emsaPssEncode = (hash: RsaHash, digest: Uint8Array, emBits: number, salt: Uint8Array): E.Either<string, Uint8Array> => {
  const hLen = HASHES[hash].bytes
  const emLen = emLenOf(emBits)
  if (digest.length !== hLen) return E.left('digest length does not match the hash')
  if (emLen < hLen + salt.length + 2) return E.left('encoding error')
  const h = HASHES[hash].fn(concat(new Uint8Array(8), digest, salt))
  const db = concat(new Uint8Array(emLen - salt.length - hLen - 2), Uint8Array.of(1), salt)
  xorInto(db, mgf1(hash, h, db.length))
  db[0] = (db[0] ?? 0) & topMask(emBits)
  return E.right(concat(db, h, Uint8Array.of(0xbc)))
}

/**
 * EMSA-PSS verification (RFC 8017 §9.1.2) with a fixed salt length.
 * @param hash - the hash
 * @param digest - `mHash`
 * @param em - the encoded message (`⌈emBits/8⌉` bytes)
 * @param emBits - `modBits − 1`
 * @param saltLength - the expected salt length (KMS: `hLen`)
 * @returns whether `em` is a consistent encoding of `digest`
 * @since 0.1.0
 */
export const emsaPssVerify = (hash: RsaHash, digest: Uint8Array, em: Uint8Array, emBits: number, saltLength: number): boolean => {
  const hLen = HASHES[hash].bytes
  const emLen = emLenOf(emBits)
  if (digest.length !== hLen || em.length !== emLen || emLen < hLen + saltLength + 2) return false
  if (em[emLen - 1] !== 0xbc) return false
  const db = em.slice(0, emLen - hLen - 1)
  const h = em.subarray(emLen - hLen - 1, emLen - 1)
  if (((db[0] ?? 0) & ~topMask(emBits) & 0xff) !== 0) return false
  xorInto(db, mgf1(hash, h, db.length))
  db[0] = (db[0] ?? 0) & topMask(emBits)
  const zeros = emLen - hLen - saltLength - 2
  for (let i = 0; i < zeros; i++) if (db[i] !== 0) return false
  if (db[zeros] !== 1) return false
  const expected = HASHES[hash].fn(concat(new Uint8Array(8), digest, db.subarray(db.length - saltLength)))
  return nodeCrypto().timingSafeEqual(expected, h)
}
