/**
 * A dialog gives focus back to whatever had it when the dialog opened. When a menu item opens the
 * dialog (Delete, Change role, Change password…), that is the menu item, which is gone by the time
 * the dialog closes, so focus would drop to <body>. Choosing a menu item therefore first focuses
 * the button that opened the menu; the dialog then returns focus there. It runs in the capture
 * phase at the document, before React's handlers, for clicks and for Enter or Space on the item.
 */
export function installMenuFocusReturn(doc: Document = document): () => void {
  const onClick = (event: MouseEvent) => {
    const item = event.target instanceof Element ? event.target.closest('[role="menuitem"]') : null;
    const menu = item?.closest('[role="menu"]');
    if (!menu?.id) return;
    doc.querySelector<HTMLElement>(`[aria-controls="${CSS.escape(menu.id)}"]`)?.focus({ preventScroll: true });
  };
  doc.addEventListener('click', onClick, true);
  return () => doc.removeEventListener('click', onClick, true);
}
