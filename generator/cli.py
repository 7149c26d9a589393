"""The `briefing` command: build, check, serve, init, ingest, diff."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from generator.model import Level
from generator.problems import Problems, summary


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    handler = args.handler
    try:
        status: int = handler(args)
    except KeyboardInterrupt:
        # Every command writes atomically or undoes its writes, so an interruption loses nothing.
        left = " output/ was left as it was" if args.command == "build" else " nothing was left half-written"
        print(f"{args.command} interrupted:{left}", file=sys.stderr)
        return INTERRUPTED
    return status


INTERRUPTED = 130
"""Exit status after Ctrl-C, as shells report it (128 + SIGINT)."""


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
    build.add_argument(
        "--site-url",
        default=None,
        type=_site_url,
        help="override SITEURL: an absolute http(s) address or a path such as /repo for a project site",
    )
    build.add_argument("--no-search", action="store_true", help="skip the Pagefind index")
    build.add_argument("--strict", action="store_true", help="fail on warnings too")
    build.add_argument("--full", action="store_true", help="render every page instead of reusing unchanged ones")
    build.add_argument(
        "--timings",
        "-v",
        "--verbose",
        dest="timings",
        action="store_true",
        help="print how long each stage of the build took",
    )
    build.set_defaults(handler=_build)

    serve = commands.add_parser("serve", help="preview on localhost; the browser reloads on every save")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (0: any free port)")
    serve.add_argument("--bind", default="127.0.0.1")
    serve.add_argument("--no-search", action="store_true", help="do not build the search index in the background")
    serve.add_argument(
        "-v", "--verbose", action="store_true", help="also report the CPU time of each reload and the background builds"
    )
    serve.set_defaults(handler=_serve)

    show = commands.add_parser("show", help="print a source's numbered clean paragraphs and removed blocks")
    show.add_argument("source_id", metavar="SOURCE_ID")
    show.set_defaults(handler=_show)

    ingest = commands.add_parser(
        "ingest", help="copy new raw articles (files or http(s) URLs) into seeds/ and draft their sidecars"
    )
    ingest.add_argument("paths", nargs="+", metavar="PATH_OR_URL")
    ingest.set_defaults(handler=_ingest)

    extract = commands.add_parser("extract", help="show what ingest would draft for article files, writing nothing")
    extract.add_argument("paths", type=Path, nargs="+", metavar="PATH")
    extract.add_argument("--json", action="store_true", help="one JSON array of objects, one per file")
    extract.set_defaults(handler=_extract)

    init = commands.add_parser("init", help="create a new site project in DIR")
    init.add_argument("directory", type=Path, metavar="DIR")
    init.add_argument("--name", default=None, help="site name (asked for when not given and run in a terminal)")
    init.add_argument(
        "--topic",
        action="append",
        default=[],
        metavar="SLUG:TITLE",
        help="a topic, e.g. harbour-traffic:'Harbour traffic' (repeat for more)",
    )
    init.add_argument("--licence", default="CC BY 4.0", help="licence of the site's content (default: CC BY 4.0)")
    init.add_argument(
        "--corrections", default="Open an issue on the site's repository.", help="how readers send corrections"
    )
    init.set_defaults(handler=_init)

    diff = commands.add_parser("diff", help="summarise content changes since a git revision, for review")
    diff.add_argument("rev", metavar="REV")
    diff.add_argument(
        "--pr-comment",
        type=int,
        default=None,
        metavar="NUMBER",
        help="print the body of the review comment for pull request NUMBER (used by the PR workflow)",
    )
    diff.add_argument("--run-url", default="", help="with --pr-comment: the workflow run that holds the built site")
    diff.set_defaults(handler=_diff)
    return parser


def _site_url(value: str) -> str:
    from generator.site.urls import site_url_problem

    problem = site_url_problem(value)
    if problem is not None:
        raise argparse.ArgumentTypeError(problem)
    return value


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
    from generator.content.load import load_and_check

    problems = Problems()
    content, _settings = load_and_check(args.root, None, problems)
    status = report(problems, args.strict)
    if status == 0:
        print(
            f"ok: {len(content.sources)} sources, {len(content.entities)} entities, "
            f"{len(content.facts)} facts ({sum(len(f.citations) for f in content.facts.values())} citations verified), "
            f"{len(content.briefings)} briefings"
        )
    return status


def _build(args: argparse.Namespace) -> int:
    from generator.build import BuildOptions, build_site
    from generator.problems import BuildFailed

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
    if args.timings:
        for stage in result.stages:
            print(f"  {stage.name:<16} {stage.seconds:7.3f} s")
    return 0


def _serve(args: argparse.Namespace) -> int:
    from generator.serve.command import ServeOptions, serve

    options = ServeOptions(args.root.resolve(), args.bind, args.port, not args.no_search, args.verbose)
    return serve(options)


def _show(args: argparse.Namespace) -> int:
    from generator.show import show_source

    text, status = show_source(args.root.resolve(), args.source_id)
    print(text, file=sys.stdout if status == 0 else sys.stderr)
    return status


def _ingest(args: argparse.Namespace) -> int:
    from generator.ingest.command import IngestError, ingest

    try:
        for written in ingest(args.root.resolve(), args.paths):
            print(f"added seeds/{written.seed} and draft {written.sidecar}: review it, then delete needs_review")
    except IngestError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


def _init(args: argparse.Namespace) -> int:
    from generator.init import InitError, init_project, parse_topic

    interactive = sys.stdin.isatty()
    name = args.name or (input("Site name: ").strip() if interactive else "")
    topics_text = list(args.topic)
    if not topics_text and interactive:
        answer = input("Topics (slug:Title, comma-separated): ")
        topics_text = [t for t in (part.strip() for part in answer.split(",")) if t]
    try:
        if not name:
            raise InitError("give the site's name with --name")
        target = args.directory
        written = init_project(target, name, [parse_topic(t) for t in topics_text], args.licence, args.corrections)
    except InitError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"created {len(written)} files in {target}: run `make check` and `make build` there")
    return 0


def _extract(args: argparse.Namespace) -> int:
    from generator.ingest.extraction.show import run_extract

    return run_extract(args.paths, args.json)


def _diff(args: argparse.Namespace) -> int:
    from generator.review.command import review_diff

    text, status = review_diff(args.root.resolve(), args.rev)
    if args.pr_comment is not None:
        from generator.review.prcomment import PullRequest, comment_body

        text = comment_body(text, status, PullRequest(args.pr_comment, args.run_url))
    print(text)
    return int(status)


if __name__ == "__main__":
    raise SystemExit(main())
