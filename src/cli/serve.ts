/**
 * `kms-key-import serve`: the KMS-compatible endpoint on a port, until SIGINT or SIGTERM.
 *
 * @module
 */
import { parseArgs } from 'node:util'
import { resolve } from 'node:path'
import { integerFlag, joinNumericValues, keyCount, largeFileSize, parsedFlags, profileNames, UsageError } from './args.js'
import { DEFAULT_LIMITS } from '../http/limits.js'
import { DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_BUFFERED_BYTES } from '../http/listener.js'
import { DEFAULT_HOST, DEFAULT_PORT, serve, type RunningServer, type ServeOptions, type StateSummary } from '../http/serve.js'
import { defaultProfile, resolveProfile } from '../profiles/index.js'
import { isRegionName } from '../model/region.js'
import { rsaGenerationsRunning } from '../crypto/rsa-workers.js'


/** The wrapping-key pool of `kms-key-import serve`: 8 RSA-2048 pairs, filled at start. @since 0.2.0 */
export const DEFAULT_POOL_SIZE = 8

/** The `serve` command's usage text. @since 0.1.0 */
export const serveUsage = `usage: kms-key-import serve [--port ${DEFAULT_PORT}] [--host ${DEFAULT_HOST}] [--profile ${defaultProfile.name}]
                            [--region us-east-1] [--quiet] [--envelope kms|seed]
                            [--max-body-bytes ${DEFAULT_MAX_BODY_BYTES}] [--state FILE [--sealing-key-file KEY]]
                            [--pool-size ${DEFAULT_POOL_SIZE}] [--max-connections ${DEFAULT_LIMITS.maxConnections}] [--max-buffered-bytes ${DEFAULT_MAX_BUFFERED_BYTES}]
                            [--headers-timeout ${DEFAULT_LIMITS.headersTimeoutMs / 1000}] [--request-timeout ${DEFAULT_LIMITS.requestTimeoutMs / 1000}] [--idle-timeout ${DEFAULT_LIMITS.idleTimeoutMs / 1000}]

  Serves the emulator as a KMS endpoint (AWS JSON 1.1) until SIGINT or SIGTERM.
  Point an AWS SDK or the AWS CLI at the printed URL (--endpoint-url); credentials are not checked.

  --port            TCP port (0: any free port; the URL printed says which)
  --host            interface to bind (default loopback only)
  --profile         rule profile: ${profileNames} (default ${defaultProfile.name})
  --region          Region of requests whose signature names none; a signed request is served in
                    its credential scope's Region of the same partition (cn-*: the China partition)
  --quiet           no request log (default: one line per request on stderr)
  --envelope seed   answer in the seed document's {"success", ...} envelope instead of KMS's format
  --max-body-bytes  largest request body accepted (larger: 413)
  --state           keep the store in the database FILE (created if missing, in an existing directory
                    you own and only you can write); a request is answered once its change is on disk
  --sealing-key-file  the file KEY of the key that seals the state's secrets (default FILE.key,
                    created if missing; needs --state)
  --pool-size       RSA-2048 wrapping key pairs kept ready, generated at start on every core (0: none)
  --max-connections connections open at once; more are answered ThrottlingException and closed
  --max-buffered-bytes  request-body bytes held at once across requests, each until answered;
                    more: ThrottlingException (one body larger than this alone: 413, as over
                    --max-body-bytes)
  --headers-timeout, --request-timeout, --idle-timeout
                    seconds to receive the headers, the whole request, and between requests on a
                    keep-alive connection (late requests: 408; idle connections are closed)
`

/**
 * Whether `value` is the error `lmdb` (3.x) prints with `console.error` when a commit fails (an
 * `Error` with LMDB's numeric error code, made in lmdb's writer callback).
 */
const isLmdbCommitError = (value: unknown): boolean =>
  value instanceof Error && typeof (value as { code?: unknown }).code === 'number' && /[\\/]lmdb[\\/]write\.js:/.test(value.stack ?? '')

/**
 * `lmdb` prints every failed commit's error, with its stack, on `console.error`, beside the
 * journal's line that says the same once per episode of failure (then again at each retry that
 * fails). The CLI owns its process's stderr: there those prints are dropped, and everything else
 * written through `console.error` passes. (An application that calls `serve` itself keeps them:
 * a library does not replace globals.)
 */
const dropLmdbCommitErrors = (): void => {
  const print = console.error.bind(console)
  console.error = (...args: unknown[]): void => {
    if (args.length === 1 && isLmdbCommitError(args[0])) return
    print(...args)
  }
}

/** The whole-number flags of `serve`. */
const NUMERIC_FLAGS = ['port', 'max-body-bytes', 'pool-size', 'max-connections', 'max-buffered-bytes', 'headers-timeout', 'request-timeout', 'idle-timeout']

/** How long a stop may take before the process exits anyway. */
const STOP_DEADLINE_MS = 6000


/**
 * Parses the `serve` command's arguments into {@link ServeOptions}.
 * @param args - the arguments after `serve`
 * @returns the options
 * @throws UsageError (an `Error`) for an unknown flag or a malformed value
 * @since 0.1.0
 */
export const parseServeArgs = (args: readonly string[]): ServeOptions => {
  const values = parsedFlags(() =>
    parseArgs({
      args: joinNumericValues(args, NUMERIC_FLAGS),
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
        'pool-size': { type: 'string' },
        'max-connections': { type: 'string' },
        'max-buffered-bytes': { type: 'string' },
        'headers-timeout': { type: 'string' },
        'request-timeout': { type: 'string' },
        'idle-timeout': { type: 'string' },
      },
    }).values)
  const profile = values.profile === undefined ? undefined : resolveProfile(values.profile)
  if (values.profile !== undefined && profile === undefined) throw new UsageError(`--profile must be one of ${profileNames}: ${values.profile}`)
  if (values.region !== undefined && !isRegionName(values.region)) throw new UsageError(`--region must be a Region of the aws, aws-cn or aws-us-gov partition (e.g. us-east-1, cn-north-1, us-gov-west-1): ${values.region}`)
  const envelope = values.envelope
  if (envelope !== undefined && envelope !== 'kms' && envelope !== 'seed') throw new UsageError(`--envelope must be kms or seed: ${envelope}`)
  // without a state there is nothing to seal: the key would be ignored, and the keys lost at exit
  if (values['sealing-key-file'] !== undefined && values.state === undefined) throw new UsageError('--sealing-key-file needs --state FILE: it is the key of a state database (without --state, nothing is kept)')
  return {
    ...(values.port !== undefined ? { port: integerFlag('port', values.port, 0, 65535) } : {}),
    ...(values.host !== undefined ? { host: values.host } : {}),
    ...(profile !== undefined ? { profile } : {}),
    ...(values.region !== undefined ? { region: values.region } : {}),
    ...(values.quiet === true ? { quiet: true } : {}),
    ...(envelope !== undefined ? { envelope } : {}),
    ...(values.state !== undefined ? { stateFile: values.state } : {}),
    ...(values['sealing-key-file'] !== undefined ? { sealingKeyFile: values['sealing-key-file'] } : {}),
    ...(values['max-body-bytes'] !== undefined ? { maxBodyBytes: integerFlag('max-body-bytes', values['max-body-bytes'], 1, Number.MAX_SAFE_INTEGER) } : {}),
    ...(values['pool-size'] !== undefined ? { poolSize: integerFlag('pool-size', values['pool-size'], 0, 1024) } : {}),
    ...(values['max-connections'] !== undefined ? { maxConnections: integerFlag('max-connections', values['max-connections'], 1, 1_000_000) } : {}),
    ...(values['max-buffered-bytes'] !== undefined ? { maxBufferedBytes: integerFlag('max-buffered-bytes', values['max-buffered-bytes'], 1, Number.MAX_SAFE_INTEGER) } : {}),
    ...(values['headers-timeout'] !== undefined ? { headersTimeoutMs: 1000 * integerFlag('headers-timeout', values['headers-timeout'], 1, 3600) } : {}),
    ...(values['request-timeout'] !== undefined ? { requestTimeoutMs: 1000 * integerFlag('request-timeout', values['request-timeout'], 1, 3600) } : {}),
    ...(values['idle-timeout'] !== undefined ? { idleTimeoutMs: 1000 * integerFlag('idle-timeout', values['idle-timeout'], 1, 3600) } : {}),
  }
}

/**
 * The line `serve --state` prints at start: what it found.
 * @param state - the summary of the state
 * @returns one line, e.g. `kms-key-import: state: loaded 3 keys from /srv/kms.mdb`
 * @since 0.2.0
 */
export const describeState = (state: StateSummary): string => {
  if (state.migratedFrom !== undefined) return `kms-key-import: state: migrated ${keyCount(state.keys)} from ${state.migratedFrom} (the format of 0.1.0, kept there) into ${state.path}`
  return state.created ? `kms-key-import: state: created ${state.path}` : `kms-key-import: state: loaded ${keyCount(state.keys)} from ${state.path}`
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
  if (options.stateFile !== undefined) {
    dropLmdbCommitErrors()
    // a large state takes seconds to load (≈9 s for 100,000 keys on 2 cores): say so before
    const size = largeFileSize(options.stateFile)
    if (size !== undefined) process.stderr.write(`kms-key-import: state: loading ${resolve(options.stateFile)} (${size})…\n`)
  }
  let server: RunningServer
  try {
    server = await serve(options.crypto === undefined && options.poolSize === undefined ? { ...options, poolSize: DEFAULT_POOL_SIZE } : options)
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
      // An RSA generation on a worker thread cannot be interrupted (one call into OpenSSL), and
      // Node waits for its thread before the process exits: once everything is closed, wait for
      // the generations still running, while the deadline allows
      const end = (status: number): void => {
        if (rsaGenerationsRunning() === 0) return resolve(status)
        const wait = setInterval(() => {
          if (rsaGenerationsRunning() > 0) return
          clearInterval(wait)
          resolve(status)
        }, 20)
      }
      // Whatever is still running at the deadline, the process ends by the signal it was sent (the
      // handlers are gone, so the signal's default action applies). Not by `exit`: Node joins its
      // threads first, and waits for whatever holds one — a generation's worker thread, or a commit
      // stuck in LMDB (on its writer lock, or in the disk), which holds a thread of libuv's pool
      setTimeout(() => process.kill(process.pid, signal), STOP_DEADLINE_MS).unref()
      if (options.quiet !== true) process.stderr.write(`kms-key-import: ${signal}, shutting down\n`)
      running.close().then(() => end(0), () => end(1))
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })
}
