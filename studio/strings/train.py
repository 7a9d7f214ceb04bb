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
    "history": {"en": "Run history", "ko": "실행 기록"},
    "history_table": {
        "en": "All runs, newest first (click a row to open its charts, config and log)",
        "ko": "모든 실행, 최신순 (행을 누르면 차트, 설정, 로그를 엽니다)",
    },
    "delete": {"en": "Delete the open run", "ko": "열린 실행 삭제"},
    "deleted": {"en": "Deleted run `{run}`.", "ko": "실행 `{run}`을 삭제했습니다."},
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
    # why a checkpoint was skipped, by training.checkpoints' rule id
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
    "command": {"en": "Same as running: `{command}`", "ko": "다음 명령과 같습니다: `{command}`"},
    "progress": {
        "en": "**{state}** · step {step} / {total} ({pct:.0f}%) · elapsed {elapsed} · ETA {eta} · LR {lr} · loss {loss}"
        " · {samples} samples/s · {tokens} tokens/s",
        "ko": "**{state}** · 스텝 {step} / {total} ({pct:.0f}%) · 경과 {elapsed} · 남은 시간 {eta} · LR {lr} · 손실 {loss}"
        " · 초당 샘플 {samples} · 초당 토큰 {tokens}",
    },
    "title_running": {
        "en": "{pct:.0f}% · step {step}/{total} · Tuning Studio",
        "ko": "{pct:.0f}% · 스텝 {step}/{total} · Tuning Studio",
    },
    "title_idle": {"en": "{state} · Tuning Studio", "ko": "{state} · Tuning Studio"},
    "x_axis": {"en": "x axis", "ko": "x축"},
    "x_step": {"en": "step", "ko": "스텝"},
    "x_time": {"en": "minutes", "ko": "분"},
    "log_loss": {"en": "Loss on a log scale (log₁₀)", "ko": "손실을 로그 눈금으로 (log₁₀)"},
    "loss_log_title": {"en": "log₁₀ loss", "ko": "log₁₀ 손실"},
    "epoch": {"en": "end of epoch", "ko": "에폭 끝"},
    "short_loss": {
        "en": "{n} loss point(s) so far: a line needs 2. The next loss is logged at step {next} (logging_steps).",
        "ko": "지금까지 손실 점 {n}개: 선을 그리려면 2개가 필요합니다. 다음 손실은 스텝 {next}에 기록됩니다(logging_steps).",
    },
    "short_eval": {
        "en": "{n} evaluation(s) so far: a line needs 2. The next evaluation is at step {next}.",
        "ko": "지금까지 평가 {n}번: 선을 그리려면 2개가 필요합니다. 다음 평가는 스텝 {next}입니다.",
    },
    "short_eval_epoch": {
        "en": "{n} evaluation(s) so far: a line needs 2. The next evaluation is at the end of the epoch.",
        "ko": "지금까지 평가 {n}번: 선을 그리려면 2개가 필요합니다. 다음 평가는 에폭이 끝날 때입니다.",
    },
    "doctor": {"en": "Live doctor", "ko": "실시간 진단"},
    "doctor_quiet": {
        "en": "No finding so far: the doctor checks the run's metrics as they arrive.",
        "ko": "아직 발견 사항 없음: 지표가 들어올 때마다 진단합니다.",
    },
    "doctor_at": {"en": "at step {step}", "ko": "스텝 {step}"},
    "why": {"en": "why", "ko": "이유"},
    "fix": {"en": "suggested fix", "ko": "제안"},
    "failed": {"en": "**Failed:** {error}", "ko": "**실패:** {error}"},
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
