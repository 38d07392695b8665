import {
  DescriptionError,
  describeValue,
  fail,
  formatPath,
  getOwn,
  isDocumentObject,
} from './document-values';
import type { DocumentObject, DocumentPath } from './document-values';
import {
  API_DESCRIPTION_MAX_BYTES,
  descriptionTooLargeMessage,
  utf8ByteLength,
} from './description-size';
import { openApiEndpoint, swaggerEndpoint } from './endpoint';
import { leniently } from './lenient';
import { externalReferenceWarning } from './references';
import { parseSource } from './yaml-source';
import type { SourceDocument, SourceProblem } from './yaml-source';

export type ApiDescriptionFormat = 'swagger-2.0' | 'openapi-3.0' | 'openapi-3.1';

export interface ApiDescriptionSummary {
  format: ApiDescriptionFormat;
  /** info.title */
  title: string;
  /** info.version, as written in the file even when it is a number */
  version: string;
  /** HTTP operations under paths */
  operationCount: number;
  /** '' when the description does not say */
  scheme: 'http' | 'https' | '';
  /** host[:port]; '' when the description does not say */
  host: string;
  /** Starts with '/', no trailing slash except for the root '/' */
  basePath: string;
  /** Plain sentences about fields that had to be guessed or left for the user */
  warnings: string[];
}

export interface ApiDescriptionProblem {
  /** Plain language, for a person */
  message: string;
  /** Where in the document, e.g. "info.title", "servers[0].url", "paths./pets.get" */
  path?: string;
  /** 1-based */
  line?: number;
  /** 1-based */
  column?: number;
}

export type ReadApiDescriptionResult =
  | { ok: true; summary: ApiDescriptionSummary }
  | { ok: false; problem: ApiDescriptionProblem };

export {
  API_DESCRIPTION_MAX_BYTES,
  API_DESCRIPTION_MAX_BYTES_CEILING,
  descriptionTooLargeMessage,
  formatByteSize,
} from './description-size';

export interface ReadApiDescriptionOptions {
  /** Larger text is refused before it is parsed; the server's SWAGGER_MAX_BYTES, 25 MB by default. */
  maxBytes?: number;
}

export const API_DESCRIPTION_EXTENSIONS = ['.json', '.yaml', '.yml'] as const;

const SUPPORTED_FORMATS = 'Keyway supports Swagger 2.0, OpenAPI 3.0 and 3.1.';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/**
 * Reads a Swagger 2.0 or OpenAPI 3.0/3.1 description (JSON or YAML, told apart
 * by content) and summarises what is needed to connect to the API. Never
 * throws: every input, however malformed, gives a result a person can read.
 */
export function readApiDescription(
  text: string,
  fileName?: string,
  options: ReadApiDescriptionOptions = {},
): ReadApiDescriptionResult {
  try {
    return read(text, fileName, options.maxBytes ?? API_DESCRIPTION_MAX_BYTES);
  } catch (error) {
    // Unexpected by design, but a bad upload must show a message, not break the page or the request.
    const detail = error instanceof Error ? error.message : String(error);
    return failure({ message: `The file could not be read: ${detail}` });
  }
}

// Parameters are `unknown` because callers in plain JavaScript (or JSON bodies) may pass anything.
function read(text: unknown, fileName: unknown, maxBytes: number): ReadApiDescriptionResult {
  if (typeof text !== 'string') return failure({ message: 'The file has no text to read.' });
  const upfront = fileNameProblem(fileName) ?? contentProblem(text, maxBytes);
  if (upfront) return failure(upfront);

  const parsed = parseSource(text);
  if (!parsed.ok) return failure(sourceProblem(parsed.problem));

  try {
    return { ok: true, summary: summarize(parsed.document) };
  } catch (error) {
    if (error instanceof DescriptionError) return failure(locate(error, parsed.document));
    throw error;
  }
}

function failure(problem: ApiDescriptionProblem): ReadApiDescriptionResult {
  return { ok: false, problem };
}

function fileNameProblem(fileName: unknown): ApiDescriptionProblem | undefined {
  if (typeof fileName !== 'string') return undefined;
  const name = fileName.trim().toLowerCase();
  if (API_DESCRIPTION_EXTENSIONS.some((extension) => name.endsWith(extension))) return undefined;
  return { message: `Choose a .json, .yaml or .yml file (${JSON.stringify(fileName)} is not one).` };
}

function contentProblem(text: string, maxBytes: number): ApiDescriptionProblem | undefined {
  const bytes = utf8ByteLength(text);
  if (bytes > maxBytes) return { message: descriptionTooLargeMessage(bytes, maxBytes) };
  if (text.replace(/^\uFEFF/, '').trim() === '') return { message: 'The file is empty.' };
  return undefined;
}

function sourceProblem({ message, position }: SourceProblem): ApiDescriptionProblem {
  return position ? { message, line: position.line, column: position.column } : { message };
}

function locate(error: DescriptionError, document: SourceDocument): ApiDescriptionProblem {
  const problem: ApiDescriptionProblem = { message: error.message };
  if (error.path.length > 0) problem.path = formatPath(error.path);
  const position = document.positionOf(error.path);
  if (position) {
    problem.line = position.line;
    problem.column = position.column;
  }
  return problem;
}

function summarize(document: SourceDocument): ApiDescriptionSummary {
  const root = document.value;
  if (!isDocumentObject(root)) {
    fail(
      [],
      `The file must contain an object with fields such as info and paths at the top level; found ${describeValue(root)}.`,
    );
  }
  const format = detectFormat(root, document);
  // Only what makes the file unusable stops here (above). Published descriptions are often loose
  // about the rest: what cannot be read is left blank, said in a warning, for the person to fill.
  const warnings: string[] = [];
  // Finding a position costs a careful reading of a quickly read JSON file: only for a problem.
  const locate = (path: DocumentPath) => document.positionOf(path);
  const info = leniently(warnings, () => infoOf(root), undefined, 'The API title and version are left blank.', locate);
  const title = info ? leniently(warnings, () => readTitle(info), '', 'The API title is left blank.', locate) : '';
  const version = info ? leniently(warnings, () => readVersion(info, document), '', 'The API version is left blank.', locate) : '';
  const operationCount = leniently(warnings, () => countOperations(root, format), 0, 'Its operations were not counted.', locate);
  const endpoint = format === 'swagger-2.0' ? swaggerEndpoint(root, locate) : openApiEndpoint(root, locate);
  const references = externalReferenceWarning(root, { tree: document.tree });
  if (references) endpoint.warnings.push(references);
  return { format, title, version, operationCount, ...endpoint, warnings: [...warnings, ...endpoint.warnings] };
}

function detectFormat(root: DocumentObject, document: SourceDocument): ApiDescriptionFormat {
  const openapi = getOwn(root, 'openapi');
  if (openapi !== undefined) {
    if (typeof openapi === 'string' && /^3\.0\.\d+$/.test(openapi)) return 'openapi-3.0';
    if (typeof openapi === 'string' && /^3\.1\.\d+$/.test(openapi)) return 'openapi-3.1';
    const found = describeValue(openapi, document.scalarSourceAt(['openapi']));
    const hint = typeof openapi === 'number' ? ' (write the version as text, such as "3.0.3")' : '';
    fail(['openapi'], `openapi is ${found}, which is not supported${hint}. ${SUPPORTED_FORMATS}`);
  }
  const swagger = getOwn(root, 'swagger');
  if (swagger !== undefined) {
    if (swagger === '2.0' || swagger === 2) return 'swagger-2.0';
    const found = describeValue(swagger, document.scalarSourceAt(['swagger']));
    fail(['swagger'], `swagger is ${found}, which is not supported. ${SUPPORTED_FORMATS}`);
  }
  fail(
    [],
    `Neither swagger nor openapi is set, so this does not look like an API description. ${SUPPORTED_FORMATS}`,
  );
}

function infoOf(root: DocumentObject): DocumentObject {
  const info = getOwn(root, 'info');
  if (info === undefined) fail(['info'], 'info is missing; it gives the API title and version.');
  if (!isDocumentObject(info)) {
    fail(['info'], `info must be an object with title and version; found ${describeValue(info)}.`);
  }
  return info;
}

function readTitle(info: DocumentObject): string {
  const title = getOwn(info, 'title');
  if (title === undefined) fail(['info', 'title'], 'info.title is missing.');
  if (typeof title !== 'string') {
    fail(['info', 'title'], `info.title must be text; found ${describeValue(title)}.`);
  }
  if (title.trim() === '') fail(['info', 'title'], 'info.title is empty.');
  return title.trim();
}

function readVersion(info: DocumentObject, document: SourceDocument): string {
  const versionPath: DocumentPath = ['info', 'version'];
  const version = getOwn(info, 'version');
  if (version === undefined) fail(versionPath, 'info.version is missing.');
  if (typeof version === 'string') return version;
  // 1.10 written as a number reads back as 1.1: the text as written is the version.
  if (typeof version === 'number') return document.scalarSourceAt(versionPath) ?? String(version);
  fail(versionPath, `info.version must be text or a number; found ${describeValue(version)}.`);
}

function countOperations(root: DocumentObject, format: ApiDescriptionFormat): number {
  const paths = getOwn(root, 'paths');
  if (paths === undefined) {
    // OpenAPI 3.1 allows a description made only of webhooks or shared components.
    const pathsOptional =
      format === 'openapi-3.1' && (Object.hasOwn(root, 'webhooks') || Object.hasOwn(root, 'components'));
    if (pathsOptional) return 0;
    fail(
      ['paths'],
      format === 'openapi-3.1'
        ? 'paths is missing; an OpenAPI 3.1 description needs paths, webhooks or components.'
        : 'paths is missing.',
    );
  }
  if (!isDocumentObject(paths)) {
    fail(['paths'], `paths must be an object; found ${describeValue(paths)}.`);
  }

  let count = 0;
  for (const [route, pathItem] of Object.entries(paths)) {
    if (route.startsWith('x-')) continue;
    const itemPath: DocumentPath = ['paths', route];
    if (!isDocumentObject(pathItem)) {
      fail(itemPath, `${formatPath(itemPath)} must be an object; found ${describeValue(pathItem)}.`);
    }
    for (const method of HTTP_METHODS) {
      const operation = getOwn(pathItem, method);
      if (operation === undefined) continue;
      if (!isDocumentObject(operation)) {
        const operationPath: DocumentPath = [...itemPath, method];
        fail(
          operationPath,
          `${formatPath(operationPath)} must be an object describing the operation; found ${describeValue(operation)}.`,
        );
      }
      count++;
    }
  }
  return count;
}
