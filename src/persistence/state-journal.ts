/**
 * The journal of `serve --state`: each call's changed keys (found by `storeChanges`, so a change
 * costs the keys it touched, not the store) are sealed and written to the state database in one
 * transaction; the call is answered once that transaction is on disk. Calls keep running while
 * earlier ones commit, and the database commits one transaction at a time, holding every write
 * that arrived while the one before was being flushed (group commit), so concurrent requests
 * share a commit and its flush.
 *
 * When a commit fails (disk full, I/O error), the calls waiting for it are answered 500
 * `KMSInternalException` — none of them is acknowledged — and an episode of failure begins: the
 * reason is logged once, the emulator's store is replaced by what the database holds, and changes
 * are refused at once (500, nothing run against the database) until the next retry, which comes
 * after a backoff that doubles from 100 ms to 30 s. The first commit that succeeds again ends the
 * episode, and says so in the log. Reads keep being served meanwhile.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import type { Journal, JournalFactory } from '../emulator/journal.js'
import { bufferedRandom } from '../crypto/buffered-random.js'
import { emptyStore, type KeyStore } from '../model/key-store.js'
import { Secret } from '../model/secret.js'
import { fromSnapshot, snapshotSealer } from './snapshot.js'
import type { StateDb } from './state-db.js'
import { storeChanges } from './store-diff.js'

/**
 * Options of {@link stateJournal}.
 * @since 0.2.0
 */
export interface StateJournalOptions {
  /** The open state database. */
  readonly db: StateDb
  /** The sealing key of the state. */
  readonly sealingKey: Uint8Array
  /**
   * Where the start and end of a failure episode are reported (default: a line on stderr).
   * @param line - one line, without newline
   */
  readonly log?: (line: string) => void
  /**
   * Milliseconds of a monotonic clock, for the backoff (default `performance.now`).
   * @returns ms
   */
  readonly now?: () => number
  /** First backoff after a failed commit (default 100 ms); it doubles up to `maxBackoffMs`. */
  readonly minBackoffMs?: number
  /** Longest backoff (default 30,000 ms). */
  readonly maxBackoffMs?: number
}

const reasonOf = (error: unknown): string => {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code
    return typeof code === 'string' && !error.message.includes(code) ? `${code}: ${error.message}` : error.message
  }
  return String(error)
}

/** How long `close` waits for commits in flight. */
const CLOSE_WAIT_MS = 3000

/**
 * The journal that keeps an emulator's store in a state database (give it to `createEmulator` as
 * `journal`; `serve({ stateFile })` does).
 * @param options - the database, the sealing key, the log and the backoff
 * @returns the journal factory
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { mkdtempSync, rmSync } from 'node:fs'
 * import { tmpdir } from 'node:os'
 * import { join } from 'node:path'
 * import { createEmulator } from 'kms-key-import'
 * import { openStateDb, stateJournal } from 'kms-key-import/http'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const dir = mkdtempSync(join(tmpdir(), 'kms-journal-'))
 * const opened = openStateDb({ stateFile: join(dir, 'state.mdb') })
 * const journal = stateJournal({ db: opened.db, sealingKey: opened.sealingKey })
 * const kms = createEmulator({ crypto: createDeterministicProvider(), sealingKey: opened.sealingKey, journal })
 * await kms.invoke('CreateKey', { Description: 'kept' }) // answered once on disk
 * kms.close()
 * await opened.db.close()
 * const again = openStateDb({ stateFile: join(dir, 'state.mdb') })
 * const restored = createEmulator({ crypto: createDeterministicProvider(), sealingKey: again.sealingKey, state: again.state })
 * assert.equal(restored.snapshot().keys[0]?.description, 'kept')
 * await again.db.close()
 * rmSync(dir, { recursive: true })
 * ```
 * @since 0.2.0
 */
export const stateJournal = (options: StateJournalOptions): JournalFactory => (shell) => {
  const { db } = options
  const sealingKey = Secret.of(options.sealingKey)
  const log = options.log ?? ((line: string) => void process.stderr.write(`${line}\n`))
  const now = options.now ?? (() => performance.now())
  const minBackoff = options.minBackoffMs ?? 100
  const maxBackoff = options.maxBackoffMs ?? 30_000
  // the nonce of every sealed secret written: from a block, not a call into OpenSSL each
  const random = bufferedRandom()
  const sealer = snapshotSealer(shell, sealingKey, random)

  let last: Promise<boolean> = Promise.resolve(true)
  let inFlight = 0
  let durable: KeyStore | undefined
  // the store after the latest commit begun: becomes `durable` once every commit in flight is on
  // disk (held once here, not by each commit in flight: each store version holds its own copy of
  // the trie's path to the keys it changed, and under many concurrent writes those copies would
  // live until their commit, outlast young-generation collections and fill the old one)
  let latest: KeyStore | undefined
  let episode: { delay: number; retryAt: number; refused: number } | undefined
  let reconcile = false

  // once closing, a write the closed database refuses is answered 500 like any other, but it
  // begins no episode of failure (nothing to log, nothing to retry)
  let closing = false
  const failed = (error: unknown): void => {
    if (closing) return
    if (episode === undefined) {
      episode = { delay: minBackoff, retryAt: now() + minBackoff, refused: 0 }
      log(`kms-key-import: state: cannot commit to ${db.path} (${reasonOf(error)}); state changes are refused (500 KMSInternalException, nothing acknowledged) and retried with backoff`)
    } else {
      episode.delay = Math.min(episode.delay * 2, maxBackoff)
      episode.retryAt = now() + episode.delay
    }
    reconcile = true
  }

  /** After a failure, once nothing is in flight: continue from what the database holds. */
  const settle = (): void => {
    inFlight--
    if (inFlight > 0) return
    last = Promise.resolve(true)
    if (!reconcile) return
    reconcile = false
    const read = E.tryCatch(() => db.read(), () => undefined)
    const state = E.isRight(read) ? read.right : undefined
    const loaded = state === undefined ? undefined : fromSnapshot(state, sealingKey)
    if (loaded !== undefined && E.isRight(loaded)) shell.restore(loaded.right.store)
    else if (E.isRight(read) && state === undefined) shell.restore(emptyStore())
    else if (durable !== undefined) shell.restore(durable)
  }

  const journal: Journal = {
    commit: (before, after) => {
      const { put, removed } = storeChanges(before, after)
      if (put.length === 0 && removed.length === 0) return last
      if (episode !== undefined && now() < episode.retryAt) {
        episode.refused++
        shell.restore(before)
        return Promise.resolve(false)
      }
      let written: Promise<boolean>
      try {
        written = db.write(put.map(sealer.seal), removed, sealer.header).then(
          () => {
            if (episode !== undefined) {
              log(`kms-key-import: state: commits to ${db.path} again (${episode.refused} requests answered 500 meanwhile)`)
              episode = undefined
            }
            return true
          },
          (error: unknown) => {
            failed(error)
            return false
          },
        )
      } catch (error) {
        failed(error)
        written = Promise.resolve(false)
      }
      inFlight++
      latest = after
      const previous = last
      const result = Promise.all([previous, written]).then(([a, b]) => {
        if (a && b && inFlight === 1) durable = latest
        if (!(a && b) && episode !== undefined) episode.refused++
        settle()
        return a && b
      })
      last = result
      return result
    },
    close: async () => {
      closing = true
      let timer: ReturnType<typeof setTimeout> | undefined
      await Promise.race([last, new Promise((resolve) => (timer = setTimeout(resolve, CLOSE_WAIT_MS)))])
      clearTimeout(timer)
      await db.close().catch(() => undefined)
    },
  }
  return journal
}
