"""The doctor's findings in words: per rule id (training/doctor/findings.py CATALOGUE), English and Korean.

An entry's parts are "title", "evidence", "why" and "fix"; "<part>.<case>" words a part differently for one case of
the rule (the finding's values["case"]) and "fix.<field>" the fix on one field, when a rule may fix several. Any other
key is a fragment that a template names like a value ({where}); "_shared" holds fragments several rules use.
Placeholders are the finding's values, plus `value` (the fix's) in a fix label. Format specs beyond Python's (studio/
findings_view.py): `lr` 5e-5, `lrw` 5e-5 = 5 × 10⁻⁵ = 0.00005, `x` 4×, `pow` 10⁻⁴, `spans` 4–5, `pairs` "label
(count), …", `name` a code name in words (NAMES), `?one|many` the words for a count of 1, else the others
("{count} {count:?class has|classes have}": no "1 classes have").
"""

from __future__ import annotations

NAMES: dict[str, dict[str, str]] = {
    "low": {"en": "low", "ko": "낮은"},
    "high": {"en": "high", "ko": "높은"},
    "higher": {"en": "higher", "ko": "높음"},
    "lower": {"en": "lower", "ko": "낮음"},
    "tokens": {"en": "tokens", "ko": "토큰"},
    "characters": {"en": "characters", "ko": "글자"},
    # the fields a length is measured on (datasets_spec/stats.fields_of)
    "query": {"en": "queries", "ko": "질의"},
    "passage": {"en": "passages", "ko": "문단"},
    "conversation": {"en": "conversations", "ko": "대화"},
    "text": {"en": "texts", "ko": "텍스트"},
    # where a run's memory is compared (training/doctor/preflight/devices.py) and what splits it (insight/sharding.py)
    "gpu": {"en": "each GPU", "ko": "GPU 하나"},
    "ram": {"en": "this machine's memory", "ko": "이 컴퓨터의 메모리"},
    "gpu_holds": {"en": "on each GPU", "ko": "GPU 하나에"},
    "ram_holds": {"en": "all of this machine's processes together", "ko": "이 컴퓨터의 모든 프로세스 합계"},
    "ddp": {"en": "no split (plain data parallel)", "ko": "분할 없음(단순 데이터 병렬)"},
    "deepspeed": {"en": "DeepSpeed", "ko": "DeepSpeed"},
    "fsdp": {"en": "FSDP", "ko": "FSDP"},
}

# A finding's severity, as the first words of its line: words, not emoji, which render as an empty box where no emoji
# font is installed (a stock Debian Chromium); the Data tab marks its checks the same way.
MARKS: dict[str, dict[str, str]] = {
    "error": {"en": "**Error** ·", "ko": "**오류** ·"},
    "warning": {"en": "**Warning** ·", "ko": "**경고** ·"},
    "info": {"en": "**Note** ·", "ko": "**참고** ·"},
}

_PATIENCE_BEST = {
    "en": "stop after {value} {value:?evaluation|evaluations} without improvement (keeps step {best_step}'s checkpoint as the best)",
    "ko": "개선 없는 평가 {value}번 뒤 중단 (스텝 {best_step}의 체크포인트를 최고로 유지)",
}
_PATIENCE_START = {
    "en": "stop after {value} {value:?evaluation|evaluations} without improvement (no step has beaten the start yet)",
    "ko": "개선 없는 평가 {value}번 뒤 중단 (아직 시작 시점보다 나은 스텝이 없음)",
}

# The truncation rules' shared parts: a field's lengths, the model's limit, and the offered length with its cost
_LENGTHS = {
    "en": "{field:name}: median {p50}, 95th percentile {p95}, longest {longest} {unit:name} (the model's tokenizer)",
    "ko": "{field:name}: 중앙값 {p50}, 95번째 백분위 {p95}, 최장 {longest} {unit:name} (모델의 토크나이저로 셈)",
}
_LENGTHS_AT_LIMIT = {
    "en": "{field:name}: median {p50}, 95th percentile {p95}, longest {longest} {unit:name}; this model reads at "
    "most {limit} {unit:name}",
    "ko": "{field:name}: 중앙값 {p50}, 95번째 백분위 {p95}, 최장 {longest} {unit:name}; 이 모델은 최대 {limit} "
    "{unit:name}까지 읽습니다",
}
_AT_LIMIT = {
    "en": "a longer max_seq_length would not help: split long {field:name} into chunks, or pick a model that reads "
    "more than {limit} {unit:name}",
    "ko": "max_seq_length를 늘려도 소용없습니다. 긴 {field:name}을(를) 여러 조각으로 나누거나, {limit} {unit:name}보다 "
    "길게 읽는 모델을 고르세요",
}
_FIX_MEASURED = {
    "en": "set max_seq_length to {value}: keeps 95%, {seconds_added:+.3g} s per step ({seconds_before:.3g} → "
    "{seconds_after:.3g} s on a batch of the longest texts, measured)",
    "ko": "max_seq_length를 {value}(으)로 설정: 95% 유지, 스텝당 {seconds_added:+.3g}초 (가장 긴 텍스트로 채운 "
    "배치에서 {seconds_before:.3g} → {seconds_after:.3g}초, 측정값)",
}
_FIX_TOKENS = {
    "en": "set max_seq_length to {value}: keeps 95%, +{tokens_added:,} tokens per step at full length "
    "({tokens_before:,} → {tokens_after:,}); the probe can time it",
    "ko": "max_seq_length를 {value}(으)로 설정: 95% 유지, 스텝당 토큰 +{tokens_added:,} (모두 최대 길이일 때 "
    "{tokens_before:,} → {tokens_after:,}), 시간은 순전파 점검으로 잴 수 있습니다",
}
_FIX_NO_PROBE = {
    "en": "set max_seq_length to {value}: keeps 95%, +{tokens_added:,} tokens per step at full length "
    "({tokens_before:,} → {tokens_after:,})",
    "ko": "max_seq_length를 {value}(으)로 설정: 95% 유지, 스텝당 토큰 +{tokens_added:,} (모두 최대 길이일 때 "
    "{tokens_before:,} → {tokens_after:,})",
}

FINDINGS: dict[str, dict[str, dict[str, str]]] = {
    "_shared": {
        "trend": {
            "en": "{trend_start:.3g} → {trend_end:.3g} ({trend_change:+.1%} ± {trend_margin:.1%})",
            "ko": "{trend_start:.3g} → {trend_end:.3g} ({trend_change:+.1%} ± {trend_margin:.1%})",
        },
    },
    # preflight: the run's shape
    "warmup": {
        "title": {
            "en": "Warmup is long: {where} the LR is only {lr_share:.0%} of its peak",
            "ko": "워밍업이 깁니다: {where} 학습률이 최고치의 {lr_share:.0%}에 불과합니다",
        },
        "where.first_eval": {"en": "at step {step:,} (the first evaluation)", "ko": "스텝 {step:,}(첫 평가)에서"},
        "where.midway": {"en": "at step {step:,}", "ko": "스텝 {step:,}에서"},
        "evidence": {
            "en": "warmup_ratio {warmup_ratio:g} of {total_steps:,} steps = {warmup_steps:,} warmup {warmup_steps:?step|steps} "
            "({warmup_share:.0%} of the run); {where} the LR is {lr:.3g} = {lr_share:.0%} of {peak:.3g}",
            "ko": "전체 {total_steps:,} 스텝의 warmup_ratio {warmup_ratio:g} = 워밍업 {warmup_steps:,} 스텝(실행의 "
            "{warmup_share:.0%}); {where} 학습률은 {lr:.3g}(최고치 {peak:.3g}의 {lr_share:.0%})입니다",
        },
        "why": {
            "en": "a loss that looks stuck during warmup is the schedule, not the data; a long warmup also spends a "
            "large part of the budget below the learning rate you chose",
            "ko": "워밍업 중에 멈춘 듯 보이는 손실은 데이터가 아니라 스케줄 탓입니다. 워밍업이 길면 예산의 상당 부분을 "
            "설정한 학습률보다 낮은 값으로 쓰게 됩니다",
        },
        "fix": {
            "en": "set warmup_ratio to {value:g} ({fix_steps} {fix_steps:?step|steps})",
            "ko": "warmup_ratio를 {value:g}(으)로 설정 ({fix_steps} 스텝)",
        },
    },
    "learning_rate": {
        "title": {
            "en": "Learning rate {learning_rate:lr} is {place:name} for {way}",
            "ko": "학습률 {learning_rate:lr}: {way}에는 {place:name} 편입니다",
        },
        "way.lora": {"en": "LoRA", "ko": "LoRA"},
        "way.full": {"en": "full fine-tuning", "ko": "전체 미세조정"},
        "evidence": {
            "en": "learning_rate {learning_rate:lrw}; the usual {way} range is {low:lr} to {high:lr}",
            "ko": "learning_rate {learning_rate:lrw}; {way}의 일반적인 범위는 {low:lr}~{high:lr}입니다",
        },
        "why": {
            "en": "{source}. Too high diverges or forgets; too low barely moves in the steps you have",
            "ko": "{source}. 너무 높으면 발산하거나 배운 것을 잊고, 너무 낮으면 주어진 스텝 안에 거의 움직이지 않습니다",
        },
        "source.lora": {
            "en": "QLoRA trains 7B and 13B adapters at 2e-4, 33B and 65B at 1e-4; this studio's short CPU runs "
            "needed 1e-3",
            "ko": "QLoRA는 7B·13B 어댑터를 2e-4로, 33B·65B를 1e-4로 학습합니다. 이 스튜디오의 짧은 CPU 실행에는 "
            "1e-3이 필요했습니다",
        },
        "source.full": {
            "en": "the BERT paper picks among 2e-5, 3e-5, 4e-5 and 5e-5; sentence-transformers' examples use 2e-5",
            "ko": "BERT 논문은 2e-5, 3e-5, 4e-5, 5e-5 중에서 고르고, sentence-transformers 예제는 2e-5를 씁니다",
        },
        "fix": {
            "en": "set learning_rate to {value:lr}, the {place:name} end of the usual {way} range {low:lr} to "
            "{high:lr}",
            "ko": "learning_rate를 {value:lr}(으)로 설정 ({way}의 일반적인 범위 {low:lr}~{high:lr}에서 {place:name} "
            "쪽 끝)",
        },
    },
    "learning_rate_change": {
        "title": {
            "en": "You changed the learning rate: {ratio:x} {direction:name} than the previous {before:lr}",
            "ko": "학습률을 바꿨습니다: 이전 값 {before:lr}보다 {ratio:x} {direction:name}",
        },
        "title.zero": {
            "en": "You changed the learning rate: {before:lr} → {after:lr}",
            "ko": "학습률을 바꿨습니다: {before:lr} → {after:lr}",
        },
        "evidence": {
            "en": "learning_rate {before:lrw} → {after:lrw}",
            "ko": "learning_rate {before:lrw} → {after:lrw}",
        },
        "why.higher_mislead": {
            "en": "{after:lr} is {ratio:x} higher than {before:lr}: the leading digits went down ({digits_before:g} "
            "→ {digits_after:g}) but the power of ten went up ({exponent_before:pow} → {exponent_after:pow}), and "
            "the exponent decides. {larger}",
            "ko": "{after:lr}: {before:lr}보다 {ratio:x} 높습니다. 앞자리 숫자는 줄었지만({digits_before:g} → "
            "{digits_after:g}) 10의 거듭제곱이 커졌고({exponent_before:pow} → {exponent_after:pow}), 크기는 지수가 "
            "정합니다. {larger}",
        },
        "why.higher_exponent": {
            "en": "{after:lr} is {ratio:x} higher than {before:lr} ({exponent_before:pow} → {exponent_after:pow}). "
            "{larger}",
            "ko": "{after:lr}: {before:lr}보다 {ratio:x} 높습니다({exponent_before:pow} → {exponent_after:pow}). "
            "{larger}",
        },
        "why.higher": {
            "en": "{after:lr} is {ratio:x} higher than {before:lr}. {larger}",
            "ko": "{after:lr}: {before:lr}보다 {ratio:x} 높습니다. {larger}",
        },
        "why.lower_mislead": {
            "en": "{after:lr} is {ratio:x} lower than {before:lr}: the leading digits went up ({digits_before:g} → "
            "{digits_after:g}) but the power of ten went down ({exponent_before:pow} → {exponent_after:pow}), and "
            "the exponent decides. {smaller}",
            "ko": "{after:lr}: {before:lr}보다 {ratio:x} 낮습니다. 앞자리 숫자는 커졌지만({digits_before:g} → "
            "{digits_after:g}) 10의 거듭제곱이 작아졌고({exponent_before:pow} → {exponent_after:pow}), 크기는 "
            "지수가 정합니다. {smaller}",
        },
        "why.lower_exponent": {
            "en": "{after:lr} is {ratio:x} lower than {before:lr} ({exponent_before:pow} → {exponent_after:pow}). "
            "{smaller}",
            "ko": "{after:lr}: {before:lr}보다 {ratio:x} 낮습니다({exponent_before:pow} → {exponent_after:pow}). "
            "{smaller}",
        },
        "why.lower": {
            "en": "{after:lr} is {ratio:x} lower than {before:lr}. {smaller}",
            "ko": "{after:lr}: {before:lr}보다 {ratio:x} 낮습니다. {smaller}",
        },
        "why.zero": {
            "en": "a learning rate of 0 leaves the weights where they are",
            "ko": "학습률이 0이면 가중치가 그대로 머뭅니다",
        },
        "larger": {
            "en": "Each update is {ratio:x} larger: faster progress, but too high diverges or forgets",
            "ko": "업데이트 한 번이 {ratio:x} 커집니다. 더 빨리 나아가지만, 너무 높으면 발산하거나 배운 것을 잊습니다",
        },
        "smaller": {
            "en": "Each update is {ratio:x} smaller: steadier, but it moves less in the steps you have",
            "ko": "업데이트 한 번이 {ratio:x} 작아집니다. 더 안정적이지만, 주어진 스텝 안에 덜 움직입니다",
        },
    },
    "batch_small": {
        "title": {
            "en": "Only {in_batch_negatives} in-batch {in_batch_negatives:?negative|negatives} per query",
            "ko": "질의마다 배치 내 네거티브가 {in_batch_negatives}개뿐입니다",
        },
        "evidence": {
            "en": "per_device_train_batch_size {batch}: each query is contrasted with {in_batch_negatives} other "
            "{in_batch_negatives:?passage|passages} (gradient accumulation does not add negatives)",
            "ko": "per_device_train_batch_size {batch}: 각 질의는 다른 문단 {in_batch_negatives}개와만 대조됩니다"
            "(그래디언트 누적은 네거티브를 늘리지 않습니다)",
        },
        "why": {
            "en": "MultipleNegativesRankingLoss gets better with larger batches (sentence-transformers docs: as large "
            "as fits, 32+ is common)",
            "ko": "MultipleNegativesRankingLoss는 배치가 클수록 좋아집니다(sentence-transformers 문서: 메모리가 "
            "허락하는 만큼 크게, 32 이상이 흔함)",
        },
        "fix": {"en": "set the batch size to {value}", "ko": "배치 크기를 {value}(으)로 설정"},
    },
    "batch_large": {
        "title": {
            "en": "The effective batch ({effective_batch}) is larger than the data ({train_rows} rows)",
            "ko": "실효 배치({effective_batch})가 데이터({train_rows}행)보다 큽니다",
        },
        "evidence": {
            "en": "{batch} × {accumulation} × {processes} = {effective_batch} > {train_rows}",
            "ko": "{batch} × {accumulation} × {processes} = {effective_batch} > {train_rows}",
        },
        "why": {
            "en": "every step sees the whole dataset once: few steps, and one epoch is one update",
            "ko": "스텝마다 데이터 전체를 한 번씩 봅니다. 스텝이 적고, 에폭 하나가 업데이트 한 번입니다",
        },
        "fix": {"en": "set the batch size to {value}", "ko": "배치 크기를 {value}(으)로 설정"},
    },
    "logging": {
        "title": {"en": "The loss would never be logged", "ko": "손실이 한 번도 기록되지 않습니다"},
        "evidence": {
            "en": "logging_steps {logging_steps} > {total_steps} total steps",
            "ko": "logging_steps {logging_steps} > 전체 {total_steps} 스텝",
        },
        "why": {
            "en": "no loss curve means no way to tell whether training works",
            "ko": "손실 곡선이 없으면 학습이 제대로 되는지 알 길이 없습니다",
        },
        "fix": {"en": "set logging_steps to {value}", "ko": "logging_steps를 {value}(으)로 설정"},
    },
    "eval": {
        "title": {
            "en": "Validation would run only before and after training",
            "ko": "검증이 학습 전과 후에만 실행됩니다",
        },
        "evidence": {
            "en": "eval_steps {eval_steps} > {total_steps} total steps",
            "ko": "eval_steps {eval_steps} > 전체 {total_steps} 스텝",
        },
        "why": {
            "en": "a curve of validation scores shows when to stop; two points do not",
            "ko": "검증 점수 곡선이 있어야 언제 멈출지 보입니다. 점 두 개로는 보이지 않습니다",
        },
        "fix": {"en": "set eval_steps to {value}", "ko": "eval_steps를 {value}(으)로 설정"},
    },
    "few_steps": {
        "title": {
            "en": "Only {total_steps} optimiser {total_steps:?step|steps}",
            "ko": "옵티마이저 스텝이 {total_steps}개뿐입니다",
        },
        "counted": {
            "en": "{train_rows} rows / effective batch {effective_batch} = {batch} × {accumulation} accumulation × "
            "{processes} processes, rounded up = {per_epoch} steps per epoch",
            "ko": "{train_rows}행 / 실효 배치 {effective_batch} = {batch} × 누적 {accumulation} × 프로세스 "
            "{processes}, 올림 = 에폭당 {per_epoch} 스텝",
        },
        "evidence.max_steps": {
            "en": "max_steps {max_steps} sets the length (num_train_epochs {epochs:g} is not used)",
            "ko": "길이는 max_steps {max_steps}에 따릅니다(num_train_epochs {epochs:g}: 쓰이지 않음)",
        },
        "evidence.max_steps_epochs": {
            "en": "max_steps {max_steps} sets the length (num_train_epochs {epochs:g} is not used); {counted}, so "
            "{total_steps} steps = {run_epochs:.3g} {run_epochs:?epoch|epochs}",
            "ko": "길이는 max_steps {max_steps}에 따릅니다(num_train_epochs {epochs:g}: 쓰이지 않음); {counted}"
            "이므로 {total_steps} 스텝 = {run_epochs:.3g} 에폭",
        },
        "evidence.epochs": {
            "en": "{counted} × {epochs:g} {epochs:?epoch|epochs} = {total_steps} steps",
            "ko": "{counted} × {epochs:g} 에폭 = {total_steps} 스텝",
        },
        "evidence.unknown": {
            "en": "{epochs:g} {epochs:?epoch|epochs} = {total_steps} steps",
            "ko": "{epochs:g} 에폭 = {total_steps} 스텝",
        },
        "why": {
            "en": "too few updates to move the model far from where it starts",
            "ko": "업데이트가 너무 적어 모델이 출발점에서 별로 움직이지 못합니다",
        },
        "fix.training.max_steps": {"en": "set max_steps to {value}", "ko": "max_steps를 {value}(으)로 설정"},
        "fix.training.num_train_epochs": {
            "en": "train {value:g} {value:?epoch|epochs} ({fix_steps} {fix_steps:?step|steps})",
            "ko": "{value:g} 에폭 학습 ({fix_steps} 스텝)",
        },
    },
    "many_epochs": {
        "title": {"en": "{epochs:g} epochs over {train_rows} rows", "ko": "{train_rows}행에 {epochs:g} 에폭"},
        "evidence": {"en": "every example is seen more than 10 times", "ko": "모든 예제를 10번 넘게 봅니다"},
        "why": {
            "en": "small datasets memorise quickly: watch validation and stop when it turns",
            "ko": "작은 데이터셋은 금방 외워 버립니다. 검증 점수를 지켜보다가 꺾이면 멈추세요",
        },
        "fix": {"en": "train {value:g} {value:?epoch|epochs}", "ko": "{value:g} 에폭 학습"},
    },
    # preflight: the data
    "truncation": {
        "title": {
            "en": "{share:.0%} of {field:name} are cut at {max_len} {unit:name}; 95% fit in {p95}",
            "ko": "{field:name}의 {share:.0%}가 {max_len} {unit:name}에서 잘립니다. {p95} {unit:name}이면 95%가 온전히 "
            "들어갑니다",
        },
        "evidence": _LENGTHS,
        "evidence.at_limit": _LENGTHS_AT_LIMIT,
        "why": {
            "en": "what is cut is never seen: the answer may be in the part that was dropped",
            "ko": "잘린 부분은 모델이 보지 못합니다. 정답이 잘려 나간 부분에 있을 수도 있습니다",
        },
        "why.at_limit": _AT_LIMIT,
        "fix.measured": _FIX_MEASURED,
        "fix.tokens": _FIX_TOKENS,
        "fix.no_probe": _FIX_NO_PROBE,
    },
    "query_truncation": {
        "title": {
            "en": "{share:.0%} of queries are cut at {max_len} {unit:name}; 95% fit in {p95}",
            "ko": "질의의 {share:.0%}가 {max_len} {unit:name}에서 잘립니다. {p95} {unit:name}이면 95%가 온전히 "
            "들어갑니다",
        },
        "evidence": _LENGTHS,
        "evidence.at_limit": _LENGTHS_AT_LIMIT,
        "why": {
            "en": "a query is cut at its end, where the question often comes after a long scenario: the model then "
            "learns to match the scenario without what was asked",
            "ko": "질의는 끝부분이 잘리는데, 긴 사례 설명 뒤 마지막에 질문이 오는 경우가 많습니다. 그러면 모델은 무엇을 "
            "묻는지 모른 채 사례만 보고 맞추는 법을 배웁니다",
        },
        "why.at_limit": _AT_LIMIT,
        "fix.measured": _FIX_MEASURED,
        "fix.tokens": _FIX_TOKENS,
    },
    "task_data": {
        "title": {
            "en": "task {task} cannot train on {data_task} data",
            "ko": "{task} 작업은 {data_task} 데이터로 학습할 수 없습니다",
        },
        "evidence": {
            "en": "task {task}; dataset {dataset} holds {data_task} examples",
            "ko": "작업 {task}; 데이터셋 {dataset}에는 {data_task} 예제가 들어 있습니다",
        },
        "why": {
            "en": "{task} needs {needs} examples; pick such a dataset, or the task that fits this one",
            "ko": "{task}에는 {needs} 예제가 필요합니다. 그런 데이터셋을 고르거나, 이 데이터에 맞는 작업을 고르세요",
        },
        "fix": {"en": "train {value} on this dataset", "ko": "이 데이터셋으로 {value} 학습"},
    },
    "num_labels": {
        "title": {
            "en": "num_labels is {num_labels} but the data has {classes} classes",
            "ko": "num_labels는 {num_labels}인데 데이터의 클래스는 {classes}개입니다",
        },
        "evidence": {
            "en": "model.num_labels {num_labels}; distinct labels in the data {classes}",
            "ko": "model.num_labels {num_labels}; 데이터의 서로 다른 레이블 {classes}개",
        },
        "why": {
            "en": "a head smaller than the classes cannot represent them; a larger one spends probability on classes "
            "that never occur and shifts the initial loss away from ln C",
            "ko": "클래스보다 작은 헤드는 클래스를 다 표현하지 못하고, 큰 헤드는 나오지도 않는 클래스에 확률을 나눠 주어 "
            "초기 손실을 ln C에서 멀어지게 합니다",
        },
        "fix": {"en": "set num_labels to {value}", "ko": "num_labels를 {value}(으)로 설정"},
    },
    "rare_classes": {
        "title": {
            "en": "{count} {count:?class has|classes have} fewer than {min_samples} examples",
            "ko": "클래스 {count}개의 예제가 {min_samples}개 미만입니다",
        },
        "evidence": {"en": "{rare:pairs}", "ko": "{rare:pairs}"},
        "why": {
            "en": "a class seen a handful of times is guessed, and rarely appears in validation; store the dataset "
            "with min_samples_per_class to leave them out",
            "ko": "몇 번밖에 보지 못한 클래스는 찍어서 맞히게 되고 검증에도 거의 나오지 않습니다. "
            "min_samples_per_class로 데이터셋을 저장해 이런 클래스를 빼세요",
        },
    },
    "duplicate_positives": {
        "title": {
            "en": "Two queries share passage {passage} in {collide:.0%} of batches",
            "ko": "배치의 {collide:.0%}에서 두 질의가 같은 문단({passage})을 공유합니다",
        },
        "evidence": {
            "en": "{passage} answers {queries} queries ({share:.1%}); batch {batch}",
            "ko": "문단 {passage}: 질의 {queries}개의 정답({share:.1%}); 배치 {batch}",
        },
        "why": {
            "en": "MNRL would treat the shared passage as a wrong answer for one of them; the studio's no-duplicates "
            "batch sampler keeps such pairs apart, at the price of fuller, later batches",
            "ko": "MNRL은 공유된 문단을 둘 중 한 질의의 오답으로 취급합니다. 스튜디오의 중복 없는 배치 샘플러가 이런 "
            "쌍을 떼어 놓지만, 그 대가로 배치가 늦게 채워집니다",
        },
    },
    # preflight: the model and the machine
    "fp16_cpu": {
        "title": {
            "en": "{precision} is on, but there is no GPU",
            "ko": "{precision} 혼합 정밀도가 켜져 있지만 GPU가 없습니다",
        },
        "evidence": {
            "en": "training.mixed_precision {precision}; torch.cuda.is_available() is false",
            "ko": "training.mixed_precision {precision}; torch.cuda.is_available()이 false입니다",
        },
        "why": {
            "en": "fp16 needs a CUDA device, and bf16 a CUDA device or a CPU with bf16 instructions (AVX-512 BF16 or "
            "AMX), which this one lacks; the run refuses to start",
            "ko": "fp16에는 CUDA 장치가, bf16에는 CUDA 장치나 bf16 명령어(AVX-512 BF16 또는 AMX)가 있는 CPU가 "
            "필요한데 이 컴퓨터에는 없습니다. 실행이 시작되지 않습니다",
        },
        "fix": {
            "en": "let the studio choose (fp32 on this CPU)",
            "ko": "스튜디오가 고르게 두기 (이 CPU에서는 fp32)",
        },
    },
    "memory": {
        "title": {
            "en": "About {need_gib:.1f} GiB needed of {have_gib:.0f} GiB",
            "ko": "{have_gib:.0f} GiB 중 약 {need_gib:.1f} GiB가 필요합니다",
        },
        "evidence": {
            "en": "weights + optimiser state + activations at this batch and length (rough estimate)",
            "ko": "이 배치와 길이에서 가중치 + 옵티마이저 상태 + 활성값 (대략적인 추정)",
        },
        "why": {
            "en": "running out of memory mid-run loses the run; checkpointing trades ~30% time for most of the "
            "activation memory",
            "ko": "실행 도중 메모리가 모자라면 실행을 잃습니다. 체크포인팅은 시간을 약 30% 더 쓰는 대신 활성값 메모리 "
            "대부분을 아낍니다",
        },
        "fix": {"en": "turn gradient checkpointing on", "ko": "그래디언트 체크포인팅 켜기"},
    },
    # preflight: the devices a run spreads over (training/doctor/preflight/devices.py)
    "device_memory": {
        "title": {
            "en": "About {need_gib:.1f} GiB needed of the {have_gib:.0f} GiB of {device:name}",
            "ko": "{device:name}의 {have_gib:.0f} GiB 중 약 {need_gib:.1f} GiB가 필요합니다",
        },
        "evidence": {
            "en": "{holder:name}: parameters {parameters_gib:.2f} + gradients {gradients_gib:.2f} + optimiser "
            "{optimizer_gib:.2f} + gathered layer {gathered_gib:.2f} + activations {activations_gib:.2f} GiB at "
            "per-device batch {batch} (rough); {engine:name}, ZeRO stage {stage} over {shards} "
            "{shards:?process|processes}",
            "ko": "{holder:name}: 파라미터 {parameters_gib:.2f} + 그래디언트 {gradients_gib:.2f} + 옵티마이저 "
            "{optimizer_gib:.2f} + 모은 층 {gathered_gib:.2f} + 활성값 {activations_gib:.2f} GiB, 장치당 배치 {batch} "
            "기준(대략); {engine:name}, ZeRO 단계 {stage}, 프로세스 {shards}개에 분할",
        },
        "why.state": {
            "en": "the training state alone is over, before any batch, so no batch size or checkpointing fits it: "
            "train fewer parameters (LoRA), offload to the CPU, or use a device with more memory",
            "ko": "배치 이전에 학습 상태만으로 넘치므로 배치 크기나 체크포인팅으로는 맞출 수 없습니다. 학습할 "
            "파라미터를 줄이거나(LoRA), CPU로 오프로드하거나, 메모리가 더 큰 장치를 쓰세요",
        },
        "why.state_zero3": {
            "en": "the training state alone is over, before any batch; split every part over the job's {processes} "
            "processes (ZeRO-3, or FSDP FULL_SHARD) and the state is about {zero3_gib:.1f} GiB a device, before the "
            "activations: `python -m training launch-script --zero 3` writes that launch file",
            "ko": "배치 이전에 학습 상태만으로 넘칩니다. 모든 부분을 작업의 프로세스 {processes}개에 나누면(ZeRO-3 또는 "
            "FSDP FULL_SHARD) 학습 상태는 장치당 약 {zero3_gib:.1f} GiB입니다(활성값 제외). `python -m training "
            "launch-script --zero 3`이 그 실행 파일을 만듭니다",
        },
        "why.checkpointing": {
            "en": "the activations make the difference: with gradient checkpointing about {fit_gib:.1f} GiB, for "
            "about 30% more time a step",
            "ko": "활성값 때문에 넘칩니다. 그래디언트 체크포인팅을 켜면 약 {fit_gib:.1f} GiB이고, 스텝 시간은 약 30% "
            "늘어납니다",
        },
        "why.batch": {
            "en": "the activations make the difference: per-device batch {fit_batch} needs about {fit_gib:.1f} GiB, "
            "and gradient_accumulation_steps {keep_accumulation} keeps the global batch",
            "ko": "활성값 때문에 넘칩니다. 장치당 배치 {fit_batch}이면 약 {fit_gib:.1f} GiB이고, "
            "gradient_accumulation_steps {keep_accumulation}(으)로 전역 배치를 유지합니다",
        },
        "why.none": {
            "en": "running out of memory mid-run loses the run; a shorter max_seq_length, checkpointing or ZeRO-3 "
            "lowers what each device holds",
            "ko": "실행 도중 메모리가 모자라면 실행을 잃습니다. max_seq_length를 줄이거나 체크포인팅, ZeRO-3을 쓰면 "
            "장치마다 들고 있는 양이 줄어듭니다",
        },
        "fix.checkpointing": {"en": "turn gradient checkpointing on", "ko": "그래디언트 체크포인팅 켜기"},
        "fix.batch": {
            "en": "per-device batch {value} (then accumulation {keep_accumulation})",
            "ko": "장치당 배치 {value} (그다음 누적 {keep_accumulation})",
        },
    },
    "global_batch_change": {
        "title": {
            "en": "The global batch is {after} where run {run} had {before}: {processes_after} processes, not "
            "{processes_before}",
            "ko": "전역 배치가 {after}입니다(실행 {run}은 {before}): 프로세스 {processes_before}개가 아니라 "
            "{processes_after}개",
        },
        "evidence": {
            "en": "per-device batch {batch} × accumulation {accumulation} × {processes_before} → {processes_after} "
            "processes; total steps {steps_before:,} → {steps_after:,}, examples seen {seen_before:,} → "
            "{seen_after:,}",
            "ko": "장치당 배치 {batch} × 누적 {accumulation} × 프로세스 {processes_before} → {processes_after}개; "
            "전체 스텝 {steps_before:,} → {steps_after:,}, 본 예제 {seen_before:,} → {seen_after:,}",
        },
        "why": {
            "en": "the learning rate {lr:lr} now steps on a batch {ratio:x} the size: the square-root rule (Adam) "
            "pairs that batch with {sqrt_lr:lr}, the linear rule with {linear_lr:lr}; or keep the old global batch",
            "ko": "학습률 {lr:lr}이 이제 {ratio:x} 크기의 배치로 스텝합니다. 제곱근 규칙(Adam)이면 그 배치에 "
            "{sqrt_lr:lr}, 선형 규칙이면 {linear_lr:lr}이 짝입니다. 또는 예전 전역 배치를 유지하세요",
        },
        "why.uneven": {
            "en": "the learning rate {lr:lr} now steps on a batch {ratio:x} the size: the square-root rule (Adam) "
            "pairs that batch with {sqrt_lr:lr}, the linear rule with {linear_lr:lr}; no whole accumulation gives "
            "{before} over {processes_after} processes",
            "ko": "학습률 {lr:lr}이 이제 {ratio:x} 크기의 배치로 스텝합니다. 제곱근 규칙(Adam)이면 그 배치에 "
            "{sqrt_lr:lr}, 선형 규칙이면 {linear_lr:lr}이 짝입니다. 프로세스 {processes_after}개로 {before}을(를) "
            "만드는 정수 누적 값은 없습니다",
        },
        "fix": {
            "en": "gradient_accumulation_steps {value}: global batch {before} again",
            "ko": "gradient_accumulation_steps {value}: 전역 배치 다시 {before}",
        },
    },
    "lora_layers": {
        "title": {
            "en": "lora.layers_to_transform {outside} selects no layer of this model",
            "ko": "lora.layers_to_transform {outside}: 이 모델에서 고르는 층이 없습니다",
        },
        "evidence.known": {
            "en": "layers_to_transform {wanted}; this model has {layers} layers, numbered 0 to {last}",
            "ko": "layers_to_transform {wanted}; 이 모델의 층은 {layers}개이고 번호는 0부터 {last}까지입니다",
        },
        "evidence.unknown": {
            "en": "layers_to_transform {wanted}; this model has a layer count that cannot be read offline",
            "ko": "layers_to_transform {wanted}; 이 모델의 층 수는 오프라인에서 읽을 수 없습니다",
        },
        "why": {
            "en": "peft finds the layer index in the module name (model.layers.3.self_attn), so an index counts from "
            "0: -1 is no layer's name and matches nothing, and neither does an index past the last layer",
            "ko": "peft는 층 번호를 모듈 이름(model.layers.3.self_attn)에서 찾으므로 번호는 0부터 셉니다. -1은 어떤 "
            "층의 이름도 아니어서 아무것과도 맞지 않고, 마지막 층을 넘는 번호도 마찬가지입니다",
        },
        "fix": {
            "en": "adapt the last {count} of its {layers} layers ({value:spans})",
            "ko": "{layers}개 층 중 마지막 {count}개에 어댑터 적용 ({value:spans})",
        },
    },
    "lora_targets": {
        "title": {"en": "LoRA parameters cannot be counted", "ko": "LoRA 파라미터를 셀 수 없습니다"},
        "evidence": {"en": "{message}", "ko": "{message}"},
        "why": {
            "en": "peft would refuse to start when no module matches; a model that cannot be read here cannot be "
            "checked",
            "ko": "맞는 모듈이 없으면 peft가 시작을 거부합니다. 여기서 읽을 수 없는 모델은 점검할 수 없습니다",
        },
    },
    "initial_loss": {
        "title": {
            "en": "Initial loss {loss:.3g} vs chance {chance:.3g} ({ratio:.0f}×)",
            "ko": "초기 손실 {loss:.3g}, 무작위 수준 {chance:.3g}의 {ratio:.0f}배",
        },
        "title.logged": {
            "en": "Initial loss {loss:.3g} is {ratio:.0f}× what guessing scores",
            "ko": "초기 손실 {loss:.3g}: 무작위로 찍을 때의 {ratio:.0f}배입니다",
        },
        "evidence.classification": {
            "en": "one forward pass, classification, {batch} examples, {candidates} classes: loss {loss:.4g}; a model "
            "that guesses scores ln {candidates} = {chance:.3g}",
            "ko": "순전파 한 번, 분류, 예제 {batch}개, 클래스 {candidates}개: 손실 {loss:.4g}; 무작위로 찍는 모델은 "
            "ln {candidates} = {chance:.3g}",
        },
        "evidence.embedding": {
            "en": "one forward pass, embedding (MNRL), {batch} queries, {candidates} candidates each: loss "
            "{loss:.4g}; a model that guesses scores ln {candidates} = {chance:.3g}",
            "ko": "순전파 한 번, 임베딩(MNRL), 질의 {batch}개, 질의마다 후보 {candidates}개: 손실 {loss:.4g}; "
            "무작위로 찍는 모델은 ln {candidates} = {chance:.3g}",
        },
        "evidence.logged": {
            "en": "initial loss {loss:.3g} (step {step}) vs chance ln {candidates} = {chance:.3g} ({ratio:.0f}×)",
            "ko": "초기 손실 {loss:.3g}(스텝 {step}), 무작위 수준 ln {candidates} = {chance:.3g}의 {ratio:.0f}배",
        },
        "why": {
            "en": "logits are far too large: the new head's initialisation or scale, the label mapping, or a too low "
            "temperature is wrong; the first steps would be spent undoing it",
            "ko": "로짓이 너무 큽니다. 새 헤드의 초기화나 스케일, 레이블 매핑, 또는 너무 낮은 temperature가 잘못되어 "
            "있으며, 처음 스텝들을 이를 되돌리는 데 쓰게 됩니다",
        },
        "why.logged": {
            "en": "a fresh model should be about as unsure as guessing; far above it the logits are too large (a head "
            "initialised or scaled wrong, a too low temperature, labels mapped wrong) and the first steps undo that",
            "ko": "처음 모델은 찍는 것만큼 불확실해야 합니다. 그보다 훨씬 높으면 로짓이 너무 큰 것이고(헤드의 초기화나 "
            "스케일 오류, 너무 낮은 temperature, 잘못된 레이블 매핑), 처음 스텝들이 그것을 되돌리는 데 쓰입니다",
        },
        "fix": {
            "en": "set temperature to {value:g} (scale 20, the sentence-transformers default)",
            "ko": "temperature를 {value:g}(으)로 설정 (스케일 20, sentence-transformers 기본값)",
        },
    },
    # live: the loss
    "loss_nan": {
        "title": {"en": "The loss is {loss} from step {step}", "ko": "스텝 {step}부터 손실이 {loss}입니다"},
        "evidence.first": {
            "en": "loss {loss} at step {step}; grad_norm {grad_norm}",
            "ko": "스텝 {step}의 손실 {loss}; grad_norm {grad_norm}",
        },
        "evidence.after": {
            "en": "loss {loss} at step {step}; the last finite loss {last_loss:.3g} at step {last_step}; grad_norm "
            "{grad_norm}",
            "ko": "스텝 {step}의 손실 {loss}; 마지막 유한한 손실은 스텝 {last_step}의 {last_loss:.3g}; grad_norm "
            "{grad_norm}",
        },
        "why": {
            "en": "a NaN or infinite loss poisons every weight it reaches, and nothing after it trains: usually the LR "
            "is too high, or fp16 overflowed",
            "ko": "NaN이나 무한대 손실은 닿는 가중치를 모두 망가뜨리고, 그 뒤로는 아무것도 학습되지 않습니다. 보통 "
            "학습률이 너무 높거나 fp16이 넘쳤기 때문입니다",
        },
        "fix.training.mixed_precision": {
            "en": "train in bf16 (fp32's range; needs an Ampere or newer GPU)",
            "ko": "bf16으로 학습 (fp32와 같은 범위; Ampere 이후 GPU 필요)",
        },
        "fix.training.learning_rate": {
            "en": "set learning_rate to {value:g} (a smaller step)",
            "ko": "learning_rate를 {value:g}(으)로 설정 (더 작은 스텝)",
        },
    },
    "loss_zero": {
        "title": {"en": "The loss is exactly 0 at step {step}", "ko": "스텝 {step}에서 손실이 정확히 0입니다"},
        "evidence.first": {"en": "loss 0 at step {step}", "ko": "스텝 {step}의 손실 0"},
        "evidence.after": {
            "en": "loss 0 at step {step} (the previous: {last_loss:.3g})",
            "ko": "스텝 {step}의 손실 0 (직전: {last_loss:.3g})",
        },
        "why": {
            "en": "a loss of exactly 0 gives no gradient: every label token may be masked (no answer left after "
            "truncation) or the answer leaks into the input",
            "ko": "손실이 정확히 0이면 그래디언트가 없습니다. 레이블 토큰이 모두 마스킹되었거나(잘린 뒤 정답이 남지 "
            "않음) 정답이 입력에 새어 들어갔을 수 있습니다",
        },
    },
    "warmup_flat": {
        "title": {
            "en": "Loss flat during warmup: step {step} of {warmup_steps} warmup {warmup_steps:?step|steps}, LR at {lr_share:.0%} of peak",
            "ko": "워밍업 중 손실이 평평합니다: 워밍업 {warmup_steps} 스텝 중 {step}번째, 학습률은 최고치의 "
            "{lr_share:.0%}",
        },
        "evidence": {
            "en": "loss {trend} over steps {first}–{step}; step {step} of {warmup_steps} warmup "
            "{warmup_steps:?step|steps}, LR {lr:.3g} = "
            "{lr_share:.0%} of {peak:g}",
            "ko": "스텝 {first}–{step}의 손실 {trend}; 워밍업 {warmup_steps} 스텝 중 {step}번째, 학습률 {lr:.3g} = "
            "{peak:g}의 {lr_share:.0%}",
        },
        "why": {
            "en": "a flat loss is expected while the LR is still low; judge the run after step {warmup_steps}",
            "ko": "학습률이 아직 낮을 때는 손실이 평평한 것이 정상입니다. 스텝 {warmup_steps} 이후에 판단하세요",
        },
    },
    "plateau": {
        "title.at_chance": {
            "en": "The loss is stuck at chance (steps {first}–{step})",
            "ko": "손실이 무작위 수준에 머물러 있습니다 (스텝 {first}–{step})",
        },
        "title.moving": {
            "en": "The loss stopped falling at full learning rate (steps {first}–{step})",
            "ko": "최대 학습률에서 손실이 더 내려가지 않습니다 (스텝 {first}–{step})",
        },
        "window": {
            "en": "loss {trend} over {logs} logs at steps {first}–{step}, after warmup, with the LR at {lr_share:.0%} "
            "of its peak",
            "ko": "워밍업 뒤 학습률이 최고치의 {lr_share:.0%}일 때, 스텝 {first}–{step}의 기록 {logs}개에서 손실 "
            "{trend}",
        },
        "evidence.moving": {"en": "{window}", "ko": "{window}"},
        "evidence.at_chance": {
            "en": "{window}; chance is ln {candidates} = {chance:.3g}",
            "ko": "{window}; 무작위 수준은 ln {candidates} = {chance:.3g}",
        },
        "why.at_chance": {
            "en": "a loss at chance after warmup means the model has learned nothing: check that gradients reach the "
            "trained weights (grad_norm, LoRA targets), that labels match inputs, and that the LR is not far too low",
            "ko": "워밍업 뒤에도 손실이 무작위 수준이면 모델이 아무것도 배우지 못한 것입니다. 그래디언트가 학습되는 "
            "가중치에 닿는지(grad_norm, LoRA 대상), 레이블이 입력과 맞는지, 학습률이 너무 낮지 않은지 확인하세요",
        },
        "why.moving": {
            "en": "at full LR a loss that no longer falls is bouncing at the noise floor the step size sets (a smaller "
            "LR or a decaying schedule goes lower), or the model has learned what this data teaches: check the "
            "validation metric",
            "ko": "최대 학습률에서 손실이 더 내려가지 않으면 스텝 크기가 정하는 잡음 바닥에서 튀고 있거나(더 작은 "
            "학습률이나 감소하는 스케줄이면 더 내려갑니다), 모델이 이 데이터에서 배울 것을 다 배운 것입니다. 검증 "
            "지표를 확인하세요",
        },
        "fix": {
            "en": "set learning_rate to {value:g} (a smaller step settles lower)",
            "ko": "learning_rate를 {value:g}(으)로 설정 (스텝이 작을수록 더 낮게 자리 잡음)",
        },
    },
    # live: gradients and evaluation
    "grad_clipped": {
        "title": {
            "en": "Gradients are clipped on {clipped} of the last {window} logged steps and the loss stopped falling",
            "ko": "최근 기록된 {window} 스텝 중 {clipped} 스텝에서 그래디언트가 잘렸고 손실은 더 내려가지 않습니다",
        },
        "evidence": {
            "en": "grad_norm above max_grad_norm {max_grad_norm:g} on {clipped} of {window} logs at steps "
            "{first}–{step} (median {median:.3g}, largest {largest:.3g}); loss {trend}",
            "ko": "스텝 {first}–{step}의 기록 {window}개 중 {clipped}개에서 grad_norm이 max_grad_norm "
            "{max_grad_norm:g} 초과(중앙값 {median:.3g}, 최대 {largest:.3g}); 손실 {trend}",
        },
        "why": {
            "en": "a clipped step has the same length whatever the LR: the LR stops setting the step size, and a run "
            "clipped most of the time without progress takes steps too large for its loss surface",
            "ko": "잘린 스텝은 학습률과 상관없이 길이가 같습니다. 학습률이 더는 스텝 크기를 정하지 못하고, 진전 없이 "
            "대부분 잘리는 실행은 손실 지형에 비해 너무 큰 스텝을 밟고 있습니다",
        },
        "fix": {
            "en": "set learning_rate to {value:g} (smaller updates that clipping leaves alone)",
            "ko": "learning_rate를 {value:g}(으)로 설정 (잘리지 않을 만큼 작은 업데이트)",
        },
    },
    "grad_tiny": {
        "title": {
            "en": "Gradient norms are below {tiny:g} on all of the last {window} logged steps",
            "ko": "최근 기록된 {window} 스텝 모두에서 그래디언트 노름이 {tiny:g} 미만입니다",
        },
        "evidence": {
            "en": "grad_norm at most {largest:.2g} at steps {first}–{step}",
            "ko": "스텝 {first}–{step}에서 grad_norm 최대 {largest:.2g}",
        },
        "why": {
            "en": "the weights barely move: the trained parameters may not be the ones the loss depends on (LoRA "
            "targets, a frozen head), or the loss is saturated",
            "ko": "가중치가 거의 움직이지 않습니다. 학습되는 파라미터가 손실과 관계없는 것이거나(LoRA 대상, 고정된 "
            "헤드) 손실이 포화되었을 수 있습니다",
        },
    },
    "overfitting": {
        "title": {
            "en": "Validation loss rising since step {best_step} while the training loss falls",
            "ko": "학습 손실은 내려가는데 검증 손실이 스텝 {best_step}부터 오르고 있습니다",
        },
        "evidence": {
            "en": "eval_loss {best:.3g} at step {best_step} (the best) → {now:.3g} at step {step} ({rise:+.0%}); "
            "training loss {train_then:.3g} → {train_now:.3g} ({train_change:+.0%})",
            "ko": "eval_loss 스텝 {best_step}의 {best:.3g}(최고) → 스텝 {step}의 {now:.3g} ({rise:+.0%}); 학습 손실 "
            "{train_then:.3g} → {train_now:.3g} ({train_change:+.0%})",
        },
        "why": {
            "en": "the model is fitting the training set at the expense of new data; the best model so far is the one "
            "from step {best_step}",
            "ko": "모델이 새 데이터를 희생하며 학습 데이터에 맞춰지고 있습니다. 지금까지 가장 좋은 모델은 스텝 "
            "{best_step}의 모델입니다",
        },
        "fix.best": _PATIENCE_BEST,
        "fix.start": _PATIENCE_START,
    },
    "epoch_steps": {
        "title": {
            "en": "The loss drops in a step after epoch {boundary}: the model is memorising the training set",
            "ko": "에폭 {boundary} 직후 손실이 계단처럼 떨어집니다: 모델이 학습 데이터를 외우고 있습니다",
        },
        "evidence": {
            "en": "mean loss {before:.3g} over the {logs} logs before step {end} (end of epoch {boundary}) → "
            "{after:.3g} over the {logs} after ({change:+.0%}); the {logs} logs before those fell {drift:.3g}, "
            "spread {noise:.2g}",
            "ko": "스텝 {end}(에폭 {boundary}의 끝) 전 기록 {logs}개의 평균 손실 {before:.3g} → 그 뒤 기록 {logs}개 "
            "{after:.3g} ({change:+.0%}); 그 앞 기록 {logs}개는 {drift:.3g} 내려갔고 흩어짐은 {noise:.2g}",
        },
        "why": {
            "en": "a drop at the boundary is the model recognising examples it has seen, not generalising; validation "
            "usually stops improving soon after",
            "ko": "경계에서의 하락은 일반화가 아니라 이미 본 예제를 알아보는 것입니다. 보통 곧이어 검증 점수가 더 "
            "나아지지 않습니다",
        },
        "fix.training.max_steps": {
            "en": "stop at step {value}, the end of epoch {boundary}, or add data",
            "ko": "에폭 {boundary}의 끝인 스텝 {value}에서 멈추거나 데이터를 늘리기",
        },
        "fix.training.num_train_epochs": {
            "en": "train {value:g} {value:?epoch|epochs}, or add data",
            "ko": "{value:g} 에폭만 학습하거나 데이터를 늘리기",
        },
    },
    "metric_stalled": {
        "title": {
            "en": "{metric} has not improved for {evals} {evals:?evaluation|evaluations}",
            "ko": "{metric}: 평가 {evals}번 동안 나아지지 않았습니다",
        },
        "evidence": {
            "en": "{metric} best {best:.4g} at step {best_step}; the {evals} {evals:?evaluation|evaluations} since (steps "
            "{first}–{last}) "
            "reached {reached:.4g}",
            "ko": "{metric} 최고 {best:.4g}(스텝 {best_step}); 그 뒤 평가 {evals}번(스텝 {first}–{last})에서 도달한 "
            "값은 {reached:.4g}",
        },
        "why": {
            "en": "more steps spend time without making the model better on the data it is judged by",
            "ko": "스텝을 더 돌려도 평가 데이터에서 모델이 나아지지 않고 시간만 듭니다",
        },
        "why.patience_on": {
            "en": "more steps spend time without making the model better on the data it is judged by; early stopping "
            "is on and will end the run",
            "ko": "스텝을 더 돌려도 평가 데이터에서 모델이 나아지지 않고 시간만 듭니다. 조기 종료가 켜져 있어 실행이 "
            "알아서 끝납니다",
        },
        "fix.best": _PATIENCE_BEST,
        "fix.start": _PATIENCE_START,
    },
}
