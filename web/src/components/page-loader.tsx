import { Center, Loader } from '@mantine/core';

/** The whole page while there is nothing to show yet: the session being asked for, the console loading. */
export function PageLoader() {
  return (
    <Center component="main" mih="100vh">
      <Loader aria-label="Loading" />
    </Center>
  );
}
