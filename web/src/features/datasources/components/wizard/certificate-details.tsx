import { Button, Code, DataList, Paper, Stack, Text } from '@mantine/core';
import { IconCertificate, IconDownload } from '@tabler/icons-react';
import { Fragment } from 'react';
import type { Certificate } from '@keyway/shared';
import { downloadText } from '@/lib/download';
import { formatDateTime } from '@/lib/format';

/** Where the certificate goes in Salesforce, and what else the JWT bearer flow needs there. */
export const UPLOAD_INSTRUCTIONS =
  'In Salesforce Setup, edit the connected app, select Use digital signatures, and upload this certificate. Then pre-authorize the user (Manage > Edit Policies > Admin approved users are pre-authorized, and add their profile or permission set).';

/** A colon-separated fingerprint that wraps only between bytes, as Salesforce shows it. */
function Fingerprint({ value }: { value: string }) {
  const bytes = value.split(':');
  return bytes.map((byte, index) => (
    <Fragment key={index}>
      {index < bytes.length - 1 ? `${byte}:` : byte}
      <wbr />
    </Fragment>
  ));
}

/**
 * A certificate Keyway generated: what Salesforce shows for it once uploaded (subject, SHA-256
 * fingerprint, expiry) and a download of the PEM as `<fileName>.crt`. Public: no private key here.
 */
export function CertificateDetails({ certificate, fileName, title, children }: { certificate: Certificate; fileName: string; title: string; children?: React.ReactNode }) {
  return (
    <Paper withBorder radius="md" p="sm" aria-label={title} component="section">
      <Stack gap="sm">
        <Text fw={600} size="sm" style={{ display: 'flex', alignItems: 'center', gap: 6 }}>
          <IconCertificate size={18} aria-hidden /> {title}
        </Text>
        <DataList size="sm" gap={6} orientation="vertical">
          <DataList.Item>
            <DataList.ItemLabel>Subject</DataList.ItemLabel>
            <DataList.ItemValue style={{ overflowWrap: 'anywhere' }}>{certificate.subject}</DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>SHA-256 fingerprint</DataList.ItemLabel>
            <DataList.ItemValue>
              <Code>
                <Fingerprint value={certificate.sha256} />
              </Code>
            </DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>Expires</DataList.ItemLabel>
            <DataList.ItemValue>{formatDateTime(certificate.notAfter)}</DataList.ItemValue>
          </DataList.Item>
        </DataList>
        <div>
          <Button variant="default" leftSection={<IconDownload size={16} />} onClick={() => downloadText(`${fileName}.crt`, certificate.pem, 'application/x-x509-ca-cert')}>
            Download certificate (.crt)
          </Button>
        </div>
        {children}
      </Stack>
    </Paper>
  );
}
