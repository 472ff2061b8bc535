/**
 * Events the model emits for embedders who log, named after the CloudTrail events AWS records.
 *
 * @module
 */
import type { KeyArn, KeyId } from './ids.js'

/** Imported material whose `ValidTo` passed was deleted (CloudTrail `DeleteExpiredKeyMaterial`). @since 0.1.0 */
export interface DeleteExpiredKeyMaterialEvent {
  /** The CloudTrail event name. */
  readonly eventName: 'DeleteExpiredKeyMaterial'
  /** The key whose material expired. */
  readonly keyId: KeyId
  /** Its ARN. */
  readonly keyArn: KeyArn
  /** The material that expired (its id stays on the key, for reimport). */
  readonly keyMaterialId: string
  /** Epoch milliseconds: the material's `ValidTo`, the instant it expired. */
  readonly eventTime: number
}

/** A key whose deletion waiting period ended was deleted (CloudTrail `DeleteKey`). @since 0.1.0 */
export interface DeleteKeyEvent {
  /** The CloudTrail event name. */
  readonly eventName: 'DeleteKey'
  /** The deleted key. */
  readonly keyId: KeyId
  /** Its ARN. */
  readonly keyArn: KeyArn
  /** Epoch milliseconds: the key's `DeletionDate`. */
  readonly eventTime: number
}

/** Any event of the model. @since 0.1.0 */
export type KmsEvent = DeleteExpiredKeyMaterialEvent | DeleteKeyEvent
