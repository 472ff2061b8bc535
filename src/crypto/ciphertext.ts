/**
 * The ciphertext blob of symmetric Encrypt: opaque to clients, it names the key and the key
 * material that made it, so Decrypt needs no KeyId and picks the right material after a rotation.
 *
 * Layout: `"KKC1" ‖ keyId(16) ‖ keyMaterialId(32) ‖ nonce(12) ‖ AES-256-GCM(ciphertext ‖ tag)` (`"KKM1"` and the 16
 * bytes of the hex digits for a multi-Region `mrk-` key id, the same in every related key),
 * with the header and the canonical encryption context as additional authenticated data.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { aes } from './libraries.js'
import { revealSecret, type Secret } from '../model/secret.js'

const MAGIC = new Uint8Array([0x4b, 0x4b, 0x43, 0x31]) // "KKC1"
/** The magic of a multi-Region key's ciphertext: its id is `mrk-` and 32 hex digits, not a UUID. */
const MRK_MAGIC = new Uint8Array([0x4b, 0x4b, 0x4d, 0x31]) // "KKM1"
const HEADER = 4 + 16 + 32
const NONCE = 12
const TAG = 16

/** The header of a ciphertext blob. @since 0.1.0 */
export interface CiphertextHeader {
  readonly keyId: string
  readonly keyMaterialId: string
}

const MRK = 'mrk-'
const idBytes = (keyId: string): Uint8Array => new Uint8Array(Buffer.from((keyId.startsWith(MRK) ? keyId.slice(MRK.length) : keyId).replaceAll('-', ''), 'hex'))
const uuidString = (b: Uint8Array): string => {
  const h = Buffer.from(b).toString('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}
const startsWith = (blob: Uint8Array, magic: Uint8Array): boolean => {
  for (let i = 0; i < magic.length; i++) if (blob[i] !== magic[i]) return false
  return true
}

/**
 * The canonical bytes of an encryption context: pairs sorted by key, each as
 * `len(key) ‖ key ‖ len(value) ‖ value` (UTF-8, 32-bit big-endian lengths: unambiguous for any size), so order never matters.
 * @param context - the encryption context
 * @returns its canonical bytes
 * @since 0.1.0
 */
export const canonicalContext = (context: Readonly<Record<string, string>> | undefined): Uint8Array => {
  const parts: Buffer[] = []
  const keys = Object.keys(context ?? {}).sort()
  for (const k of keys) {
    for (const s of [k, (context ?? {})[k] ?? '']) {
      const b = Buffer.from(s, 'utf8')
      const len = Buffer.alloc(4)
      len.writeUInt32BE(b.length)
      parts.push(len, b)
    }
  }
  return new Uint8Array(Buffer.concat(parts))
}

const aad = (header: Uint8Array, context: Readonly<Record<string, string>> | undefined): Uint8Array => {
  const c = canonicalContext(context)
  const out = new Uint8Array(header.length + c.length)
  out.set(header)
  out.set(c, header.length)
  return out
}

/**
 * Encrypts under one key material.
 * @param header - key id and material id
 * @param material - the 32- (or 16-) byte material
 * @param nonce - 12 fresh random bytes
 * @param plaintext - the plaintext
 * @param context - the encryption context (authenticated, not stored)
 * @returns the ciphertext blob
 * @since 0.1.0
 */
export const sealCiphertext = (
  header: CiphertextHeader, material: Secret, nonce: Uint8Array, plaintext: Uint8Array, context: Readonly<Record<string, string>> | undefined,
): Uint8Array => {
  const head = new Uint8Array(HEADER)
  head.set(header.keyId.startsWith(MRK) ? MRK_MAGIC : MAGIC, 0)
  head.set(idBytes(header.keyId), 4)
  head.set(Buffer.from(header.keyMaterialId, 'hex'), 20)
  const body = aes().gcm(revealSecret(material), nonce.subarray(0, NONCE), aad(head, context)).encrypt(plaintext)
  const out = new Uint8Array(HEADER + NONCE + body.length)
  out.set(head)
  out.set(nonce.subarray(0, NONCE), HEADER)
  out.set(body, HEADER + NONCE)
  return out
}

/**
 * Reads the header of a ciphertext blob.
 * @param blob - the ciphertext blob
 * @returns key id and material id, or Left when it is not one of ours
 * @since 0.1.0
 */
export const readCiphertextHeader = (blob: Uint8Array): E.Either<'invalid', CiphertextHeader> => {
  if (blob.length < HEADER + NONCE + TAG) return E.left('invalid')
  const multiRegion = startsWith(blob, MRK_MAGIC)
  if (!multiRegion && !startsWith(blob, MAGIC)) return E.left('invalid')
  const id = blob.subarray(4, 20)
  return E.right({ keyId: multiRegion ? `${MRK}${Buffer.from(id).toString('hex')}` : uuidString(id), keyMaterialId: Buffer.from(blob.subarray(20, HEADER)).toString('hex') })
}

/**
 * Decrypts a ciphertext blob with the material its header names.
 * @param blob - the ciphertext blob
 * @param material - the material
 * @param context - the encryption context given to Decrypt
 * @returns the plaintext, or Left when it does not authenticate
 * @since 0.1.0
 */
export const openCiphertext = (blob: Uint8Array, material: Secret, context: Readonly<Record<string, string>> | undefined): E.Either<'invalid', Uint8Array> =>
  E.tryCatch(
    () => aes().gcm(revealSecret(material), blob.subarray(HEADER, HEADER + NONCE), aad(blob.subarray(0, HEADER), context)).decrypt(blob.subarray(HEADER + NONCE)),
    () => 'invalid' as const,
  )
