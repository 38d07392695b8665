import express, { type Request, type Router } from 'express';
import { sendNotFound } from '../http-errors';
import type { OrgState } from '../org-state';

/**
 * The REST data API under /services/data: its versions, one version's resources and the global
 * sobjects list, for a live access token; and the faults the controls inject.
 */

// Ascending, as Salesforce lists them; the last one is current.
const VERSIONS: ReadonlyArray<readonly [string, string]> = [
  ['60.0', "Spring '24"],
  ['61.0', "Summer '24"],
  ['62.0', "Winter '25"],
  ['63.0', "Spring '25"],
  ['64.0', "Summer '25"],
  ['65.0', "Winter '26"],
];

const SOBJECTS: ReadonlyArray<readonly [name: string, plural: string, keyPrefix: string]> = [
  ['Account', 'Accounts', '001'],
  ['Contact', 'Contacts', '003'],
  ['Lead', 'Leads', '00Q'],
  ['Opportunity', 'Opportunities', '006'],
  ['Case', 'Cases', '500'],
  ['User', 'Users', '005'],
];

function bearerToken(req: Request): string | null {
  // Salesforce accepts its historical "OAuth" scheme as well as "Bearer".
  const match = /^(?:Bearer|OAuth)\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
  return match?.[1] ?? null;
}

function apiErrorCode(status: number): string {
  switch (status) {
    case 401:
      return 'INVALID_SESSION_ID';
    case 403:
      return 'REQUEST_LIMIT_EXCEEDED';
    case 404:
      return 'NOT_FOUND';
    case 503:
      return 'SERVER_UNAVAILABLE';
    default:
      return 'UNKNOWN_EXCEPTION';
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Mounted at /services/data. */
export function dataRoutes(org: OrgState): Router {
  const data = express.Router();
  data.use(async (req, res, next) => {
    if (org.apiDelayMs > 0) await sleep(org.apiDelayMs);
    const status = org.apiFailure ?? (org.activeTokens.has(bearerToken(req) ?? '') ? null : 401);
    if (status === null) return next();
    if (status === 401) res.set('WWW-Authenticate', 'Token');
    const message = status === 401 ? 'Session expired or invalid' : 'injected sandbox failure';
    res.status(status).json([{ message, errorCode: apiErrorCode(status) }]);
  });
  data.get('/', (_req, res) => {
    res.json(VERSIONS.map(([version, label]) => ({ label, url: `/services/data/v${version}`, version })));
  });
  const knownVersion = (v: string | undefined) => VERSIONS.some(([version]) => `v${version}` === v);
  data.get('/:version', (req, res, next) => {
    const v = req.params.version;
    if (!knownVersion(v)) return next();
    const base = `/services/data/${v}`;
    const names = ['tooling', 'metadata', 'eclair', 'folders', 'sobjects', 'query', 'queryAll', 'search', 'limits', 'recent', 'composite'];
    res.json(Object.fromEntries(names.map((name) => [name, `${base}/${name}`])));
  });
  data.get('/:version/sobjects', (req, res, next) => {
    const v = req.params.version;
    if (!knownVersion(v)) return next();
    const sobjects = SOBJECTS.map(([name, labelPlural, keyPrefix]) => {
      const url = `/services/data/${v}/sobjects/${name}`;
      return {
        name,
        label: name,
        labelPlural,
        keyPrefix,
        custom: false,
        queryable: true,
        createable: name !== 'User',
        updateable: true,
        deletable: name !== 'User',
        urls: { sobject: url, describe: `${url}/describe`, rowTemplate: `${url}/{ID}` },
      };
    });
    res.json({ encoding: 'UTF-8', maxBatchSize: 200, sobjects });
  });
  data.use((_req, res) => sendNotFound(res));
  return data;
}
