"""The demo course data and its pictures (no database).

These guard what a learner would notice: a missing picture, a "try it" target that is
not where the button is drawn, tofu boxes instead of Chinese text, a quiz with no right
answer, a broken prerequisite, an instruction too long to read at a glance.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
from functools import cache, lru_cache

import pytest
from PIL import Image

from training.demo_content import courses, images, layout, samples
from training.demo_content.drawing import FACE, FONT_DIR

BLOCK_KEYS = {
    "rich_text": None,
    "guided_step": {
        "title",
        "image",
        "image_alt",
        "instruction",
        "spoken_text",
        "hint",
        "common_mistake",
    },
    "try_it": {"image", "image_alt", "instruction", "hint", "success", "targets"},
    "knowledge_check": {"question", "choices", "explanation"},
    "callout": {"kind", "text"},
}
COURSE_SLUGS = [c["slug"] for c in courses.COURSES]
RESIDENT = [c for c in courses.COURSES if c["audience"] == "residents"]
STAFF = [c for c in courses.COURSES if c["audience"] == "staff"]


def all_blocks():
    for c in courses.COURSES:
        for lesson in c["lessons"]:
            for i, block in enumerate(lesson["blocks"]):
                yield pytest.param(
                    c,
                    lesson,
                    block,
                    id=f"{c['slug']}/{lesson['slug']}/{i}-{block['type']}",
                )


def blocks_of(type_):
    return [p for p in all_blocks() if p.values[2]["type"] == type_]


@cache
def drawn(name):
    return images.draw(name)


def referenced_images() -> set[str]:
    names = {c["cover"] for c in courses.COURSES}
    for c in courses.COURSES:
        for lesson in c["lessons"]:
            for block in lesson["blocks"]:
                if block["type"] in ("guided_step", "try_it"):
                    names.add(block["value"]["image"])
    return names


# ---------------------------------------------------------------- pictures
def test_every_referenced_picture_exists():
    missing = referenced_images() - set(images.IMAGE_NAMES)
    assert not missing, (
        f"courses.py names pictures images.py cannot draw: {sorted(missing)}"
    )


def test_no_picture_is_drawn_but_never_used():
    unused = set(images.IMAGE_NAMES) - referenced_images()
    assert not unused, f"dead pictures: {sorted(unused)}"


@pytest.mark.parametrize("name", images.IMAGE_NAMES)
def test_picture_renders_png_of_expected_size(name):
    data = images.render(name)
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    img = Image.open(io.BytesIO(data))
    img.verify()
    expected = (
        (1200, 675)
        if name.startswith("cover-")
        else (720, 1280)
        if name.startswith("phone-")
        else (1280, 800)
    )
    assert img.size == expected
    assert len(data) < 250_000, "keep demo pictures small"


@pytest.mark.parametrize("name", ["phone-home", "phone-wlan-list", "cover-smartphone"])
def test_rendering_is_deterministic(name):
    assert images.render(name) == images.render(name)


def test_unknown_picture_is_a_key_error():
    with pytest.raises(KeyError):
        images.render("no-such-picture")


@lru_cache(maxsize=1)
def _cjk_cmap() -> set[int]:
    from fontTools.ttLib import TTCollection

    path = FONT_DIR / "NotoSansCJK-Regular.ttc"
    if not path.exists():
        pytest.skip("Noto Sans CJK not installed")
    coll = TTCollection(str(path), lazy=True)
    for font in coll.fonts:
        if font["name"].getDebugName(1) == FACE:
            return set(font.getBestCmap())
    pytest.fail(f"{FACE} not found in {path}")


@pytest.mark.parametrize("name", images.IMAGE_NAMES)
def test_picture_text_has_no_missing_glyphs(name):
    cmap = _cjk_cmap()
    texts = drawn(name).texts
    assert texts, "every picture carries some words"
    missing = {ch for t in texts for ch in t if ch not in " \n" and ord(ch) not in cmap}
    assert not missing, f"would show tofu boxes: {sorted(missing)}"


# ---------------------------------------------------------------- try it targets
@pytest.mark.parametrize(("course", "lesson", "block"), blocks_of("try_it"))
def test_try_it_targets_lie_inside_the_picture(course, lesson, block):
    targets = block["value"]["targets"]
    assert targets, "a try-it needs at least one target"
    for t in targets:
        assert t["label"]
        assert 0 <= t["x"] < 100
        assert 0 <= t["y"] < 100
        assert t["width"] > 0
        assert t["height"] > 0
        assert t["x"] + t["width"] <= 100
        assert t["y"] + t["height"] <= 100


@pytest.mark.parametrize(("course", "lesson", "block"), blocks_of("try_it"))
def test_try_it_target_sits_on_a_drawn_tappable_element(course, lesson, block):
    name = block["value"]["image"]
    w, h = images.size_of(name)
    rects = drawn(name).tappables.values()
    for t in block["value"]["targets"]:
        rect = (
            t["x"] * w / 100,
            t["y"] * h / 100,
            t["width"] * w / 100,
            t["height"] * h / 100,
        )
        matches = [
            r
            for r in rects
            if all(abs(a - b) <= 1 for a, b in zip(rect, r, strict=True))
        ]
        assert matches, f"target {t['label']!r} on {name} matches nothing drawn there"


@pytest.mark.parametrize(("course", "lesson", "block"), blocks_of("try_it"))
def test_try_it_picture_does_not_give_the_answer_away(course, lesson, block):
    assert drawn(block["value"]["image"]).highlights == []


@pytest.mark.parametrize(
    ("course", "lesson", "block"),
    [p for p in blocks_of("guided_step") if p.values[0]["audience"] == "residents"],
)
def test_resident_step_picture_marks_the_spot_or_shows_a_result(course, lesson, block):
    # an instruction that says where to tap needs a picture that marks it
    value = block["value"]
    if value["instruction"].startswith("点") or "点“" in value["instruction"]:
        assert drawn(value["image"]).highlights, f"{value['image']} marks nothing"


def test_pct_converts_pixels_to_percent():
    assert layout.pct((72, 128, 360, 640), (720, 1280), "x") == {
        "x": 10.0,
        "y": 10.0,
        "width": 50.0,
        "height": 50.0,
        "label": "x",
    }


# ---------------------------------------------------------------- blocks
@pytest.mark.parametrize(("course", "lesson", "block"), list(all_blocks()))
def test_block_has_the_contract_shape(course, lesson, block):
    assert block["type"] in BLOCK_KEYS
    keys = BLOCK_KEYS[block["type"]]
    if keys is None:
        assert block["value"].startswith("<p>")
    else:
        assert set(block["value"]) == keys
    if block["type"] in ("guided_step", "try_it"):
        assert block["value"]["image_alt"].strip(), "every picture needs alt text"
        assert block["value"]["instruction"].strip()
    if block["type"] == "callout":
        assert block["value"]["kind"] in ("tip", "warning", "fraud")
        assert block["value"]["text"].strip()


# The lesson editor's field limits (training/blocks.py): longer text would be rejected
# when the demo is loaded, and the course would be skipped.
EDITOR_LIMITS = {
    "guided_step": {"title": 80, "image_alt": 255, "instruction": 160},
    "try_it": {"image_alt": 255, "instruction": 160},
    "knowledge_check": {"question": 250},
}


@pytest.mark.parametrize(("course", "lesson", "block"), list(all_blocks()))
def test_block_text_fits_the_editor_limits(course, lesson, block):
    for field, limit in EDITOR_LIMITS.get(block["type"], {}).items():
        assert len(block["value"][field]) <= limit, field
    for t in block["value"].get("targets", []) if block["type"] == "try_it" else []:
        assert len(t["label"]) <= 60
    for choice in (
        block["value"].get("choices", []) if block["type"] == "knowledge_check" else []
    ):
        assert len(choice["text"]) <= 200


@pytest.mark.parametrize(("course", "lesson", "block"), blocks_of("knowledge_check"))
def test_knowledge_check_has_a_right_and_a_wrong_answer(course, lesson, block):
    choices = block["value"]["choices"]
    assert len(choices) >= 2
    assert any(c["correct"] for c in choices), "no correct choice"
    assert not all(c["correct"] for c in choices), "nothing to get wrong"
    assert len({c["text"] for c in choices}) == len(choices)
    assert block["value"]["explanation"].strip()


@pytest.mark.parametrize(
    ("course", "lesson", "block"),
    [p for p in blocks_of("guided_step") if p.values[0]["audience"] == "residents"],
)
def test_resident_instructions_are_short(course, lesson, block):
    assert len(block["value"]["instruction"]) <= 40


@pytest.mark.parametrize(("course", "lesson", "block"), blocks_of("guided_step"))
def test_symbols_and_phone_numbers_get_a_spoken_version(course, lesson, block):
    # read-aloud would say "less than" for "<" and "一百一十" for 110
    value = block["value"]
    tricky = re.search(r"[<+=]|110", value["instruction"])
    if tricky:
        assert value["spoken_text"], f"say {tricky.group()!r} in words for read-aloud"
        assert not re.search(r"[<+]|110", value["spoken_text"])


# ---------------------------------------------------------------- courses
def test_enough_courses_for_each_audience():
    assert len(RESIDENT) >= 4
    assert len(STAFF) >= 3


def test_course_slugs_unique():
    assert len(COURSE_SLUGS) == len(set(COURSE_SLUGS))


def test_required_skill_areas_exist_and_are_unique():
    slugs = [s for s, _, _ in courses.SKILL_AREAS]
    assert len(slugs) == len(set(slugs))
    assert {
        "smartphone",
        "online-services",
        "anti-fraud",
        "health-travel",
        "data-analysis",
        "programming",
        "digital-governance",
    } <= set(slugs)
    assert all(zh and en for _, zh, en in courses.SKILL_AREAS)


@pytest.mark.parametrize("course", courses.COURSES, ids=COURSE_SLUGS)
def test_course_fields(course):
    skill_slugs = {s for s, _, _ in courses.SKILL_AREAS}
    assert course["skill_area"] in skill_slugs
    assert course["audience"] in ("residents", "staff", "everyone")
    assert course["level"] in (1, 2, 3)
    assert course["minutes"] > 0
    for key in ("title", "title_en", "summary", "summary_en", "cover_alt"):
        assert course[key].strip(), key
    assert course["outcomes"]
    assert course["cover"].startswith("cover-")
    for pre in course["prerequisites"]:
        assert pre in COURSE_SLUGS, f"unknown prerequisite {pre}"
        assert pre != course["slug"]
    assert 2 <= len(course["lessons"]) <= 4
    lesson_slugs = [lesson["slug"] for lesson in course["lessons"]]
    assert len(lesson_slugs) == len(set(lesson_slugs))
    for lesson in course["lessons"]:
        assert lesson["title"].strip()
        assert lesson["title_en"].strip()
        assert lesson["minutes"] > 0
        assert lesson["blocks"]


@pytest.mark.parametrize("course", RESIDENT, ids=[c["slug"] for c in RESIDENT])
def test_resident_course_is_guided_and_practised(course):
    types = [b["type"] for lesson in course["lessons"] for b in lesson["blocks"]]
    assert "try_it" in types
    assert "knowledge_check" in types
    assert "callout" in types
    for lesson in course["lessons"]:
        steps = sum(b["type"] == "guided_step" for b in lesson["blocks"])
        assert 5 <= steps <= 8, f"{lesson['slug']}: {steps} guided steps"


@pytest.mark.parametrize("course", STAFF, ids=[c["slug"] for c in STAFF])
def test_staff_course_mixes_reading_steps_and_checks(course):
    types = {b["type"] for lesson in course["lessons"] for b in lesson["blocks"]}
    assert {"rich_text", "guided_step", "knowledge_check"} <= types


def test_fraud_course_uses_fraud_callouts():
    fraud = [c for c in courses.COURSES if c["skill_area"] == "anti-fraud"]
    assert fraud
    kinds = {
        b["value"]["kind"]
        for c in fraud
        for lesson in c["lessons"]
        for b in lesson["blocks"]
        if b["type"] == "callout"
    }
    assert "fraud" in kinds


def test_prerequisites_have_no_cycles():
    pre = {c["slug"]: set(c["prerequisites"]) for c in courses.COURSES}

    def reaches(start, goal, seen=()):
        return any(
            p == goal or (p not in seen and reaches(p, goal, (*seen, p)))
            for p in pre[start]
        )

    assert not [s for s in pre if reaches(s, s)]


def test_paths_point_at_real_courses():
    assert any(p["slug"] == "data-analysis-intro" for p in courses.PATHS)
    for path in courses.PATHS:
        for key in ("title", "title_en", "summary", "summary_en"):
            assert path[key].strip()
        assert len(path["courses"]) >= 2
        assert all(slug in COURSE_SLUGS for slug in path["courses"])
        assert len(path["courses"]) == len(set(path["courses"]))


# ---------------------------------------------------------------- sample data
def test_lesson_script_prints_what_the_lesson_shows(tmp_path):
    # given the CSV and the script the programming lesson teaches
    (tmp_path / "residents.csv").write_text(samples.RESIDENTS_CSV, encoding="utf-8")
    script = tmp_path / "count_ages.py"
    script.write_text(samples.PY_SCRIPT, encoding="utf-8")
    # when it runs next to the CSV
    out = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, str(script)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    # then it prints exactly what the lesson and its screenshot show
    assert out == samples.PY_OUTPUT
    lesson = next(c for c in courses.COURSES if c["slug"] == "automation-programming")
    html = "".join(
        b["value"]
        for les in lesson["lessons"]
        for b in les["blocks"]
        if b["type"] == "rich_text"
    )
    assert "count_ages.py" in html
    assert "80岁及以上 3 人" in html
    assert "&quot;年龄&quot;" in html or '"年龄"' in html


def test_spreadsheet_results_in_the_lesson_match_the_data():
    rows = samples.RESIDENTS
    ages = [int(r[2]) for r in rows]
    expected = {
        "调查人数": len(rows),
        "会用手机": sum(r[5] == "会" for r in rows),
        "平均年龄": sum(ages) / len(ages),
        "需要助餐": sum(r[4] == "助餐" for r in rows),
    }
    for label, _formula, shown in samples.SUMMARY:
        assert float(shown) == expected[label], label
    counted: dict[str, int] = {}
    for r in rows:
        counted[r[4]] = counted.get(r[4], 0) + 1
    assert dict(samples.PIVOT) == counted
    assert [v for _, v in samples.PIVOT] == sorted(counted.values(), reverse=True)


def test_raw_survey_has_the_problems_the_cleaning_lesson_names():
    raw, clean = samples.RAW_RESIDENTS, samples.RESIDENTS
    assert len(raw) == len(clean) + 1, "exactly one duplicate row"
    assert len(set(raw)) == len(clean)
    assert any(not r[2].isdigit() for r in raw)
    assert {r[5] for r in raw} - {"会", "不会"}
    assert {r[5] for r in clean} == {"会", "不会"}
    assert all(r[2].isdigit() for r in clean)
