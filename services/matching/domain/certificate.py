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

Node numbering in the residual network: mentees ``0..n-1``, mentors ``n..n+m-1``, sink ``n+m`` — the
same flow network ``assignment.py`` gives OR-tools.
"""

from __future__ import annotations

import numpy as np
from numba import njit
from numpy.typing import NDArray

IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]


@njit(cache=True)
def _kth_largest(values: IntArray, size: int, kth: int) -> int:  # pragma: no cover - compiled
    """Quickselect in place on ``values[:size]`` (no allocation: it runs once per mentee and per mentor)."""
    lo, hi, target = 0, size - 1, kth - 1  # index of the answer in descending order
    while lo < hi:
        mid = (lo + hi) // 2
        a, b, c = values[lo], values[mid], values[hi]
        pivot = max(min(a, b), min(max(a, b), c))  # median of three
        i, j = lo, hi
        while i <= j:
            while values[i] > pivot:
                i += 1
            while values[j] < pivot:
                j -= 1
            if i <= j:
                values[i], values[j] = values[j], values[i]
                i += 1
                j -= 1
        if target <= j:
            hi = j
        elif target >= i:
            lo = i
        else:
            break
    return int(values[target])


@njit(cache=True)
def top_k_mask(group: IntArray, weight: IntArray, k: IntArray) -> BoolArray:  # pragma: no cover - compiled
    """Mark the ``k[g]`` heaviest edges of each group ``g`` (ties: the earlier edge), in one pass per group.

    Groups are mentees (their best choices) or mentors (their best-suited mentees). A counting sort groups
    the edges and a selection per group finds its ``k``-th weight, O(E) in all: cheaper than a global sort
    of millions of (group, weight) keys, and than insertion into a buffer when ``k`` is in the tens.
    """
    groups = k.shape[0]
    e_count = group.shape[0]
    keep = np.zeros(e_count, dtype=np.bool_)
    start = np.zeros(groups + 1, dtype=np.int64)
    for e in range(e_count):
        start[group[e] + 1] += 1
    for g in range(groups):
        start[g + 1] += start[g]
    grouped = True  # edges usually arrive listed mentee by mentee: then no counting sort is needed
    for e in range(1, e_count):
        if group[e] < group[e - 1]:
            grouped = False
            break
    if grouped:
        by_group = np.arange(e_count)
    else:
        fill = start[:-1].copy()
        by_group = np.empty(e_count, dtype=np.int64)
        for e in range(e_count):
            by_group[fill[group[e]]] = e
            fill[group[e]] += 1
    values = np.empty(max(int(np.diff(start).max()), 1) if groups else 1, dtype=np.int64)
    for g in range(groups):
        kg = k[g]
        size = start[g + 1] - start[g]
        if kg <= 0 or size == 0:
            continue
        if size <= kg:
            for p in range(start[g], start[g + 1]):
                keep[by_group[p]] = True
            continue
        # The kg-th heaviest weight by selection (O(size)); strictly heavier edges stay, ties fill up in order.
        for q in range(size):
            values[q] = weight[by_group[start[g] + q]]
        threshold = _kth_largest(values, size, kg)
        ties = kg
        for p in range(start[g], start[g + 1]):
            if weight[by_group[p]] > threshold:
                ties -= 1
        for p in range(start[g], start[g + 1]):
            e = by_group[p]
            if weight[e] > threshold:
                keep[e] = True
            elif weight[e] == threshold and ties > 0:
                keep[e] = True
                ties -= 1
    return keep


@njit(cache=True)
def failing_edges(keep: BoolArray, mentee: IntArray, mentor: IntArray, weight: IntArray, dist: IntArray,
                  n: int) -> tuple[IntArray, IntArray]:  # pragma: no cover - compiled
    """Left-out edges with a negative reduced cost ``-w + d(u) - d(v)``, and that cost: one pass, no temporaries."""
    count = 0
    for e in range(keep.shape[0]):
        if not keep[e] and dist[mentee[e]] - dist[n + mentor[e]] < weight[e]:
            count += 1
    failing = np.empty(count, dtype=np.int64)
    reduced = np.empty(count, dtype=np.int64)
    count = 0
    for e in range(keep.shape[0]):
        if not keep[e]:
            r = dist[mentee[e]] - dist[n + mentor[e]] - weight[e]
            if r < 0:
                failing[count] = e
                reduced[count] = r
                count += 1
    return failing, reduced


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

    Residual arcs of the flow network (each mentee supplies one unit; a mentee→mentor arc costs ``-weight``;
    a mentee's own arc to the sink, cost 0, is "unmatched"): unused edge ``u→v`` (cost ``-w``), used edge
    ``v→u`` (``+w``); matched mentee→sink and sink→unmatched mentee (0); mentor→sink while not full and
    sink→mentor while loaded (0). The virtual root reaches every node at cost 0, so all distances start
    at 0 and only decrease.
    Raises if a node is relaxed more than ``N`` times — a negative cycle, i.e. the flow was not optimal.
    """
    nodes = n + m + 1
    snk = n + m
    e_count = mentee.shape[0]
    matched = np.zeros(n, dtype=np.bool_)
    load = np.zeros(m, dtype=np.int64)
    for e in range(e_count):
        if used[e]:
            matched[mentee[e]] = True
            load[mentor[e]] += 1
    # Residual arcs, at most: one per edge, one per mentee, two per mentor.
    max_arcs = e_count + n + 2 * m
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
            tail[a], head[a], cost[a] = i, snk, 0
        else:
            tail[a], head[a], cost[a] = snk, i, 0
        a += 1
    for j in range(m):
        if load[j] < capacity[j]:
            tail[a], head[a], cost[a] = n + j, snk, 0
            a += 1
        if load[j] > 0:
            tail[a], head[a], cost[a] = snk, n + j, 0
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
