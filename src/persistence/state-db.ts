/**
 * `serve --state FILE`: the endpoint's state in an embedded database (LMDB, through `lmdb`), one
 * record per key, written in a transaction committed before the request that changed it is
 * answered. One transaction is committed at a time: the writes that arrive while one is being
 * committed and flushed go together into the next (group commit), so a commit's two flushes serve
 * every request that came meanwhile, instead of one transaction per event-loop turn queuing behind
 * the one before. A key's record
 * is its snapshot form ({@link SnapshotKey}: secrets sealed under the sealing key, as in a
 * snapshot); one more record holds the snapshot's header (format, version, profile, region,
 * account, sealing-key check). A snapshot is therefore the header with every key record, in the
 * order the keys were created.
 *
 * Files: the database `FILE` and LMDB's lock file `FILE-lock`, both created by this module
 * exclusively with mode 0600 before LMDB opens them (see `./secure-path.ts`), and the sealing key
 * (default `FILE.key`, 64 hex characters, created the same way). A state file of the earlier
 * format (one JSON snapshot, version 0.1.0) found at `FILE` is moved to `FILE.v1.json` and its keys
 * imported in one transaction on first start. An existing database is checked before LMDB opens
 * it (`./lmdb-file.ts`): LMDB would fault on a file that is not its own or is cut short.
 *
 * Why LMDB and not SQLite: docs/performance.md ("State database").
 *
 * @module
 */
import { randomFillSync } from 'node:crypto'
import { closeSync, openSync, readFileSync, readSync, realpathSync, renameSync, constants } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { asBinary, open, type RootDatabase } from 'lmdb'
import * as E from 'fp-ts/lib/Either.js'
import { fromSnapshot, Snapshot, type SnapshotError, type SnapshotKey } from './snapshot.js'
import { Secret } from '../model/secret.js'
import { slotOf } from '../model/key-store.js'
import { checkStateDirectory, checkStateFile, createExclusive, StateLocationError, syncDirectory } from './secure-path.js'
import { checkLmdbFile } from './lmdb-file.js'
import { commitRoom, fileRoom, largeRecord, type CommitBound, type FileRoom } from './file-room.js'

/** Options of the state: where it lives. @since 0.1.0 */
export interface StateFileOptions {
  /** The state database (created when missing, in an existing directory of the process's user that only that user can write). */
  readonly stateFile?: string
  /** The sealing key: 32 raw bytes or 64 hex characters; default `<stateFile>.key`, created when missing. */
  readonly sealingKeyFile?: string
}

/** The snapshot header stored beside the keys. @since 0.2.0 */
export type StateHeader = Omit<Snapshot, 'keys'>

const HEADER = 'header'
const KEY_PREFIX = 'key:'
const KEY_END = 'key;'

/**
 * A key's record is stored under its sequence number, 12 digits (`key:000000000042`), not its key
 * id: new keys then go to the end of LMDB's B-tree, and a commit of many new keys writes a few
 * pages, not one page per key at a random place (≈2× the commits/s at 8 writers, ≈4× at 64).
 */
const keyName = (seq: number): string => `${KEY_PREFIX}${String(seq).padStart(12, '0')}`
const SEQ_NAME = /^key:\d{12}$/

interface KeyEntry {
  readonly seq: number
  readonly key: SnapshotKey
}

/**
 * An open state database.
 * @since 0.2.0
 */
export interface StateDb {
  /** The database file. */
  readonly path: string
  /** Keys stored when it was opened. */
  readonly keysAtOpen: number
  /**
   * Writes one request's changes in one transaction.
   * @param put - keys added or changed, sealed
   * @param removed - slots of keys removed (a key's id, or `<key id>@<Region>` for a multi-Region
   *   key), removed before `put` is written: a slot in both gets a new key, stored after every other
   * @param header - written with the changes until a commit holding it succeeds, when the database has none yet
   * @returns a promise settled when the transaction is committed and flushed to disk; rejects
   *   when it cannot be
   */
  write(put: readonly SnapshotKey[], removed: readonly string[], header: StateHeader): Promise<void>
  /**
   * Everything stored, as a snapshot (undefined when nothing was ever written).
   * @returns the snapshot as stored (not yet checked: give it to `restoreEmulator`)
   */
  read(): unknown
  /**
   * Closes the database after its pending writes.
   * @returns a promise settled when closed
   */
  close(): Promise<void>
}

/**
 * The sealing key in a key file's bytes (which it wipes). Decoded into a fresh `Uint8Array`, never
 * through `Buffer.from(…)`, whose small results are cut from the pool all small Buffers share,
 * where the key would stay, unwiped, for the pool's life.
 */
const parseKey = (bytes: Buffer, file: string): Uint8Array => {
  try {
    if (bytes.length === 32) return new Uint8Array(bytes)
    // made and not yet written: by a process creating this state now, or one stopped in between
    if (bytes.length === 0) throw new StateLocationError(`${file} is empty: another process is creating this state, or one stopped before writing the key (remove ${file} if no other process is starting on this state)`)
    const text = bytes.toString('latin1').trim()
    if (!/^[0-9a-fA-F]{64}$/.test(text)) throw new StateLocationError(`${file} must hold a 32-byte sealing key (raw, or 64 hex characters)`)
    const key = new Uint8Array(32)
    Buffer.from(key.buffer).write(text, 'hex')
    return key
  } finally {
    bytes.fill(0)
  }
}

/**
 * Reads an existing sealing key file, its location and mode checked as {@link openStateDb} checks
 * them (`state import` checks a snapshot with it before it creates the database).
 * @param keyFile - the sealing key file
 * @returns the 32-byte key
 * @throws StateLocationError when the file is missing, refused (see `./secure-path.ts`) or holds no key
 * @since 0.2.0
 */
export const readSealingKey = (keyFile: string): Uint8Array => {
  const file = resolve(keyFile)
  checkStateDirectory(file)
  if (!checkStateFile(file, 'the sealing key file')) throw new StateLocationError(`the sealing key ${file} does not exist: a snapshot opens only with the key it was sealed with`)
  return parseKey(readFileSync(file), file)
}

/** A new sealing key and its file's bytes (64 hex characters), neither in the shared Buffer pool. */
const newKey = (): { readonly key: Uint8Array; readonly hex: Uint8Array } => {
  const key = new Uint8Array(32)
  randomFillSync(key)
  const hex = new Uint8Array(64)
  Buffer.from(hex.buffer).write(Buffer.from(key.buffer).toString('hex'), 'latin1')
  return { key, hex }
}

/** Whether `file` starts like JSON (the format of 0.1.0), not like an LMDB file. */
const looksLikeJson = (file: string): boolean => {
  const fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW)
  try {
    const head = Buffer.alloc(64)
    const n = readSync(fd, head, 0, head.length, 0)
    const text = head.subarray(0, n).toString('utf8').trimStart()
    return text.startsWith('{')
  } finally {
    closeSync(fd)
  }
}

/**
 * Reads a state file of 0.1.0's format and checks that it opens with the sealing key (as the
 * emulator will open it), so that a refusal comes before anything is moved or created.
 */
const readLegacy = (path: string, sealingKey: Uint8Array | undefined, keyFile: string): Snapshot => {
  let parsed: unknown
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8')) as unknown
  } catch {
    throw new StateLocationError(`${path} is not valid JSON: the state cannot be loaded`)
  }
  const decoded = Snapshot.decode(parsed)
  if (E.isLeft(decoded)) throw new StateLocationError(`${path} is not a snapshot of kms-key-import: the state cannot be loaded`)
  // the key exists whenever a state does (refused before otherwise)
  const opened = sealingKey === undefined ? E.left({ message: 'it does not exist' }) : fromSnapshot(parsed, Secret.of(sealingKey))
  if (E.isLeft(opened)) throw new StateLocationError(`${path} cannot be migrated with the sealing key ${keyFile}: ${opened.left.message}`)
  return decoded.right
}

/**
 * What {@link openStateDb} found and opened.
 * @since 0.2.0
 */
export interface OpenedState {
  /**
   * The 32-byte sealing key. Not enumerable: `util.inspect`, `console.log`, `JSON.stringify` and a
   * spread (`{ ...opened }`) leave it out; read it by name.
   */
  readonly sealingKey: Uint8Array
  /** The stored state as a snapshot, or undefined when the database is new. */
  readonly state: unknown
  /** The database, open for writing. */
  readonly db: StateDb
  /** Whether the database was created now. */
  readonly created: boolean
  /** Whether the sealing key file was created now. */
  readonly createdKey: boolean
  /** The sealing key file (absolute: the one given, or `<stateFile>.key`). @since 0.2.0 */
  readonly keyFile: string
  /** The file of the earlier format the keys were migrated from, if they were. */
  readonly migratedFrom?: string
}

/**
 * Whether `reason` is `lmdb`'s error for a failed commit: `Commit failed (see commitError for
 * details)`, with the cause in a second promise, `commitError`.
 */
const isCommitFailure = (reason: unknown): reason is Error & { readonly commitError: Promise<unknown> } =>
  reason instanceof Error && (reason as { commitError?: unknown }).commitError instanceof Promise

/**
 * When a commit fails, `lmdb` (3.x) rejects the promises of that commit's writes, which the
 * journal answers (500, nothing acknowledged), and also a promise of its own that nothing can
 * reach (made when a batch of writes begins, its result dropped): unhandled, Node would end the
 * process on the first failed commit. This listener, installed once per process by the first
 * {@link openStateDb}, leaves those rejections to the journal. Every other unhandled rejection
 * still ends the process as it would without the listener (rethrown when no other listener is
 * installed; left to the others when there are).
 */
const leaveCommitFailuresToTheJournal = (() => {
  let installed = false
  return (): void => {
    if (installed) return
    installed = true
    const listener = (reason: unknown): void => {
      if (isCommitFailure(reason)) {
        reason.commitError.catch(() => undefined)
        return
      }
      if (process.listenerCount('unhandledRejection') === 1) throw reason
    }
    process.on('unhandledRejection', listener)
  }
})()

/**
 * The cause of a failed commit: `lmdb`'s own error (`File too large: …`, with its errno as
 * `code`), which it settles within a few microtasks of the write's rejection when it has one, else
 * (a commit `lmdb` marks failed without an error of its own) the error as given.
 */
const causeOf = (error: unknown): Promise<never> => {
  if (!isCommitFailure(error)) return Promise.reject(error)
  const given = new Promise<never>((_, reject) => setImmediate(() => reject(error)))
  return Promise.race([error.commitError.then((): never => { throw error }, (cause: unknown): never => { throw cause }), given])
}

/** One operation of a commit: a record put (its encoded bytes) or removed. */
interface Op {
  readonly name: string
  readonly bytes?: Buffer
}

/** LMDB's environment as `lmdb` exposes it (not in its types): its page size, tree depth and last page. */
interface LmdbEnv {
  stat(): { readonly pageSize: number; readonly treeDepth: number }
  info(): { readonly lastPageNumber: number }
}
const envOf = (db: RootDatabase<KeyEntry | StateHeader, string>): LmdbEnv => (db as unknown as { readonly env: LmdbEnv }).env

/** Where LMDB's pages end: (its last page + 1) × page size (read once, at open). */
const usedBytes = (db: RootDatabase<KeyEntry | StateHeader, string>, pageSize: number): number => (envOf(db).info().lastPageNumber + 1) * pageSize

/** The most a commit of `bound` can add past LMDB's last page (see `./file-room.ts`). */
const commitBytes = (db: RootDatabase<KeyEntry | StateHeader, string>, bound: CommitBound): number => {
  const { pageSize, treeDepth } = envOf(db).stat()
  return commitRoom(pageSize, treeDepth, bound)
}

/** Counts a record put of `bytes` in `bound` (see `./file-room.ts`). */
const countPut = (bound: CommitBound, pageSize: number, bytes: Buffer): void => {
  bound.bytes += bytes.length
  bound.records++
  if (largeRecord(pageSize, bytes.length)) bound.large++
}

/**
 * Puts a record already encoded: the JSON text `lmdb`'s `json` encoding would have written (the
 * same bytes, read back by it), encoded here to know the commit's size before it is issued.
 */
const putEncoded = (db: RootDatabase<KeyEntry | StateHeader, string>, name: string, bytes: Buffer): Promise<boolean> =>
  db.put(name, asBinary(bytes) as unknown as KeyEntry)

/**
 * Issues `ops` in order (in one event turn, or inside a transaction: committed together).
 * @returns the last operation's promise
 */
const applyOps = (db: RootDatabase<KeyEntry | StateHeader, string>, ops: readonly Op[]): Promise<unknown> => {
  let latest: Promise<unknown> = Promise.resolve()
  for (const op of ops) latest = op.bytes === undefined ? db.remove(op.name) : putEncoded(db, op.name, op.bytes)
  return latest
}

/**
 * Commits `ops` in one synchronous transaction (at open: moving or migrating records), after making
 * room for it (see `./file-room.ts`).
 */
const commitSync = (db: RootDatabase<KeyEntry | StateHeader, string>, room: FileRoom, pageSize: number, ops: readonly Op[]): void => {
  const bound: CommitBound = { bytes: 0, records: 0, large: 0, touched: 0 }
  for (const op of ops) {
    if (op.bytes === undefined) bound.touched++
    else countPut(bound, pageSize, op.bytes)
  }
  room.ensure(commitBytes(db, bound))
  db.transactionSync(() => void applyOps(db, ops))
}

/** The state databases open in this process (their files), each opened by one {@link openStateDb} until it closes. */
const openHere = new Set<string>()

/**
 * The other processes that have the database open: the pids of LMDB's reader slots other than
 * this process's (a process takes one on its first read and keeps it while it has the database
 * open; slots of processes that are gone are cleared first).
 */
const otherProcesses = (db: RootDatabase<KeyEntry | StateHeader, string>): number[] => {
  db.readerCheck()
  const pids = new Set([...db.readerList().matchAll(/^\s*(\d+)\s/gm)].map((m) => Number(m[1])))
  pids.delete(process.pid)
  return [...pids]
}

const openLmdb = (path: string): RootDatabase<KeyEntry | StateHeader, string> => {
  leaveCommitFailuresToTheJournal()
  return open<KeyEntry | StateHeader, string>({ path, noSubdir: true, overlappingSync: false, encoding: 'json' })
}

const readAll = (db: RootDatabase<KeyEntry | StateHeader, string>): unknown => {
  const header = db.get(HEADER) as StateHeader | undefined
  if (header === undefined) return undefined
  const entries: KeyEntry[] = []
  for (const { value } of db.getRange({ start: KEY_PREFIX, end: KEY_END })) entries.push(value as KeyEntry)
  entries.sort((a, b) => a.seq - b.seq)
  return { ...header, keys: entries.map((e) => e.key) }
}

/**
 * Creates one of the state's files exclusively (see `./secure-path.ts`). Its name was free when
 * checked a moment before: taken now, it was made by another process opening the same state, which
 * is refused as a state open elsewhere is (nothing this process made is removed: the other may be
 * using it).
 */
const createStateFile = (path: string, data: Uint8Array | string): void => {
  try {
    createExclusive(path, data)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    throw new StateLocationError(`${path} was created by another process while this one opened the state: a state is served by one process at a time`)
  }
}

/** `path` with its directory's symbolic links resolved (the directory exists: it was checked). */
const physical = (path: string): string => join(realpathSync(dirname(path)), basename(path))

/**
 * Refuses a sealing key file that is one of the state's own files, by its path as the system
 * resolves it (a directory reached through a link included): LMDB rewrites its lock file (a key
 * there is overwritten once the server starts, and every secret of the state with it), the state
 * cannot be both, and a key at the migrated state's name is read as that state.
 */
const refuseKeyAmongStateFiles = (keyFile: string, files: readonly (readonly [string, string])[]): void => {
  const key = physical(keyFile)
  for (const [path, what] of files) {
    if (physical(path) === key) throw new StateLocationError(`the sealing key file ${keyFile} is ${what} ${path}: keep the key in a file of its own (the default is ${files[0]?.[0] ?? path}.key)`)
  }
}

/**
 * Opens (creating when missing) the state database at `options.stateFile` and its sealing key,
 * after checking the location (see `./secure-path.ts`), migrating a state file of 0.1.0 if one is
 * there.
 *
 * The first call installs, once per process, a listener for `unhandledRejection` that ignores
 * one kind of rejection only: the one `lmdb` makes, unreachable, when a commit fails (the journal
 * answers that commit's requests 500). Any other unhandled rejection still ends the process, as
 * without the listener, unless the application has listeners of its own, which then decide.
 * @param options - the state path and the sealing key file
 * @returns the key, the stored state and the open database
 * @throws StateLocationError (an `Error`) when the location is refused (see `./secure-path.ts`:
 *   a directory or a file of another user, open to others, a symlink; a sealing key file that is one
 *   of the state's own files), the state is open in another
 *   process (a server, or a `state export` still reading it) or already in this one, the key is missing while
 *   the state exists, the database is not LMDB's or is truncated, or a state of 0.1.0 cannot be read
 *   or does not open with the sealing key (nothing is then moved or created); the `open` error for
 *   an unexpected I/O failure
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { mkdtempSync, rmSync, statSync } from 'node:fs'
 * import { tmpdir } from 'node:os'
 * import { join } from 'node:path'
 * import { openStateDb } from 'kms-key-import/http'
 * const dir = mkdtempSync(join(tmpdir(), 'kms-state-'))
 * const first = openStateDb({ stateFile: join(dir, 'state.mdb') }) // creates state.mdb and state.mdb.key
 * assert.equal(first.created, true)
 * assert.equal(first.state, undefined)
 * assert.equal(statSync(join(dir, 'state.mdb.key')).mode & 0o777, 0o600)
 * await first.db.close()
 * const again = openStateDb({ stateFile: join(dir, 'state.mdb') })
 * assert.deepEqual(again.sealingKey, first.sealingKey)
 * await again.db.close()
 * rmSync(dir, { recursive: true })
 * ```
 * @since 0.2.0
 */
export const openStateDb = (options: StateFileOptions & { readonly stateFile: string }): OpenedState => {
  const file = resolve(options.stateFile)
  const dir = checkStateDirectory(file)
  const keyFile = resolve(options.sealingKeyFile ?? `${file}.key`)
  if (options.sealingKeyFile !== undefined) checkStateDirectory(keyFile)
  const lockFile = `${file}-lock`
  const legacy = `${file}.v1.json`
  refuseKeyAmongStateFiles(keyFile, [[file, 'the state'], [lockFile, 'the lock file'], [legacy, 'the migrated state']])
  let exists = checkStateFile(file, 'the state')
  checkStateFile(lockFile, 'the lock file')
  const keyExists = checkStateFile(keyFile, 'the sealing key file')
  const legacyExists = checkStateFile(legacy, 'the migrated state')

  if (!keyExists && (exists || legacyExists)) throw new StateLocationError(`${exists ? file : legacy} exists but its sealing key file ${keyFile} does not: the state cannot be opened`)
  const existingKey = keyExists ? parseKey(readFileSync(keyFile), keyFile) : undefined
  // A state of 0.1.0's format (one JSON snapshot), at FILE, or already moved beside it by a start
  // that stopped before its database was made: read and opened with the sealing key before anything
  // is moved or created, then kept beside as it was, and imported once the database is open
  let migratedFrom: string | undefined
  let legacyState: Snapshot | undefined
  if (exists && looksLikeJson(file)) {
    legacyState = readLegacy(file, existingKey, keyFile)
    renameSync(file, legacy)
    syncDirectory(dir)
    exists = false
    migratedFrom = legacy
  } else if (legacyExists) {
    // beside a database, it is imported (and read) only if the database holds no state yet
    if (!exists) legacyState = readLegacy(legacy, existingKey, keyFile)
    migratedFrom = legacy
  }
  // LMDB faults (SIGSEGV, SIGBUS) on a file that is not its own or is cut short: checked first
  if (exists) checkLmdbFile(file)

  let sealingKey: Uint8Array
  let createdKey = false
  if (existingKey !== undefined) sealingKey = existingKey
  else {
    const made = newKey()
    sealingKey = made.key
    try {
      createStateFile(keyFile, made.hex)
    } finally {
      made.hex.fill(0)
    }
    createdKey = true
  }

  const created = !exists
  if (created) {
    createStateFile(file, new Uint8Array(0))
    if (!checkStateFile(lockFile, 'the lock file')) createStateFile(lockFile, new Uint8Array(0))
  } else if (!checkStateFile(lockFile, 'the lock file')) createStateFile(lockFile, new Uint8Array(0))
  if (openHere.has(file)) throw new StateLocationError(`${file} is already open in this process: a state is served by one state database at a time (close the other first)`)
  const db = openLmdb(file)
  let room: FileRoom
  let state: unknown
  let pageSize: number
  try {
    pageSize = envOf(db).stat().pageSize
    room = fileRoom(file, () => usedBytes(db, pageSize))
    // reading takes this process's reader slot in LMDB's lock file; another process that has the
    // state open holds one of its own
    state = readAll(db)
    const others = otherProcesses(db)
    if (others.length > 0) throw new StateLocationError(`${file} is open in another process (pid ${others.join(', ')}): a state is served by one process at a time (stop the other server, or let its state export finish)`)
  } catch (error) {
    void db.close().finally(() => room?.close())
    throw error
  }
  openHere.add(file)
  let seq = 0
  const seqs = new Map<string, number>()
  if (state !== undefined) {
    // Records stored under their slot (the layout before sequence names) are moved, in one
    // transaction: a crash before it commits moves them again.
    const moved: { readonly from: string; readonly entry: KeyEntry }[] = []
    for (const { key, value } of db.getRange({ start: KEY_PREFIX, end: KEY_END })) {
      const entry = value as KeyEntry
      seqs.set(slotOf(entry.key), entry.seq)
      seq = Math.max(seq, entry.seq + 1)
      if (!SEQ_NAME.test(key)) moved.push({ from: key, entry })
    }
    if (moved.length > 0) {
      try {
        commitSync(db, room, pageSize, moved.flatMap(({ from, entry }) => [{ name: from }, { name: keyName(entry.seq), bytes: Buffer.from(JSON.stringify(entry)) }]))
      } catch (error) {
        openHere.delete(file)
        void db.close().finally(room.close)
        throw error
      }
    }
  }
  let headerWritten = state !== undefined

  let keysAtOpen = seqs.size

  // Group commit: one LMDB transaction at a time. Writes that arrive while one is being committed
  // and flushed wait, and all of them go together into the next: each commit, with its two
  // flushes, then carries every write that came meanwhile, instead of one transaction (and its
  // flushes, queued behind the one before) per event turn.
  interface Pending {
    readonly put: readonly SnapshotKey[]
    readonly removed: readonly string[]
    readonly header: StateHeader
    readonly settle: (outcome: Promise<unknown>) => void
  }
  let committing = false
  let closed = false
  let waiting: Pending[] = []
  // settled once the group in flight is done and the next one, if any, has begun
  let groupDone: Promise<void> = Promise.resolve()
  // set when a group's commit failed: `seqs` and `seq` then describe writes the database never
  // got (a removed slot forgotten, a new slot numbered), and are read again from the database
  // before the next group is issued
  let resync = false
  /** `seqs` and `seq` from the key records the database holds (`seq` never goes down). */
  const readSeqs = (): void => {
    seqs.clear()
    for (const { value } of db.getRange({ start: KEY_PREFIX, end: KEY_END })) {
      const entry = value as KeyEntry
      seqs.set(slotOf(entry.key), entry.seq)
      seq = Math.max(seq, entry.seq + 1)
    }
  }
  /**
   * Names one write's records now (removals, then puts) and adds their operations to `ops`, their
   * records encoded, and to `bound` what they may add past LMDB's last page.
   */
  const plan = (w: Pending, ops: Op[], bound: CommitBound): void => {
    // removed first: a slot in both lists holds a new key, which goes to the end of the order
    for (const id of w.removed) {
      const s = seqs.get(id)
      if (s === undefined) continue
      seqs.delete(id)
      ops.push({ name: keyName(s) })
      bound.touched++
    }
    for (const k of w.put) {
      // a key is known by its slot: related multi-Region keys share their key id across Regions
      const slot = slotOf(k)
      let s = seqs.get(slot)
      if (s === undefined) {
        s = seq++
        seqs.set(slot, s)
      } else bound.touched++
      const entry: KeyEntry = { seq: s, key: k }
      const bytes = Buffer.from(JSON.stringify(entry))
      ops.push({ name: keyName(s), bytes })
      countPut(bound, pageSize, bytes)
    }
  }
  const commitWaiting = (): void => {
    const group = waiting
    waiting = []
    committing = true
    let last: Promise<unknown> = Promise.resolve()
    // the header goes with every group until one of them is committed: a first commit that fails
    // must not leave later ones without it (the database would then hold no state)
    const first = group[0]
    const withHeader = !headerWritten && first !== undefined
    try {
      if (resync) {
        readSeqs()
        resync = false
      }
      const ops: Op[] = []
      const bound: CommitBound = { bytes: 0, records: 0, large: 0, touched: 0 }
      if (withHeader) {
        const bytes = Buffer.from(JSON.stringify(first.header))
        ops.push({ name: HEADER, bytes })
        countPut(bound, pageSize, bytes)
      }
      for (const w of group) plan(w, ops, bound)
      // the disk's refusal, if it has no room, comes here, before lmdb writes anything; the room
      // is written (when it must be) while no commit runs, this group's waiting for it; then the
      // group is issued in one event turn: lmdb commits it in one transaction
      const making = room.prepare(commitBytes(db, bound))
      last = making === undefined ? applyOps(db, ops) : making.then(() => applyOps(db, ops))
    } catch (error) {
      last = Promise.reject(error)
    }
    if (withHeader) {
      last.then(() => {
        headerWritten = true
      }, () => undefined)
    }
    for (const w of group) w.settle(last)
    const next = (): void => {
      committing = false
      if (waiting.length > 0) commitWaiting()
    }
    // the whole transaction was rolled back: the records' names are read again before the next group
    groupDone = last.then(next, () => {
      resync = true
      next()
    })
  }

  const stateDb: StateDb = {
    path: file,
    get keysAtOpen() {
      return keysAtOpen
    },
    write: (put, removed, header) => {
      if (closed) return Promise.reject(new Error('Database is closed'))
      // the records' names are decided when the write's group is issued, not now: a group whose
      // commit fails would otherwise leave them describing writes the database never got
      const written = new Promise<unknown>((resolve) => {
        waiting.push({ put, removed, header, settle: resolve })
      })
      if (!committing) commitWaiting()
      return written.then(() => undefined, causeOf)
    },
    read: () => readAll(db),
    close: async () => {
      // the writes still waiting for their group are pending writes too: lmdb has not seen them
      while (committing) await groupDone
      await db.close()
      room.close()
      closed = true
      openHere.delete(file)
    },
  }

  if (state === undefined && migratedFrom !== undefined) {
    try {
      legacyState ??= readLegacy(migratedFrom, sealingKey, keyFile)
    } catch (error) {
      openHere.delete(file)
      void db.close().finally(room.close)
      throw error
    }
    const { keys, ...header } = legacyState
    state = legacyState
    // migrated in one transaction with the header: a crash before it commits migrates again
    const ops: Op[] = [{ name: HEADER, bytes: Buffer.from(JSON.stringify(header)) }]
    for (const k of keys) {
      const s = seq++
      seqs.set(slotOf(k), s)
      ops.push({ name: keyName(s), bytes: Buffer.from(JSON.stringify({ seq: s, key: k } satisfies KeyEntry)) })
    }
    try {
      commitSync(db, room, pageSize, ops)
    } catch (error) {
      openHere.delete(file)
      void db.close().finally(room.close)
      throw error
    }
    headerWritten = true
    keysAtOpen = keys.length
  } else migratedFrom = undefined

  const opened = { state, db: stateDb, created, createdKey, keyFile, ...(migratedFrom !== undefined ? { migratedFrom } : {}) }
  // not enumerable: `console.log`, `util.inspect`, `JSON.stringify` and a spread of the result
  // leave out the key that seals every secret of the state (read it by name)
  Object.defineProperty(opened, 'sealingKey', { value: sealingKey, enumerable: false })
  return opened as typeof opened & { readonly sealingKey: Uint8Array }
}

/**
 * Reads a state database into a snapshot without serving it (`kms-key-import state export`). The
 * database may be in use by a running server (LMDB readers do not block its writer).
 * @param stateFile - the database
 * @returns the snapshot (secrets sealed), or why not
 * @throws StateLocationError when its location or files are refused as {@link openStateDb} refuses
 *   them, or it is not LMDB's or is truncated
 * @since 0.2.0
 */
export const readStateDb = (stateFile: string): E.Either<SnapshotError, unknown> => {
  const file = resolve(stateFile)
  checkStateDirectory(file)
  if (!checkStateFile(file, 'the state')) return E.left({ _tag: 'SnapshotError', message: `${file} does not exist` })
  // a state of 0.1.0's format, as it is: checked by whoever restores it (serve migrates it)
  if (looksLikeJson(file)) {
    return E.tryCatch(() => JSON.parse(readFileSync(file, 'utf8')) as unknown, () => ({ _tag: 'SnapshotError' as const, message: `${file} is not valid JSON: the state cannot be loaded` }))
  }
  // an empty database (created, never started): nothing to read, and nothing to write into it
  if (checkLmdbFile(file) === 0) return E.left({ _tag: 'SnapshotError', message: `${file} holds no state yet` })
  const lockFile = `${file}-lock`
  try {
    if (!checkStateFile(lockFile, 'the lock file')) createExclusive(lockFile, new Uint8Array(0))
  } catch (error) {
    // made meanwhile by a server opening the state, which a reader may share: checked as any lock file
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    checkStateFile(lockFile, 'the lock file')
  }
  const db = openLmdb(file)
  try {
    const state = readAll(db)
    return state === undefined ? E.left({ _tag: 'SnapshotError', message: `${file} holds no state yet` }) : E.right(state)
  } finally {
    void db.close()
  }
}
