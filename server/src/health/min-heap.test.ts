import { describe, expect, it } from 'vitest';
import { MinHeap, type HeapNode } from './min-heap';

interface Node extends HeapNode {
  name: string;
}

function drain<T extends HeapNode>(heap: MinHeap<T>): T[] {
  const out: T[] = [];
  for (let node = heap.pop(); node !== undefined; node = heap.pop()) out.push(node);
  return out;
}

describe('MinHeap', () => {
  it('pops in dueAt order whatever order the nodes were pushed in, until it is empty', () => {
    const heap = new MinHeap<Node>();
    const dues = [50, 10, 40, 30, 20, 0, 70, 60, 5, 45];
    dues.forEach((dueAt, seq) => heap.push({ dueAt, seq, name: `n${dueAt}` }));
    expect(heap.size).toBe(dues.length);
    expect(heap.peek()?.dueAt).toBe(0);

    expect(drain(heap).map((n) => n.dueAt)).toEqual([...dues].sort((a, b) => a - b));
    expect(heap.size).toBe(0);
    expect(heap.peek()).toBeUndefined();
    expect(heap.pop()).toBeUndefined();
  });

  it('breaks ties on dueAt by seq, the order they were scheduled in', () => {
    const heap = new MinHeap<Node>();
    heap.push({ dueAt: 10, seq: 3, name: 'third' });
    heap.push({ dueAt: 10, seq: 1, name: 'first' });
    heap.push({ dueAt: 5, seq: 4, name: 'earlier' });
    heap.push({ dueAt: 10, seq: 2, name: 'second' });
    expect(drain(heap).map((n) => n.name)).toEqual(['earlier', 'first', 'second', 'third']);
  });

  it('stays ordered through pushes between pops, and clear() empties it', () => {
    const heap = new MinHeap<Node>();
    let seq = 0;
    // A deterministic shuffle of 0..199, pushed and popped interleaved.
    const dues = Array.from({ length: 200 }, (_, i) => (i * 73) % 200);
    const popped: number[] = [];
    for (const dueAt of dues) {
      heap.push({ dueAt, seq: seq++, name: '' });
      if (seq % 3 === 0) popped.push(heap.pop()!.dueAt);
    }
    const rest = drain(heap).map((n) => n.dueAt);
    expect(rest).toEqual([...rest].sort((a, b) => a - b));
    expect([...popped, ...rest].sort((a, b) => a - b)).toEqual([...dues].sort((a, b) => a - b));

    heap.push({ dueAt: 1, seq: seq++, name: '' });
    expect(heap.values()).toHaveLength(1);
    heap.clear();
    expect(heap.size).toBe(0);
    expect(heap.pop()).toBeUndefined();
  });
});
