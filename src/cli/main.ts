#!/usr/bin/env node
/**
 * The `kms-key-import` command: `walkthrough` (the default) runs the scripted import flow;
 * `serve` runs the KMS-compatible HTTP endpoint.
 * @module
 */
import { conformCommand } from './conform.js'
import { serveCommand, serveUsage } from './serve.js'
import { walkthrough } from './walkthrough.js'

const usage = `usage: kms-key-import [walkthrough | serve [options]]

  walkthrough   run a short scripted walkthrough of the import flow (default)
  serve         serve the emulator as a KMS endpoint over HTTP (see below)

${serveUsage}`

const main = async (argv: readonly string[]): Promise<number> => {
  const [command = 'walkthrough', ...rest] = argv
  switch (command) {
    case 'walkthrough':
      await walkthrough()
      return 0
    case 'serve':
      if (rest.includes('--help') || rest.includes('-h')) {
        process.stdout.write(serveUsage)
        return 0
      }
      return serveCommand(rest)
    case 'conform': return conformCommand(rest)
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
