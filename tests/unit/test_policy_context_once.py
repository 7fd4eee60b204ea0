"""``rls.once_per_statement`` and ``rls.per_row`` (ADR 033): the context functions of a policy as scalar subqueries
and back, in our spelling and in PostgreSQL's (``pg_policies``)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from mentorship_kit import rls

CALLS = ["app_scope()", "app_org_id()", "app_municipality_id()", "app_region_id()", "app_user_id()",
         "app_participant_role()", "app_participant_id()", "app_has_role('jury')", "app_has_role('jury'::text)"]


def test_the_tiered_visibility_reads_each_setting_once() -> None:
    once = rls.once_per_statement(rls.TIERED_VISIBILITY)
    assert "CASE (SELECT app_scope())" in once and "org_id = (SELECT app_org_id())" in once
    assert rls.per_row(once) == rls.TIERED_VISIBILITY
    assert rls.once_per_statement(once) == once, "twice is once"


def test_postgresql_s_spelling_is_left_as_it_is_and_read_back() -> None:
    stored = ("\nCASE ( SELECT app_scope() AS app_scope)\n"
              "    WHEN 'org'::text THEN (org_id = ( SELECT app_org_id() AS app_org_id))")
    assert rls.once_per_statement(stored) == stored
    assert rls.per_row(stored) == "\nCASE app_scope()\n    WHEN 'org'::text THEN (org_id = app_org_id())"
    assert rls.per_row("( SELECT app_has_role('jury'::text) AS app_has_role)") == "app_has_role('jury'::text)"


def test_the_helpers_spell_new_policies_so() -> None:
    made = rls.policy("t", "t_read", role="x_app", command="SELECT", using=rls.ORG_ONLY,
                      check="app_scope() IS NOT NULL")
    assert "USING ((SELECT app_scope()) = 'org' AND org_id = (SELECT app_org_id()))" in made
    assert "WITH CHECK ((SELECT app_scope()) IS NOT NULL)" in made
    assert "(SELECT app_participant_role())" in rls.own_policy("t", role="x_app", using=rls.own_rows(
        mentor="mentor_id = app_participant_id()", mentee="false"))


@given(st.lists(st.one_of(st.sampled_from(CALLS), st.sampled_from(["AND", "OR", "=", "org_id", "true", "(", ")",
                                                                     "'region'", "IS NULL"])), max_size=12))
def test_every_call_is_wrapped_once_and_unwrapped_back(parts: list[str]) -> None:
    expression = " ".join(parts)
    once = rls.once_per_statement(expression)
    assert once.count("(SELECT app_") == expression.count("app_"), "each call once"
    assert rls.per_row(once) == expression
    assert rls.once_per_statement(once) == once
