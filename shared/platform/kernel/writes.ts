declare const WRITES: unique symbol;

/**
 * Writes that one store hands to another, to be committed in the other's transaction (one commit, all or nothing):
 * the proposed finding of a late report goes into the report's own creation, say. Opaque outside the repositories,
 * so a use case passes them along without ever assembling a transaction itself.
 */
export type Writes = { readonly [WRITES]: true };

/** No writes to add. */
export const NO_WRITES = [] as unknown as Writes;
