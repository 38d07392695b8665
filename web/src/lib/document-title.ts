import { useEffect } from 'react';

/** "Data Sources · Keyway": the page first, so tabs, history and screen readers tell pages apart. */
export function documentTitle(page: string | undefined): string {
  return page ? `${page} · Keyway` : 'Keyway';
}

export function useDocumentTitle(page: string | undefined) {
  useEffect(() => {
    document.title = documentTitle(page);
  }, [page]);
}
