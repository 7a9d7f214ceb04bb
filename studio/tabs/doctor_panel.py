"""The Configure tab's doctor: findings with their numbers, worded in the page's language (studio/findings_view.py),
and one button per fix that edits the form."""

from __future__ import annotations

import gradio as gr
from gradio.events import Dependency

from studio import session
from studio.findings_view import mark, worded
from studio.form import config_to_values, form_fields, values_to_config
from studio.strings import words
from studio.tabs.configure_form import filled_now
from training.config.studio import ConfigError, set_value
from training.doctor.examine import examine
from training.doctor.findings import Finding, Fix
from training.doctor.probe import ProbeResult
from training.lifecycle.runs import RunInfo
from training.visitors import workspace
from training.visitors.access import AccessDenied, Visitor

MAX_FIXES = 4
RECHECK_QUEUE = "configure-doctor"  # re-checks after edits run one at a time, pending edits collapsed into the newest
# The Train tab's live findings (studio/train_view.py) still mark severity with these; this panel says it in words
# (findings_view.mark). ASCII, coloured by studio/page_style.py: an emoji is an empty box without an emoji font.
ICONS = {
    "error": '<span class="mark mark-error">[x]</span>',
    "warning": '<span class="mark mark-warning">[!]</span>',
    "info": '<span class="mark mark-info">[i]</span>',
}


def findings_markdown(findings: list[Finding], lang: str) -> str:
    w = words("configure", lang)
    if not findings:
        return w("doctor_clean")
    parts = []
    for finding in findings:
        said = worded(finding, lang)
        parts.append(f"{mark(finding.severity, lang)} **{said.title}**  \n{said.evidence}  \n_{w('why')}: {said.why}_")
    return "\n\n".join(parts)


def probe_markdown(result: ProbeResult | None, task: str, lang: str) -> str:
    """The probe's measurement whenever it ran, healthy or not: 42 s of forward pass deserve their number."""
    w = words("configure", lang)
    if result is None:
        return w("probe_none", task=task)
    what = w(f"probe_what_{result.task}", batch=result.batch, candidates=result.candidates)
    return w(
        "probe_result",
        loss=result.loss,
        candidates=result.candidates,
        chance=result.chance,
        ratio=result.ratio,
        what=what,
        verdict=w(f"probe_{result.verdict}"),
    )


def visitor_refusal(lang: str, who: Visitor, values: list) -> str | None:
    """Why this visitor may not have the form's config read on their behalf (another visitor's private dataset, a
    server path in a shared studio), in words; None when they may. A form that does not parse is left to the caller,
    which says what is wrong with it."""
    try:
        workspace.check_config(who, values_to_config(list(values)))
    except AccessDenied as exc:
        return words("configure", lang)("invalid", message=exc)
    except (ConfigError, FileNotFoundError, ValueError):
        return None
    return None


def run_doctor(lang: str, probe: bool, *values, past: list[RunInfo] | None = None):
    """Findings (after the probe's measurement when it was asked for), the fixes behind the buttons, their labels;
    `past`: the runs the visitor sees, newest first, to compare with the last one of the same data."""
    w = words("configure", lang)
    try:
        config = values_to_config(list(values))
        findings, ctx = examine(config, probe=probe, past=past or ())
    except (ConfigError, OSError, ValueError) as exc:
        return (w("doctor_error", message=exc), [], *[gr.update(visible=False)] * MAX_FIXES)
    fixed = [f for f in findings if f.fix][:MAX_FIXES]
    fixes = [f.fix for f in fixed]
    buttons = [gr.update(value=f"{w('apply')}: {worded(f, lang).fix}", visible=True) for f in fixed]
    buttons += [gr.update(visible=False)] * (MAX_FIXES - len(fixes))
    text = findings_markdown(findings, lang)
    if probe:
        text = probe_markdown(ctx.probe, config.task, lang) + "\n\n" + text
    return (text, fixes, *buttons)


def recheck(lang: str, shown: dict | None, *values, past: list[RunInfo] | None = None):
    """The doctor again after an edit, once it has been run: a finding whose field was fixed (by its button, the
    layer fix or by hand) leaves the panel, and a new one appears. The probe is not rerun (a forward pass per edit is
    too slow); its measurement is marked as the earlier config's. Nothing shown yet: nothing to do."""
    if not shown:
        return (gr.update(), gr.update(), *[gr.update()] * MAX_FIXES)
    text, fixes, *buttons = run_doctor(lang, False, *values, past=past)
    if shown.get("probe"):
        text = words("configure", lang)("probe_stale") + "\n\n" + text
    return (text, fixes, *buttons)


def apply_fix(index: int, fixes: list[Fix], *values):
    """The form with one fix applied (the `filled` bump after it re-checks everything), the button hidden."""
    if index >= len(fixes):
        return (*[gr.update()] * len(values), gr.update())
    config = values_to_config(list(values))
    set_value(config, fixes[index].path, fixes[index].value)
    return (*config_to_values(config), gr.update(visible=False))


def build(lang: str, fields: list[gr.Component], owner: gr.BrowserState, filled: gr.State) -> dict[str, gr.Component]:
    """`filled` is the form's state that events setting fields bump (configure_form.form_edits)."""
    w = words("configure", lang)
    c: dict[str, gr.Component] = {}
    with gr.Accordion(w("doctor_header"), open=True):
        with gr.Row():
            c["probe"] = gr.Checkbox(label=w("probe"), value=False, elem_id="cfg-probe")
            c["run"] = gr.Button(w("doctor_run"), elem_id="cfg-doctor-run")
        c["findings"] = gr.Markdown(elem_id="cfg-doctor")
        c["fixes"] = gr.State([])
        c["shown"] = gr.State(None)  # {"probe": bool} once the doctor has been run: edits then re-check it
        buttons = [gr.Button(visible=False, size="sm", elem_id=f"cfg-fix-{i}") for i in range(MAX_FIXES)]
    assert len(fields) == len(form_fields())

    def doctor_event(probe: bool, *values):
        """The doctor for this visitor: a dataset, model or file they may not use is refused before it is read."""
        *form, owner_id, request = values
        who = session.visitor(owner_id, request)
        refused = visitor_refusal(lang, who, form)
        if refused:
            return (refused, [], *[gr.update(visible=False)] * MAX_FIXES, None)
        return (*run_doctor(lang, probe, *form, past=workspace.run_list(who)), {"probe": probe})

    c["run"].click(
        session.with_request(doctor_event, len(fields) + 2),
        [c["probe"], *fields, owner],
        [c["findings"], c["fixes"], *buttons, c["shown"]],
    )
    c.update({f"fix.{index}": button for index, button in enumerate(buttons)})
    for index, button in enumerate(buttons):
        button.click(
            lambda fixes, *v, i=index: apply_fix(i, fixes, *v), [c["fixes"], *fields], [*fields, button]
        ).then(filled_now, None, filled)
    return c


def follow_edits(edited: Dependency, lang: str, c: dict[str, gr.Component], fields: list, owner: gr.BrowserState):
    """Once the doctor has run, each edit of the form re-checks its findings (`edited`: configure.build's event of
    an edit); a dataset, model or file the visitor may not use is refused before it is read."""

    def recheck_event(shown: dict | None, *values):
        *form, owner_id, request = values
        if not shown:  # the doctor has not been run: nothing to re-check
            return recheck(lang, shown, *form)
        who = session.visitor(owner_id, request)
        refused = visitor_refusal(lang, who, form)
        if refused:
            return (refused, [], *[gr.update(visible=False)] * MAX_FIXES)
        return recheck(lang, shown, *form, past=workspace.run_list(who))

    edited.then(
        session.with_request(recheck_event, len(fields) + 2),
        [c["shown"], *fields, owner],
        [c["findings"], c["fixes"], *[c[f"fix.{index}"] for index in range(MAX_FIXES)]],
        trigger_mode="always_last",  # pending edits collapsed into the newest
        concurrency_limit=1,
        concurrency_id=RECHECK_QUEUE,
        show_progress="hidden",
    )
