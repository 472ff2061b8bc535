/**
 * An opaque holder for secret bytes: key material, wrapping private keys, the sealing key.
 *
 * A `Secret` never shows its bytes: `JSON.stringify`, `String()`, template literals and
 * `util.inspect` all print a fixed placeholder. Only the library's internals read the bytes,
 * through {@link revealSecret}, which the package does not export.
 *
 * @module
 */
import { nodeCrypto } from '../crypto/builtins.js'

const REDACTED = '[Secret: redacted]'

/**
 * The bytes are kept as a one-byte string (each character one byte, `latin1`), in a private
 * field: immutable, out of reach of any caller, and compact. A 32-byte key material costs a
 * 48-byte string, where a `Uint8Array` of its own costs ≈250 bytes (the view, its `ArrayBuffer`
 * and the backing store's bookkeeping) — most of a 100,000-key store's memory before.
 */
const toLatin1 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1')

/** A fresh `Uint8Array` (not a pooled `Buffer`: no other allocation shares its memory). */
const fromLatin1 = (text: string): Uint8Array => {
  const out = new Uint8Array(text.length)
  Buffer.from(out.buffer).write(text, 'latin1')
  return out
}

let bytesOf: (secret: Secret) => string

/**
 * Secret bytes that never print. Construct with {@link Secret.of}.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { inspect } from 'node:util'
 * import { Secret } from 'kms-key-import'
 * const secret = Secret.of(new Uint8Array(32).fill(0xab))
 * assert.equal(secret.length, 32)
 * assert.equal(`${secret}`, '[Secret: redacted]')
 * assert.equal(inspect({ secret }), '{ secret: [Secret: redacted] }')
 * ```
 * @since 0.1.0
 */
export class Secret {
  /** Byte length of the secret (not secret itself). */
  readonly length: number
  readonly #bytes: string

  private constructor(bytes: Uint8Array) {
    this.length = bytes.length
    this.#bytes = toLatin1(bytes)
    Object.freeze(this)
  }

  static {
    // the one reader of the private field, kept inside this module
    bytesOf = (secret) => secret.#bytes
  }

  /**
   * Wraps a copy of `bytes`; later changes to `bytes` do not reach the secret.
   * @param bytes - the secret bytes
   * @returns the holder
   * @example
   * ```ts
   * import assert from 'node:assert/strict'
   * import { Secret } from 'kms-key-import'
   * const s = Secret.of(new Uint8Array(32))
   * assert.equal(JSON.stringify({ s }), '{"s":"[Secret: redacted]"}')
   * ```
   */
  static of(bytes: Uint8Array): Secret {
    return new Secret(bytes)
  }

  /** @returns the placeholder, never the bytes */
  toJSON(): string {
    return REDACTED
  }

  /** @returns the placeholder, never the bytes */
  toString(): string {
    return REDACTED
  }

  /** @returns the placeholder, for `util.inspect` and `console.log` */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return REDACTED
  }
}

/**
 * The bytes behind a secret (a copy). Internal: not exported from the package.
 * @param secret - the holder
 * @returns a fresh copy of its bytes
 * @internal
 */
export const revealSecret = (secret: Secret): Uint8Array => fromLatin1(bytesOf(secret))

/**
 * Constant-time comparison of two secrets (length is not secret).
 * @param a - first secret
 * @param b - second secret
 * @returns whether their bytes are equal
 * @internal
 */
export const secretsEqual = (a: Secret, b: Secret): boolean => {
  if (a.length !== b.length) return false
  // both copies in one fresh allocation, wiped before the answer is returned
  const both = new Uint8Array(2 * a.length)
  const view = Buffer.from(both.buffer)
  view.write(bytesOf(a), 0, 'latin1')
  view.write(bytesOf(b), a.length, 'latin1')
  const x = both.subarray(0, a.length)
  const y = both.subarray(a.length)
  const equal = nodeCrypto().timingSafeEqual(x, y)
  both.fill(0)
  return equal
}
