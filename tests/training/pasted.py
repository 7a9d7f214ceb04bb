"""Pasted DeepSpeed WarmupCosineLR settings, each with the studio fields it becomes and the rules of the notes that
say what changed: read by the import tests (test_imported.py) and the Configure tab's (test_configure_preview.py)."""

from __future__ import annotations

BLOCK = """training:
  learning_rate: 2e-5
  max_steps: 1000
scheduler:
  type: WarmupCosineLR
  params:
    total_num_steps: 1000
    warmup_num_steps: 100
    cos_min_ratio: 0.1
    warmup_type: linear
"""

# what a user pastes → the studio fields it sets, and the notes' rules in order (the studio words each)
PASTED = [
    (  # the block of a ds_config.json, under a studio config
        BLOCK,
        {"lr_scheduler_type": "cosine_with_min_lr", "min_lr_rate": 0.1, "warmup_ratio": 0.1},
        ["schedule", "warmup"],  # max_steps 1000 already spans total_num_steps: nothing to say about the length
    ),
    (  # the same block as JSON, with DeepSpeed's defaults left out: log warmup, 1,000 steps, floor 0.0001
        '{"scheduler": {"type": "WarmupCosineLR", "params": {"total_num_steps": 5000}}}',
        {"lr_scheduler_type": "cosine_with_min_lr", "min_lr_rate": 0.0001, "warmup_ratio": 0.2},
        ["schedule", "default", "default", "default", "warmup", "total", "warmup_log"],
    ),
    (  # the parameters alone at the top level, over an exported config that had its own schedule
        "training:\n  lr_scheduler_type: linear\n  warmup_ratio: 0.1\n  max_steps: 700\n"
        "warmup_min_ratio: 0.05\nwarmup_num_steps: 21\ncos_min_ratio: 0.025\nwarmup_type: linear\n",
        {"lr_scheduler_type": "cosine_with_min_lr", "min_lr_rate": 0.025, "warmup_ratio": 0.03},
        ["schedule", "replaced", "replaced", "warmup_max_steps", "warmup_start"],
    ),
    (  # transformers' "auto": the warmup comes from the studio's own warmup_ratio, the length from the run
        "scheduler:\n  type: WarmupCosineLR\n  params: {total_num_steps: auto, warmup_num_steps: auto, "
        "cos_min_ratio: 0.1}\n",
        {"lr_scheduler_type": "cosine_with_min_lr", "min_lr_rate": 0.1, "warmup_ratio": 0.1},
        ["schedule", "default", "warmup_auto", "warmup_log_auto"],
    ),
    (  # steps with nothing to share them over: the ratio stays, and the note says how to set it
        "warmup_num_steps: 50\ncos_min_ratio: 0.1\nwarmup_type: linear\n",
        {"lr_scheduler_type": "cosine_with_min_lr", "min_lr_rate": 0.1, "warmup_ratio": 0.1},
        ["schedule", "warmup_no_total"],
    ),
    (  # an old spelling says what it became
        "training:\n  fp16: true\n",
        {"mixed_precision": "fp16", "lr_scheduler_type": "linear"},
        ["renamed"],
    ),
    ("training:\n  learning_rate: 1e-4\n", {"learning_rate": 1e-4}, []),
]
