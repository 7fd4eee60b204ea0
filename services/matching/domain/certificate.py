"""Compiled kernels of the exact solver: top-k pruning and the optimality certificate.

The solver (``assignment.py``) hands OR-tools only each mentee's best ``k`` candidate edges, because the
flow engine's time grows with the number of arcs while the optimum almost never uses a mentee's 30th choice.
Pruning alone would be a guess; what makes it exact is the certificate computed here: node potentials that
are shortest-path distances in the *residual network* of the pruned optimum. The residual network of an
optimal flow has no negative cycle, so the distances exist, and every residual arc then has a non-negative
reduced cost. A left-out edge whose reduced cost is non-negative as well cannot improve the flow; if every
left-out edge passes, the same potentials prove the flow optimal on the full graph (LP duality for
min-cost flow). Any edge that fails is added back and the pruned graph is solved again.

Python loops over millions of edges would cost seconds, so the kernels are numba-compiled and cached
on disk (``cache=True``): the first call in a fresh checkout compiles them, later processes load them.

Node numbering in the residual network: mentees ``0..n-1``, mentors ``n..n+m-1``, source ``n+m``,
sink ``n+m+1`` — the same flow network ``assignment.py`` gives OR-tools.
"""

from __future__ import annotations

import numpy as np
from numba import njit
from numpy.typing import NDArray

IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]


@njit(cache=True)
def top_k_mask(mentee: IntArray, weight: IntArray, n: int, k: int) -> BoolArray:  # pragma: no cover - compiled
    """Mark each mentee's ``k`` heaviest edges (ties: the earlier edge), in one pass per mentee.

    A counting sort groups edges by mentee (O(E)); a small insertion buffer per mentee keeps the best
    ``k``, which is cheaper than a global sort of millions of (mentee, weight) keys.
    """
    e_count = mentee.shape[0]
    keep = np.zeros(e_count, dtype=np.bool_)
    start = np.zeros(n + 1, dtype=np.int64)
    for e in range(e_count):
        start[mentee[e] + 1] += 1
    for i in range(n):
        start[i + 1] += start[i]
    fill = start[:-1].copy()
    by_mentee = np.empty(e_count, dtype=np.int64)
    for e in range(e_count):
        by_mentee[fill[mentee[e]]] = e
        fill[mentee[e]] += 1
    best = np.empty(k, dtype=np.int64)  # k >= 1, heaviest first
    for i in range(n):
        size = 0
        for p in range(start[i], start[i + 1]):
            e = by_mentee[p]
            if size == k and weight[e] <= weight[best[size - 1]]:
                continue
            pos = size if size < k else k - 1  # a full buffer drops its lightest edge
            while pos > 0 and weight[best[pos - 1]] < weight[e]:
                best[pos] = best[pos - 1]
                pos -= 1
            best[pos] = e
            if size < k:
                size += 1
        for q in range(size):
            keep[best[q]] = True
    return keep


@njit(cache=True)
def residual_potentials(  # pragma: no cover - compiled
    n: int,
    m: int,
    capacity: IntArray,
    mentee: IntArray,
    mentor: IntArray,
    weight: IntArray,
    used: BoolArray,
) -> IntArray:
    """Shortest-path distances in the residual network of an optimal flow (SPFA from a virtual root).

    Arcs of the flow network and their residual copies (cost of a mentee→mentor arc is ``-weight``):
    unused edge ``u→v`` (cost ``-w``); used edge ``v→u`` (``+w``); source→unmatched mentee and matched
    mentee→source (0); mentor→sink while not full, sink→mentor while loaded (0); source→sink while some
    mentee is matched and sink→source while some is not (the bypass arc that makes matching optional).
    The virtual root reaches every node at cost 0, so all distances start at 0 and only decrease.
    Raises if a node is relaxed more than ``N`` times — a negative cycle, i.e. the flow was not optimal.
    """
    nodes = n + m + 2
    src = n + m
    snk = n + m + 1
    e_count = mentee.shape[0]
    matched = np.zeros(n, dtype=np.bool_)
    load = np.zeros(m, dtype=np.int64)
    for e in range(e_count):
        if used[e]:
            matched[mentee[e]] = True
            load[mentor[e]] += 1
    matched_count = 0
    for i in range(n):
        if matched[i]:
            matched_count += 1
    # Residual arcs, at most: one per edge, one per mentee, up to two per mentor, one bypass.
    max_arcs = e_count + n + 2 * m + 1
    tail = np.empty(max_arcs, dtype=np.int64)
    head = np.empty(max_arcs, dtype=np.int64)
    cost = np.empty(max_arcs, dtype=np.int64)
    a = 0
    for e in range(e_count):
        u = mentee[e]
        v = n + mentor[e]
        if used[e]:
            tail[a], head[a], cost[a] = v, u, weight[e]
        else:
            tail[a], head[a], cost[a] = u, v, -weight[e]
        a += 1
    for i in range(n):
        if matched[i]:
            tail[a], head[a], cost[a] = i, src, 0
        else:
            tail[a], head[a], cost[a] = src, i, 0
        a += 1
    for j in range(m):
        if load[j] < capacity[j]:
            tail[a], head[a], cost[a] = n + j, snk, 0
            a += 1
        if load[j] > 0:
            tail[a], head[a], cost[a] = snk, n + j, 0
            a += 1
    if matched_count > 0:
        tail[a], head[a], cost[a] = src, snk, 0
        a += 1
    if matched_count < n:
        tail[a], head[a], cost[a] = snk, src, 0
        a += 1
    # Compressed adjacency by tail.
    first = np.zeros(nodes + 1, dtype=np.int64)
    for x in range(a):
        first[tail[x] + 1] += 1
    for x in range(nodes):
        first[x + 1] += first[x]
    fill = first[:-1].copy()
    adj_head = np.empty(a, dtype=np.int64)
    adj_cost = np.empty(a, dtype=np.int64)
    for x in range(a):
        p = fill[tail[x]]
        adj_head[p] = head[x]
        adj_cost[p] = cost[x]
        fill[tail[x]] += 1
    # SPFA with a circular FIFO queue; every node starts queued at distance 0 (the virtual root).
    dist = np.zeros(nodes, dtype=np.int64)
    queued = np.ones(nodes, dtype=np.bool_)
    passes = np.zeros(nodes, dtype=np.int64)
    queue = np.arange(nodes + 1, dtype=np.int64)
    q_head = 0
    q_len = nodes
    size = nodes + 1
    while q_len > 0:
        x = queue[q_head]
        q_head = (q_head + 1) % size
        q_len -= 1
        queued[x] = False
        dx = dist[x]
        for p in range(first[x], first[x + 1]):
            y = adj_head[p]
            nd = dx + adj_cost[p]
            if nd < dist[y]:
                dist[y] = nd
                if not queued[y]:
                    passes[y] += 1
                    if passes[y] > nodes:
                        raise ValueError("negative cycle in the residual network: the flow is not optimal")
                    queued[y] = True
                    queue[(q_head + q_len) % size] = y
                    q_len += 1
    return dist
