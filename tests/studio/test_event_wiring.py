"""The page's events cannot feed each other for ever.

Gradio 6.31's page re-sends a whole event when one of its "always_last" listeners was deferred (a new trigger while
it ran): every listener of that event runs again. With two such listeners on one event, each one's re-send found the
other still running and deferred it, and the pair ran by turns once a second for as long as the page stayed open
(seen on the Configure tab: the check, the kept form and the doctor, ~2.4 s of CPU each, after three quick edits).
So each event has at most one "always_last" listener, and the form's fields have none on their own change."""

from __future__ import annotations

from collections import defaultdict

import pytest

CHAINED = {"then", "success", "failure"}  # sent to one listener by id, never re-sent to its siblings
ONCE = {"load"}  # sent once per page: nothing can be pending when it comes


@pytest.fixture
def page_config(data_dir) -> dict:
    from studio.app import build_app

    return build_app("en").get_config_file()


def names(config: dict) -> dict[int, str]:
    return {c["id"]: c.get("props", {}).get("elem_id") or c["type"] for c in config["components"]}


def test_no_event_has_two_always_last_listeners(page_config: dict) -> None:
    listeners = defaultdict(list)
    for dependency in page_config["dependencies"]:
        for target, event in dependency["targets"]:
            if event not in CHAINED | ONCE and dependency["trigger_mode"] == "always_last":
                listeners[(target, event)].append(dependency["id"])
    named = names(page_config)
    doubled = {f"{named.get(target)}.{event}": ids for (target, event), ids in listeners.items() if len(ids) > 1}
    assert not doubled, f"events with more than one always_last listener: {doubled}"


def test_form_fields_are_heard_on_input_only(page_config: dict) -> None:
    from studio.form import form_fields
    from studio.widgets import elem_id

    elem_ids = {elem_id(spec) for spec in form_fields()}
    named = names(page_config)
    heard = defaultdict(set)
    for dependency in page_config["dependencies"]:
        for target, event in dependency["targets"]:
            if named.get(target) in elem_ids:
                heard[named[target]].add(event)
    assert set(heard) == elem_ids, f"fields nobody listens to: {sorted(elem_ids - set(heard))}"
    changed = sorted(elem for elem, events in heard.items() if "change" in events)
    assert not changed, f"form fields with a change listener: {changed}"
