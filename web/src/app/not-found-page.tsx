import { Button, Group } from '@mantine/core';
import { IconMapQuestion } from '@tabler/icons-react';
import { Link, useLocation } from 'react-router';
import { EmptyState } from '@/components/empty-state';
import { paths } from '@/lib/paths';

/** An address the console does not have: said plainly, with the way back, instead of another page in its place. */
export function NotFoundPage() {
  const { pathname } = useLocation();
  return (
    <EmptyState
      order={1}
      icon={<IconMapQuestion size={30} />}
      title="Page not found"
      action={
        <Group justify="center" mt="xs">
          <Button component={Link} to={paths.health()}>
            Go to Health
          </Button>
          <Button component={Link} to={paths.dataSources()} variant="default">
            Data Sources
          </Button>
        </Group>
      }
    >
      The console has no page at {pathname}. The link may be old, or the address mistyped.
    </EmptyState>
  );
}
