/**
 * The emulator's persistence hook: a {@link Journal} sees the store before and after every call,
 * in call order, and tells the emulator when the call's changes are durable. The emulator answers
 * a call only then, and answers `KMSInternalException` (500) when they cannot be made durable —
 * nothing is acknowledged that a restart could lose. The emulator keeps running calls while
 * earlier ones are being committed, so concurrent calls share a commit.
 *
 * @module
 */
import type { KeyStore } from '../model/key-store.js'

/**
 * What the emulator gives a journal when it is created.
 * @since 0.2.0
 */
export interface JournalShell {
  /** The profile name of the emulator. */
  readonly profile: string
  /** Its region. */
  readonly region: string
  /** Its account id. */
  readonly accountId: string
  /**
   * Replaces the emulator's store (after a failed commit, with what is durable). Call it only
   * from a callback of its own (never inside `commit`), between calls.
   * @param store - the store to continue from
   */
  restore(store: KeyStore): void
}

/**
 * Makes a call's changes durable.
 * @since 0.2.0
 */
export interface Journal {
  /**
   * Called synchronously right after a call ran, with the store before and after it. A call that
   * changed nothing still waits for the commits before it (it may have read their changes).
   * @param before - the store before the call (after its settling)
   * @param after - the store after the call
   * @returns resolves `true` once durable, `false` when not (the emulator then answers 500 and the
   *   journal restores what is durable); never rejects
   */
  commit(before: KeyStore, after: KeyStore): Promise<boolean>
  /**
   * Waits for the commits in flight (with a bound), then releases the journal's resources.
   * @returns a promise settled when closed
   */
  close(): Promise<void>
}

/**
 * Builds the journal of an emulator (option `journal` of `createEmulator`).
 * @param shell - the emulator's context and its `restore`
 * @returns the journal
 * @since 0.2.0
 */
export type JournalFactory = (shell: JournalShell) => Journal
