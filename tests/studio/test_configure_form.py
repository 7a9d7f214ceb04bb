"""The Configure form a beginner can read (issue 19: 7,190 px with every group open): the fields a first run changes
lead, open, in the order a person decides them; every other field waits in a closed accordion, each field exactly
once. Built with Gradio itself, as the page builds it."""

from __future__ import annotations

import gradio as gr
import pytest

from studio.config_errors import config_error
from studio.form import form_fields, values_to_config
from studio.tabs.configure_form import BASICS, MORE, build_fields, field_components
from studio.widgets import elem_id
from training.config.studio import ConfigError


def inside(block: gr.blocks.Block) -> list[gr.blocks.Block]:
    """Every block under `block`, in page order (Gradio wraps form fields in a Form of its own)."""
    return [x for child in getattr(block, "children", []) for x in (child, *inside(child))]


@pytest.fixture(scope="module", params=["en", "ko"])
def form(request: pytest.FixtureRequest) -> tuple[dict[str, gr.Component], list[gr.Accordion]]:
    fields: dict[str, gr.Component] = {}
    with gr.Blocks() as page:
        build_fields(request.param, fields)
    return fields, [block for block in page.blocks.values() if isinstance(block, gr.Accordion)]


def test_the_basics_lead_open_and_in_a_beginners_order(form) -> None:
    fields, accordions = form
    opened = [a for a in accordions if a.open]
    assert [a.elem_id for a in opened] == ["cfg-group-basics"] and accordions[0] is opened[0]
    ids = {id(field) for field in fields.values()}
    shown = [block.elem_id for block in inside(opened[0]) if id(block) in ids]
    assert shown == [elem_id(spec) for path in BASICS for spec in form_fields() if spec.path == path]
    assert all(fields[path].info for path in BASICS), "each basic field says what it does"


def test_every_other_field_is_in_a_closed_group_once(form) -> None:
    fields, accordions = form
    closed = [a for a in accordions if not a.open]
    assert len(closed) >= 5 and all(MORE in a.elem_classes for a in closed)
    ids = {id(field) for field in fields.values()}
    placed = [id(block) for a in accordions for block in inside(a) if id(block) in ids]
    assert len(placed) == len(set(placed)) == len(form_fields())
    assert len(form_fields()) - len(BASICS) >= 30  # what the page no longer shows before the first click
    assert field_components(fields) == [fields[spec.path] for spec in form_fields()]  # values_to_config's order


def test_a_number_out_of_its_bounds_is_said_by_the_config_check_in_the_pages_language(
    form, request: pytest.FixtureRequest
) -> None:
    # Gradio's own bounds would refuse it first, in an English pop-up on /ko, and the check would never run.
    fields, _ = form
    box = fields["training.per_device_train_batch_size"]
    assert isinstance(box, gr.Number) and box.minimum is None and box.maximum is None
    assert box.preprocess(0) == 0
    values = [0 if spec.path == "training.per_device_train_batch_size" else field.value
              for spec, field in zip(form_fields(), field_components(fields), strict=True)]  # fmt: skip
    with pytest.raises(ConfigError) as refused:
        values_to_config(values)
    lang = request.node.callspec.params["form"]
    said = config_error(refused.value, lang)
    assert said.startswith("`training.per_device_train_batch_size` = 0: ")
    assert ("2 이상 4096 이하" in said) if lang == "ko" else ("must be >= 2 and <= 4096" in said)
