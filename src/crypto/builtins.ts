/**
 * Node's `node:crypto` and `node:module`, loaded on first use (`process.getBuiltinModule`), not
 * when the package is imported: importing the main entry then loads no built-in module beyond what
 * fp-ts, io-ts and immutable load themselves. `node:crypto` alone, with the stream modules it
 * brings, is ≈3.5 ms of every importer's start on the machine of docs/performance.md, paid by each
 * test worker of an embedding project whether or not it makes a key.
 *
 * @module
 */

/**
 * `node:crypto`.
 * @returns the module (loaded by the first call, then kept)
 * @since 0.2.0
 */
export const nodeCrypto = (): typeof import('node:crypto') => (crypto ??= process.getBuiltinModule('node:crypto'))
let crypto: typeof import('node:crypto') | undefined

/**
 * `node:module`.
 * @returns the module (loaded by the first call, then kept)
 * @since 0.2.0
 */
export const nodeModule = (): typeof import('node:module') => (module ??= process.getBuiltinModule('node:module'))
let module: typeof import('node:module') | undefined
