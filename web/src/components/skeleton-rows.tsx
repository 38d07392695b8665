import { Skeleton, Stack } from '@mantine/core';

/** Placeholder rows while a table or list loads. */
export function SkeletonRows({ count, height }: { count: number; height: number }) {
  return (
    <Stack gap="xs">
      {Array.from({ length: count }, (_, i) => (
        <Skeleton key={i} h={height} />
      ))}
    </Stack>
  );
}
