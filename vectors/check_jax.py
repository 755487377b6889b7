#!/usr/bin/env python3
"""Check a float32 JAX port (jax.grad, jax.hessian) against the golden vectors.

    python3 vectors/check_jax.py [vectors/*.json]

The port below writes sigma_s(z) = (1 - s) z + s relu(z); jax.grad then takes
sigma_s'(0) = 1 - s, the "left" convention, at the kink of case kink. Replace `sigma`
with your own form to see which convention it uses. Needs jax (never a build or CI
dependency). Exit status 0 when every file passes.
"""
import sys

import jax
import jax.numpy as jnp
import numpy as np

import autodiff_check


def sigma(s, z):
    return (1 - s) * z + s * jax.nn.relu(z)


def port(x, y, a, W, s, c):
    X, Y, S, C = jnp.asarray(x), jnp.asarray(y), jnp.float32(s), jnp.float32(c)
    m, d = W.shape
    theta0 = jnp.asarray(np.concatenate([a, W.reshape(-1)]))

    def outputs(theta):
        return C * (sigma(S, X @ theta[m:].reshape(m, d).T) @ theta[:m])

    def loss(theta):
        r = outputs(theta) - Y
        return (r * r).sum() / (2 * len(y))

    f, J = outputs(theta0), jax.jacobian(outputs)(theta0)
    return dict(outputs=np.asarray(f), residuals=np.asarray(f - Y), loss=np.asarray(loss(theta0)),
                gradient=np.asarray(jax.grad(loss)(theta0)), hessian=np.asarray(jax.hessian(loss)(theta0)),
                gauss_newton=np.asarray(J.T @ J / len(y)), kappa=float(jax.grad(lambda z: sigma(S, z))(jnp.float32(0))))


if __name__ == "__main__":
    sys.exit(autodiff_check.main(port, "JAX"))
