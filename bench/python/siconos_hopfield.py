#!/usr/bin/env python3
"""Siconos reference run of the core benchmark (bench/core.bench.ts).

Integrates the dense Hopfield-type relay network

    dx/dt in -a x + c - W sgn(x),   W = M M^T / n + I,

read from a JSON file written by the benchmark ({"n", "a", "W", "c", "x0", ...}), with Siconos's
EulerMoreauOSI(theta) + Relay time stepping:

    FirstOrderLinearTIDS(x0, A = -a I, b = c),
    FirstOrderLinearTIR(C = I, B = W)  (y = x, r = W lambda),
    RelayNSL(n)  (lambda in -Sgn(y), so r = -W sgn(x)).

Only the time-stepping loop is timed. Prints one JSON object
{"x_final", "seconds", "steps", "solver", "tol", "max_iter", "siconos"} on stdout.
"""
import argparse
import json
import sys
import time

import numpy as np
import siconos
import siconos.kernel as sk
import siconos.numerics as sn

SOLVERS = {
    "lemke": sn.SICONOS_RELAY_LEMKE,
    "pgs": sn.SICONOS_RELAY_PGS,
    "enum": sn.SICONOS_RELAY_ENUM,
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", required=True, help="network JSON written by the benchmark")
    ap.add_argument("--steps", type=int, required=True, help="number of time steps")
    ap.add_argument("--h", type=float, default=1e-3, help="step size")
    ap.add_argument("--theta", type=float, default=1.0, help="theta of EulerMoreauOSI")
    ap.add_argument("--solver", choices=sorted(SOLVERS), default="lemke")
    ap.add_argument("--tol", type=float, default=None, help="relay solver tolerance (dparam[TOL])")
    ap.add_argument("--max-iter", type=int, default=None, help="relay solver iterations (iparam[MAX_ITER])")
    args = ap.parse_args()

    with open(args.data) as f:
        data = json.load(f)
    n = int(data["n"])
    W = np.array(data["W"], dtype=float).reshape(n, n)
    c = np.array(data["c"], dtype=float)
    x0 = np.array(data["x0"], dtype=float)
    a = float(data["a"])

    t0 = 0.0
    h = args.h
    T = t0 + args.steps * h

    ds = sk.FirstOrderLinearTIDS(x0, -a * np.eye(n), c)
    relation = sk.FirstOrderLinearTIR(np.eye(n), W)
    inter = sk.Interaction(sk.RelayNSL(n), relation)
    nsds = sk.NonSmoothDynamicalSystem(t0, T)
    nsds.insertDynamicalSystem(ds)
    nsds.link(inter, ds)

    osnspb = sk.Relay(SOLVERS[args.solver])
    opts = osnspb.numericsSolverOptions()
    if args.tol is not None:
        opts.dparam[sn.SICONOS_DPARAM_TOL] = args.tol
    if args.max_iter is not None:
        opts.iparam[sn.SICONOS_IPARAM_MAX_ITER] = args.max_iter
    sim = sk.TimeStepping(nsds, sk.TimeDiscretisation(t0, h), sk.EulerMoreauOSI(args.theta), osnspb)

    sim.initialize()  # assembly outside the timed loop, as for filippov
    steps = 0
    start = time.perf_counter()
    while steps < args.steps and sim.hasNextEvent():
        sim.computeOneStep()
        sim.nextStep()
        steps += 1
    seconds = time.perf_counter() - start

    json.dump(
        {
            "x_final": [float(v) for v in ds.x()],
            "seconds": seconds,
            "steps": steps,
            "solver": "SICONOS_RELAY_" + args.solver.upper(),
            "tol": float(opts.dparam[sn.SICONOS_DPARAM_TOL]),
            "max_iter": int(opts.iparam[sn.SICONOS_IPARAM_MAX_ITER]),
            "siconos": str(getattr(siconos, "version", "unknown")),
        },
        sys.stdout,
    )
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
