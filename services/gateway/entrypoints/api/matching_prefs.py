"""Preferences, the mentee's choice and the modes side by side over REST: rankings typed or imported from XLSX
(previewed with every problem per row; nothing is written until the file is clean and ``confirm`` is set)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Form, UploadFile
from fastapi.responses import Response
from pydantic import Field

from gateway.adapters.matching_reads import CompareModesResponseRead, RankingRead, RunRead
from gateway.adapters.proto_json import ReadModel
from gateway.adapters.rankings_xlsx import parse_rankings, template_xlsx
from gateway.entrypoints.api import schemas
from gateway.entrypoints.api.imports import read_upload
from gateway.entrypoints.api.matching_schemas import Id as BodyId
from gateway.entrypoints.api.matching_schemas import RunVersion
from gateway.entrypoints.api.schemas import Strict
from gateway.entrypoints.deps import ChangingSession, ContainerDep, CurrentSession, Matching, allowed
from gateway.entrypoints.params import Id
from mentorship_kit.errors import FieldProblem, ValidationFailed
from mentorship_kit.policy import Action

router = APIRouter(prefix="/api/v1/matching/runs", tags=["Подбор наставников и пары"],
                   responses={401: {"model": schemas.ErrorResponse}, 403: {"model": schemas.ErrorResponse},
                              404: {"model": schemas.ErrorResponse}, 409: {"model": schemas.ErrorResponse},
                              422: {"model": schemas.ErrorResponse}, 503: {"model": schemas.ErrorResponse}})
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class RankingIn(Strict):
    who_id: BodyId = Field(description="Наставляемый — id запроса; наставник — id наставника")
    ranked_ids: Annotated[list[BodyId], Field(max_length=200, description="Кого назвал, первый выбор — первым")]


class RankingsIn(Strict):
    mentees: Annotated[list[RankingIn], Field(max_length=2000, default_factory=list)]
    mentors: Annotated[list[RankingIn], Field(max_length=2000, default_factory=list)]
    version: RunVersion = 0


class ChoiceIn(Strict):
    request_id: BodyId
    mentor_id: BodyId = Field(description="Один из предложенных наставляемому кандидатов")
    version: RunVersion = 0


class RankingsPreview(ReadModel):
    """A clean file read back: the rankings it holds and, when confirmed, the run after the stable assignment."""

    mentees: list[RankingRead]
    mentors: list[RankingRead]
    written: bool
    run: RunRead | None = None


def as_dict(side: list[RankingIn], field: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for r in side:
        if r.who_id in found:
            raise ValidationFailed([FieldProblem(field, "Один и тот же человек указан в рейтингах дважды")])
        found[r.who_id] = list(r.ranked_ids)
    return found


@router.put("/{run_id}/rankings", response_model=RunRead, dependencies=[Depends(allowed(Action.MATCHING_RUN))])
def set_rankings(run_id: Id, body: RankingsIn, session: ChangingSession, matching: Matching) -> RunRead:
    """Рейтинги обеих сторон (режим preferences); сохранение сразу строит устойчивое распределение."""
    return matching.set_rankings(session.principal, run_id, mentees=as_dict(body.mentees, "mentees"),
                                 mentors=as_dict(body.mentors, "mentors"), version=body.version)


@router.get("/{run_id}/rankings/template", response_class=Response,
            dependencies=[Depends(allowed(Action.MATCHING_READ))],
            responses={200: {"content": {XLSX: {}}, "description": "Шаблон рейтингов с именами прогона"}})
def rankings_template(run_id: Id, session: CurrentSession, matching: Matching) -> Response:
    content = template_xlsx(matching.get_run(session.principal, run_id))
    name = quote("Рейтинги наставников и наставляемых.xlsx")
    return Response(content, media_type=XLSX,
                    headers={"Content-Disposition": f"attachment; filename=\"rankings.xlsx\"; filename*=UTF-8''{name}"})


@router.post("/{run_id}/rankings/import", response_model=RankingsPreview,
             dependencies=[Depends(allowed(Action.MATCHING_RUN))])
async def import_rankings(run_id: Id, session: ChangingSession, matching: Matching, container: ContainerDep,
                          file: Annotated[UploadFile, File(description="Заполненный шаблон рейтингов (XLSX)")],
                          confirm: Annotated[bool, Form()] = False,
                          version: Annotated[int, Form(ge=0, le=2**62)] = 0) -> RankingsPreview:
    """Проверка файла: ошибки по строкам — 422, ничего не записано; чистый файл без ``confirm`` — предпросмотр,
    с ``confirm`` — рейтинги сохраняются и строится устойчивое распределение."""
    content = await read_upload(file, container.settings.max_upload_bytes)
    parsed = parse_rankings(content, matching.get_run(session.principal, run_id))
    if parsed.errors:
        raise ValidationFailed([FieldProblem("file", e) for e in parsed.errors])
    preview = RankingsPreview(mentees=[RankingRead(who_id=k, ranked_ids=v) for k, v in parsed.mentees.items()],
                              mentors=[RankingRead(who_id=k, ranked_ids=v) for k, v in parsed.mentors.items()],
                              written=False)
    if not confirm:
        return preview
    run = matching.set_rankings(session.principal, run_id, mentees=parsed.mentees, mentors=parsed.mentors,
                                version=version)
    return preview.model_copy(update={"written": True, "run": run})


@router.post("/{run_id}/choice", response_model=RunRead, dependencies=[Depends(allowed(Action.MATCHING_RUN))])
def record_choice(run_id: Id, body: ChoiceIn, session: ChangingSession, matching: Matching) -> RunRead:
    """Выбор наставляемого из предложенных кандидатов (режим suggest); кто записал и когда — в предложении."""
    return matching.record_choice(session.principal, run_id, request_id=body.request_id, mentor_id=body.mentor_id,
                                  version=body.version)


@router.get("/{run_id}/compare", response_model=CompareModesResponseRead,
            dependencies=[Depends(allowed(Action.MATCHING_READ))])
def compare_modes(run_id: Id, session: CurrentSession, matching: Matching) -> CompareModesResponseRead:
    """Режимы рядом на пуле прогона: оптимальный (две цели), жадный, устойчивый (если есть рейтинги)."""
    return matching.compare_modes(session.principal, run_id)
