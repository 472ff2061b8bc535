/**
 * `serve --state FILE`: the endpoint's store survives a restart. The state is the emulator's
 * snapshot (secrets sealed under the sealing key), written after every change to a temporary file
 * that is flushed to disk and then renamed over the previous one, so a crash mid-write never loses
 * the previous state. The sealing key lives in its own file (default `FILE.key`, created with mode
 * 0600 on first use): whoever reads both files can open the secrets — this is an emulator's
 * convenience, not an HSM.
 *
 * @module
 */
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync, renameSync, openSync, fsyncSync, closeSync } from 'node:fs'
import { open, rename, rm } from 'node:fs/promises'
import type { Emulator } from '../emulator/emulator.js'
import type { KeyStore } from '../model/key-store.js'

/** Options of the state file. @since 0.1.0 */
export interface StateFileOptions {
  /** Where the endpoint keeps its state (JSON snapshot); loaded at start when it exists. */
  readonly stateFile?: string
  /** The sealing key: 32 raw bytes or 64 hex characters; default `<stateFile>.key`, created when missing. */
  readonly sealingKeyFile?: string
}

const parseKey = (bytes: Buffer, file: string): Uint8Array => {
  if (bytes.length === 32) return new Uint8Array(bytes)
  const text = bytes.toString('utf8').trim()
  if (/^[0-9a-fA-F]{64}$/.test(text)) return new Uint8Array(Buffer.from(text, 'hex'))
  throw new TypeError(`${file} must hold a 32-byte sealing key (raw, or 64 hex characters)`)
}

const writeAtomicSync = (file: string, data: string | Uint8Array, mode: number): void => {
  const tmp = `${file}.${process.pid}.tmp`
  writeFileSync(tmp, data, { mode })
  const fd = openSync(tmp, 'r')
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  renameSync(tmp, file)
}

/**
 * Reads the sealing key and the saved state, creating the key file when it does not exist.
 * @param options - the state file and the sealing key file
 * @returns the sealing key and the snapshot (undefined when there is no state file yet)
 * @throws TypeError when a file exists but cannot be used (unreadable JSON, a malformed key)
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { mkdtempSync, rmSync } from 'node:fs'
 * import { tmpdir } from 'node:os'
 * import { join } from 'node:path'
 * import { loadStateFile } from 'kms-key-import/http'
 * const dir = mkdtempSync(join(tmpdir(), 'kms-state-'))
 * const first = loadStateFile({ stateFile: join(dir, 'state.json') }) // creates state.json.key
 * assert.equal(first.state, undefined)
 * assert.deepEqual(loadStateFile({ stateFile: join(dir, 'state.json') }).sealingKey, first.sealingKey)
 * rmSync(dir, { recursive: true })
 * ```
 * @since 0.1.0
 */
export const loadStateFile = (options: StateFileOptions & { readonly stateFile: string }): {
  /** The 32-byte sealing key. */
  readonly sealingKey: Uint8Array;
  /** The parsed snapshot, or undefined when there is no state file yet. */
  readonly state: unknown
} => {
  const keyFile = options.sealingKeyFile ?? `${options.stateFile}.key`
  let sealingKey: Uint8Array
  if (existsSync(keyFile)) sealingKey = parseKey(readFileSync(keyFile), keyFile)
  else {
    if (existsSync(options.stateFile)) throw new TypeError(`${options.stateFile} exists but its sealing key file ${keyFile} does not: the state cannot be opened`)
    sealingKey = new Uint8Array(randomBytes(32))
    writeAtomicSync(keyFile, Buffer.from(sealingKey).toString('hex'), 0o600)
  }
  if (!existsSync(options.stateFile)) return { sealingKey, state: undefined }
  const text = readFileSync(options.stateFile, 'utf8')
  try {
    return { sealingKey, state: JSON.parse(text) as unknown }
  } catch {
    throw new TypeError(`${options.stateFile} is not valid JSON: the state cannot be loaded`)
  }
}

/** Saves an emulator's state whenever its store changes. @since 0.1.0 */
export interface StateWriter {
  /** Call after each request: saves (in the background) when the store changed. */
  notify(): void
  /**
   * Waits for any save in progress, then saves once more if needed.
   * @returns a promise that settles when the file holds the current state
   */
  flush(): Promise<void>
  /**
   * Saves that failed (e.g. disk full); the previous file stays intact.
   * @returns the count so far
   */
  readonly failures: () => number
}

/**
 * A writer that keeps `file` equal to the emulator's snapshot, atomically.
 * @param file - the state file
 * @param emulator - the emulator
 * @returns the writer
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
 * import { tmpdir } from 'node:os'
 * import { join } from 'node:path'
 * import { createEmulator } from 'kms-key-import'
 * import { createStateWriter } from 'kms-key-import/http'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const dir = mkdtempSync(join(tmpdir(), 'kms-state-'))
 * const kms = createEmulator({ crypto: createDeterministicProvider(), sealingKey: new Uint8Array(32) })
 * const writer = createStateWriter(join(dir, 'state.json'), kms)
 * await kms.invoke('CreateKey', {})
 * await writer.flush()
 * assert.equal(JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')).keys.length, 1)
 * rmSync(dir, { recursive: true })
 * ```
 * @since 0.1.0
 */
export const createStateWriter = (file: string, emulator: Emulator): StateWriter => {
  let saved: KeyStore = emulator.store()
  let running: Promise<void> | undefined
  let again = false
  let failures = 0
  const save = async (): Promise<void> => {
    const store = emulator.store()
    const tmp = `${file}.${process.pid}.tmp`
    try {
      const handle = await open(tmp, 'w', 0o600)
      try {
        await handle.writeFile(JSON.stringify(emulator.snapshot()))
        await handle.sync()
      } finally {
        await handle.close()
      }
      await rename(tmp, file)
      saved = store
    } catch {
      failures += 1
      await rm(tmp, { force: true }).catch(() => undefined)
    }
  }
  const loop = async (): Promise<void> => {
    do {
      again = false
      await save()
    } while (again || emulator.store() !== saved)
    running = undefined
  }
  const notify = (): void => {
    if (emulator.store() === saved && running === undefined) return
    if (running !== undefined) {
      again = true
      return
    }
    running = loop()
  }
  return {
    notify,
    flush: async () => {
      notify()
      while (running !== undefined) await running
    },
    failures: () => failures,
  }
}
