import type { Response } from 'express';

export function isHttpErrorStatus(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 400 && value <= 599;
}

/** Salesforce's answer for a path it does not have, in its REST error shape. */
export function sendNotFound(res: Response): void {
  res.status(404).json([{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
}
