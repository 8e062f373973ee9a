/**
 * The edges whose source can be reached from a first-step node (`1_…`) through the given edges, in
 * their order. Limits and weight filters can cut a path in the middle; PostHog then drops the
 * dangling rest so every shown path starts at step 1 (paths_query_runner.py `validate_results`).
 */
export function reachableEdges<T extends { source: string; target: string }>(edges: T[]): T[] {
  const next = new Map<string, string[]>();
  const stack: string[] = [];
  for (const edge of edges) {
    const targets = next.get(edge.source) ?? [];
    targets.push(edge.target);
    next.set(edge.source, targets);
    if (edge.source.startsWith('1_')) stack.push(edge.source);
  }
  const seen = new Set<string>();
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    seen.add(node);
    for (const target of next.get(node) ?? []) if (!seen.has(target)) stack.push(target);
  }
  return edges.filter((edge) => seen.has(edge.source));
}
