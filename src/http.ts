/**
 * `kms-key-import/http`: the emulator as a KMS-compatible HTTP endpoint (AWS JSON 1.1), for the
 * official AWS SDKs, the AWS CLI (`--endpoint-url`) and anything else that speaks KMS.
 *
 * - {@link serve}: a ready server on a port (loopback by default).
 * - {@link createRequestListener}: the `node:http` listener, to mount on a server of your own.
 * - {@link toEnvelope}: the seed document's `{"success", …}` envelope (not KMS's format).
 *
 * Request signatures are not checked: any credentials are accepted.
 *
 * @module
 */
export { serve, DEFAULT_PORT, DEFAULT_HOST, type ServeOptions, type RunningServer, type StateSummary } from './http/serve.js'
export { DEFAULT_LIMITS, serverOptionsFor, applyLimits, isRefusedConnection, type ServerLimits } from './http/limits.js'
export { createByteBudget, type ByteBudget } from './http/body.js'
export { createRequestListener, DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_BUFFERED_BYTES, type RequestListenerOptions, type KmsRequestListener } from './http/listener.js'
export { toEnvelope, envelopeCode, SeedEnvelopeCodes, type Envelope, type SuccessEnvelope, type FailureEnvelope } from './http/envelope.js'
export { HttpRefusals, ACCEPTED_MEDIA_TYPES, type HttpRefusal, type HttpRefusalId } from './http/refusals.js'
export { formatLogLine, type RequestLogEntry } from './http/log.js'
export { openStateDb, readStateDb, type StateFileOptions, type StateDb, type StateHeader, type OpenedState } from './persistence/state-db.js'
export { stateJournal, type StateJournalOptions } from './persistence/state-journal.js'
export { storeChanges, type StoreChanges } from './persistence/store-diff.js'
export { checkStateDirectory, checkStateFile, createExclusive, syncDirectory, StateLocationError } from './persistence/secure-path.js'
export type { Journal, JournalFactory, JournalShell } from './emulator/journal.js'
export { regionOfAuthorization } from './http/region.js'
