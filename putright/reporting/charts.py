"""Charts of the figures as SVG text, drawn with matplotlib without a display.

Each chart is the picture of a table the page shows beside it, which is the accessible
alternative; the SVG itself carries a ``<title>`` and ``<desc>`` and ``role="img"``. Output is the
same for the same figures (``svg.hashsalt``, no date), and never contains a script. Nor does it
contain CSS: matplotlib's ``style`` attributes and ``<style>`` block are rewritten as SVG
presentation attributes, so the chart obeys a content security policy without ``unsafe-inline``.
"""

from __future__ import annotations

import functools
import io
import math
import re
from collections.abc import Callable, Sequence
from html import escape
from typing import Any, ParamSpec

import matplotlib
from matplotlib.figure import Figure

from putright.reporting.figures import Figures
from putright.reporting.trends import MonthFigures

# No display on a server: draw off screen, whatever MPLBACKEND says.
matplotlib.use("Agg")

#: GOV.UK Design System colours: blue for stage 1, orange for stage 2.
STAGE_COLOURS = ("#1d70b8", "#f47738")
_STYLE: dict[Any, Any] = {
    "svg.hashsalt": "putright",
    "svg.fonttype": "none",
    "font.family": "sans-serif",
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
P = ParamSpec("P")
_SCRIPT = re.compile(r"<script|\son[a-z]+\s*=|javascript:", re.IGNORECASE)
_STYLE_ATTRIBUTE = re.compile(r'\sstyle="([^"]*)"')
_STYLE_ELEMENT = re.compile(r"\s*<style[^>]*>[^<]*</style>")
#: The CSS properties matplotlib writes that are also SVG presentation attributes.
_PRESENTATION = frozenset(
    {
        "fill",
        "fill-opacity",
        "stroke",
        "stroke-width",
        "stroke-opacity",
        "stroke-linejoin",
        "stroke-linecap",
        "stroke-dasharray",
        "stroke-dashoffset",
        "stroke-miterlimit",
        "opacity",
        "font-size",
        "font-family",
        "font-weight",
        "font-style",
        "text-anchor",
        "clip-path",
    }
)


class UnsafeSvg(ValueError):
    """The SVG contains something that could run a script."""


def _as_attributes(match: re.Match[str]) -> str:
    attributes = []
    for declaration in match.group(1).split(";"):
        if not declaration.strip():
            continue
        name, _, value = declaration.partition(":")
        name = name.strip()
        if name not in _PRESENTATION:
            raise ValueError(f"matplotlib wrote CSS with no SVG attribute: {name!r}")
        attributes.append(f' {name}="{escape(value.strip(), quote=True)}"')
    return "".join(attributes)


def without_css(svg: str) -> str:
    """The SVG with every ``style`` attribute as presentation attributes and no ``<style>``:
    matplotlib's one rule (round joins, butt caps for everything) moves onto the root, where
    every element inherits it unless it sets its own."""
    svg = _STYLE_ELEMENT.sub("", svg)
    svg = _STYLE_ATTRIBUTE.sub(_as_attributes, svg)
    return svg.replace("<svg ", '<svg stroke-linejoin="round" stroke-linecap="butt" ', 1)


def check_safe(svg: str) -> str:
    """The SVG unchanged, if it contains no script, event handler or script link."""
    if _SCRIPT.search(svg):
        raise UnsafeSvg("The chart contains a script.")
    return svg


def _styled(draw: Callable[P, str]) -> Callable[P, str]:
    """Draw with the house style, whatever matplotlib's global settings."""

    @functools.wraps(draw)
    def styled(*args: P.args, **kwargs: P.kwargs) -> str:
        with matplotlib.rc_context(_STYLE):
            return draw(*args, **kwargs)

    return styled


@_styled
def received_chart(months: Sequence[MonthFigures]) -> str:
    """Complaints accepted per month at each stage, as grouped bars."""
    labels = [_month(m) for m in months]
    figure, axes = _figure()
    width = 0.4
    for offset, (stage, values) in enumerate(
        ((1, [m.stage1_received for m in months]), (2, [m.stage2_received for m in months]))
    ):
        xs = [i + (offset - 0.5) * width for i in range(len(months))]
        axes.bar(xs, values, width, label=f"Stage {stage}", color=STAGE_COLOURS[offset])
    _month_axis(axes, labels)
    axes.set_ylabel("Complaints")
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.legend(frameon=False, loc="upper left", bbox_to_anchor=(1, 1))
    total1 = sum(m.stage1_received for m in months)
    total2 = sum(m.stage2_received for m in months)
    return _svg(
        figure,
        title="Complaints received per month, by stage",
        description=(
            f"Bar chart of complaints accepted each month from {_span(labels)}: "
            f"{total1} at stage 1 and {total2} at stage 2 in all. "
            "The table after the chart gives each month's numbers."
        ),
    )


@_styled
def on_time_chart(months: Sequence[MonthFigures]) -> str:
    """The share of responses sent on time per month at each stage, as lines; a month without
    responses is a gap."""
    labels = [_month(m) for m in months]
    figure, axes = _figure()
    for index, values in enumerate(
        (
            [m.stage1_percent_on_time for m in months],
            [m.stage2_percent_on_time for m in months],
        )
    ):
        axes.plot(
            range(len(months)),
            [math.nan if v is None else v for v in values],
            marker="o",
            label=f"Stage {index + 1}",
            color=STAGE_COLOURS[index],
        )
    _month_axis(axes, labels)
    axes.set_ylim(0, 105)
    axes.set_ylabel("Responded on time (%)")
    axes.legend(frameon=False, loc="upper left", bbox_to_anchor=(1, 1))
    return _svg(
        figure,
        title="Responses on time per month, by stage",
        description=(
            f"Line chart of the percentage of responses sent on time each month from "
            f"{_span(labels)}, one line per stage; a month with no responses is left out. "
            "The table after the chart gives each month's numbers."
        ),
    )


@_styled
def outcomes_chart(figures: Figures) -> str:
    """The outcomes of the responses sent in the period, per stage, as horizontal bars."""
    outcomes = sorted({*figures.stage1.outcomes, *figures.stage2.outcomes})
    figure, axes = _figure(height=max(2.4, 0.6 * len(outcomes) + 1.2))
    height = 0.4
    for offset, found in enumerate((figures.stage1.outcomes, figures.stage2.outcomes)):
        ys = [i + (offset - 0.5) * height for i in range(len(outcomes))]
        axes.barh(
            ys,
            [found.get(o, 0) for o in outcomes],
            height,
            label=f"Stage {offset + 1}",
            color=STAGE_COLOURS[offset],
        )
    axes.set_yticks(range(len(outcomes)), [outcome_label(o) for o in outcomes])
    axes.invert_yaxis()
    axes.set_xlabel("Responses")
    axes.xaxis.get_major_locator().set_params(integer=True)
    if outcomes:
        axes.legend(frameon=False, loc="upper left", bbox_to_anchor=(1, 1))
    else:
        axes.set_yticks([])
        axes.text(0.5, 0.5, "No responses in the period", ha="center", transform=axes.transAxes)
    summary = "; ".join(
        f"{outcome_label(o)}: {figures.stage1.outcomes.get(o, 0)} at stage 1, "
        f"{figures.stage2.outcomes.get(o, 0)} at stage 2"
        for o in outcomes
    )
    return _svg(
        figure,
        title="Outcomes of the responses sent, by stage",
        description=(
            f"Bar chart of the outcomes of responses sent from {figures.start:%-d %B %Y} to "
            f"{figures.end:%-d %B %Y}. {summary or 'There were no responses.'}"
        ),
    )


def outcome_label(key: str) -> str:
    """An outcome as people read it: 'not_upheld' is 'Not upheld'."""
    return key.replace("_", " ").capitalize()


def _figure(height: float = 3.6) -> tuple[Figure, Any]:
    figure = Figure(figsize=(8, height), layout="constrained")
    return figure, figure.add_subplot()


def _month_axis(axes: Any, labels: list[str]) -> None:
    """One tick a month, as 'Apr' over '2025'; turned when there are more than a year's."""
    ticks = [label.replace(" ", "\n") for label in labels]
    axes.set_xticks(range(len(labels)), ticks, rotation=90 if len(labels) > 12 else 0)


def _month(month: MonthFigures) -> str:
    return f"{month.month:%b %Y}"


def _span(labels: list[str]) -> str:
    return f"{labels[0]} to {labels[-1]}" if labels else "no months"


def _svg(figure: Figure, *, title: str, description: str) -> str:
    """The figure as SVG text, with its title and description for assistive technology."""
    out = io.StringIO()
    figure.savefig(out, format="svg", metadata={"Date": None})
    svg = without_css(out.getvalue())
    start = svg.index("<svg")
    close = svg.index(">", start)
    opening = svg[start:close].replace("<svg", '<svg role="img" aria-labelledby="t d"', 1)
    svg = (
        svg[:start]
        + opening
        + f'>\n <title id="t">{escape(title)}</title>\n <desc id="d">{escape(description)}</desc>'
        + svg[close + 1 :]
    )
    return check_safe(svg)


_ID = re.compile(r'\bid="([^"]+)"')
_REFERENCE = re.compile(r'(xlink:href="#|href="#|url\(#)([^")]+)')
_SIZE = re.compile(r'\swidth="[^"]*" height="[^"]*"')


def inline(svg: str, prefix: str) -> str:
    """The chart for placing inside an HTML page (or a PDF made from one) beside other charts:
    without the XML prolog, every ``id`` and reference to it prefixed so that two charts on one
    page never share one, and as wide as the space it is given, its height from its viewBox."""
    svg = svg[svg.index("<svg") :]
    svg = _ID.sub(lambda m: f'id="{prefix}-{m.group(1)}"', svg)
    svg = _REFERENCE.sub(lambda m: f"{m.group(1)}{prefix}-{m.group(2)}", svg)
    svg = svg.replace('aria-labelledby="t d"', f'aria-labelledby="{prefix}-t {prefix}-d"', 1)
    return check_safe(_SIZE.sub(' width="100%"', svg, count=1))
