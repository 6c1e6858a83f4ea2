"""Fitting the boilerplate span model (`pipeline.clean.boilerplate_model`): its targets per line and the regressions.

Used by ``tools/train_boilerplate.py`` and ``bench/text_extraction.py``; cleaning only loads the fitted file.
"""

from dataclasses import dataclass

import numpy as np

from pipeline.clean.boilerplate_model import Logistic

#: The L2 penalty of the span regressions: 76 correlated features and 100 pages; 10 beat 1 on the held-out
#: folds (F1 0.881 vs 0.870, span alone), chosen by looking at them: the one choice not made by inner folds.
L2 = 10.0


def fit_logistic(rows: np.ndarray, chrome: np.ndarray, weights: np.ndarray, *, l2: float = 1.0) -> Logistic:
    """Fit p(label) by Newton's method on the L2-penalized, ``weights``-weighted log loss."""
    mean = rows.mean(axis=0)
    scale = rows.std(axis=0)
    scale[scale == 0] = 1.0
    z = np.hstack(((rows - mean) / scale, np.ones((rows.shape[0], 1))))
    beta = np.zeros(z.shape[1])
    penalty = np.full(z.shape[1], l2)
    penalty[-1] = 0.0
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-np.clip(z @ beta, -30, 30)))
        gradient = z.T @ (weights * (p - chrome)) + penalty * beta
        hessian = (z * (weights * p * (1 - p))[:, None]).T @ z + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if np.abs(step).max() < 1e-8:
            break
    return Logistic(
        tuple(round(float(v), 6) for v in mean),
        tuple(round(float(v), 6) for v in scale),
        tuple(round(float(v), 6) for v in beta[:-1]),
        round(float(beta[-1]), 6),
    )


@dataclass(frozen=True)
class SpanLabels:
    """Training targets per row: inside the article's span, its first line, its last line; each row's weight
    (the square root of its words: long lines decide the score, short ones still count)."""

    inside: np.ndarray
    start: np.ndarray
    end: np.ndarray
    weights: np.ndarray


def span_labels(body: np.ndarray, words: np.ndarray) -> SpanLabels:
    """The `SpanLabels` of one page's rows from their body labels (a page without body: all outside)."""
    count = len(body)
    found = np.flatnonzero(body)
    index = np.arange(count)
    inside = (index >= found[0]) & (index <= found[-1]) if len(found) else np.zeros(count, dtype=bool)
    return SpanLabels(
        inside,
        index == (found[0] if len(found) else -1),
        index == (found[-1] if len(found) else -1),
        np.sqrt(words + 1.0),
    )


def fit_span_models(
    rows: np.ndarray, labels: SpanLabels, *, l2: float = 1.0
) -> tuple[Logistic, Logistic, Logistic]:
    """The inside, start and end regressions on ``rows`` (every page's rows stacked)."""
    ones = np.ones(len(rows))
    return (
        fit_logistic(rows, labels.inside.astype(float), labels.weights, l2=l2),
        fit_logistic(rows, labels.start.astype(float), ones, l2=l2),
        fit_logistic(rows, labels.end.astype(float), ones, l2=l2),
    )
