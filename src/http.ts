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
export { serve, DEFAULT_PORT, DEFAULT_HOST, type ServeOptions, type RunningServer } from './http/serve.js'
export { createRequestListener, DEFAULT_MAX_BODY_BYTES, type RequestListenerOptions, type KmsRequestListener } from './http/listener.js'
export { toEnvelope, envelopeCode, SeedEnvelopeCodes, type Envelope, type SuccessEnvelope, type FailureEnvelope } from './http/envelope.js'
export { HttpRefusals, ACCEPTED_MEDIA_TYPES, type HttpRefusal, type HttpRefusalId } from './http/refusals.js'
export { formatLogLine, type RequestLogEntry } from './http/log.js'
export { loadStateFile, createStateWriter, type StateFileOptions, type StateWriter } from './persistence/state-file.js'
export { regionOfAuthorization } from './http/region.js'
