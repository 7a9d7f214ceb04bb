"""The reference: a plain sentence-transformers training script, as a user would write it without the studio.

    python bench/bare/st_train.py SPEC.json

SPEC names the model folder, a rows file ({"anchor": [...], "positive": [...]}), the prompts, LoRA and trainer
settings. Prints one JSON line: the trainer's own samples/s and runtime.
"""

from __future__ import annotations

import json
import os
import sys

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


def main(spec_path: str) -> None:
    import datasets
    import torch
    from peft import LoraConfig, TaskType
    from sentence_transformers import SentenceTransformer, SentenceTransformerTrainer
    from sentence_transformers.base.sampler import BatchSamplers
    from sentence_transformers.sentence_transformer.losses import (
        CachedMultipleNegativesRankingLoss,
        MultipleNegativesRankingLoss,
    )
    from sentence_transformers.sentence_transformer.training_args import SentenceTransformerTrainingArguments

    with open(spec_path, encoding="utf-8") as handle:
        spec = json.load(handle)
    with open(spec["rows"], encoding="utf-8") as handle:
        rows = json.load(handle)
    model = SentenceTransformer(spec["model"])
    model.max_seq_length = spec["max_seq_length"]
    if spec.get("lora"):
        model.add_adapter(LoraConfig(task_type=TaskType.FEATURE_EXTRACTION, **spec["lora"]))
    if spec.get("mini_batch_size"):
        loss = CachedMultipleNegativesRankingLoss(model, scale=spec["scale"], mini_batch_size=spec["mini_batch_size"])
    else:
        loss = MultipleNegativesRankingLoss(model, scale=spec["scale"])
    args = SentenceTransformerTrainingArguments(
        output_dir=spec["output_dir"],
        max_steps=spec["max_steps"],
        per_device_train_batch_size=spec["batch_size"],
        learning_rate=spec["learning_rate"],
        weight_decay=spec.get("weight_decay", 0.0),
        max_grad_norm=spec.get("max_grad_norm", 1.0),
        # Named, not left to the library: TRL's SFTConfig defaults to bf16 and gradient checkpointing.
        bf16=spec.get("bf16", False),
        fp16=spec.get("fp16", False),
        gradient_checkpointing=spec.get("gradient_checkpointing", False),
        warmup_steps=spec["warmup_ratio"],
        seed=spec["seed"],
        logging_steps=spec["logging_steps"],
        save_strategy="no",
        report_to="none",
        use_cpu=not torch.cuda.is_available(),
        batch_sampler=BatchSamplers.NO_DUPLICATES,
        prompts=spec.get("prompts") or None,
    )
    trainer = SentenceTransformerTrainer(
        model=model, args=args, train_dataset=datasets.Dataset.from_dict(rows), loss=loss
    )
    result = trainer.train()
    print(
        json.dumps(
            {
                "samples_per_second": result.metrics["train_samples_per_second"],
                "runtime": result.metrics["train_runtime"],
                "steps": result.global_step,
            }
        ),
        flush=True,
    )


if __name__ == "__main__":
    main(sys.argv[1])
