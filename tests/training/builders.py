"""What many training tests build: tiny configs of the three tasks, the tiny Llama, the classification table,
and `cli` (the training CLI as a child process). Test modules import these from here, never from each other."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from datasets_spec import store
from training.config.studio import StudioConfig
from training.lifecycle import runs

ROOT = Path(__file__).resolve().parents[2]
JSON_TASK_SAMPLE = ROOT / "datasets_spec" / "samples" / "json_task_ko" / "train.jsonl"
LLAMA_TARGETS = ["q_proj", "k_proj", "v_proj", "o_proj"]
CHATML = (
    "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>\n' }}"
    "{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"
)

# Four classes of 8 rows and a rare one of 3: the stratified split sends 2 of each big class and 1 of the rare
# one to validation, so min_samples_per_class = 3 drops the rare class from both sides.
KEYWORDS = {"임금": "근로자", "이혼": "배우자", "사기": "피해자", "전세": "임차인"}
RARE = "상표"
TINY_LM_SEED = 0  # its greedy reply to the playground tests' prompts runs to the token limit (checked there)


def cli(*args: str, data_dir: Path, timeout: int = 300) -> subprocess.CompletedProcess:
    """`python -m training ARGS` in a child, as the studio starts it, against DATA_DIR."""
    env = {**runs.child_env(), "STUDIO_DATA_DIR": str(data_dir)}
    return subprocess.run(
        [sys.executable, "-m", "training", *args], capture_output=True, text=True, cwd=ROOT, env=env, timeout=timeout
    )


def tiny_config(model: Path, **training: object) -> StudioConfig:
    """An embedding run of 6 steps on the bundled legal sample, evaluated and saved every 3."""
    config = StudioConfig()
    config.model.name_or_path = str(model)
    config.model.max_seq_length = 32
    config.training.per_device_train_batch_size = 8
    config.training.max_steps = 6
    config.training.eval_steps = 3
    config.training.save_steps = 3
    config.training.learning_rate = 1e-3
    for key, value in training.items():
        setattr(config.training, key, value)
    return config


def table() -> list[dict]:
    """Five classes for the classification task: four of 8 rows and the rare one of 3."""
    rows = [
        {"text": f"{word} 사건에서 {who}가 {i}번째로 묻는 질문", "label": word}
        for word, who in KEYWORDS.items()
        for i in range(8)
    ]
    return rows + [{"text": f"{RARE} 등록 문의 {i}", "label": RARE} for i in range(3)]


def classification_config(model: Path, dataset: str, **training: object) -> StudioConfig:
    config = StudioConfig()
    config.task = "classification"
    config.data.dataset = dataset
    config.model.name_or_path = str(model)
    config.model.max_seq_length = 32
    config.training.per_device_train_batch_size = 8
    config.training.max_steps = 4
    config.training.eval_steps = 2
    config.training.save_steps = 2
    config.training.learning_rate = 1e-3
    for key, value in training.items():
        setattr(config.training, key, value)
    return config


def build_tiny_causal_lm(folder: Path, *, chat_template: str | None = CHATML) -> Path:
    """A 2-layer, 32-wide Llama whose vocabulary is every character of the bundled JSON-task sample."""
    import torch
    from tokenizers import Regex, Tokenizer, decoders, models, pre_tokenizers
    from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast

    texts = [
        m["content"] for line in JSON_TASK_SAMPLE.read_text("utf-8").splitlines() for m in json.loads(line)["messages"]
    ]
    specials = ["<pad>", "<unk>", "<|im_start|>", "<|im_end|>"]
    vocab = {token: i for i, token in enumerate([*specials, *sorted(set("".join(texts) + "\n"))])}
    core = Tokenizer(models.WordLevel(vocab, unk_token="<unk>"))
    core.pre_tokenizer = pre_tokenizers.Split(Regex(r"[\s\S]"), behavior="isolated")  # one token per character
    core.decoder = decoders.Fuse()
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=core, pad_token="<pad>", unk_token="<unk>", bos_token="<|im_start|>", eos_token="<|im_end|>"
    )
    tokenizer.chat_template = chat_template
    tokenizer.save_pretrained(folder)
    config = LlamaConfig(
        vocab_size=len(vocab),
        hidden_size=32,
        intermediate_size=64,
        num_hidden_layers=2,
        num_attention_heads=2,
        num_key_value_heads=2,
        max_position_embeddings=512,
        pad_token_id=0,
        bos_token_id=2,
        eos_token_id=3,
    )
    # Seeded: unseeded weights followed the test order, and one draw ended its greedy replies at once.
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(TINY_LM_SEED)
        LlamaForCausalLM(config).save_pretrained(folder)
    return folder


def sft_config(model: Path | str, **training: object) -> StudioConfig:
    """An SFT run of 4 steps on the bundled JSON-task sample, with 2 generations scored at each evaluation."""
    config = StudioConfig()
    config.task = "sft"
    config.model.name_or_path = str(model)
    config.model.max_seq_length = 256  # characters here: a whole example fits
    config.data.dataset = store.JSON_TASK_SAMPLE
    config.data.max_train_samples = 50
    config.lora.target_modules = LLAMA_TARGETS
    config.training.per_device_train_batch_size = 4
    config.training.max_steps = 4
    config.training.eval_steps = 2
    config.training.save_steps = 2
    config.training.learning_rate = 1e-3
    config.sft.eval_generations = 2
    config.sft.max_new_tokens = 8
    for key, value in training.items():
        setattr(config.training, key, value)
    return config
