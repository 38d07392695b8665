import { Component, type ReactNode } from 'react';
import { ErrorState } from './error-state';

const RELOAD_HINT = new Error('Try again to reload it. If the console was updated since this tab was opened, that brings the new version.');

interface Props {
  children: ReactNode;
  /** The page's path: a navigation elsewhere starts over. */
  resetKey?: string;
}

/**
 * What a page shows when it cannot be drawn. Most often its code could not be fetched: every page is
 * fetched on its first visit, and a tab opened before an update asks for files the update removed.
 * Without this the whole console would go blank.
 */
export class PageErrorBoundary extends Component<Props, { failed: boolean; resetKey?: string }> {
  override state = { failed: false, resetKey: this.props.resetKey };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  static getDerivedStateFromProps(props: Props, state: { resetKey?: string }) {
    return props.resetKey === state.resetKey ? null : { failed: false, resetKey: props.resetKey };
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return <ErrorState order={1} title="This page could not be shown" error={RELOAD_HINT} onRetry={() => window.location.reload()} />;
  }
}
