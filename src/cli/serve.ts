/**
 * `kms-key-import serve`: the KMS-compatible endpoint on a port, until SIGINT or SIGTERM.
 *
 * @module
 */
import { parseArgs } from 'node:util'
import { DEFAULT_HOST, DEFAULT_PORT, serve, type RunningServer, type ServeOptions, type StateSummary } from '../http/serve.js'
import { profiles, resolveProfile } from '../profiles/index.js'

const profileNames = [...profiles.map((p) => p.name), 'latest'].join(', ')

/** The `serve` command's usage text. @since 0.1.0 */
export const serveUsage = `usage: kms-key-import serve [--port ${DEFAULT_PORT}] [--host ${DEFAULT_HOST}] [--profile classic]
                            [--region us-east-1] [--quiet] [--envelope kms|seed]
                            [--max-body-bytes 1048576] [--state FILE [--sealing-key-file FILE]]

  Serves the emulator as a KMS endpoint (AWS JSON 1.1) until SIGINT or SIGTERM.
  Point an AWS SDK or the AWS CLI at the printed URL (--endpoint-url); credentials are not checked.

  --port            TCP port (0: any free port; the URL printed says which)
  --host            interface to bind (default loopback only)
  --profile         rule profile: ${profileNames} (default classic)
  --region          region of the emulated service (cn-* is the China partition)
  --quiet           no request log (default: one line per request on stderr)
  --envelope seed   answer in the seed document's {"success", ...} envelope instead of KMS's format
  --max-body-bytes  largest request body accepted (larger: 413)
  --state           keep the store in the database FILE (created if missing, in an existing directory
                    only you can write); a request is answered once its change is on disk
  --sealing-key-file  the key that seals the state's secrets (default FILE.key, created if missing)
`

/** A command-line mistake: reported with the usage, exit status 2. */
class UsageError extends Error {}

const integer = (name: string, raw: string, min: number, max: number): number => {
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) throw new UsageError(`--${name} must be an integer in ${min}–${max}: ${raw}`)
  return Number(raw)
}

/**
 * Parses the `serve` command's arguments into {@link ServeOptions}.
 * @param args - the arguments after `serve`
 * @returns the options
 * @throws UsageError (an `Error`) for an unknown flag or a malformed value
 * @since 0.1.0
 */
export const parseServeArgs = (args: readonly string[]): ServeOptions => {
  const parse = () =>
    parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        profile: { type: 'string' },
        region: { type: 'string' },
        quiet: { type: 'boolean' },
        envelope: { type: 'string' },
        'max-body-bytes': { type: 'string' },
        state: { type: 'string' },
        'sealing-key-file': { type: 'string' },
      },
    }).values
  let values: ReturnType<typeof parse>
  try {
    values = parse()
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error))
  }
  const profile = values.profile === undefined ? undefined : resolveProfile(values.profile)
  if (values.profile !== undefined && profile === undefined) throw new UsageError(`--profile must be one of ${profileNames}: ${values.profile}`)
  const envelope = values.envelope
  if (envelope !== undefined && envelope !== 'kms' && envelope !== 'seed') throw new UsageError(`--envelope must be kms or seed: ${envelope}`)
  return {
    ...(values.port !== undefined ? { port: integer('port', values.port, 0, 65535) } : {}),
    ...(values.host !== undefined ? { host: values.host } : {}),
    ...(profile !== undefined ? { profile } : {}),
    ...(values.region !== undefined ? { region: values.region } : {}),
    ...(values.quiet === true ? { quiet: true } : {}),
    ...(envelope !== undefined ? { envelope } : {}),
    ...(values.state !== undefined ? { stateFile: values.state } : {}),
    ...(values['sealing-key-file'] !== undefined ? { sealingKeyFile: values['sealing-key-file'] } : {}),
    ...(values['max-body-bytes'] !== undefined ? { maxBodyBytes: integer('max-body-bytes', values['max-body-bytes'], 1, Number.MAX_SAFE_INTEGER) } : {}),
  }
}

/**
 * The line `serve --state` prints at start: what it found.
 * @param state - the summary of the state
 * @returns one line, e.g. `kms-key-import: state: loaded 3 keys from /srv/kms.mdb`
 * @since 0.2.0
 */
export const describeState = (state: StateSummary): string => {
  const keys = (n: number): string => `${n} key${n === 1 ? '' : 's'}`
  if (state.migratedFrom !== undefined) return `kms-key-import: state: migrated ${keys(state.keys)} from ${state.migratedFrom} (the format of 0.1.0, kept there) into ${state.path}`
  return state.created ? `kms-key-import: state: created ${state.path}` : `kms-key-import: state: loaded ${keys(state.keys)} from ${state.path}`
}

/**
 * Runs `serve`: starts the endpoint, prints its URL on stdout, and on SIGINT or SIGTERM closes
 * the server and the emulator.
 * @param args - the arguments after `serve`
 * @returns the exit status once stopped: 0 after a signal, 2 for a usage error (the endpoint is
 *   then never started), 1 when it cannot start (e.g. port in use)
 * @since 0.1.0
 */
export const serveCommand = async (args: readonly string[]): Promise<number> => {
  let options: ServeOptions
  try {
    options = parseServeArgs(args)
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    process.stderr.write(`${error.message}\n${serveUsage}`)
    return 2
  }
  let server: RunningServer
  try {
    server = await serve(options)
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    process.stderr.write(`kms-key-import serve: ${message}\n`)
    return error instanceof TypeError || error instanceof RangeError ? 2 : 1
  }
  const { emulator, state } = server
  if (state !== undefined) process.stdout.write(`${describeState(state)}\n`)
  process.stdout.write(`kms-key-import: KMS endpoint (profile ${emulator.profile.name}, region ${emulator.region}${options.envelope === 'seed' ? ', seed envelope' : ''}) at ${server.url}\n`)
  const running = server
  return new Promise<number>((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      if (options.quiet !== true) process.stderr.write(`kms-key-import: ${signal}, shutting down\n`)
      running.close().then(() => resolve(0), () => resolve(1))
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })
}
