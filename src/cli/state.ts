/**
 * `kms-key-import state export|import`: a state database as a snapshot (the versioned JSON of
 * `Emulator.snapshot`, secrets sealed under the sealing key), and a snapshot as a new state
 * database — to back a state up, move it, or look at it.
 *
 * @module
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import * as E from 'fp-ts/lib/Either.js'
import { restoreEmulator } from '../emulator/emulator.js'
import { Snapshot } from '../persistence/snapshot.js'
import { openStateDb, readSealingKey, readStateDb } from '../persistence/state-db.js'
import { checkStateDirectory, StateLocationError } from '../persistence/secure-path.js'
import { keyCount, largeFileSize, LARGE_STATE_BYTES } from './args.js'
import { withSignalsHeld } from './signals.js'

/** The `state` command's usage text. @since 0.2.0 */
export const stateUsage = `usage: kms-key-import state export --state FILE [--out SNAPSHOT]
       kms-key-import state import --state FILE [--in SNAPSHOT] [--sealing-key-file KEY]

  export  writes the state database FILE as a snapshot (JSON, secrets sealed) to SNAPSHOT (a new
          file, mode 0600: an existing one is not overwritten) or standard output; a running
          server may be using FILE
  import  creates the state database FILE (it must not exist) from SNAPSHOT or standard input;
          the snapshot must open with the sealing key (default FILE.key), which must exist
`

/** One step of a long run, said on stderr as it begins. */
const step = (line: string): void => void process.stderr.write(`kms-key-import state: ${line}…\n`)

/** The number of keys of a snapshot that has a `keys` array (0 otherwise: checking says what is wrong). */
const keysOf = (snapshot: unknown): number => {
  const keys = typeof snapshot === 'object' && snapshot !== null ? (snapshot as { keys?: unknown }).keys : undefined
  return Array.isArray(keys) ? keys.length : 0
}

const fail = (message: string, code = 1): number => {
  process.stderr.write(`kms-key-import state: ${message}\n`)
  return code
}

/**
 * Writes a checked snapshot into the new state database `file`. SIGINT and SIGTERM wait meanwhile,
 * so that a stopped import leaves the whole database or nothing (the files it made are removed,
 * as after a refusal): killed halfway, it left a database without the state, which `serve` took
 * for an empty one and a second import refused as existing. Then the process ends by the signal.
 * @returns the exit status: 0 imported, 1 refused
 */
const importSnapshot = (file: string, keyFile: string, snapshot: Snapshot, large: boolean): Promise<number> => withSignalsHeld(async () => {
  const opened = openStateDb({ stateFile: file, sealingKeyFile: keyFile })
  // made by someone else since it was found missing: not this import's to write, nor to remove
  if (!opened.created) {
    await opened.db.close()
    return fail(`${file} exists: import creates a new state database`)
  }
  const { keys, ...header } = snapshot
  let imported = false
  try {
    if (large) step(`writing ${keyCount(keys.length)} into ${file}`)
    await opened.db.write(keys, [], header)
    imported = true
    process.stdout.write(`kms-key-import state: imported ${keyCount(keys.length)} into ${file}\n`)
    return 0
  } finally {
    await opened.db.close()
    // a refused or stopped import leaves nothing behind: these files were created just now, exclusively
    if (!imported) for (const f of [file, `${file}-lock`]) rmSync(f, { force: true })
  }
})

/**
 * Runs `state export` or `state import`.
 * @param args - the arguments after `state`
 * @returns the exit status: 0 done, 1 refused (the message says why), 2 usage error
 * @since 0.2.0
 */
export const stateCommand = async (args: readonly string[]): Promise<number> => {
  const [action, ...rest] = args
  let values: { state?: string; out?: string; in?: string; 'sealing-key-file'?: string }
  try {
    values = parseArgs({ args: rest, strict: true, allowPositionals: false, options: { state: { type: 'string' }, out: { type: 'string' }, in: { type: 'string' }, 'sealing-key-file': { type: 'string' } } }).values
  } catch (error) {
    return fail(`${error instanceof Error ? error.message : String(error)}\n${stateUsage}`, 2)
  }
  if ((action !== 'export' && action !== 'import') || values.state === undefined) return fail(`say export or import, and --state FILE\n${stateUsage}`, 2)
  const file = resolve(values.state)
  try {
    if (action === 'export') {
      const size = largeFileSize(file)
      if (size !== undefined) step(`reading ${file} (${size})`)
      const state = readStateDb(file)
      if (E.isLeft(state)) return fail(state.left.message)
      if (size !== undefined) step(`writing ${keyCount(keysOf(state.right))} to ${values.out === undefined ? 'standard output' : resolve(values.out)}`)
      const text = `${JSON.stringify(state.right)}\n`
      if (values.out === undefined) process.stdout.write(text)
      else {
        const out = resolve(values.out)
        try {
          // a Ctrl-C or a kill waits for the write: the file is whole, or was never made
          await withSignalsHeld(() => writeFileSync(out, text, { mode: 0o600, flag: 'wx' }))
        } catch (error) {
          const code = (error as { code?: unknown }).code
          return fail(code === 'EEXIST' ? `${out} exists: export writes a new file, it overwrites none` : `cannot write ${out}: ${error instanceof Error ? error.message : String(error)}`)
        }
      }
      return 0
    }
    const keyFile = resolve(values['sealing-key-file'] ?? `${file}.key`)
    if (!existsSync(keyFile)) return fail(`the sealing key ${keyFile} does not exist: a snapshot opens only with the key it was sealed with`)
    if (existsSync(file)) return fail(`${file} exists: import creates a new state database`)
    // where it goes is checked first (openStateDb checks it again): a refusal before the reading
    checkStateDirectory(file)
    let text: string
    try {
      const size = values.in === undefined ? undefined : largeFileSize(values.in)
      if (size !== undefined) step(`reading ${resolve(values.in as string)} (${size})`)
      text = values.in === undefined ? readFileSync(0, 'utf8') : readFileSync(values.in, 'utf8')
    } catch (error) {
      return fail(`cannot read the snapshot ${values.in === undefined ? 'from standard input' : resolve(values.in)}: ${error instanceof Error ? error.message : String(error)}`)
    }
    let parsed: unknown
    try {
      parsed = JSON.parse(text) as unknown
    } catch {
      return fail('the snapshot is not valid JSON')
    }
    const large = text.length >= LARGE_STATE_BYTES
    // checked before anything is created: an import stopped while it checks (seconds, for a large
    // snapshot) leaves nothing behind
    const sealingKey = readSealingKey(keyFile)
    if (large) step(`checking ${keyCount(keysOf(parsed))} (each must open with the sealing key)`)
    const check = restoreEmulator({ state: parsed, sealingKey })
    if (E.isLeft(check)) return fail(`the snapshot cannot be restored: ${check.left.message}`)
    check.right.close()
    const snapshot = Snapshot.decode(parsed)
    if (E.isLeft(snapshot)) return fail('the snapshot is malformed')
    return await importSnapshot(file, keyFile, snapshot.right, large)
  } catch (error) {
    if (error instanceof StateLocationError) return fail(error.message)
    throw error
  }
}
