"""Reads for the learner and staff pages, each in a constant number of queries.

Lessons are matched to their course through the page tree path (a lesson's path is
its course's path plus one step), so lists of courses never query per course.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.models import Page

from accounts.roles import EDITORS, HR, REVIEWERS, STAFF, user_has_role
from cms.pagecache import fragment_cached

HELPING_SESSION_KEY = "training_helping_user_id"
MODE_SESSION_KEY = "training_lesson_mode"
COVER_FILTER = "fill-600x338"
COVER_FILTER_2X = "fill-1200x676"
CARD_COVER_FILTER = "fill-800x450"  # one rendition, sharp on 2x phones at card width


# --- who is learning --------------------------------------------------------


def can_help(*, helper, learner) -> bool:
    """Staff act only for plain residents of the communities HR assigned them to.

    The rule itself lives in accounts (``staff_may_act_for``), shared with the
    one-time password service: never a colleague or an account with powers.
    """
    from accounts.selectors import staff_may_act_for

    return staff_may_act_for(staff=helper, resident=learner)


def learner_for(request):
    """(learner, helper): the helped resident while a staff member sits with them."""
    user = request.user
    if not user.is_authenticated:
        return None, None
    helped_id = request.session.get(HELPING_SESSION_KEY)
    if helped_id:
        cached = getattr(request, "_training_helped", None)
        if cached is None:
            resident = (
                get_user_model().objects.filter(pk=helped_id, is_active=True).first()
            )
            cached = resident if can_help(helper=user, learner=resident) else False
            request._training_helped = cached
        if cached:
            return cached, user
    return user, None


def prefers_guided(request) -> bool:
    mode = (
        request.session.get(MODE_SESSION_KEY) if hasattr(request, "session") else None
    )
    if mode in ("guided", "all"):
        return mode == "guided"
    prefs = getattr(request, "prefs", None)
    return bool(
        getattr(prefs, "guided_default", False) or getattr(prefs, "elder_mode", False)
    )


# --- lessons and steps --------------------------------------------------------


def lesson_step_ids(lesson) -> list[str]:
    """Ids of the lesson's steps, in order, without converting the blocks."""
    return [item["id"] for item in lesson.body.raw_data]


def undone_practice_steps(lesson, progress) -> list[int]:
    """Numbers of the lesson's practice steps (try it, checks) not done yet."""
    from .completion import undone_practice

    done = progress.completed_steps if progress is not None else []
    return undone_practice(raw_data=lesson.body.raw_data, done=done)


@dataclass
class Step:
    number: int
    id: str
    block_type: str
    child: object
    done: bool = False
    speech: str = ""
    chosen: int | None = None
    found: bool = False
    revealed: bool = False
    url: str = ""
    voice_url: str = ""  # a recorded voice, played instead of the synthetic one


def lesson_steps(
    lesson, *, progress=None, request=None, only: int | None = None
) -> list[Step]:
    """Steps of a lesson (or only step ``only``), with what the learner did."""
    from .blocks import speech_text_for, voice_url_for

    done = set(progress.completed_steps) if progress else set()
    query = request.GET if request is not None else {}
    steps = []
    for number, child in enumerate(lesson.body, start=1):
        if only is not None and number != only:
            continue
        chosen = query.get(f"answer-{child.id}")
        steps.append(
            Step(
                number=number,
                id=child.id,
                block_type=child.block_type,
                child=child,
                done=child.id in done,
                speech=speech_text_for(child),
                chosen=int(chosen) if chosen and chosen.isdigit() else None,
                found=query.get("found") == child.id,
                revealed=query.get("show") == child.id,
                url=lesson.step_url(number),
                voice_url=voice_url_for(child),
            )
        )
    return steps


def next_lesson_after(lesson):
    return lesson.get_next_siblings().live().type(type(lesson)).specific().first()


def progress_for(*, user, lesson):
    from .models import LessonProgress

    if user is None:
        return None
    return LessonProgress.objects.filter(user=user, lesson=lesson).first()


def enrolment_for(*, user, course):
    from .models import Enrolment

    if user is None:
        return None
    return Enrolment.objects.filter(user=user, course=course).first()


# --- guided step, cached -------------------------------------------------------

#: Step kinds whose rendered body holds nothing personal (no form, no CSRF token, no
#: learner state): their HTML is cached per lesson revision, step, language and
#: display preferences. Practice steps (try it, knowledge checks) carry the learner's
#: answer and a form, so they are rendered for each request.
SHARED_BODY_BLOCKS = frozenset(
    {"guided_step", "rich_text", "image", "callout", "audio", "video", "handout"}
)


@dataclass(frozen=True)
class LessonMeta:
    """What a guided step page needs of its lesson and course, without loading
    either page (cached until the next content change)."""

    id: int
    revision: int | None
    title: str
    title_en: str
    url: str
    step_ids: tuple[str, ...]
    step_kinds: tuple[str, ...]
    course_id: int
    course_title: str
    course_title_en: str
    course_url: str

    @property
    def pk(self) -> int:
        return self.id

    @property
    def step_count(self) -> int:
        return len(self.step_ids)

    @property
    def display_title(self) -> str:
        if (get_language() or "").startswith("en") and self.title_en:
            return self.title_en
        return self.title

    @property
    def course_display_title(self) -> str:
        if (get_language() or "").startswith("en") and self.course_title_en:
            return self.course_title_en
        return self.course_title

    def step_url(self, number: int) -> str:
        return reverse("training:step", args=[self.id, number])


def lesson_meta(lesson_id: int, *, request) -> LessonMeta | None:
    """The live lesson's metadata, or None when there is no such live lesson."""
    from .models import CoursePage, LessonPage

    def build() -> LessonMeta | None:
        lesson = LessonPage.objects.live().filter(pk=lesson_id).first()
        if lesson is None:
            return None
        course = CoursePage.objects.get(path=lesson.path[: -LessonPage.steplen])
        raw = lesson.body.raw_data
        return LessonMeta(
            id=lesson.pk,
            revision=lesson.live_revision_id,
            title=lesson.title,
            title_en=lesson.title_en,
            url=lesson.get_url(request) or "",
            step_ids=tuple(item["id"] for item in raw),
            step_kinds=tuple(item["type"] for item in raw),
            course_id=course.pk,
            course_title=course.title,
            course_title_en=course.title_en,
            course_url=course.get_url(request) or "",
        )

    return fragment_cached(("lesson-meta", request.get_host(), lesson_id), build)


@dataclass(frozen=True)
class LearnerState:
    """A learner's enrolment in a course and progress in one of its lessons."""

    enrolled: bool
    started: bool = False
    current_step: int = 1
    completed_steps: tuple[str, ...] = ()
    completed: bool = False


def learner_state(*, user, course_id: int, lesson_id: int) -> LearnerState:
    """Enrolment and lesson progress in one query (plain SQL: this runs on every
    step a learner opens, and the ORM's compiling cost more than the query)."""
    import json

    from django.db import connection

    from .models import Enrolment, LessonProgress

    enrolment = Enrolment._meta.db_table
    progress = LessonProgress._meta.db_table
    sql = (
        f"SELECT e.id, p.id, p.current_step, p.completed_steps, p.completed_at "  # noqa: S608 - table names from the models
        f"FROM {enrolment} e LEFT JOIN {progress} p "
        f"ON p.user_id = e.user_id AND p.lesson_id = %s "
        f"WHERE e.user_id = %s AND e.course_id = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [lesson_id, user.pk, course_id])
        row = cursor.fetchone()
    if row is None:
        return LearnerState(enrolled=False)
    _enrolment_id, progress_id, current, steps, completed_at = row
    if progress_id is None:
        return LearnerState(enrolled=True)
    if isinstance(steps, str | bytes):  # SQLite hands JSON back as text
        steps = json.loads(steps)
    return LearnerState(
        enrolled=True,
        started=True,
        current_step=current,
        completed_steps=tuple(steps or ()),
        completed=completed_at is not None,
    )


@dataclass(frozen=True)
class StepBody:
    html: str
    speech: str
    voice_url: str


def step_body(meta: LessonMeta, number: int, *, request) -> StepBody:
    """A shared step's rendered HTML, cached per lesson revision, step, language and
    display preferences (only for ``SHARED_BODY_BLOCKS``)."""
    from django.utils.safestring import mark_safe

    from .blocks import speech_text_for, voice_url_for
    from .models import LessonPage

    def build() -> StepBody:
        lesson = LessonPage.objects.get(pk=meta.id)
        child = lesson.body[number - 1]
        return StepBody(
            html=str(child.render_as_block(context={"guided": True})),
            speech=speech_text_for(child),
            voice_url=voice_url_for(child),
        )

    prefs = getattr(request, "prefs", None)
    body = fragment_cached(
        (
            "step-body",
            meta.id,
            meta.revision,
            number,
            get_language(),
            getattr(prefs, "html_classes", ""),
        ),
        build,
    )
    return StepBody(mark_safe(body.html), body.speech, body.voice_url)  # noqa: S308 - our own rendering


# --- courses ----------------------------------------------------------------


@dataclass(frozen=True)
class LessonRef:
    """Just enough of a lesson for outlines, without building Page objects."""

    id: int
    title: str
    title_en: str
    slug: str
    course_url: str

    @property
    def display_title(self) -> str:
        if (get_language() or "").startswith("en") and self.title_en:
            return self.title_en
        return self.title

    @property
    def url(self) -> str:
        # Wagtail's default routing: a child page lives at <parent url><slug>/.
        return f"{self.course_url}{self.slug}/"

    def step_url(self, number: int) -> str:
        return reverse("training:step", args=[self.id, number])


@dataclass
class LessonRow:
    lesson: LessonRef
    steps: int
    guided: bool
    current_step: int = 0
    completed: bool = False
    started: bool = False

    @property
    def url(self) -> str:
        if self.guided and self.steps:
            return self.lesson.step_url(max(self.current_step, 1)) + "#step"
        return self.lesson.url


@dataclass
class CourseCard:
    course: object
    lessons: list[LessonRow] = field(default_factory=list)
    enrolled: bool = False
    completed: bool = False
    continue_url: str = ""
    enrolment: object = None
    url: str = ""  # the course page's URL, looked up once

    @property
    def cover(self):
        """The cover rendition for cards, or None. Unlike ``{% image %}``, this
        does not write the rendition back to the cache on every page view when
        it was prefetched with the course."""
        from wagtail.images.shortcuts import get_renditions_or_not_found

        image = getattr(self.course, "cover_image", None)
        if image is None:
            return None
        return get_renditions_or_not_found(image, [CARD_COVER_FILTER])[
            CARD_COVER_FILTER
        ]

    @property
    def lesson_count(self) -> int:
        return len(self.lessons)

    @property
    def done_count(self) -> int:
        return sum(1 for row in self.lessons if row.completed)

    @property
    def percent(self) -> int:
        if not self.lessons:
            return 0
        return round(100 * self.done_count / self.lesson_count)

    @property
    def started(self) -> bool:
        return any(row.started for row in self.lessons)


def _children_of_any(courses) -> Q:
    """Lessons of these courses: one prefix test when they share a parent (the
    catalogue), else one per course; rows of other courses are dropped by path."""
    depths = {c.depth for c in courses}
    parents = {c.path[: -Page.steplen] for c in courses}
    if len(depths) == 1 and len(parents) == 1:
        return Q(path__startswith=parents.pop(), depth=depths.pop() + 1)
    return reduce(or_, [Q(path__startswith=c.path, depth=c.depth + 1) for c in courses])


def _build_cards(courses, *, learner, request, guided: bool) -> list[CourseCard]:
    """Cards with lessons and the learner's progress: 3 queries whatever the count."""
    from .models import CourseCompletion, Enrolment, LessonPage, LessonProgress

    courses = list(courses)
    if not courses:
        return []
    by_path = {course.path: CourseCard(course=course) for course in courses}
    course_urls = {course.path: course.get_url(request) for course in courses}

    def lesson_rows() -> list[tuple]:
        return list(
            LessonPage.objects.live()
            .filter(_children_of_any(courses))
            .order_by("path")
            .values_list("id", "path", "title", "title_en", "slug", "steps_total")
        )

    # The outline is content, shared by every learner: cached until the next
    # publish (any page change starts a new generation).
    lessons = fragment_cached(
        ("lesson-rows", tuple((c.pk, c.path) for c in courses)), lesson_rows
    )
    progress = {}
    if learner is not None:
        # Plain tuples: no model instance per lesson.
        progress = {
            lesson_id: (current_step, completed_at is not None)
            for lesson_id, current_step, completed_at in LessonProgress.objects.filter(
                user=learner, lesson_id__in=[row[0] for row in lessons]
            ).values_list("lesson_id", "current_step", "completed_at")
        }
        course_ids = [c.pk for c in courses]
        enrolments = {
            e.course_id: e
            for e in Enrolment.objects.filter(user=learner, course_id__in=course_ids)
        }
        completed = set(
            CourseCompletion.objects.filter(
                user=learner, course_id__in=course_ids
            ).values_list("course_id", flat=True)
        )
        for card in by_path.values():
            card.enrolment = enrolments.get(card.course.pk)
            card.enrolled = card.enrolment is not None
            card.completed = card.course.pk in completed
    for pk, path, title, title_en, slug, steps_total in lessons:
        course_path = path[: -Page.steplen]
        card = by_path.get(course_path)
        if card is None:
            continue
        ref = LessonRef(pk, title, title_en, slug, course_urls[course_path])
        row = LessonRow(lesson=ref, steps=steps_total, guided=guided)
        p = progress.get(pk)
        if p is not None:
            row.started = True
            row.current_step, row.completed = p
        card.lessons.append(row)
    for card in by_path.values():
        card.url = course_urls[card.course.path]
        first_open = next((row for row in card.lessons if not row.completed), None)
        card.continue_url = first_open.url if first_open else card.url
    return [by_path[c.path] for c in courses]


def _search_ids(index_page, query: str) -> list[int]:
    """Wagtail search, plus a substring match: SQLite's full-text tokenizer does not
    split Chinese words, so "诈骗" would not find "识别电话诈骗" on its own."""
    from .models import CoursePage

    live = CoursePage.objects.live().child_of(index_page)
    hits = {hit.pk for hit in live.search(query)}
    substring = (
        Q(title__icontains=query)
        | Q(title_en__icontains=query)
        | Q(summary__icontains=query)
        | Q(summary_en__icontains=query)
        | Q(learning_outcomes__icontains=query)
    )
    hits.update(live.filter(substring).values_list("pk", flat=True))
    return sorted(hits)


def catalogue_for(*, index_page, request) -> dict:
    from .forms import CatalogueFilterForm
    from .models import CoursePage, LearningPathPage, SkillArea

    skill_areas = fragment_cached(
        ("skill-areas",), lambda: list(SkillArea.objects.all())
    )
    form = CatalogueFilterForm(request.GET or None, skill_areas=skill_areas)
    data = form.cleaned_data if form.is_valid() else {}
    filters = (
        data.get("audience") or "",
        data.get("skill_area") or "",
        data.get("level") or "",
    )
    query = data.get("q") or ""
    filtered = any(filters) or bool(query)

    def shared() -> tuple[list, list]:
        """The cards' course rows and the learning paths for these filters: the
        same for every viewer, so cached (per catalogue, filters and content
        generation) when there is no free-text search."""
        courses = (
            CoursePage.objects.live()
            .child_of(index_page)
            .select_related("skill_area", "cover_image")
            .prefetch_related("cover_image__renditions")
            .order_by("path")
        )
        audience, skill_area, level = filters
        if audience:
            courses = courses.filter(audience__in=[audience, "everyone"])
        if skill_area:
            courses = courses.filter(skill_area__slug=skill_area)
        if level:
            courses = courses.filter(level=int(level))
        if query:
            courses = courses.filter(pk__in=_search_ids(index_page, query))
        courses = list(courses)
        paths = LearningPathPage.objects.live().child_of(index_page).order_by("path")
        if filtered:
            # A path shows when one of its courses passes the filters: a staff path
            # (only staff courses) is not shown under "Residents".
            paths = paths.filter(
                path_courses__course__in=[c.pk for c in courses]
            ).distinct()
        return courses, list(paths)

    if query:
        courses, paths = shared()
    else:
        courses, paths = fragment_cached(("catalogue", index_page.pk, *filters), shared)
    learner, _helper = learner_for(request)
    cards = _build_cards(
        courses, learner=learner, request=request, guided=prefers_guided(request)
    )
    shared_form = (
        not query
        and not form.errors
        and set(request.GET) <= {"audience", "skill_area", "level"}
        and len(request.META.get("QUERY_STRING", "")) <= 200
    )
    return {
        "form_key": request.GET.urlencode() if shared_form else None,
        "form": form,
        "cards": cards,
        "filtered": filtered,
        "paths": paths,
        "learner": learner,
        "helper": _helper,
    }


def course_open_to(*, user, course) -> bool:
    """Staff courses are for community staff (and the roles that run training);
    resident and everyone courses are open to all."""
    if course.audience != "staff":
        return True
    return any(user_has_role(user, role) for role in (STAFF, REVIEWERS, HR, EDITORS))


def course_detail_for(*, course, request) -> dict:
    from .completion import unmet_requirements

    learner, helper = learner_for(request)
    card = _build_cards(
        [course], learner=learner, request=request, guided=prefers_guided(request)
    )[0]
    prerequisites = fragment_cached(
        ("prerequisites", course.pk),
        lambda: list(course.prerequisites.live().order_by("path")),
    )
    reasons = []
    if learner is not None and card.enrolled and not card.completed and card.lessons:
        if all(row.completed for row in card.lessons):
            reasons = unmet_requirements(learner, course)
    # The catalogue's URL, from the course's (Wagtail's default routing: a child lives
    # at <parent url><slug>/), saving a query for the parent page.
    if card.url:
        parent_url = card.url[: card.url.rstrip("/").rfind("/") + 1]
    else:
        parent_url = course.get_parent().get_url(request) or ""
    return {
        "card": card,
        "learner": learner,
        "helper": helper,
        "prerequisites": prerequisites,
        "unmet": reasons,
        "parent_url": parent_url,
        "open_to_learner": learner is None
        or course_open_to(user=learner, course=course),
    }


def path_detail_for(*, path, request) -> dict:
    items = list(path.path_courses.select_related("course").order_by("sort_order"))
    courses = [item.course for item in items if item.course.live]
    learner, _helper = learner_for(request)
    cards = _build_cards(
        courses, learner=learner, request=request, guided=prefers_guided(request)
    )
    return {"cards": cards}


def my_learning_for(*, learner, request) -> list[CourseCard]:
    from .models import CoursePage

    courses = (
        CoursePage.objects.live()
        .filter(enrolments__user=learner)
        .select_related("skill_area", "cover_image")
        .prefetch_related("cover_image__renditions")
        .order_by("-enrolments__enrolled_at")
    )
    cards = _build_cards(
        courses, learner=learner, request=request, guided=prefers_guided(request)
    )
    # Unfinished first, then finished ones.
    return sorted(cards, key=lambda card: card.completed)


# --- staff: residents I help ------------------------------------------------


@dataclass
class ResidentRow:
    resident: object
    enrolments: list = field(default_factory=list)
    where: object = None  # the most recent unfinished LessonProgress
    last_activity: object = None


def helped_residents_for(*, staff) -> list[ResidentRow]:
    from accounts.selectors import residents_served_by

    from .models import Enrolment, LessonProgress

    # The same people can_help allows: plain residents of the staff's communities.
    residents = list(residents_served_by(staff=staff, everyone_for_hr=False))
    rows = {r.pk: ResidentRow(resident=r) for r in residents}
    if not rows:
        return []
    for enrolment in (
        Enrolment.objects.filter(user_id__in=rows)
        .select_related("course")
        .order_by("enrolled_at")
    ):
        rows[enrolment.user_id].enrolments.append(enrolment)
    for progress in (
        LessonProgress.objects.filter(user_id__in=rows)
        .select_related("lesson", "course")
        .order_by("-last_seen")
    ):
        row = rows[progress.user_id]
        if row.last_activity is None:
            row.last_activity = progress.last_seen
        if row.where is None and progress.completed_at is None:
            progress.step_count = progress.lesson.steps_total
            row.where = progress
    return list(rows.values())


def stuck_label(progress) -> str:
    return _("Step %(step)s of %(count)s") % {
        "step": progress.current_step,
        "count": progress.step_count,
    }


def catalogue_url(request) -> str:
    from .models import CourseIndexPage

    index = CourseIndexPage.objects.live().first()
    return index.get_url(request) if index else "/"


# --- large-print booklets ----------------------------------------------------


def booklet_public(page) -> bool:
    """A page is printable for anyone when it and its ancestors are live and no
    view restriction (password, login, groups) applies to it: private lessons are
    never put in a booklet, whoever asks."""
    return bool(page.live) and not page.get_view_restrictions().exists()


def booklet_access(*, user, course, lesson=None) -> str:
    """ "ok", "missing" (unpublished or private: say nothing more), "login" (a staff
    course asked for by a guest) or "forbidden" (a staff course, not staff)."""
    if not booklet_public(course) or (lesson is not None and not lesson.live):
        return "missing"
    if lesson is not None and lesson.get_view_restrictions().exists():
        return "missing"
    if course.audience == "staff":
        if user is None or not user.is_authenticated:
            return "login"
        if not course_open_to(user=user, course=course):
            return "forbidden"
    return "ok"


def booklet_lessons(course) -> list:
    """The course's live lessons without view restrictions, in order (their own
    restrictions are checked in one query)."""
    from wagtail.models import PageViewRestriction

    from .models import LessonPage

    lessons = list(LessonPage.objects.live().child_of(course).order_by("path"))
    restricted = set(
        PageViewRestriction.objects.filter(
            page_id__in=[lesson.pk for lesson in lessons]
        ).values_list("page_id", flat=True)
    )
    return [lesson for lesson in lessons if lesson.pk not in restricted]
