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
    "stopping": {
        "en": "Stopping `{run}` at the next step (a checkpoint is saved).",
        "ko": "`{run}`을 다음 스텝에서 중지합니다(체크포인트 저장).",
    },
    "invalid": {"en": "**Cannot start:** {message}", "ko": "**시작할 수 없음:** {message}"},
    "command": {"en": "Same as running: `{command}`", "ko": "다음 명령과 같습니다: `{command}`"},
    "progress": {
        "en": "**{state}** · step {step} / {total} ({pct:.0f}%) · elapsed {elapsed} · ETA {eta} · LR {lr} · loss {loss}",
        "ko": "**{state}** · 스텝 {step} / {total} ({pct:.0f}%) · 경과 {elapsed} · 남은 시간 {eta} · LR {lr} · 손실 {loss}",
    },
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
