#!/usr/bin/env node
/**
 * The `kms-key-import` command: `walkthrough` (the default) runs the scripted import flow;
 * `serve` runs the KMS-compatible HTTP endpoint; `state export|import` turns a state database into
 * a snapshot and back (`./state.ts`); `conform` runs the conformance kit against an endpoint
 * (`./conform.ts`); `version` and `help` print what they say.
 * @module
 */
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { resolveProfile } from '../profiles/index.js'
import type { Profile } from '../profiles/profile.js'
import { conformCommand } from './conform.js'
import { serveCommand, serveUsage } from './serve.js'
import { stateCommand, stateUsage } from './state.js'
import { walkthrough } from './walkthrough.js'
import { parsedFlags, profileNames, UsageError } from './args.js'


const usage = `usage: kms-key-import [walkthrough [--profile NAME] | serve [options] | state export|import ... | conform [options] | --version]

  walkthrough   run a short scripted walkthrough of the import flow (default); --profile: ${profileNames}
  serve         serve the emulator as a KMS endpoint over HTTP (see below)
  state         export a state database as a snapshot, or import a snapshot into a new one (see below)
  conform       compare another KMS endpoint with the reference (conform --help)
  --version     print the version

${serveUsage}
${stateUsage}`

/**
 * The profile of `walkthrough [--profile NAME]`, read as `serve` reads its flags.
 * @param args - the arguments after `walkthrough`
 * @returns the profile named, or `undefined` for the default
 * @throws UsageError naming what is wrong: an unexpected argument, a missing value, an unknown
 *   flag or profile
 */
const walkthroughProfile = (args: readonly string[]): Profile | undefined => {
  const { profile } = parsedFlags(() => parseArgs({ args: [...args], strict: true, allowPositionals: false, options: { profile: { type: 'string' } } }).values)
  if (profile === undefined) return undefined
  const resolved = resolveProfile(profile)
  if (resolved === undefined) throw new UsageError(`--profile must be one of ${profileNames}: ${profile}`)
  return resolved
}

/**
 * A usage mistake of the top-level usage, told on standard error.
 * @param error - what was thrown while reading the arguments
 * @returns exit status 2
 * @throws error itself when it is no UsageError
 */
const usageMistake = (error: unknown): number => {
  if (!(error instanceof UsageError)) throw error
  process.stderr.write(`${error.message}\n${usage}`)
  return 2
}

/** The package's version, from its package.json (two levels up from src/cli or dist/cli). */
const version = (): string => (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version

const main = async (argv: readonly string[]): Promise<number> => {
  const [command = 'walkthrough', ...rest] = argv
  switch (command) {
    case 'walkthrough': {
      if (rest.includes('--help') || rest.includes('-h')) {
        process.stdout.write(usage)
        return 0
      }
      let profile: Profile | undefined
      try {
        profile = walkthroughProfile(rest)
      } catch (error) {
        return usageMistake(error)
      }
      await walkthrough(profile)
      return 0
    }
    case 'state':
      if (rest.includes('--help') || rest.includes('-h')) {
        process.stdout.write(stateUsage)
        return 0
      }
      return stateCommand(rest)
    case 'conform': return conformCommand(rest)
    case '--version': case '-v': case 'version':
      try {
        parsedFlags(() => parseArgs({ args: [...rest], strict: true, allowPositionals: false, options: {} }))
      } catch (error) {
        return usageMistake(error)
      }
      process.stdout.write(`kms-key-import ${version()}\n`)
      return 0
    case 'serve':
      if (rest.includes('--help') || rest.includes('-h')) {
        process.stdout.write(serveUsage)
        return 0
      }
      return serveCommand(rest)
    case '--help': case '-h': case 'help':
      process.stdout.write(usage)
      return 0
    default:
      process.stderr.write(`unknown command: ${command}\n${usage}`)
      return 2
  }
}

// A reader that stops reading (`kms-key-import walkthrough | head -1`) ends the command quietly,
// as a closed pipe ends any Unix command, not with an unhandled EPIPE
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error
  process.exit(process.exitCode ?? 0)
})

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`)
    process.exitCode = 1
  },
)
