/**
 * Where the state may live, and how its files are made. The state database and the sealing key
 * are only as private as the directory that holds them: in a directory others can write, another
 * user can pre-create a name the server is about to open, or replace a file by a symlink to one it
 * will then overwrite; and the owner of a directory can do the same whatever its mode. So the
 * server refuses a directory writable by others or owned by another user, a state path or key path
 * that is a symlink, and an existing file of the state that is another user's or open to group or
 * others, with a message that says what to do; and it creates every file it makes exclusively
 * (`O_CREAT|O_EXCL|O_NOFOLLOW`, mode 0600), so it never opens a file someone else made. It writes
 * no temporary files: the database commits in place.
 *
 * Root is held to the same rule as any user: the directory and the files must be root's own. Root
 * can write anywhere, so a directory's mode stops nothing it does, but a directory of another user
 * is that user's to fill before root starts (a sealing key of their choosing, as in the attack
 * these checks answer); to keep a root server's state in such a directory, chown it to root first.
 * Where a system has no user ids (Windows: `process.geteuid` is missing), owners are not checked.
 *
 * @module
 */
import { closeSync, constants, fsyncSync, lstatSync, openSync, statSync, writeSync, type Stats } from 'node:fs'
import { dirname, resolve } from 'node:path'

/**
 * Why a state location was refused: the message says which path and what to do.
 * @since 0.2.0
 */
export class StateLocationError extends Error {
  /**
   * @param message - what is wrong and what to do
   */
  constructor(message: string) {
    super(message)
    this.name = 'StateLocationError'
  }
}

const lstatOrUndefined = (path: string): Stats | undefined => {
  try {
    return lstatSync(path)
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return undefined
    throw error
  }
}

/** Why `st` is not owned by the process's effective user, or undefined when it is (or there are no users). */
const foreignOwner = (st: Stats): string | undefined => {
  const me = process.geteuid?.()
  return me === undefined || st.uid === me ? undefined : `is owned by uid ${st.uid}, not by this process's user (uid ${me})`
}

/** What a file is that is not the kind asked for, in words. */
const kindOf = (st: Stats): string =>
  st.isDirectory() ? 'a directory' : st.isFile() ? 'a regular file' : st.isFIFO() ? 'a named pipe' : st.isSocket() ? 'a socket' : st.isCharacterDevice() || st.isBlockDevice() ? 'a device' : 'a special file'

/**
 * Checks a file the state consists of: absent, or a regular file that is not a symlink, owned by
 * the process's effective user (root too), with no permission for group or others.
 * @param path - the file
 * @param what - what it is, for the message
 * @returns whether it exists
 * @throws StateLocationError for a symlink, anything but a regular file, a file of another user, or
 *   a file with group or other permissions
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
 * import { tmpdir } from 'node:os'
 * import { join } from 'node:path'
 * import { checkStateFile } from 'kms-key-import/http'
 * const dir = mkdtempSync(join(tmpdir(), 'kms-file-'))
 * assert.equal(checkStateFile(join(dir, 'state.mdb.key'), 'the sealing key file'), false)
 * writeFileSync(join(dir, 'state.mdb.key'), 'ab'.repeat(32), { mode: 0o600 })
 * assert.equal(checkStateFile(join(dir, 'state.mdb.key'), 'the sealing key file'), true)
 * chmodSync(join(dir, 'state.mdb.key'), 0o644)
 * assert.throws(() => checkStateFile(join(dir, 'state.mdb.key'), 'the sealing key file'), /group or other permissions \(mode 644\)/)
 * rmSync(dir, { recursive: true })
 * ```
 * @since 0.2.0
 */
export const checkStateFile = (path: string, what: string): boolean => {
  const st = lstatOrUndefined(path)
  if (st === undefined) return false
  if (st.isSymbolicLink()) throw new StateLocationError(`${what} ${path} is a symbolic link: give the real path (symlinks are refused so the server never writes where a link points)`)
  if (!st.isFile()) throw new StateLocationError(`${what} ${path} is ${kindOf(st)}, not a regular file: name a file, or a name not yet taken to create one`)
  const owner = foreignOwner(st)
  if (owner !== undefined) throw new StateLocationError(`${what} ${path} ${owner}: the state's files must be your own (another user chose what it holds)`)
  if ((st.mode & 0o077) !== 0) throw new StateLocationError(`${what} ${path} has group or other permissions (mode ${(st.mode & 0o7777).toString(8)}): only its owner may read or write it (chmod 600 ${path})`)
  return true
}

/**
 * Checks the directory that will hold the state: it exists, is a directory, nobody but its owner
 * can write to it (no group or world write bit), and its owner is the process's effective user
 * (root too: see the module's comment).
 * @param file - the state path (its directory is checked)
 * @returns the absolute path of the directory
 * @throws StateLocationError when the directory is missing, not a directory, writable by others,
 *   or owned by another user
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
 * import { tmpdir } from 'node:os'
 * import { join } from 'node:path'
 * import { checkStateDirectory } from 'kms-key-import/http'
 * const dir = mkdtempSync(join(tmpdir(), 'kms-dir-'))
 * assert.equal(checkStateDirectory(join(dir, 'state.mdb')), dir)
 * chmodSync(dir, 0o777)
 * assert.throws(() => checkStateDirectory(join(dir, 'state.mdb')), /writable by others/)
 * assert.throws(() => checkStateDirectory(join(dir, 'missing', 'state.mdb')), /does not exist/)
 * rmSync(dir, { recursive: true })
 * ```
 * @since 0.2.0
 */
export const checkStateDirectory = (file: string): string => {
  const dir = dirname(resolve(file))
  let st: Stats
  try {
    st = statSync(dir)
  } catch {
    throw new StateLocationError(`the directory of the state, ${dir}, does not exist: create it (mode 0700) first`)
  }
  if (!st.isDirectory()) throw new StateLocationError(`the directory of the state, ${dir}, is ${kindOf(st)}, not a directory: name a file in a directory`)
  if ((st.mode & 0o022) !== 0) {
    throw new StateLocationError(`the directory of the state, ${dir}, is writable by others (mode ${(st.mode & 0o7777).toString(8)}): keep the state in a directory only you can write (chmod go-w, or a fresh directory of mode 0700)`)
  }
  const owner = foreignOwner(st)
  if (owner !== undefined) throw new StateLocationError(`the directory of the state, ${dir}, ${owner}: keep the state in a directory you own (its owner can put any file there, a sealing key of their choosing included)`)
  return dir
}

/**
 * Creates `path` with `data`, exclusively (it must not exist, a symlink is not followed), mode
 * 0600, flushed to disk with its directory entry.
 * @param path - the new file
 * @param data - its content
 * @throws the `open` error: `EEXIST` when the name is taken (by a file or a link), and others
 * @since 0.2.0
 */
export const createExclusive = (path: string, data: Uint8Array | string): void => {
  const fd = openSync(path, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY | constants.O_NOFOLLOW, 0o600)
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data
    let written = 0
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  syncDirectory(dirname(resolve(path)))
}

/**
 * Flushes a directory's entries (a new or renamed file in it) to disk.
 * @param dir - the directory
 * @since 0.2.0
 */
export const syncDirectory = (dir: string): void => {
  const fd = openSync(dir, constants.O_RDONLY | constants.O_DIRECTORY)
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}
