/**
 * An opaque holder for secret bytes: key material, wrapping private keys, the sealing key.
 *
 * A `Secret` never shows its bytes: `JSON.stringify`, `String()`, template literals and
 * `util.inspect` all print a fixed placeholder. Only the library's internals read the bytes,
 * through {@link revealSecret}, which the package does not export.
 *
 * @module
 */
import { timingSafeEqual } from 'node:crypto'

const REDACTED = '[Secret: redacted]'
const store = new WeakMap<Secret, Uint8Array>()

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

  private constructor(bytes: Uint8Array) {
    this.length = bytes.length
    store.set(this, Uint8Array.from(bytes))
    Object.freeze(this)
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
export const revealSecret = (secret: Secret): Uint8Array => Uint8Array.from(store.get(secret) ?? new Uint8Array(0))

/**
 * Constant-time comparison of two secrets (length is not secret).
 * @param a - first secret
 * @param b - second secret
 * @returns whether their bytes are equal
 * @internal
 */
export const secretsEqual = (a: Secret, b: Secret): boolean => {
  const x = store.get(a)
  const y = store.get(b)
  if (x === undefined || y === undefined || x.length !== y.length) return false
  return timingSafeEqual(x, y)
}
