/**
 * The associated data that binds a stored secret to its record and field: a ciphertext copied
 * onto another data source, or into another field, does not open. Every row of the `secrets`
 * table belongs to a data source (`owner_id`) and is named after its field (`name`).
 * The data source service seals and opens with it, and key rotation re-seals with it.
 */
export const secretAssociatedData = (dataSourceId: string, field: string) => `data_source:${dataSourceId}:${field}`;
