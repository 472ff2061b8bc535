/**
 * The shape of AWS's service model as the protocol layer reads it: operations with their input
 * and output shapes, and shapes with their constraints (the subset of botocore's `service-2.json`
 * the wire needs). The data itself is generated from the vendored model into
 * `generated/kms-model.ts`.
 *
 * @module
 */

/** Constraints a string, blob, list, map or number may carry. @internal */
interface Bounded {
  /** Least length (strings, blobs, lists, maps) or value (integers). */
  readonly min?: number
  /** Greatest length or value. */
  readonly max?: number
}

/**
 * One shape of the model.
 * @internal
 */
export type ModelShape =
  | ({ readonly type: 'string'; readonly pattern?: string; readonly enum?: readonly string[]; readonly sensitive?: boolean } & Bounded)
  | ({ readonly type: 'blob'; readonly sensitive?: boolean } & Bounded)
  | ({ readonly type: 'integer' | 'long' } & Bounded)
  | { readonly type: 'boolean' }
  | { readonly type: 'timestamp' }
  | ({ readonly type: 'list'; readonly member: string } & Bounded)
  | ({ readonly type: 'map'; readonly key: string; readonly value: string } & Bounded)
  | {
    readonly type: 'structure'
    /** Member name → shape name, in the model's order. */
    readonly members: Readonly<Record<string, string>>
    readonly required?: readonly string[]
    readonly sensitive?: boolean
  }

/**
 * One operation of the model.
 * @internal
 */
export interface ModelOperation {
  /** The input shape, absent when the operation takes no members. */
  readonly input?: string
  /** The output shape, absent when the operation answers no members. */
  readonly output?: string
}

/**
 * The model: the target prefix, the operations and the shapes they use.
 * @internal
 */
export interface ServiceModel {
  /** `TrentService`. */
  readonly targetPrefix: string
  /** The API version, `2014-11-01`. */
  readonly apiVersion: string
  /** Operations by name. */
  readonly operations: Readonly<Record<string, ModelOperation>>
  /** Shapes by name. */
  readonly shapes: Readonly<Record<string, ModelShape>>
}
