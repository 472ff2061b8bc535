/**
 * Small random values (nonces, ids) without a call into OpenSSL each.
 *
 * @module
 */
import { nodeCrypto } from './builtins.js'

const ENTROPY_BYTES = 4096
const SMALL = 256

/**
 * `crypto.randomBytes` for small requests, served from a 4 KB block filled by one
 * `randomFillSync` call (as node:crypto's own `randomUUID` does): a request id, a key id or a
 * token nonce then costs a copy instead of a call into OpenSSL (≈3 µs each). Served bytes are
 * zeroed in the block; requests over 256 bytes go to `randomBytes` directly.
 * @returns the random source
 * @since 0.2.0
 */
export const bufferedRandom = (): ((n: number) => Uint8Array) => {
  const block = new Uint8Array(ENTROPY_BYTES)
  let at = ENTROPY_BYTES
  return (n) => {
    if (n > SMALL) return new Uint8Array(nodeCrypto().randomBytes(n))
    if (at + n > ENTROPY_BYTES) {
      nodeCrypto().randomFillSync(block)
      at = 0
    }
    const out = block.slice(at, at + n)
    block.fill(0, at, at + n)
    at += n
    return out
  }
}

