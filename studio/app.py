"""build_app(): the tabs and the wiring between them. No training logic lives here."""

from __future__ import annotations

from functools import partial

import gradio as gr
from gradio.events import Dependency

from core.settings import Settings
from studio import about, experiment, page_locale, session, signin
from studio.strings import words
from studio.tabs import augment, configure, data, deploy, playground, test, train
from studio.tabs.configure import field_components
from studio.tabs.configure_form import filled_now


def build_app(lang: str = "en", settings: Settings | None = None) -> gr.Blocks:
    """The whole studio in `lang` at /, and in the other language at /en or /ko (the navbar switches): every word
    of the page comes from the per-tab string tables, help texts from the config, in both languages. `settings`
    (read from the environment when not given) are shown in the page's footer."""
    settings = settings or Settings.from_env()
    other = "ko" if lang == "en" else "en"
    # Gradio's copies of uploads and downloads (zips of exports) go after a day, so visitors cannot fill the disk
    # through its cache; what the studio keeps is copied into the data dir (and counted in each visitor's quota).
    with gr.Blocks(title=words("app", lang)("title"), delete_cache=(3600, 86400)) as demo:
        page_locale.navbar(lang)
        build_page(demo, lang, settings)
    with demo.route(page_locale.LANGUAGE_NAMES[other], other, show_in_navbar=False):
        page_locale.navbar(lang)  # the same links on the other page (Gradio's default there: "Home" only)
        build_page(demo, other, settings)
    return demo


def build_page(demo: gr.Blocks, lang: str, settings: Settings) -> None:
    """One language's tabs and their wiring."""
    w = words("app", lang)
    gr.Markdown(f"# {w('title')}\n{w('subtitle')}")
    signin.login_button(lang)  # on a Space with `hf_oauth: true`: what a signed-in visitor makes is their own
    owner = session.owner_state()  # this browser's id: which uploaded datasets its lists show
    kept = experiment.stores()  # the form, the open tab and measured paces, in this browser's localStorage
    strip = gr.Markdown(elem_id="experiment-summary")  # the experiment every tab works on, in one line
    with gr.Tabs():
        with gr.Tab(w("tab_data"), id="data") as data_page:
            data_tab = data.build(lang, owner)
            followed = gr.Markdown(elem_id="data-task-note")  # the Configure tab's task followed this dataset
        with gr.Tab(words("augment", lang)("tab"), id="augment") as augment_page:
            augment_tab = augment.build(lang, owner)
        with gr.Tab(w("tab_configure"), id="configure") as configure_page:
            configure_tab = configure.build(lang, owner)
        with gr.Tab(w("tab_train"), id="train") as train_page:
            with gr.Row():
                measure = gr.Button(
                    words("experiment", lang)("measure"), elem_id="experiment-measure", size="sm", scale=1
                )
                measured = gr.Markdown(experiment.measure_help(lang), elem_id="experiment-measured")
            train_tab = train.build(lang, field_components(configure_tab), owner, kept["tab"])
        with gr.Tab(w("tab_test"), id="test") as test_page:
            test.build(lang, data_tab["dataset"], test_page, owner)
        with gr.Tab(words("playground", lang)("tab"), id="playground") as playground_page:
            playground.build(lang, playground_page, owner)
        with gr.Tab(w("tab_deploy"), id="deploy") as deploy_page:
            deploy_tab = deploy.build(lang, owner)
    about.build(settings, lang)
    # A past run's settings back in the form; the Configure tab then compares the LR with that run's.
    train_tab["use_config"].click(
        partial(configure.load_run, lang),
        [train_tab["run"], owner],
        [*field_components(configure_tab), configure_tab["origin"], train_tab["message"]],
    ).then(filled_now, None, configure_tab["filled"])
    # Runs finish while the page is open: offer them when the Deploy tab is opened.
    deploy_page.select(deploy.relist, owner, deploy_tab["run"])

    # The dataset picked on the Data tab is the one the config trains on, and the task follows it, saying so on
    # both tabs (configure.follow_dataset says why); the Data tab counts tokens with the configured model and marks
    # what its max_seq_length cuts.
    def follow(name: str, task: str):
        name, task, note = configure.follow_dataset(lang, name, task)
        return name, task, note, note

    data_tab["dataset"].change(
        follow,
        [data_tab["dataset"], configure_tab["task"]],
        [configure_tab["data.dataset"], configure_tab["task"], configure_tab["task_note"], followed],
        trigger_mode="multiple",  # cheap: runs every time (one "always_last" listener per event, form_edits says why)
    ).then(filled_now, None, configure_tab["filled"])
    configure_tab["edited"].then(
        None,
        [configure_tab["model.name_or_path"], configure_tab["model.max_seq_length"]],
        [data_tab["tokenizer"], data_tab["max_len"]],
        js="(model, length) => [model, length]",
        show_progress="hidden",
    )

    def on_load(dataset: str, owner_id: str | None, request: gr.Request):
        """After a reload or a UI restart, show this visitor's newest run again and refresh what may have changed."""
        who = session.visitor(owner_id, request)
        summary, examples, passages = data.show(dataset, lang, who)
        return (
            gr.update(choices=train.run_choices(who, lang), value=train.newest_run(who)),
            summary,
            examples,
            passages,
        )

    # The LR preview needs the dataset, which the Data tab may have just stored.
    demo.load(
        configure.check_event(lang),
        [*configure.check_inputs(configure_tab), owner],
        configure.check_outputs(configure_tab),
        concurrency_limit=1,
        concurrency_id=configure.CHECK_QUEUE,
    )

    def lists(owner_id: str | None, request: gr.Request):
        who = session.visitor(owner_id, request)
        datasets = gr.update(choices=data.dataset_choices(who))
        return datasets, datasets, gr.update(choices=augment.retrieval_choices(who))

    def datasets(owner_id: str | None, request: gr.Request):
        return gr.update(choices=data.dataset_choices(session.visitor(owner_id, request)))

    # The browser's id first (a new one on its first visit), then the lists this visitor may see.
    demo.load(session.ensure_owner, owner, owner).then(
        lists,
        owner,
        [data_tab["dataset"], configure_tab["data.dataset"], augment_tab["source"]],
    )
    # The Augment tab and the CLI store datasets while the page is open: list them again when the Data tab opens.
    data_page.select(datasets, owner, data_tab["dataset"])
    # The run list's states and the history as they are now, whenever the Train tab is opened; its timer ticks
    # soon, and then as fast as the open run needs.
    train_page.select(
        partial(train.lists, lang),
        owner,
        [train_tab["run"], train_tab["history.table"], train_tab["history.picked"]],
        show_progress="hidden",
    ).then(lambda: gr.update(value=train.REFRESH_SECONDS), None, train_tab["timer"], show_progress="hidden")
    # The same list on the Configure tab; its free-text dropdown keeps a typed name that is not stored (yet).
    configure_page.select(datasets, owner, configure_tab["data.dataset"])
    wire_experiment(
        demo,
        lang,
        owner,
        kept,
        strip,
        {
            "data": data_page,
            "augment": augment_page,
            "configure": configure_page,
            "train": train_page,
            "test": test_page,
            "playground": playground_page,
            "deploy": deploy_page,
        },
        field_components(configure_tab),
        (configure_tab["edited"], configure_tab["filled"]),
        data_tab["dataset"],
        (measure, measured),
    )
    demo.load(
        on_load,
        [data_tab["dataset"], owner],
        [train_tab["run"], data_tab["summary"], data_tab["examples"], data_tab["passages"]],
    ).then(
        partial(data.measure, lang=lang),
        [data_tab["dataset"], data_tab["tokenizer"], data_tab["max_len"], data_tab["min_samples"]],
        [data_tab["stats"], data_tab["lengths_plot"], data_tab["dist_plot"], data_tab["popular"]],
    )


def wire_experiment(
    demo: gr.Blocks,
    lang: str,
    owner: gr.BrowserState,
    kept: dict[str, gr.BrowserState],
    strip: gr.Markdown,
    pages: dict[str, gr.Tab],
    fields: list[gr.Component],
    form: tuple[Dependency, gr.State],
    data_dataset: gr.Dropdown,
    measuring: tuple[gr.Button, gr.Markdown],
) -> None:
    """The experiment kept per browser (studio/experiment.py): every edit of the form is remembered with the open
    tab, both come back after a reload, and the line above the tabs says the experiment and its measured time."""

    def remember(*values):
        *form, paces, owner_id, request = values
        who = session.visitor(owner_id, request)
        return experiment.remembered(form), experiment.line(form, paces, who, lang)

    edited, filled = form  # configure.build's event of an edit, and the state a fill by the studio bumps
    edited.then(
        session.with_request(remember, len(fields) + 2),
        [*fields, kept["paces"], owner],
        [kept["form"], strip],
        trigger_mode="always_last",
        show_progress="hidden",
    )
    for tab_id, page in pages.items():
        page.select(lambda tab_id=tab_id: tab_id, None, kept["tab"], show_progress="hidden")

    def restore(*values):
        """The kept form, and the line for the form as it then is."""
        saved, paces, owner_id, *form, request = values
        who = session.visitor(owner_id, request)
        shown = experiment.restored(saved, form, data.dataset_choices(who))
        if shown is None:
            return *[gr.skip()] * len(fields), gr.skip(), experiment.line(form, paces, who, lang)
        # Only the fields that differ are set; the `filled` bump after it re-checks the form
        changes = [gr.skip() if new == old else new for new, old in zip(shown, form, strict=True)]
        return *changes, changes[experiment.DATASET], experiment.line(shown, paces, who, lang)

    demo.load(
        session.with_request(restore, len(fields) + 3),
        [kept["form"], kept["paces"], owner, *fields],
        [*fields, data_dataset, strip],
        show_progress="hidden",
    ).then(filled_now, None, filled)
    # The kept tab is opened in the browser, as a click would (its select events run): never as an output, since
    # Gradio then re-reads every component under the Tabs at each status change of any event, ~0.3 s a tick.
    demo.load(None, kept["tab"], None, js=experiment.OPEN_KEPT_TAB)

    button, said = measuring

    def measure(*values):
        *form, paces, owner_id, request = values
        return experiment.measure(form, paces, session.visitor(owner_id, request), lang)

    button.click(lambda: (gr.Button(interactive=False), experiment.measuring(lang)), None, [button, said]).then(
        session.with_request(measure, len(fields) + 2),
        [*fields, kept["paces"], owner],
        [kept["paces"], strip, said],
        show_progress_on=[said],
    ).then(lambda: gr.Button(interactive=True), None, button)
