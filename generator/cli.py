"""The `briefing` command: build, check, serve, ingest, diff."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .model import Level
from .problems import Problems, summary


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    handler = args.handler
    status: int = handler(args)
    return status


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="briefing", description="Build evidence-first briefing sites from seed articles and fact sheets."
    )
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="project directory (default: current directory)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser("check", help="validate all content without writing anything")
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    check.set_defaults(handler=_check)

    build = commands.add_parser("build", help="check the content and build the site into output/ atomically")
    build.add_argument("--settings", type=Path, default=None, help="Pelican settings file (default: pelicanconf.py)")
    build.add_argument(
        "--output", type=Path, default=None, help="output directory (default: OUTPUT_PATH of the settings)"
    )
    build.add_argument("--site-url", default=None, help="override SITEURL, e.g. /repo for a project site")
    build.add_argument("--no-search", action="store_true", help="skip the Pagefind index")
    build.add_argument("--strict", action="store_true", help="fail on warnings too")
    build.add_argument("--full", action="store_true", help="render every page instead of reusing unchanged ones")
    build.set_defaults(handler=_build)

    serve = commands.add_parser("serve", help="build, serve on localhost and rebuild on change")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--bind", default="127.0.0.1")
    serve.set_defaults(handler=_serve)

    ingest = commands.add_parser(
        "ingest", help="copy new raw articles (files or http(s) URLs) into seeds/ and draft their sidecars"
    )
    ingest.add_argument("paths", nargs="+", metavar="PATH_OR_URL")
    ingest.set_defaults(handler=_ingest)

    extract = commands.add_parser("extract", help="show what ingest would draft for article files, writing nothing")
    extract.add_argument("paths", type=Path, nargs="+", metavar="PATH")
    extract.add_argument("--json", action="store_true", help="one JSON array of objects, one per file")
    extract.set_defaults(handler=_extract)

    diff = commands.add_parser("diff", help="summarise content changes since a git revision, for review")
    diff.add_argument("rev", metavar="REV")
    diff.set_defaults(handler=_diff)
    return parser


def report(problems: Problems, strict: bool) -> int:
    """Print problems to stderr; return 1 if the run must fail."""
    items = problems.items
    for problem in items:
        print(problem, file=sys.stderr)
    failed = problems.has_errors(strict)
    if items or failed:
        verdict = "failed" if failed else "passed"
        print(f"check {verdict}: {summary(items)}", file=sys.stderr)
    return 1 if failed else 0


def _check(args: argparse.Namespace) -> int:
    from .project import load_content

    problems = Problems()
    content = load_content(args.root, problems)
    status = report(problems, args.strict)
    if status == 0:
        print(
            f"ok: {len(content.sources)} sources, {len(content.entities)} entities, "
            f"{len(content.facts)} facts ({sum(len(f.citations) for f in content.facts.values())} citations verified), "
            f"{len(content.briefings)} briefings"
        )
    return status


def _build(args: argparse.Namespace) -> int:
    from .build import BuildOptions, build_site
    from .problems import BuildFailed

    options = BuildOptions(
        root=args.root.resolve(),
        settings=args.settings,
        output=args.output,
        site_url=args.site_url,
        search=not args.no_search,
        strict=args.strict,
        incremental=not args.full,
    )
    try:
        result = build_site(options)
    except BuildFailed as failed:
        problems = Problems()
        problems.extend(failed.problems)
        report(problems, args.strict)
        print("build failed: output/ was left as it was", file=sys.stderr)
        return 1
    warnings = [p for p in result.problems if p.level is Level.WARNING]
    for warning in warnings:
        print(warning, file=sys.stderr)
    reuse = (
        "" if result.rendered is None else f" ({result.rendered} rendered, {result.pages - result.rendered} unchanged)"
    )
    print(f"built {result.pages} pages{reuse} into {result.output} in {result.seconds:.1f} s")
    return 0


def _serve(args: argparse.Namespace) -> int:
    from .serve import serve

    return serve(args.root.resolve(), args.bind, args.port)


def _ingest(args: argparse.Namespace) -> int:
    from .ingest import IngestError, ingest

    try:
        for written in ingest(args.root.resolve(), args.paths):
            print(f"added seeds/{written.seed} and draft {written.sidecar}: review it, then delete needs_review")
    except IngestError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


def _extract(args: argparse.Namespace) -> int:
    from .extraction.show import run_extract

    return run_extract(args.paths, args.json)


def _diff(args: argparse.Namespace) -> int:
    from .review import review_diff

    text, status = review_diff(args.root.resolve(), args.rev)
    print(text)
    return int(status)


if __name__ == "__main__":
    raise SystemExit(main())
