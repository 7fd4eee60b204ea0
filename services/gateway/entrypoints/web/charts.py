"""Charts drawn on the server as SVG (the CSP forbids inline scripts and styles): colours and lines come from classes
in ``static/style.css``, never from a ``style`` attribute. Every chart is a picture of a table the page shows beside
it, so a screen reader reads the table; the SVG carries a short name (``role="img"``, ``aria-label``) and hides its
labels, which only repeat the table.

- ``bar_chart``: horizontal bars, one per row, with an optional target line (e.g. 100 % of organisations
  implementing the target model, a 70 % coverage);
- ``trend_chart``: lines of a few counts over the months of a school year;
- ``light``: a traffic light (green / yellow / red) — always shown next to its words, never colour alone; which
  colour a school gets is decided in one place, ``gateway/domain/control_lights``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

LABEL_WIDTH, BAR_AREA, VALUE_WIDTH = 230, 360, 110
ROW_HEIGHT, BAR_HEIGHT, TOP, BOTTOM = 26, 16, 8, 26
LABEL_CHARS = 32
LIGHTS = ("green", "yellow", "red")


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str = ""
    """What is written after the bar («3 из 5 (60 %)»); the value itself when empty."""


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}".replace(".", ",")


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[:LABEL_CHARS - 1].rstrip() + "…"


@dataclass(frozen=True)
class BarGeometry:
    """Where each bar goes: kept apart from the markup so that tests check the numbers, not the strings."""

    y: int
    width: float
    reached: bool


def bar_geometry(bars: Sequence[Bar], *, maximum: float, target: float | None) -> list[BarGeometry]:
    """Bar widths proportional to ``maximum`` (a value above it is drawn full); a bar reaches the target when its
    value is at least the target."""
    scale = BAR_AREA / maximum if maximum > 0 else 0.0
    return [BarGeometry(TOP + i * ROW_HEIGHT, round(min(max(b.value, 0.0), maximum) * scale, 1),
                        target is not None and b.value >= target) for i, b in enumerate(bars)]


def bar_chart(bars: Sequence[Bar], *, name: str, maximum: float | None = None, target: float | None = None,
              target_label: str = "", unit: str = "") -> Markup:
    """A horizontal bar chart; ``name`` is its accessible name, ``maximum`` the value of a full bar (the largest value
    when not given), ``target`` a dashed line with ``target_label`` under it."""
    top = maximum if maximum is not None else max([b.value for b in bars] + [target or 0.0, 1.0])
    geometry = bar_geometry(bars, maximum=top, target=target)
    height = TOP + ROW_HEIGHT * max(len(bars), 1) + BOTTOM
    width = LABEL_WIDTH + BAR_AREA + VALUE_WIDTH
    parts = [f'<svg class="chart" role="img" aria-label="{escape(name)}" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">',
             f'<g aria-hidden="true"><line class="axis" x1="{LABEL_WIDTH}" y1="{TOP - 4}" x2="{LABEL_WIDTH}" '
             f'y2="{height - BOTTOM + 4}"/>']
    for bar, place in zip(bars, geometry, strict=True):
        middle = place.y + BAR_HEIGHT / 2 + 4
        parts.append(f'<text class="label" x="{LABEL_WIDTH - 6}" y="{middle}" text-anchor="end">'
                     f'{escape(_short(bar.label))}</text>')
        parts.append(f'<rect class="bar{" reached" if place.reached else ""}" x="{LABEL_WIDTH}" y="{place.y}" '
                     f'width="{place.width}" height="{BAR_HEIGHT}"/>')
        text = bar.text or f"{_number(bar.value)}{unit}"
        parts.append(f'<text class="value" x="{LABEL_WIDTH + place.width + 6}" y="{middle}">{escape(text)}</text>')
    if not bars:
        parts.append(f'<text class="label" x="{LABEL_WIDTH + 6}" y="{TOP + BAR_HEIGHT}">Данных пока нет</text>')
    if target is not None and top > 0:
        x = LABEL_WIDTH + round(min(target, top) * BAR_AREA / top, 1)
        parts.append(f'<line class="target" x1="{x}" y1="{TOP - 4}" x2="{x}" y2="{height - BOTTOM + 4}"/>')
        parts.append(f'<text class="target-label" x="{x}" y="{height - 6}" text-anchor="middle">'
                     f'{escape(target_label or _number(target) + unit)}</text>')
    parts.append("</g></svg>")
    return Markup("".join(parts))  # noqa: S704 — every text in it went through escape() above


def light(status: str) -> Markup:
    """A small traffic light; decorative (``aria-hidden``): the words of the status stand beside it."""
    if status not in LIGHTS:
        raise ValueError(f"unknown light {status!r}")
    svg = (f'<svg class="light light-{status}" aria-hidden="true" focusable="false" viewBox="0 0 16 16" '
           'width="16" height="16" xmlns="http://www.w3.org/2000/svg"><circle cx="8" cy="8" r="7"/></svg>')
    return Markup(svg)  # noqa: S704 — status is a value of LIGHTS, nothing typed by a person



TREND_WIDTH, TREND_HEIGHT, TREND_LEFT, TREND_TOP, TREND_BOTTOM, TREND_RIGHT = 560, 180, 40, 10, 24, 150


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[int]


def trend_points(values: Sequence[int], *, maximum: int) -> list[tuple[float, float]]:
    """Where a series' points go: evenly across the width, 0 at the bottom, ``maximum`` at the top (kept apart from
    the markup so that tests check the numbers)."""
    area_w = TREND_WIDTH - TREND_LEFT - TREND_RIGHT
    area_h = TREND_HEIGHT - TREND_TOP - TREND_BOTTOM
    step = area_w / (len(values) - 1) if len(values) > 1 else 0.0
    top = maximum or 1
    return [(round(TREND_LEFT + i * step, 1), round(TREND_TOP + area_h - max(v, 0) * area_h / top, 1))
            for i, v in enumerate(values)]


def trend_chart(labels: Sequence[str], series: Sequence[Series], *, name: str) -> Markup:
    """Lines of a few counts over the points of a period (``labels``: one per point, e.g. «окт»); each line is
    labelled at its end with its name and last value. ``name`` is the accessible name; the numbers are in the table
    beside the chart."""
    width, height = TREND_WIDTH, TREND_HEIGHT
    parts = [f'<svg class="chart trend" role="img" aria-label="{escape(name)}" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg"><g aria-hidden="true">']
    bottom = height - TREND_BOTTOM
    parts.append(f'<line class="axis" x1="{TREND_LEFT}" y1="{bottom}" x2="{width - TREND_RIGHT}" y2="{bottom}"/>')
    usable = [s for s in series if len(s.values) == len(labels) and len(labels) > 1]
    if not usable:
        parts.append(f'<text class="label" x="{TREND_LEFT + 6}" y="{TREND_TOP + 20}">Данных пока нет</text>')
        parts.append("</g></svg>")
        return Markup("".join(parts))  # noqa: S704 — fixed text
    maximum = max(max(s.values) for s in usable)
    parts.append(f'<text class="label" x="{TREND_LEFT - 6}" y="{TREND_TOP + 10}" text-anchor="end">'
                 f'{maximum}</text><text class="label" x="{TREND_LEFT - 6}" y="{bottom}" text-anchor="end">0</text>')
    first = trend_points([0] * len(labels), maximum=maximum)
    for (x, _), label in zip(first, labels, strict=True):
        parts.append(f'<text class="label" x="{x}" y="{height - 6}" text-anchor="middle">{escape(label)}</text>')
    for i, s in enumerate(usable):
        points = trend_points(s.values, maximum=maximum)
        parts.append(f'<polyline class="line line-{i % 4}" points="{" ".join(f"{x},{y}" for x, y in points)}"/>')
        x, y = points[-1]
        parts.append(f'<circle class="dot line-{i % 4}" cx="{x}" cy="{y}" r="3"/>')
        parts.append(f'<text class="value" x="{x + 8}" y="{y + 4}">{escape(_short(s.label))}: '
                     f'{s.values[-1]}</text>')
    parts.append("</g></svg>")
    return Markup("".join(parts))  # noqa: S704 — every text in it went through escape() above
