import { describe, expect, it } from 'vitest';
import { ApiError } from '@/lib/api-client';
import { dataSourceFixture } from '@/test-support/data-source';
import { conflictingDataSource } from './save-data-source';

describe('conflictingDataSource', () => {
  const current = dataSourceFixture({ title: 'Renamed', version: 2 });

  it('reads the current data source from a 409 edit_conflict', () => {
    const error = new ApiError(409, 'edit_conflict', 'Changed by someone else.', {}, { current });
    expect(conflictingDataSource(error)).toEqual(current);
  });

  it('is null for any other error, and for a conflict without a readable data source', () => {
    expect(conflictingDataSource(new ApiError(409, 'conflict', 'Name taken.', { name: ['Taken'] }, { current }))).toBeNull();
    expect(conflictingDataSource(new ApiError(409, 'edit_conflict', 'Changed.', {}, { current: { id: 'ds1' } }))).toBeNull();
    expect(conflictingDataSource(new Error('edit_conflict'))).toBeNull();
  });
});
