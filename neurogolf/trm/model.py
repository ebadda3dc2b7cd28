"""Tiny Recursive Model over the 30x30 one-hot canvas (after Jolicoeur-Martineau, 2025).

One 2-layer network (3x3 conv, ReLU masked to the grid, 1x1 conv, residual) is applied recursively to two states:
the answer y and the latent z. Each supervision step runs T cycles of `z = net(z + y + x)` n times,
then `y = net(y + z)`; a 1x1 head reads colour logits from y and a halting head (ACT) reads one
logit per example, "this answer is final". No layer has a bias before the heads and the hidden layer
is masked to the grid, so every state is exactly zero outside the grid: a canvas cropped to cover the
grid gives the same numbers as the full 30x30 one (training runs on crops, the graph on a fixed crop).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

import torch
import torch.nn as nn
import torch.nn.functional as F


@dataclass
class Config:
    hidden: int = 16        # channels of y and z
    n: int = 2              # latent updates per cycle
    T: int = 1              # cycles per supervision step
    steps: int = 3          # supervision steps (ACT's maximum)
    norm: bool = False      # RMS-normalise each state over its channels (stabler deep recursion, more memory)


class TRM(nn.Module):
    EPS = 1e-4          # RMS norm: zero states (outside the grid) stay zero

    def __init__(self, cfg: Config):
        super().__init__()
        self.cfg, h = cfg, cfg.hidden
        self.embed = nn.Conv2d(10, h, 1, bias=False)
        self.conv1 = nn.Conv2d(h, h, 3, padding=1, bias=False)
        self.conv2 = nn.Conv2d(h, h, 1, bias=False)
        self.head = nn.Conv2d(h, 10, 1)
        self.halt = nn.Linear(h, 1)
        nn.init.zeros_(self.conv2.weight)           # each recursion starts as the identity
        nn.init.constant_(self.halt.bias, -2.0)     # start out not halting

    def net(self, u, mask):
        u = u + self.conv2(F.relu(self.conv1(u)) * mask)
        return u / torch.sqrt(u.pow(2).mean(1, keepdim=True) + self.EPS) if self.cfg.norm else u

    def cycle(self, x, y, z, mask):
        for _ in range(self.cfg.n):
            z = self.net(z + y + x, mask)
        return self.net(y + z, mask), z

    def step(self, x, y, z, mask):
        """One supervision step: T cycles, then (y, z, colour logits, halting logit)."""
        for _ in range(self.cfg.T):
            y, z = self.cycle(x, y, z, mask)
        return y, z, self.head(y), self.halt(y.sum((2, 3)) / mask.sum((1, 2, 3))[:, None]).squeeze(1)

    def forward(self, grid, steps=None):
        """Colour logits and halting logits of every supervision step, for one-hot `grid` [B,10,H,W]."""
        x, mask = self.embed(grid), grid.amax(1, keepdim=True)
        y = z = torch.zeros_like(x)
        logits, halts = [], []
        for _ in range(steps or self.cfg.steps):
            y, z, lg, q = self.step(x, y, z, mask)
            logits.append(lg)
            halts.append(q)
        return logits, halts

    @torch.no_grad()
    def predict(self, grid, steps=None, halting=True):
        """One-hot answer as the exported graph gives it: the first halted step's argmax (the last step's
        without halting), in the grid."""
        logits, halts = self.forward(grid, steps)
        out = logits[-1]
        for lg, q in zip(reversed(logits[:-1]), reversed(halts[:-1])) if halting else ():
            out = torch.where((q > 0)[:, None, None, None], lg, out)
        onehot = out == out.amax(1, keepdim=True)
        return onehot & (grid.amax(1, keepdim=True) > 0)

    def spec(self):
        return asdict(self.cfg)


GRAPH_WEIGHTS = {"w_embed": "embed.weight", "w_conv1": "conv1.weight", "w_conv2": "conv2.weight",
                 "w_head": "head.weight", "b_head": "head.bias"}


def from_graph(weights: dict, cfg: Config) -> TRM:
    """The model an exported graph was made from, given the graph's initializers by name (float32 exports
    carry the weights unscaled; the halting head, absent from graphs read at their last step, stays as
    initialised)."""
    model = TRM(cfg)
    state = model.state_dict()
    for name, key in GRAPH_WEIGHTS.items():
        state[key] = torch.tensor(weights[name], dtype=torch.float32).reshape(state[key].shape)
    if "w_halt" in weights:
        state["halt.weight"] = torch.tensor(weights["w_halt"], dtype=torch.float32).reshape(state["halt.weight"].shape)
        state["halt.bias"] = torch.tensor(weights["b_halt"], dtype=torch.float32).reshape(state["halt.bias"].shape)
    model.load_state_dict(state)
    return model
