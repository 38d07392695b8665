import { describe, expect, it } from 'vitest';
import { readApiErrorBody } from './api-error';

describe('readApiErrorBody', () => {
  it('reads the error shape, details and field errors included', () => {
    const body = { error: { code: 'validation_error', message: 'Check the fields.', details: { fieldErrors: { title: ['Required'] }, current: { version: 2 } } } };
    expect(readApiErrorBody(body)).toEqual(body);
    expect(readApiErrorBody({ error: { code: 'not_found', message: 'Gone.' } })).toEqual({ error: { code: 'not_found', message: 'Gone.' } });
  });

  it.each([
    ['not an object', 'Bad gateway'],
    ['null', null],
    ['no error', { message: 'x' }],
    ['an error that is a string', { error: 'x' }],
    ['no code', { error: { message: 'x' } }],
    ['a message that is not text', { error: { code: 'x', message: 42 } }],
    ['details that are not an object', { error: { code: 'x', message: 'y', details: [] } }],
    ['field errors that are not lists of text', { error: { code: 'x', message: 'y', details: { fieldErrors: { title: 'Required' } } } }],
    ['a field message that is not text', { error: { code: 'x', message: 'y', details: { fieldErrors: { title: [1] } } } }],
  ])('refuses %s', (_case, payload) => {
    expect(readApiErrorBody(payload)).toBeUndefined();
  });
});
