import type { TestReceipts } from '../../connectivity/test-receipt';
import { unprocessable } from '../../errors';
import { withoutSecrets } from '@keyway/shared';
import type { ConnectionValues } from './datasource-secrets';

/**
 * Test receipts for data sources: what a receipt proves (the connection values, the host in any
 * case, and which secret by its `ref`), and the check that Create and Save make with it.
 */
export function createDataSourceReceipts(receipts: TestReceipts) {
  const fingerprint = (values: ConnectionValues, secretRef: string) =>
    receipts.fingerprint(
      { scheme: values.scheme, host: values.host.toLowerCase(), basePath: values.basePath, auth: withoutSecrets(values.auth) },
      secretRef,
    );

  return {
    fingerprint,

    /** A receipt for a successful test of these values, by this user. */
    issue(userId: string, values: ConnectionValues, secretRef: string, testedAt: string): string {
      return receipts.issue({ userId, fingerprint: fingerprint(values, secretRef), testedAt });
    },

    /** When these values were tested, or a 422 without a receipt that proves it for this user. */
    require(receipt: string | undefined, userId: string, values: ConnectionValues, secretRef: string): string {
      const verified = receipt ? receipts.verify(receipt, { userId, fingerprint: fingerprint(values, secretRef) }) : null;
      if (!verified) {
        throw unprocessable(
          'test_required',
          'Test the connection with these exact values before saving. Test Connection must succeed after the last change.',
        );
      }
      return verified.testedAt;
    },
  };
}
