#!/usr/bin/env python3
"""Check a float32 PyTorch port (autograd) against the golden vectors.

    python3 vectors/check_torch.py [vectors/*.json]

The port below writes sigma_s(z) = (1 - s) z + s relu(z); autograd then takes
sigma_s'(0) = 1 - s, the "left" convention, at the kink of case kink. Replace `sigma`
with your own form to see which convention it uses. Needs torch (never a build or CI
dependency). Exit status 0 when every file passes.
"""
import sys

import numpy as np
import torch

import autodiff_check


def sigma(s, z):
    return (1 - s) * z + s * torch.relu(z)


def port(x, y, a, W, s, c):
    X, Y, S, C = torch.tensor(x), torch.tensor(y), float(s), float(c)
    m, d = W.shape
    theta0 = torch.tensor(np.concatenate([a, W.reshape(-1)]))

    def outputs(theta):
        return C * (sigma(S, X @ theta[m:].reshape(m, d).T) @ theta[:m])

    def loss(theta):
        r = outputs(theta) - Y
        return (r * r).sum() / (2 * len(y))

    theta = theta0.clone().requires_grad_(True)
    f = outputs(theta)
    (gradient,) = torch.autograd.grad(loss(theta), theta)
    J = torch.autograd.functional.jacobian(outputs, theta0)
    z = torch.zeros((), requires_grad=True)
    (kappa,) = torch.autograd.grad(sigma(S, z), z)
    return dict(outputs=f.detach().numpy(), residuals=(f - Y).detach().numpy(), loss=loss(theta0).numpy(),
                gradient=gradient.numpy(), hessian=torch.autograd.functional.hessian(loss, theta0).numpy(),
                gauss_newton=(J.T @ J / len(y)).numpy(), kappa=float(kappa))


if __name__ == "__main__":
    torch.set_default_dtype(torch.float32)
    sys.exit(autodiff_check.main(port, "PyTorch"))
