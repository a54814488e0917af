"""Run the simulator as a process: python -m tests.emag_simulator --port 8570."""

import argparse
import signal
import sys
import threading
from pathlib import Path

from . import EmagSimulator
from .ratelimit import default_rate_limits


def build_parser():
    parser = argparse.ArgumentParser(
        prog="python -m tests.emag_simulator",
        description="Local eMAG Marketplace API v4.4.9 simulator.",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8570)
    parser.add_argument("--platform", choices=("RO", "BG", "HU"), default="RO")
    parser.add_argument("--username", default="demo")
    parser.add_argument("--password", default="demo")
    parser.add_argument(
        "--allowed-ip",
        action="append",
        dest="allowed_ips",
        help="IP allow-list (repeat); default: any IP",
    )
    parser.add_argument(
        "--seed",
        action="append",
        default=[],
        help="JSON file of orders to load at start (repeatable); relative paths are "
        "also looked up in tests/emag_simulator/",
    )
    parser.add_argument(
        "--generate", type=int, default=0, help="also generate N orders"
    )
    parser.add_argument("--generate-offers", type=int, default=0)
    parser.add_argument("--callback-url", help="new-order callback URL")
    parser.add_argument("--callback-interval", type=float, default=60.0)
    parser.add_argument(
        "--no-callback-loop",
        action="store_true",
        help="do not repeat callbacks for unacknowledged orders",
    )
    parser.add_argument("--no-rate-limit", action="store_true")
    parser.add_argument("--time-scale", type=float, default=1.0)
    parser.add_argument(
        "--attachment-mode", choices=("sync", "async", "off"), default="async"
    )
    parser.add_argument("--awb-finalize-delay", type=float, default=3.0)
    parser.add_argument("--auto-approve-products", action="store_true")
    parser.add_argument(
        "--awb-request-form", choices=("any", "object", "list"), default="any"
    )
    parser.add_argument(
        "--awb-pdf-paths", choices=("both", "root", "api-3"), default="both"
    )
    parser.add_argument("--verbose", action="store_true")
    return parser


def _resolve_seed(path):
    candidate = Path(path)
    if candidate.exists():
        return candidate
    local = Path(__file__).resolve().parent / path
    if local.exists():
        return local
    raise SystemExit(f"seed file not found: {path}")


def main(argv=None):
    args = build_parser().parse_args(argv)
    sim = EmagSimulator(
        username=args.username,
        password=args.password,
        allowed_ips=args.allowed_ips,
        host=args.host,
        port=args.port,
        platform=args.platform,
        rate_limits=default_rate_limits(),
        rate_limit_enabled=not args.no_rate_limit,
        time_scale=args.time_scale,
        callback_url=args.callback_url,
        callback_interval=args.callback_interval,
        attachment_mode=args.attachment_mode,
        awb_finalize_delay=args.awb_finalize_delay,
        auto_approve_products=args.auto_approve_products,
        awb_request_form=args.awb_request_form,
        awb_pdf_paths=args.awb_pdf_paths,
        verbose=args.verbose,
    )
    if args.generate_offers:
        sim.generate_offers(args.generate_offers, seed=1)
    sim.start()
    for seed in args.seed:
        ids = sim.load_orders(_resolve_seed(seed), notify=True)
        print(f"loaded {len(ids)} orders from {seed}", flush=True)
    if args.generate:
        sim.generate_orders(args.generate, seed=1, notify=True)
    if args.callback_url and not args.no_callback_loop:
        sim.start_callback_loop()
    print(
        f"eMAG simulator listening: {sim.base_url} (user {args.username!r}); control: {sim.root_url}/_sim/state",
        flush=True,
    )
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    stop.wait()
    sim.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
