"""Verification codes and name masking (pure functions)."""

from __future__ import annotations

import math

import pytest

from certificates.codes import (
    ALPHABET,
    LENGTH,
    format_code,
    mask_name,
    new_code,
    normalise_code,
)


def test_codes_carry_at_least_80_bits_without_look_alikes():
    assert LENGTH * math.log2(len(ALPHABET)) >= 80
    assert not set("ILOU") & set(ALPHABET)
    codes = {new_code() for _ in range(500)}
    assert len(codes) == 500
    assert all(len(c) == LENGTH and set(c) <= set(ALPHABET) for c in codes)


def test_formatted_codes_are_grouped_in_fours():
    assert format_code("ABCD2345EFGH6789JKMN") == "ABCD-2345-EFGH-6789-JKMN"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        pytest.param("abcd-2345-efgh-6789-jkmn", "ABCD2345EFGH6789JKMN", id="lower"),
        pytest.param("ABCD 2345 EFGH 6789 JKMN", "ABCD2345EFGH6789JKMN", id="spaces"),
        pytest.param("ABCD—2345·EFGH6789JKMN", "ABCD2345EFGH6789JKMN", id="dashes"),
        pytest.param("OBCD-I345-EFGH-6789-JKML", "0BCD1345EFGH6789JKM1", id="o-i-l"),
        pytest.param("ABCD-2345", "", id="short"),
        pytest.param("ABCD-2345-EFGH-6789-JKMU", "", id="u-not-in-alphabet"),
        pytest.param("", "", id="empty"),
    ],
)
def test_typed_codes_are_normalised(typed, expected):
    assert normalise_code(typed) == expected


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        pytest.param("张三", "张*", id="two"),
        pytest.param("张小三", "张*三", id="three"),
        pytest.param("欧阳小明", "欧**明", id="four"),
        pytest.param("龚䶮𠮷𪚥", "龚**𪚥", id="rare-chars-count-once"),
        pytest.param("Li Wei", "L* W**", id="latin"),
        pytest.param("王", "王", id="one"),
    ],
)
def test_names_are_masked(name, masked):
    assert mask_name(name) == masked
