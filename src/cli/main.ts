#!/usr/bin/env node
/**
 * The `kms-key-import` command: `walkthrough` (the default) runs the scripted import flow;
 * `serve` runs the KMS-compatible HTTP endpoint.
 * @module
 */
import { readFileSync } from 'node:fs'
import { resolveProfile } from '../profiles/index.js'
import { conformCommand } from './conform.js'
import { serveCommand, serveUsage } from './serve.js'
import { stateCommand, stateUsage } from './state.js'
import { walkthrough } from './walkthrough.js'
import { profileNames } from './args.js'


const usage = `usage: kms-key-import [walkthrough [--profile NAME] | serve [options] | state export|import ... | --version]

  walkthrough   run a short scripted walkthrough of the import flow (default); --profile: ${profileNames}
  serve         serve the emulator as a KMS endpoint over HTTP (see below)
  state         export a state database as a snapshot, or import a snapshot into a new one (see below)
  --version     print the version

${serveUsage}
${stateUsage}`

/** The package's version, from its package.json (two levels up from src/cli or dist/cli). */
const version = (): string => (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version

const main = async (argv: readonly string[]): Promise<number> => {
  const [command = 'walkthrough', ...rest] = argv
  switch (command) {
    case 'walkthrough': {
      const [flag, name, ...extra] = rest
      if (flag === undefined) {
        await walkthrough()
        return 0
      }
      const profile = flag === '--profile' && name !== undefined && extra.length === 0 ? resolveProfile(name) : undefined
      if (profile === undefined) {
        process.stderr.write(`${flag === '--profile' && name !== undefined ? `--profile must be one of ${profileNames}: ${name}` : `unknown arguments: ${rest.join(' ')}`}\n${usage}`)
        return 2
      }
      await walkthrough(profile)
      return 0
    }
    case 'state':
      return stateCommand(rest)
    case 'conform': return conformCommand(rest)
    case '--version': case '-v': case 'version':
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

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`)
    process.exitCode = 1
  },
)
