STRINGS = {
    "start": {"en": "Start training", "ko": "학습 시작"},
    "stop": {"en": "Stop", "ko": "중지"},
    "run": {"en": "Run", "ko": "실행"},
    "refresh": {"en": "Refresh list", "ko": "목록 새로고침"},
    "no_run": {
        "en": "No run yet. Configure, then press **Start training**.",
        "ko": "아직 실행이 없습니다. 설정 후 **학습 시작**을 누르세요.",
    },
    "started": {"en": "Started run `{run}`.", "ko": "실행 `{run}` 시작됨."},
    "queued": {
        "en": "Queued run `{run}`: it starts by itself when the run before it ends.",
        "ko": "실행 `{run}`을 대기열에 넣었습니다. 앞 실행이 끝나면 자동으로 시작합니다.",
    },
    "resume": {"en": "Resume", "ko": "이어서 학습"},
    "use_config": {"en": "Use this run's settings", "ko": "이 실행의 설정 사용"},
    "config_loaded": {
        "en": "The Configure tab now holds the settings of run **{run}**.",
        "ko": "설정 탭에 실행 **{run}**의 설정을 불러왔습니다.",
    },
    "history": {"en": "Run history", "ko": "실행 기록"},
    "history_table": {
        "en": "All runs, newest first (click a row to open its charts, config and log)",
        "ko": "모든 실행, 최신순 (행을 누르면 차트, 설정, 로그를 엽니다)",
    },
    "delete": {"en": "Delete the open run", "ko": "열린 실행 삭제"},
    "deleted": {"en": "Deleted run `{run}`.", "ko": "실행 `{run}`을 삭제했습니다."},
    "forgotten": {
        "en": "No longer watching run `{run}`: its folder is left as it is.",
        "ko": "실행 `{run}`을 더 이상 지켜보지 않습니다. 그 폴더는 그대로 둡니다.",
    },
    "compare": {"en": "Compare runs", "ko": "실행 비교"},
    "compare_runs": {"en": "Runs (two or more)", "ko": "실행 (둘 이상)"},
    "compare_curve": {"en": "Curve", "ko": "곡선"},
    "compare_align": {"en": "Align by", "ko": "정렬 기준"},
    "compare_button": {"en": "Compare", "ko": "비교"},
    "compare_pick": {"en": "Pick at least two runs.", "ko": "실행을 둘 이상 고르세요."},
    "compare_missing": {"en": "No `{key}` logged by: {runs}.", "ko": "`{key}` 기록이 없는 실행: {runs}."},
    "compare_diff": {
        "en": "Config diff of the first two runs (A = first, B = second)",
        "ko": "앞의 두 실행의 설정 차이 (A = 첫째, B = 둘째)",
    },
    "run_config": {"en": "Config of the open run", "ko": "열린 실행의 설정"},
    "sweep": {"en": "Sweep: many runs, ranked", "ko": "스윕: 여러 실행을 순위로"},
    "sweep_intro": {
        "en": "Vary fields of the Configure form: a list of values per field (grid = every combination) or, with "
        "random, also `{{min: 1e-5, max: 1e-3, log: true}}` ranges. The runs queue and train one after another; the "
        "table ranks them by the metric (click a row to watch that run). Same as `python -m training sweep FILE`.",
        "ko": "설정 탭 양식의 필드를 바꿔 봅니다. 필드마다 값 목록(grid = 모든 조합), random이면 "
        "`{{min: 1e-5, max: 1e-3, log: true}}` 같은 범위도 됩니다. 실행들은 대기열에 들어가 차례로 학습하고, 표가 지표로 "
        "순위를 매깁니다(행을 누르면 그 실행을 봅니다). `python -m training sweep FILE`과 같습니다.",
    },
    "sweep_name": {"en": "Sweep name", "ko": "스윕 이름"},
    "sweep_method": {"en": "Method", "ko": "방법"},
    "sweep_trials": {"en": "Trials (random)", "ko": "시도 수 (random)"},
    "sweep_metric": {"en": "Rank by", "ko": "순위 기준"},
    "sweep_parameters": {"en": "Fields and values (YAML)", "ko": "필드와 값 (YAML)"},
    "sweep_queue": {"en": "Queue the sweep", "ko": "스윕 대기열에 넣기"},
    "sweep_queued": {
        "en": "Queued {n} runs of sweep **{name}**, ranked by `{metric}`.",
        "ko": "스윕 <b>{name}</b>의 실행 {n}개를 대기열에 넣었습니다. 순위 기준: `{metric}`.",
    },
    "sweep_queued_one": {
        "en": "Queued 1 run of sweep **{name}**, ranked by `{metric}`.",
        "ko": "스윕 **{name}**의 실행 1개를 대기열에 넣었습니다. 순위 기준: `{metric}`.",
    },
    "sweep_pick": {"en": "Sweep", "ko": "스윕"},
    "sweep_table": {"en": "Ranking (best first)", "ko": "순위 (좋은 순)"},
    "resumed": {
        "en": "Resuming `{run}` from its last checkpoint (same step, optimiser and schedule).",
        "ko": "`{run}`을 마지막 체크포인트에서 이어서 학습합니다(같은 스텝, 옵티마이저, 스케줄).",
    },
    "resumed_from": {"en": "Resuming from `{checkpoint}`.", "ko": "`{checkpoint}`에서 이어서 학습합니다."},
    "resumed_after": {
        "en": "{skipped}; resuming from `{checkpoint}`.",
        "ko": "{skipped}. `{checkpoint}`에서 이어서 학습합니다.",
    },
    "checkpoint_skipped": {
        "en": "`{checkpoint}` is incomplete ({reason})",
        "ko": "`{checkpoint}` 불완전하여 건너뜀({reason})",
    },
    # why a checkpoint was skipped, by training.lifecycle.checkpoints' rule id
    "torn_missing_file": {"en": "{file} is missing", "ko": "{file} 파일 없음"},
    "torn_cut_short": {"en": "{file} is cut short", "ko": "{file} 파일이 잘림"},
    "torn_size_differs": {"en": "{file} is larger than when it was saved", "ko": "{file} 파일이 저장 때보다 큼"},
    "torn_hash_differs": {"en": "{file} does not match its sha256", "ko": "{file} 파일이 sha256과 맞지 않음"},
    "torn_bad_header": {"en": "{file} has an unreadable header", "ko": "{file} 파일의 헤더를 읽을 수 없음"},
    "torn_unreadable": {"en": "{file} cannot be read", "ko": "{file} 파일을 읽을 수 없음"},
    "stopping": {
        "en": "Stopping `{run}` at the next step (a checkpoint is saved).",
        "ko": "`{run}`을 다음 스텝에서 중지합니다(체크포인트 저장).",
    },
    "invalid": {"en": "**Cannot start:** {message}", "ko": "**시작할 수 없음:** {message}"},
    "refused": {"en": "**Not done:** {message}", "ko": "**하지 않음:** {message}"},
    "command": {"en": "Same as running: `{command}`", "ko": "다음 명령과 같습니다: `{command}`"},
    "progress": {
        "en": "**{state}** · step {step} / {total} ({pct:.0f}%) · elapsed {elapsed} · ETA {eta} · LR {lr} · loss {loss}"
        " · {samples} samples/s · {tokens} tokens/s",
        "ko": "**{state}** · 스텝 {step} / {total} ({pct:.0f}%) · 경과 {elapsed} · 남은 시간 {eta} · LR {lr} · 손실 {loss}"
        " · 초당 샘플 {samples} · 초당 토큰 {tokens}",
    },
    "progress_done": {
        "en": "**{state}** · step {step} / {total} ({pct:.0f}%) · trained for {elapsed} · LR {lr} · loss {loss}",
        "ko": "**{state}** · 스텝 {step} / {total} ({pct:.0f}%) · 학습 시간 {elapsed} · LR {lr} · 손실 {loss}",
    },
    "title_running": {
        "en": "{pct:.0f}% · step {step}/{total} · Tuning Studio",
        "ko": "{pct:.0f}% · 스텝 {step}/{total} · Tuning Studio",
    },
    "title_idle": {"en": "{state} · Tuning Studio", "ko": "{state} · Tuning Studio"},
    # the history table's columns (training.lifecycle.history.summary's keys)
    "column_run": {"en": "run", "ko": "실행"},
    "column_trial": {"en": "trial", "ko": "시도"},
    "column_at_step": {"en": "at_step", "ko": "해당 스텝"},
    "column_state": {"en": "state", "ko": "상태"},
    "column_task": {"en": "task", "ko": "과제"},
    "column_model": {"en": "model", "ko": "모델"},
    "column_dataset": {"en": "dataset", "ko": "데이터셋"},
    "column_metric": {"en": "metric", "ko": "지표"},
    "column_best": {"en": "best", "ko": "최고값"},
    "column_best_step": {"en": "best_step", "ko": "최고 스텝"},
    "column_steps": {"en": "steps", "ko": "스텝"},
    "column_minutes": {"en": "minutes", "ko": "분"},
    "column_started": {"en": "started", "ko": "시작"},
    # a run's state (training/lifecycle/runs.py writes it to status.json)
    "state_queued": {"en": "queued", "ko": "대기 중"},
    "state_running": {"en": "running", "ko": "학습 중"},
    "state_stopped": {"en": "stopped", "ko": "중지됨"},
    "state_finished": {"en": "finished", "ko": "완료"},
    "state_failed": {"en": "failed", "ko": "실패"},
    "state_unknown": {"en": "unknown", "ko": "알 수 없음"},
    "x_axis": {"en": "x axis", "ko": "x축"},
    "x_step": {"en": "step", "ko": "스텝"},
    "x_time": {"en": "minutes", "ko": "분"},
    "log_loss": {"en": "Loss on a log scale (log₁₀)", "ko": "손실을 로그 눈금으로 (log₁₀)"},
    "loss_log_title": {"en": "log₁₀ loss", "ko": "log₁₀ 손실"},
    "epoch": {"en": "end of epoch", "ko": "에폭 끝"},
    # why a chart has no line yet (studio.train_charts.chart_notes' rules)
    "note_no_run": {
        "en": "No run is open: this chart fills in as a run logs its steps.",
        "ko": "열린 실행이 없습니다. 실행이 스텝을 기록하면 이 차트가 채워집니다.",
    },
    "note_wait_log": {
        "en": "Waiting for the first logged step: the first point comes at step {next} (logging_steps = {every}).",
        "ko": "첫 기록을 기다리는 중: 첫 점은 스텝 {next}에 나옵니다(logging_steps = {every}).",
    },
    "note_short_log": {
        "en": "{n} point so far: a line needs 2. The next is logged at step {next} (logging_steps).",
        "ko": "지금까지 점 {n}개: 선을 그리려면 2개가 필요합니다. 다음 기록은 스텝 {next}입니다(logging_steps).",
    },
    "note_none_logged": {
        "en": "This run logged no value for this chart.",
        "ko": "이 실행은 이 차트의 값을 기록하지 않았습니다.",
    },
    "note_wait_eval": {
        "en": "No validation yet: the first evaluation is at step {next} (eval_steps = {every}).",
        "ko": "아직 검증 전: 첫 평가는 스텝 {next}입니다(eval_steps = {every}).",
    },
    "note_wait_eval_epoch": {
        "en": "Validation runs at the end of each epoch: the first scores arrive then.",
        "ko": "검증은 에폭이 끝날 때마다 실행됩니다. 첫 점수는 그때 나옵니다.",
    },
    "note_short_eval": {
        "en": "{n} evaluation so far: a line needs 2. The next evaluation is at step {next}.",
        "ko": "지금까지 평가 {n}번: 선을 그리려면 2개가 필요합니다. 다음 평가는 스텝 {next}입니다.",
    },
    "note_short_eval_epoch": {
        "en": "{n} evaluation so far: a line needs 2. The next evaluation is at the end of the epoch.",
        "ko": "지금까지 평가 {n}번: 선을 그리려면 2개가 필요합니다. 다음 평가는 에폭이 끝날 때입니다.",
    },
    # what the validation searched (status.json's validation_corpus; studio.train_view.corpus_caption)
    "eval_corpus": {
        "en": "Validation over {size:,} of {corpus:,} passages ({positives:,} positives, {negatives:,} hard "
        "negatives, {sampled:,} sampled; seed {seed}): fewer passages than the whole corpus run higher scores.",
        "ko": "검증은 전체 {corpus:,}개 문단 중 {size:,}개에서 합니다(정답 {positives:,}개, 하드 네거티브 "
        "{negatives:,}개, 무작위 {sampled:,}개; 시드 {seed}). 전체 코퍼스보다 문단이 적어 점수가 높게 나옵니다.",
    },
    "eval_corpus_all": {
        "en": "Validation over all {corpus:,} passages.",
        "ko": "검증은 전체 {corpus:,}개 문단에서 합니다.",
    },
    "note_no_eval": {
        "en": "This run logged no validation score (no validation split, or it ended before the first evaluation).",
        "ko": "이 실행은 검증 점수를 기록하지 않았습니다(검증 분할이 없거나 첫 평가 전에 끝남).",
    },
    # the train log: expected library notices (studio.log_view's rules), each explained under it
    "notice_pooler": {
        "en": "expected: the pooler layer is new, and unused: the embedding is the mean of the token vectors.",
        "ko": "정상입니다: 풀러 층은 새로 만들어지지만 쓰이지 않습니다. 임베딩은 토큰 벡터의 평균입니다.",
    },
    "notice_head": {
        "en": "expected: the classification head is new and is trained now, in this run.",
        "ko": "정상입니다: 분류 헤드는 새로 만들어지며 지금 이 실행에서 학습됩니다.",
    },
    "notice_unexpected": {
        "en": "expected: the checkpoint has weights (such as a pre-training head) that this task does not use.",
        "ko": "정상입니다: 체크포인트에 이 작업이 쓰지 않는 가중치(사전학습 헤드 등)가 있습니다.",
    },
    "notice_new_weights": {
        "en": "expected: weights the checkpoint lacks start random; this run trains what the task needs.",
        "ko": "정상입니다: 체크포인트에 없는 가중치는 무작위로 시작하며, 이 실행이 작업에 필요한 것을 학습합니다.",
    },
    "notice_report": {
        "en": "expected: the library lists the weights it loaded differently; nothing to do.",
        "ko": "정상입니다: 라이브러리가 다르게 불러온 가중치를 나열한 것입니다. 할 일은 없습니다.",
    },
    "raw_log": {"en": "Raw log (train.log as written)", "ko": "원본 로그 (기록된 그대로의 train.log)"},
    # an SFT run's sample generations (studio.train_samples)
    "samples": {"en": "Sample generations at each evaluation", "ko": "평가마다 생성한 답변 예시"},
    "samples_step": {"en": "Evaluation at step", "ko": "평가 스텝"},
    "samples_none": {
        "en": "No generations yet: the first are written at the first evaluation.",
        "ko": "아직 생성된 답변이 없습니다. 첫 평가 때 기록됩니다.",
    },
    "sample_n": {"en": "Sample {n}", "ko": "예시 {n}"},
    "sample_prompt": {"en": "Prompt", "ko": "프롬프트"},
    "sample_expected": {"en": "Expected", "ko": "기대 답변"},
    "sample_generated": {"en": "Generated", "ko": "생성된 답변"},
    "sample_valid": {"en": "valid JSON", "ko": "올바른 JSON"},
    "sample_invalid": {"en": "invalid JSON", "ko": "잘못된 JSON"},
    "sample_schema_ok": {"en": "matches schema", "ko": "스키마 일치"},
    "sample_schema_bad": {"en": "does not match schema", "ko": "스키마 불일치"},
    "sample_missing": {"en": "misses keys {keys}", "ko": "빠진 키: {keys}"},
    "sample_fields": {"en": "fields matched {pct:.0f}%", "ko": "필드 일치 {pct:.0f}%"},
    "progress_label": {"en": "Training progress", "ko": "학습 진행률"},
    "open_run": {"en": "Run `{run}` ({state}).", "ko": "실행 `{run}` ({state})."},
    "doctor": {"en": "Live doctor", "ko": "실시간 진단"},
    "doctor_quiet": {
        "en": "No finding so far: the doctor checks the run's metrics as they arrive.",
        "ko": "아직 발견 사항 없음: 지표가 들어올 때마다 진단합니다.",
    },
    "doctor_at": {"en": "at step {step}", "ko": "스텝 {step}"},
    "why": {"en": "why", "ko": "이유"},
    "fix": {"en": "suggested fix", "ko": "제안"},
    "failed": {"en": "**Failed:** {error}", "ko": "**실패:** {error}"},
    # an error status.json names by rule (training/lifecycle/runs.py read_status)
    "error_vanished": {
        "en": "the training process ended without reporting (killed?)",
        "ko": "학습 프로세스가 보고 없이 끝났습니다(강제 종료?)",
    },
    "error_silent": {
        "en": "no sign of life from the training process on {host} for {minutes} minutes (it ended, or this machine "
        "cannot see that one's run folder)",
        "ko": "{host}의 학습 프로세스가 {minutes}분 동안 아무 신호가 없습니다(끝났거나, 이 머신에서 그 실행 폴더가 보이지 "
        "않음)",
    },
    # a run folder trained outside the studio (training/lifecycle/watched.py), by its WatchError rule
    "watch_panel": {"en": "Watch a run folder", "ko": "실행 폴더 지켜보기"},
    "watch_path": {
        "en": "A run folder on this machine, e.g. the --run-dir of a cluster's `python -m training run`",
        "ko": "이 머신의 실행 폴더(예: 클러스터의 `python -m training run`에 준 --run-dir)",
    },
    "watch_button": {"en": "Watch", "ko": "지켜보기"},
    "watching": {
        "en": "Watching run `{run}`: it is in the run list, its charts follow it and Stop stops it.",
        "ko": "실행 `{run}`을 지켜봅니다. 실행 목록에 있고, 차트가 따라가며, 중지로 멈출 수 있습니다.",
    },
    "watch_missing": {
        "en": "`{path}` is not a folder on this machine.",
        "ko": "`{path}`는 이 머신의 폴더가 아닙니다.",
    },
    "watch_not_run": {
        "en": "`{path}` holds no run: a run folder has config.yaml and status.json or metrics.jsonl.",
        "ko": "`{path}`에는 실행이 없습니다. 실행 폴더에는 config.yaml과 status.json 또는 metrics.jsonl이 있습니다.",
    },
    "watch_queued": {
        "en": "`{path}` is a run queued by another studio: watch it once it has started.",
        "ko": "`{path}`는 다른 스튜디오의 대기열에 있는 실행입니다. 시작한 뒤에 지켜보세요.",
    },
    "watch_taken": {
        "en": "Every run id from `{id}` on is taken.",
        "ko": "`{id}`로 시작하는 실행 ID가 모두 쓰였습니다.",
    },
    "watch_not_watched": {"en": "`{id}` is not a watched run.", "ko": "`{id}`는 지켜보는 실행이 아닙니다."},
    "watch_shared": {
        "en": "this studio is shared: run folders on the server cannot be watched from here; the host can",
        "ko": "공유 스튜디오에서는 서버의 실행 폴더를 여기서 지켜볼 수 없고, 호스트만 할 수 있습니다",
    },
    "watch_cluster_resume": {
        "en": "this run trains on {machines} machines: resume it on each of them with the cluster's launch "
        "commands (`python -m training launch-script`), not from here",
        "ko": "이 실행은 머신 {machines}대에서 학습합니다: 여기서가 아니라 클러스터의 실행 명령"
        "(`python -m training launch-script`)으로 각 머신에서 이어서 학습하세요",
    },
    "loss_chart": {"en": "Training loss", "ko": "학습 손실"},
    "lr_chart": {"en": "Learning rate", "ko": "학습률"},
    "grad_chart": {"en": "Gradient norm", "ko": "그래디언트 노름"},
    "eval_chart": {"en": "Validation metrics", "ko": "검증 지표"},
    "eval_table": {"en": "Evaluations", "ko": "평가 기록"},
    "log": {"en": "Log (last lines of train.log)", "ko": "로그 (train.log 마지막 줄)"},
    "raw": {"en": "raw", "ko": "원본"},
    "smooth": {"en": "smoothed", "ko": "평활"},
    "clip": {"en": "clip threshold", "ko": "클리핑 기준"},
}
