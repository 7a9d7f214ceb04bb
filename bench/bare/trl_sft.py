"""The reference: a plain TRL SFT script with a LoRA adapter, as a user would write it without the studio.

    python bench/bare/trl_sft.py SPEC.json

SPEC names the model folder, a file of prompt-completion chats, LoRA and trainer settings. Prints one JSON line:
the trainer's own samples/s and runtime.
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
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from trl import SFTConfig, SFTTrainer

    with open(spec_path, encoding="utf-8") as handle:
        spec = json.load(handle)
    with open(spec["rows"], encoding="utf-8") as handle:
        pairs = json.load(handle)
    tokenizer = AutoTokenizer.from_pretrained(spec["model"])
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    model = AutoModelForCausalLM.from_pretrained(spec["model"], dtype=torch.float32)
    args = SFTConfig(
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
        max_length=spec["max_seq_length"],
        completion_only_loss=True,
        packing=False,
    )
    trainer = SFTTrainer(
        model=model,
        args=args,
        train_dataset=datasets.Dataset.from_list(pairs),
        processing_class=tokenizer,
        peft_config=LoraConfig(task_type=TaskType.CAUSAL_LM, **spec["lora"]),
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
