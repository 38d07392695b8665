/** What the heap orders by: the due time, then the order of scheduling. */
export interface HeapNode {
  dueAt: number;
  /** Ties on dueAt are served in the order they were scheduled. */
  seq: number;
}

function before(a: HeapNode, b: HeapNode): boolean {
  return a.dueAt < b.dueAt || (a.dueAt === b.dueAt && a.seq < b.seq);
}

/** A binary min-heap of nodes, earliest dueAt (then lowest seq) on top. */
export class MinHeap<T extends HeapNode> {
  private readonly nodes: T[] = [];

  get size(): number {
    return this.nodes.length;
  }

  peek(): T | undefined {
    return this.nodes[0];
  }

  push(node: T): void {
    const nodes = this.nodes;
    nodes.push(node);
    let i = nodes.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = nodes[parent]!;
      if (!before(node, p)) break;
      nodes[i] = p;
      i = parent;
    }
    nodes[i] = node;
  }

  pop(): T | undefined {
    const nodes = this.nodes;
    const top = nodes[0];
    const last = nodes.pop();
    if (top === undefined || last === undefined || nodes.length === 0) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= nodes.length) break;
      const right = left + 1;
      let child = left;
      if (right < nodes.length && before(nodes[right]!, nodes[left]!)) child = right;
      const c = nodes[child]!;
      if (!before(c, last)) break;
      nodes[i] = c;
      i = child;
    }
    nodes[i] = last;
    return top;
  }

  /** Every node, in heap order (not sorted). */
  values(): readonly T[] {
    return this.nodes;
  }

  clear(): void {
    this.nodes.length = 0;
  }
}
