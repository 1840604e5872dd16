"""Optimizers written from scratch (no torch.optim inside), one small class each; names follow the math.

Each class takes a list of tensors and, like torch.optim, has `zero_grad()` and `step()`, which
reads every parameter's `.grad`. The state of parameter i is `opt.state[i]` (m, v, u, b, t).
"""

import numpy as np
import torch


class Optimizer:
    """Base class: `step()` subtracts `self.delta(g, state)` from each parameter that has a gradient."""

    def __init__(self, params, lr: float):
        self.params = list(params)
        if not self.params:
            raise ValueError("no parameters to optimize")
        if not lr > 0:
            raise ValueError(f"the learning rate must be positive, got {lr!r}")
        self.lr = lr
        self.state = [{"t": 0} for _ in self.params]

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Forget the gradients (set them to None, or to zero)."""
        for p in self.params:
            if set_to_none:
                p.grad = None
            elif p.grad is not None:
                p.grad.zero_()

    @torch.no_grad()
    def step(self) -> None:
        """One update of every parameter that has a gradient; each keeps its own step count t."""
        for p, state in zip(self.params, self.state, strict=True):
            if p.grad is None:
                continue
            state["t"] += 1
            p.sub_(self.delta(p.grad, state))

    def delta(self, g, state):
        """The amount to subtract from a parameter with gradient `g` (updates `state`)."""
        raise NotImplementedError


class SGD(Optimizer):
    """theta <- theta - lr g."""

    def delta(self, g, state):
        return self.lr * g


class Momentum(Optimizer):
    """Heavy ball, as torch.optim.SGD(momentum=mu): b <- mu b + g (b_1 = g); theta <- theta - lr b."""

    def __init__(self, params, lr: float, mu: float = 0.9):
        super().__init__(params, lr)
        if not 0 <= mu < 1:
            raise ValueError(f"mu must be in [0, 1), got {mu!r}")
        self.mu = mu

    def velocity(self, g, state):
        """Update and return the momentum buffer b."""
        state["b"] = g.clone() if "b" not in state else self.mu * state["b"] + g
        return state["b"]

    def delta(self, g, state):
        return self.lr * self.velocity(g, state)


class Nesterov(Momentum):
    """Nesterov momentum, as torch.optim.SGD(nesterov=True): b <- mu b + g; theta <- theta - lr (g + mu b)."""

    def delta(self, g, state):
        b = self.velocity(g, state)
        return self.lr * (g + self.mu * b)


class RMSprop(Optimizer):
    """v <- rho v + (1 - rho) g^2; theta <- theta - lr g / (sqrt(v) + eps)."""

    def __init__(self, params, lr: float = 1e-2, rho: float = 0.99, eps: float = 1e-8):
        super().__init__(params, lr)
        if not 0 <= rho < 1:
            raise ValueError(f"rho must be in [0, 1), got {rho!r}")
        self.rho, self.eps = rho, eps

    def delta(self, g, state):
        state["v"] = self.rho * state.get("v", torch.zeros_like(g)) + (1 - self.rho) * (g * g)
        return self.lr * (g / (state["v"].sqrt() + self.eps))


class Adam(Optimizer):
    """m, v: running means of g and g^2; theta <- theta - lr m_hat / (sqrt(v_hat) + eps), hats unbiased."""

    def __init__(self, params, lr: float = 1e-3, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8):
        super().__init__(params, lr)
        if not (0 <= beta1 < 1 and 0 <= beta2 < 1):
            raise ValueError(f"beta1 and beta2 must be in [0, 1), got {beta1!r}, {beta2!r}")
        self.beta1, self.beta2, self.eps = beta1, beta2, eps

    def delta(self, g, state):
        t = state["t"]
        state["m"] = self.beta1 * state.get("m", torch.zeros_like(g)) + (1 - self.beta1) * g
        state["v"] = self.beta2 * state.get("v", torch.zeros_like(g)) + (1 - self.beta2) * g**2
        m_hat = state["m"] / (1 - self.beta1**t)
        v_hat = state["v"] / (1 - self.beta2**t)
        return self.lr * m_hat / (v_hat.sqrt() + self.eps)


class AdaMax(Adam):
    """u <- max(beta2 u, |g| + eps); theta <- theta - lr / (1 - beta1^t) m / u (eps = 0 is the paper's)."""

    def __init__(self, params, lr: float = 2e-3, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8):
        super().__init__(params, lr, beta1, beta2, eps)

    def delta(self, g, state):
        t = state["t"]
        state["m"] = self.beta1 * state.get("m", torch.zeros_like(g)) + (1 - self.beta1) * g
        state["u"] = torch.maximum(self.beta2 * state.get("u", torch.zeros_like(g)), g.abs() + self.eps)
        return self.lr / (1 - self.beta1**t) * state["m"] / state["u"]


def lockstep(make_ours, make_theirs, loss_fn, params, steps: int) -> np.ndarray:
    """Run two optimizers on copies of `params` for `steps` steps of `loss_fn`; the largest gap after each."""
    if steps < 1:
        raise ValueError(f"steps must be at least 1, got {steps!r}")
    ours = [p.detach().clone().requires_grad_(True) for p in params]
    theirs = [p.detach().clone().requires_grad_(True) for p in params]
    opt_ours, opt_theirs = make_ours(ours), make_theirs(theirs)
    gaps = []
    for _ in range(steps):
        for opt, tensors in ((opt_ours, ours), (opt_theirs, theirs)):
            opt.zero_grad()
            loss_fn(tensors).backward()
            opt.step()
        gaps.append(max(float((a - b).detach().abs().max()) for a, b in zip(ours, theirs, strict=True)))
    return np.array(gaps)


def trajectory(make_optimizer, loss_fn, x0, steps: int) -> np.ndarray:
    """Iterates (steps + 1, d) of `make_optimizer([x])` minimizing `loss_fn(x)` from `x0`."""
    if steps < 0:
        raise ValueError(f"steps must be non-negative, got {steps!r}")
    x = torch.as_tensor(x0, dtype=torch.float64).clone().requires_grad_(True)
    opt = make_optimizer([x])
    path = [x.detach().clone()]
    for _ in range(steps):
        opt.zero_grad()
        loss_fn(x).backward()
        opt.step()
        path.append(x.detach().clone())
    return torch.stack(path).numpy()


def backtracking(f, x, g, dx, t0: float = 1.0, alpha: float = 0.3, beta: float = 0.5, max_iter: int = 100):
    """Armijo backtracking: t <- beta t until f(x + t dx) <= f(x) + alpha t g.dx; returns (t, reductions)."""
    if not (0 < alpha < 0.5 and 0 < beta < 1 and t0 > 0):
        raise ValueError(f"need 0 < alpha < 0.5, 0 < beta < 1, t0 > 0; got {alpha!r}, {beta!r}, {t0!r}")
    slope = float((g * dx).sum())  # the directional derivative g^T dx
    if not slope < 0:
        raise ValueError(f"dx is not a descent direction: g^T dx = {slope:.3g} >= 0")
    f_x, t = float(f(x)), t0
    for reductions in range(max_iter + 1):
        if float(f(x + t * dx)) <= f_x + alpha * t * slope:
            return t, reductions
        t *= beta
    raise RuntimeError(f"no sufficient decrease after {max_iter} reductions (t = {t:.3g})")
