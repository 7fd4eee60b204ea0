"""The gateway's view of the one vocabulary (``mentorship_kit.vocabulary``), plus the pages' own rules.

The titles are re-exported under the names the page modules import; add a title in
``libs/mentorship_kit/vocabulary.py``, never here.
"""

from __future__ import annotations

from mentorship_kit.vocabulary import (
    AGE_GROUP_TITLES,
    APPENDIX_2_TITLES,
    CONSENT_GIVER_TITLES,
    CONSENT_PURPOSE_TITLES,
    DERIVED_FIGURE_TITLES,
    DOCUMENT_KIND_TITLES,
    DOCUMENT_STATUS_TITLES,
    FACET_TITLES,
    FIELD_TITLES,
    IMPORT_KIND_TITLES,
    IMPORT_STATUS_TITLES,
    ITEM_PROGRESS_TITLES,
    MATCHING_MODE_TITLES,
    MENTEE_CATEGORY_TITLES,
    MENTOR_LEVEL_TITLES,
    MENTOR_ORIGIN_TITLES,
    MENTORING_FORM_TITLES,
    OBJECTIVE_TITLES,
    OFFER_DECISION_TITLES,
    ORGANISATION_KIND_TITLES,
    PAIR_COUNT_TITLES,
    PAIR_KIND_TITLES,
    PAIR_STATUS_TITLES,
    PERSON_KIND_TITLES,
    REGIONAL_SCOPE_TITLES,
    REPORTING_TITLES,
    REQUEST_SOURCE_TITLES,
    REQUEST_STATUS_TITLES,
    ROLE_TITLES,
    RUN_STATUS_TITLES,
    STAFF_CATEGORY_TITLES,
    STUDENT_CATEGORY_TITLES,
    WEIGHT_TITLES,
    field_title,
)

__all__ = [
    "AGE_GROUP_TITLES",
    "APPENDIX_2_TITLES",
    "CONSENT_GIVER_TITLES",
    "CONSENT_PURPOSE_TITLES",
    "DERIVED_CATEGORIES",
    "DERIVED_FIGURE_TITLES",
    "DOCUMENT_KIND_TITLES",
    "DOCUMENT_STATUS_TITLES",
    "FACET_TITLES",
    "FIELD_TITLES",
    "IMPORT_KIND_TITLES",
    "IMPORT_STATUS_TITLES",
    "ITEM_PROGRESS_TITLES",
    "MATCHING_MODE_TITLES",
    "MENTEE_CATEGORY_TITLES",
    "MENTORING_FORM_TITLES",
    "MENTOR_LEVEL_TITLES",
    "MENTOR_ORIGIN_TITLES",
    "OBJECTIVE_TITLES",
    "OFFER_DECISION_TITLES",
    "ORGANISATION_KIND_TITLES",
    "PAIR_COUNT_TITLES",
    "PAIR_KIND_TITLES",
    "PAIR_STATUS_TITLES",
    "PERSON_KIND_TITLES",
    "REGIONAL_SCOPE_TITLES",
    "REPORTING_TITLES",
    "REQUEST_SOURCE_TITLES",
    "REQUEST_STATUS_TITLES",
    "REQUEST_TRANSITIONS",
    "ROLE_TITLES",
    "RUN_STATUS_TITLES",
    "STAFF_CATEGORY_TITLES",
    "STUDENT_CATEGORY_TITLES",
    "WEIGHT_TITLES",
    "field_title",
]

DERIVED_CATEGORIES = frozenset({"young_specialist"})
"""Set by the registry from the date of hiring, never chosen by hand."""

REQUEST_TRANSITIONS: dict[str, tuple[str, ...]] = {
    "open": ("withdrawn",),
    "matched": ("open", "withdrawn"),
    "withdrawn": (),
}
"""Which status buttons a request shows; the registry enforces the same rule. «Подобран наставник» is never a
button: a request becomes matched when its pair is approved on «Подбор пар» (ADR 007)."""
