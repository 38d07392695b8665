import { Group, Pagination, Text } from '@mantine/core';

/** "25–30 of 30" and the page buttons; nothing when every data source fits on one page. */
export function HealthPagination(props: { page: number; pageSize: number; total: number; requestedPage: number; onChange: (page: number) => void }) {
  const { page, pageSize, total, requestedPage, onChange } = props;
  if (total <= pageSize) return null;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <Group justify="space-between" wrap="wrap">
      <Text size="sm" c="dimmed">
        {(page - 1) * pageSize + 1}–{Math.min(page * pageSize, total)} of{' '}
        {total}
      </Text>
      <nav aria-label="Pages">
        <Pagination
          total={pages}
          value={Math.min(requestedPage, pages)}
          onChange={onChange}
          getItemProps={(item) => ({ 'aria-label': `Page ${item}` })}
          getControlProps={(control) => ({ 'aria-label': `${control.charAt(0).toUpperCase()}${control.slice(1)} page` })}
        />
      </nav>
    </Group>
  );
}
