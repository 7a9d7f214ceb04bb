"""What this machine's processor can compute, asked once per check: the rules take the answers as plain booleans,
so they stay testable for any machine."""

from __future__ import annotations

import torch


def cuda() -> bool:
    return torch.cuda.is_available()


def cpu_bf16() -> bool:
    """True when this CPU has bf16 instructions (AVX-512 BF16 or AMX tiles): torch's CPU autocast then runs matmuls
    in bf16 natively. Without them bf16 is emulated and slower than fp32, so the studio refuses it there. torch
    exposes the check only as `torch.cpu._is_*_supported` (what its own CPU tests call)."""
    return bool(torch.cpu._is_avx512_bf16_supported() or torch.cpu._is_amx_tile_supported())
