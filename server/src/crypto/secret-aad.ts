/**
 * The associated data that binds a stored secret to its record and field: a ciphertext copied
 * onto another data source, or into another field, does not open. Every row of the `secrets`
 * table belongs to a data source (`owner_id`) and is named after its field (`name`).
 *
 * datasources.service.ts builds the same string for its own seals and opens (its `secretAad`);
 * key-rotation.test.ts checks, through that service, that the two agree.
 */
export const secretAssociatedData = (dataSourceId: string, field: string) => `data_source:${dataSourceId}:${field}`;
