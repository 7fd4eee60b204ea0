"""A refusal with many field problems still travels back as a refusal: gRPC bounds the trailers that carry it."""

from __future__ import annotations

from google.rpc import error_details_pb2

from mentorship_kit import errors
from mentorship_kit.grpc_server import MAX_PROBLEMS, _status_for


def test_a_thousand_problems_fit_the_trailers_and_say_how_many_are_left() -> None:
    exc = errors.ValidationFailed([errors.FieldProblem("sections", f"Вопрос {n}: напишите текст вопроса " + "я" * 80)
                                   for n in range(1, 1001)])
    status = _status_for(exc)
    assert len(status.SerializeToString()) < 6 * 1024
    assert status.message.startswith("Вопрос 1: напишите текст вопроса")
    sent = error_details_pb2.BadRequest.FromString(status.details[0].value).field_violations
    assert [v.description.split(":")[0] for v in sent[:MAX_PROBLEMS]] == [f"Вопрос {n}" for n in range(1, 11)]
    assert sent[-1].description.startswith(f"…и ещё замечаний: {1000 - MAX_PROBLEMS}")


def test_a_few_problems_pass_unchanged() -> None:
    problems = [errors.FieldProblem("title", "Укажите название анкеты")] * 3
    status = _status_for(errors.ValidationFailed(problems))
    assert status.message == "; ".join(p.message for p in problems) and MAX_PROBLEMS > 3


def test_a_long_explanation_arrives_whole() -> None:
    """The registry explains «молодой специалист» in 400+ characters: the person must read all of it."""
    long = "«Молодой специалист» определяется по стажу педагогической работы: " + "я" * 500 + " «Новый педагог»"
    status = _status_for(errors.ValidationFailed([errors.FieldProblem("categories", long)]))
    sent = error_details_pb2.BadRequest.FromString(status.details[0].value).field_violations
    assert [v.description for v in sent] == [long]
