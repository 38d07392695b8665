/**
 * A queue for check-then-write sequences: each piece of work starts when the one before it has
 * settled, so two requests cannot both pass the check before either writes. It serialises within
 * this process only (see README: one console per database).
 */
export function serialQueue(): <T>(work: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(work: () => Promise<T>): Promise<T> => {
    const run = tail.then(work, work);
    tail = run.catch(() => undefined);
    return run;
  };
}
