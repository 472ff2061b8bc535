/**
 * `serve`: a KMS-compatible HTTP endpoint on a port, backed by a fresh emulator.
 *
 * @module
 */
import { createServer } from 'node:http'
import { availableParallelism } from 'node:os'
import { createNodeProvider } from '../crypto/node-provider.js'
import type { AddressInfo } from 'node:net'
import * as E from 'fp-ts/lib/Either.js'
import { createEmulator, restoreEmulator, type Emulator, type EmulatorOptions } from '../emulator/emulator.js'
import type { Journal } from '../emulator/journal.js'
import { StateLocationError } from '../persistence/secure-path.js'
import type { SnapshotError } from '../persistence/snapshot.js'
import { openStateDb, type OpenedState, type StateFileOptions } from '../persistence/state-db.js'
import { stateJournal } from '../persistence/state-journal.js'
import { applyLimits, serverOptionsFor, type ServerLimits } from './limits.js'
import { createRequestListener, type KmsRequestListener, type RequestListenerOptions } from './listener.js'

/**
 * The default port of {@link serve} and `kms-key-import serve`.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { DEFAULT_PORT } from 'kms-key-import/http'
 * assert.equal(DEFAULT_PORT, 4599) // serve() without a port, and `kms-key-import serve`
 * ```
 * @since 0.1.0
 */
export const DEFAULT_PORT = 4599

/**
 * The default host: loopback only.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { DEFAULT_HOST, serve } from 'kms-key-import/http'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const server = await serve({ port: 0, quiet: true, crypto: createDeterministicProvider() })
 * assert.equal(server.url, `http://${DEFAULT_HOST}:${server.port}`)
 * await server.close()
 * ```
 * @since 0.1.0
 */
export const DEFAULT_HOST = '127.0.0.1'

/**
 * Options of {@link serve}: where to listen, how to answer, and the emulator's options.
 * @since 0.1.0
 */
export interface ServeOptions extends EmulatorOptions, RequestListenerOptions, StateFileOptions, ServerLimits {
  /** TCP port (default {@link DEFAULT_PORT}); `0` picks a free one (read it from the result). */
  readonly port?: number
  /**
   * RSA-2048 wrapping key pairs kept ready (when `crypto` is not given): the pool is filled at
   * start, on every core (`os.availableParallelism()` generations at once), and refilled as pairs
   * are used. Default: the node provider's default pool (two pairs, filled from first use).
   * `kms-key-import serve` passes 8. @since 0.2.0
   */
  readonly poolSize?: number
  /**
   * Interface to bind (default {@link DEFAULT_HOST}, loopback only). The endpoint checks no
   * signature or credential: bind it elsewhere only on a network you trust.
   */
  readonly host?: string
}

/**
 * A running endpoint.
 * @since 0.1.0
 */
export interface RunningServer {
  /** Base URL, e.g. `http://127.0.0.1:4599` (give it to an AWS SDK client as `endpoint`). */
  readonly url: string
  /** The bound port (the chosen one when `port: 0`). */
  readonly port: number
  /** The emulator behind the endpoint (to inspect its store or call `invoke` directly). */
  readonly emulator: Emulator
  /** With `stateFile`: what was found there at start. @since 0.2.0 */
  readonly state?: StateSummary
  /**
   * Closes the emulator (calls waiting for an RSA generation are answered 500 at once; calls
   * running finish), stops listening, closes idle keep-alive connections at once and busy ones
   * after their answer (or after 2 s), then the state. Idempotent.
   * @returns a promise that settles when everything is closed
   */
  close(): Promise<void>
}

/**
 * What `serve({ stateFile })` found at start.
 * @since 0.2.0
 */
export interface StateSummary {
  /** The state database. */
  readonly path: string
  /** Keys loaded from it. */
  readonly keys: number
  /** Whether the database was created now (it did not exist). */
  readonly created: boolean
  /** The file of the 0.1.0 format the keys were migrated from, if any. */
  readonly migratedFrom?: string
}

/** How long `close` waits for requests in flight before cutting their connections. */
const CLOSE_GRACE_MS = 2000

const urlOf = (host: string, port: number): string => {
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host
  return `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}`
}

/**
 * Why a stored state was not opened, for the one line `serve` prints: a state made under another
 * profile or Region names the flag that serves it (the sealing key is right then); anything else
 * is the sealing key's or the data's.
 */
const stateRefusal = (persisted: OpenedState, error: SnapshotError): string => {
  const m = error.mismatch
  return m !== undefined && m.setting !== 'account'
    ? `${persisted.db.path} holds keys made under ${m.setting} ${m.saved}, not ${m.given}: serve it with --${m.setting} ${m.saved}, or without --${m.setting}`
    : `${persisted.db.path} cannot be opened with the sealing key ${persisted.keyFile}: ${error.message}`
}

/**
 * Starts a KMS-compatible endpoint (AWS JSON 1.1, see `createRequestListener`) on `host:port`,
 * with a new emulator built from the same options.
 * @param options - port, host, `quiet`, `envelope`, `maxBodyBytes`, `log`, `stateFile`, `sealingKeyFile`, and any
 *   `EmulatorOptions` (`profile`, `region`, `clock`, `crypto`, …)
 *
 * With `stateFile`, a commit the disk refuses is reported once per episode through `log`; `lmdb`
 * also prints each failed commit's error on `console.error` (the `kms-key-import serve` command
 * drops those prints; here they are the application's to keep or filter).
 * @returns the running server, once it listens
 * @throws (rejects) TypeError for invalid emulator options; the listen error (e.g. `EADDRINUSE`)
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { serve } from 'kms-key-import/http'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const server = await serve({ port: 0, quiet: true, crypto: createDeterministicProvider() }) // give server.url to an AWS SDK as `endpoint`
 * const headers = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.CreateKey' }
 * const res = await fetch(server.url, { method: 'POST', headers, body: '{"Origin":"EXTERNAL"}' })
 * assert.equal(res.status, 200)
 * const body = (await res.json()) as { KeyMetadata: { KeyState: string } }
 * assert.equal(body.KeyMetadata.KeyState, 'PendingImport')
 * await server.close()
 * ```
 * @since 0.1.0
 */
export const serve = async (options: ServeOptions = {}): Promise<RunningServer> => {
  const port = options.port ?? DEFAULT_PORT
  const host = options.host ?? DEFAULT_HOST
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`port must be an integer in 0–65535: ${String(port)}`)
  if (options.poolSize !== undefined && (!Number.isSafeInteger(options.poolSize) || options.poolSize < 0)) throw new RangeError('poolSize must be a non-negative integer')
  // the state first: a refused state must not leave a pool filling behind it (its generations run
  // on worker threads that no close interrupts, and the process waits for them before it exits)
  const persisted: OpenedState | undefined = options.stateFile === undefined ? undefined : openStateDb({ ...options, stateFile: options.stateFile })
  const crypto = options.crypto ?? (options.poolSize === undefined ? undefined : createNodeProvider({
    pool: options.poolSize === 0 ? false : { size: { RSA_2048: options.poolSize }, start: 'eager', concurrency: availableParallelism() },
  }))
  let journal: Journal | undefined
  let emulator: Emulator
  try {
    if (persisted === undefined) emulator = createEmulator({ ...options, ...(crypto !== undefined ? { crypto } : {}) })
    else {
      const restored = restoreEmulator({
        ...options,
        ...(crypto !== undefined ? { crypto } : {}),
        state: persisted.state,
        sealingKey: persisted.sealingKey,
        journal: (shell) => (journal = stateJournal({ db: persisted.db, sealingKey: persisted.sealingKey, ...(options.log !== undefined ? { log: options.log } : {}) })(shell)),
      })
      // the stored state does not open with this key (another sealing key file, or damage), or was
      // made under another profile or Region than asked for: a refusal of the state, like its
      // location's, not a misuse of the API
      if (E.isLeft(restored)) throw new StateLocationError(stateRefusal(persisted, restored.left))
      emulator = restored.right
    }
  } catch (error) {
    if (options.crypto === undefined) crypto?.close()
    await persisted?.db.close()
    throw error
  }
  const closeState = async (): Promise<void> => {
    if (journal !== undefined) await journal.close()
    else await persisted?.db.close()
  }
  const state: StateSummary | undefined = persisted === undefined ? undefined : {
    path: persisted.db.path, keys: persisted.db.keysAtOpen, created: persisted.created,
    ...(persisted.migratedFrom !== undefined ? { migratedFrom: persisted.migratedFrom } : {}),
  }
  const served = emulator
  let listener: KmsRequestListener
  try {
    listener = createRequestListener(served, options)
  } catch (error) {
    emulator.close()
    await closeState()
    throw error
  }
  let server: ReturnType<typeof createServer>
  try {
    server = listener.attach(createServer(serverOptionsFor(options)))
    applyLimits(server, options)
  } catch (error) {
    emulator.close()
    await closeState()
    throw error
  }
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, host, () => {
        server.off('error', reject)
        resolve()
      })
    })
  } catch (error) {
    emulator.close()
    await closeState()
    throw error
  }
  // Errors after listening (rare: e.g. EMFILE on accept) must not crash the process.
  server.on('error', () => undefined)
  const bound = (server.address() as AddressInfo).port

  let closing: Promise<void> | undefined
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      // The emulator (its provider: pool, RSA workers) closes first, so that calls waiting for an
      // RSA generation are answered 500 while their connections are still open, not cut with
      // them after the grace period; calls already running finish as usual.
      emulator.close()
      // each busy keep-alive connection ends with its answer (Connection: close), not at the grace
      listener.drain()
      const force = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS)
      force.unref()
      server.close(() => {
        clearTimeout(force)
        void closeState().then(resolve, () => resolve())
      })
      server.closeIdleConnections()
    })
    return closing
  }

  return { url: urlOf(host, bound), port: bound, emulator, close, ...(state !== undefined ? { state } : {}) }
}
