/**
 * Saves `text` as a file named `fileName`, from a Blob made here: nothing is fetched, and the
 * object URL is revoked once the browser has it.
 */
export function downloadText(fileName: string, text: string, type = 'text/plain'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later, not at once: a browser may still be reading the Blob when click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 40_000);
}
