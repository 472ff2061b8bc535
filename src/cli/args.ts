/**
 * What the commands share in reading their arguments: the usage error, the profile names, whole
 * numbers within bounds, and node:util `parseArgs`'s own errors turned into usage errors; and, in
 * what they print, a count of keys.
 * @module
 */
import { statSync } from 'node:fs'
import { profiles } from '../profiles/index.js'

/** A command-line mistake: reported with the usage, exit status 2. */
export class UsageError extends Error {}

/** The names `--profile` takes. */
export const profileNames = [...profiles.map((p) => p.name), 'latest'].join(', ')

/**
 * A whole-number flag.
 * @param name - the flag, without `--`
 * @param raw - its value as given
 * @param min - the least value accepted
 * @param max - the greatest value accepted
 * @returns the number
 * @throws UsageError when `raw` is not a whole number in `min`–`max`
 */
export const integerFlag = (name: string, raw: string, min: number, max: number): number => {
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) throw new UsageError(`--${name} must be an integer in ${min}–${max}: ${raw}`)
  return Number(raw)
}

/**
 * The arguments with each value of a whole-number flag that starts with a single `-` joined to its
 * flag (`--runs -1` becomes `--runs=-1`). `parseArgs` takes such a value for a forgotten one and
 * refuses it in its own words (`argument is ambiguous`); joined, the value reaches
 * {@link integerFlag}, which says what was given and what is accepted. A value that starts with
 * `--` is left apart: that is the next flag, and the value was forgotten.
 * @param args - the command's arguments
 * @param numeric - its whole-number flags, without `--`
 * @returns the arguments to give `parseArgs`
 */
export const joinNumericValues = (args: readonly string[], numeric: readonly string[]): string[] => {
  const joined: string[] = []
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? ''
    // after `--`, nothing is a flag
    if (arg === '--') return [...joined, ...args.slice(i)]
    const value = args[i + 1]
    if (arg.startsWith('--') && numeric.includes(arg.slice(2)) && value !== undefined && value.startsWith('-') && !value.startsWith('--')) {
      joined.push(`${arg}=${value}`)
      i++
    } else joined.push(arg)
  }
  return joined
}

/**
 * Runs a `parseArgs` call, its errors (unknown flag, missing value) becoming usage errors.
 * @param parse - the call
 * @returns what it returns
 * @throws UsageError with `parseArgs`'s message
 */
export const parsedFlags = <A>(parse: () => A): A => {
  try {
    return parse()
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error))
  }
}

/**
 * A count of keys as the commands print it: `1 key`, `2 keys`.
 * @param n - how many
 * @returns the count with its noun
 */
export const keyCount = (n: number): string => `${n} key${n === 1 ? '' : 's'}`

/**
 * Files of this size or more (a state of ≈10,000 keys) take seconds to load, check or write: the
 * commands then say each step on stderr as it begins. Smaller ones are done before a line would help.
 */
export const LARGE_STATE_BYTES = 4 * 1024 * 1024

/**
 * The size of `file` in MB, when it is at least {@link LARGE_STATE_BYTES}.
 * @param file - a path
 * @returns e.g. `12.3 MB`, or undefined for a smaller file or one that cannot be read
 */
export const largeFileSize = (file: string): string | undefined => {
  try {
    const { size } = statSync(file)
    return size >= LARGE_STATE_BYTES ? `${(size / 1e6).toFixed(1)} MB` : undefined
  } catch {
    return undefined
  }
}
