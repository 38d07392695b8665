import { Group, Pagination } from '@mantine/core';
import { AUDIT_PAGE_SIZE } from '../api/get-audit-events';

const PAGE_CONTROL_LABELS = { first: 'First page', previous: 'Previous page', next: 'Next page', last: 'Last page' } as const;

/** Nothing when every entry fits on one page. */
export function AuditPagination({ total, page, onChange }: { total: number; page: number; onChange: (page: number) => void }) {
  const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
  if (pages <= 1) return null;
  return (
    // A named navigation region: a name on Pagination's own <div> would be ignored (it has no role).
    <Group component="nav" aria-label="Audit log pages" justify="center" mt="md">
      <Pagination
        total={pages}
        value={page}
        onChange={onChange}
        // Mantine's arrows are bare icons: without these names a screen reader hears only "button".
        getControlProps={(control) => ({ 'aria-label': PAGE_CONTROL_LABELS[control] })}
      />
    </Group>
  );
}
