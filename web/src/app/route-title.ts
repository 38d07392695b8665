import type { UIMatch } from 'react-router';

/** What a route puts in the document title, as `handle: { title }` in the router. */
export interface RouteHandle {
  title: string;
}

/** The deepest matched route's title: "Data Sources", "Users"… */
export function routeTitle(matches: UIMatch[]): string | undefined {
  for (let i = matches.length - 1; i >= 0; i--) {
    const handle = matches[i]!.handle as Partial<RouteHandle> | undefined;
    if (handle?.title) return handle.title;
  }
  return undefined;
}
