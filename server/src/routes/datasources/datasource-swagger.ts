import { descriptionTooLargeMessage, type DataSourceInput } from '@keyway/shared';
import type { DataSourcesTable } from '../../db/schema';
import { AppError, validationError } from '../../errors';
import { readDescription } from '../swagger/description-reader';

/**
 * Reads the Swagger / OpenAPI description a data source is saved with: one larger than
 * `maxBytes` (SWAGGER_MAX_BYTES) is refused with 413 before it is parsed; one that cannot be
 * read is refused with what is wrong and where.
 */
export async function readSwagger(document: string, fileName: string, maxBytes: number) {
  const bytes = Buffer.byteLength(document, 'utf8');
  if (bytes > maxBytes) {
    const message = descriptionTooLargeMessage(bytes, maxBytes);
    throw new AppError(413, 'swagger_too_large', `The Swagger file cannot be used: ${message}`, {
      fieldErrors: { 'swagger.document': [message] },
    });
  }
  const result = await readDescription(document, fileName || undefined, maxBytes);
  if (!result.ok) {
    const where = result.problem.line ? ` (line ${result.problem.line}${result.problem.column ? `, column ${result.problem.column}` : ''})` : '';
    throw validationError(`The Swagger file cannot be used: ${result.problem.message}${where}`, {
      'swagger.document': [`${result.problem.message}${where}`],
    });
  }
  return result.summary;
}

/** The columns a save writes for the wizard's Swagger values, what was read from the description included. */
export async function swaggerColumns(input: DataSourceInput, maxBytes: number) {
  const summary = await readSwagger(input.swagger.document, input.swagger.source === 'file' ? input.swagger.fileName : '', maxBytes);
  return {
    swagger_source: input.swagger.source,
    swagger_url: input.swagger.source === 'url' ? input.swagger.url : '',
    swagger_file_name: input.swagger.source === 'file' ? input.swagger.fileName : '',
    swagger_document: input.swagger.document,
    swagger_format: summary.format,
    api_title: summary.title,
    api_version: summary.version,
    operation_count: summary.operationCount,
  } satisfies Partial<DataSourcesTable>;
}
