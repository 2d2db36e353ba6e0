"""The measuring half of `make bench` (bench/run.sh prepares the data and starts gunicorn):
wrk against each endpoint, the time to publish one review at a small and at the biggest
company, and bench/results.md with both next to the targets.

    python bench/bench.py --url http://127.0.0.1:8765 --server "gunicorn ..." \
        --generation "generated in 190 s"

Needs the environment gunicorn runs with (DATABASE_URL, REDIS_URL, DJANGO_*), because the
publish timings call reviews.services directly.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.md"
RAW = ROOT / "bench" / "results.raw"

THREADS, CONNECTIONS, DURATION = 2, 32, "15s"
WARMUP_REQUESTS = 3
# wrk's default of 2 s would drop the slowest responses from the latency figures.
TIMEOUT = "30s"
# Occurs in the names of the generated IT companies ("한빛테크", "세종테크랩스", …).
SEARCH_WORD = "테크"
# A two-syllable word of the generated cons ("…야근이 잦아서…"): in about one review in
# six, so a search inside the 100,000-review company matches thousands of reviews.
REVIEW_SEARCH_WORD = "야근"
PUBLISH_RUNS = 7

# Target group → (least throughput as a share of /ping's, most p99 in ms). The searches
# inside reviews have a latency target only (issue 16).
TARGETS = {
    "page": (0.50, 100),
    "list": (0.30, 150),
    "deep": (0.15, 250),
    "review search": (0.0, 150),
    "site search": (0.0, 300),
}


@dataclass
class Endpoint:
    name: str
    path: str
    target: str | None  # a key of TARGETS; None for the trivial view itself
    # Sent with a signed-in reader's session cookie: never served from the page cache, so
    # every request runs the search.
    signed_in: bool = False


@dataclass
class WrkResult:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int
    first_ms: float = 0  # the first request, alone, before wrk


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nipa_reviews.settings")
    import django

    django.setup()


def endpoints(top_slug: str) -> list[Endpoint]:
    company = f"/companies/{top_slug}/"
    return [
        Endpoint("trivial view", "/ping", None),
        Endpoint("home", "/", "list"),
        Endpoint("company list by score", "/companies/?sort=score", "list"),
        Endpoint("company page (100,000 reviews)", company, "page"),
        Endpoint("review list, page 1", f"{company}reviews/", "list"),
        Endpoint("review list, page 2,000", f"{company}reviews/?page=2000", "deep"),
        Endpoint("API company detail", f"/api{company}", "page"),
        Endpoint(f"search ?q={SEARCH_WORD}", f"/companies/?q={quote(SEARCH_WORD)}", "deep"),
        Endpoint(
            f"review search ?q={REVIEW_SEARCH_WORD} (100,000-review company, uncached)",
            f"{company}reviews/?q={quote(REVIEW_SEARCH_WORD)}",
            "review search",
            signed_in=True,
        ),
        Endpoint(
            f"site-wide search ?q={REVIEW_SEARCH_WORD} (uncached)",
            f"/search/?q={quote(REVIEW_SEARCH_WORD)}",
            "site search",
            signed_in=True,
        ),
    ]


def reader_cookie() -> str:
    """A Cookie header value that signs a bench reader in (created once): a signed-in
    request is never answered from the page cache."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from nipa_reviews.accounts.models import User

    user, created = User.objects.get_or_create(email="bench-reader@bench.invalid")
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def warm_up(url: str, headers: dict[str, str]) -> float:
    """A few requests one after another: each must answer 200, and they fill the caches.
    Returns the first one's seconds: a page cache miss, since run.sh empties the cache."""
    timings = []
    for _ in range(WARMUP_REQUESTS):
        started = time.perf_counter()
        request = urllib.request.Request(url, headers=headers)
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()
            if response.status != 200:
                raise SystemExit(f"{url} answered {response.status}, not 200")
        timings.append(time.perf_counter() - started)
    return timings[0]


def wait_until_idle(base_url: str) -> None:
    """Waits until /ping answers quickly again. wrk leaves requests queued when it stops,
    and gunicorn still serves them: a slow endpoint's backlog would slow the next one."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        started = time.monotonic()
        urllib.request.urlopen(base_url + "/ping", timeout=120).read()
        if time.monotonic() - started < 0.05:
            return
        time.sleep(0.5)
    raise SystemExit("the server did not become idle within 2 minutes")


def run_wrk(url: str, headers: dict[str, str]) -> WrkResult:
    command = [
        "wrk",
        f"-t{THREADS}",
        f"-c{CONNECTIONS}",
        f"-d{DURATION}",
        f"--timeout={TIMEOUT}",
        "--latency",
        *(option for name, value in headers.items() for option in ("-H", f"{name}: {value}")),
        "-s",
        str(ROOT / "bench" / "summary.lua"),
        url,
    ]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    with open(RAW / "wrk.log", "a") as log:
        log.write(f"$ {' '.join(command)}\n{output}\n")
    summary = json.loads(output.strip().splitlines()[-1])
    return WrkResult(
        requests_per_second=summary["requests"] / (summary["duration_us"] / 1e6),
        p50_ms=summary["p50_us"] / 1000,
        p99_ms=summary["p99_us"] / 1000,
        errors=summary["socket_errors"] + summary["non_2xx"],
    )


def publish_timings(company, runs: int = PUBLISH_RUNS) -> list[float]:
    """Seconds each of `runs` publishes took: a new pending review at `company`, published
    through reviews.services, all in a transaction that is rolled back (so on-commit work,
    such as the second cache invalidation, is not counted)."""
    from django.db import transaction

    from companies.models import JobCategory
    from nipa_reviews.accounts.models import User
    from nipa_reviews.submissions import services
    from nipa_reviews.submissions.kinds import kind_of
    from reviews.models import Review

    timings = []
    for run in range(runs + 1):
        with transaction.atomic():
            author = User.objects.create_user(email=f"bench-publisher-{run}@bench.invalid")
            review = services.submit(
                kind=kind_of(Review),
                company=company,
                author=author,
                employment_status="current",
                job_category=JobCategory.objects.first(),
                culture=4,
                pay_benefits=3,
                career=4,
                work_life=5,
                leadership=3,
                title="벤치마크용 리뷰",
                pros="벤치마크에서 게시 시간을 재려고 만든 리뷰입니다. 저장되지 않습니다.",
                cons="벤치마크가 끝나면 이 리뷰는 트랜잭션과 함께 되돌려집니다.",
            )
            started = time.perf_counter()
            services.publish(item=review, moderator=None)
            timings.append(time.perf_counter() - started)
            transaction.set_rollback(True)
    return timings[1:]  # the first one warms the connection and the caches


def machine() -> str:
    memory_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal:")
    )
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    return f"{os.cpu_count()} cores ({model}), {memory_kb / 1024 / 1024:.1f} GiB memory"


def versions() -> str:
    import django
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    commit = subprocess.run(
        ["git", "describe", "--always", "--dirty"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    return (
        f"Python {platform.python_version()}, Django {django.get_version()}, "
        f"PostgreSQL {postgres}, code at {commit or 'unknown'}"
    )


def verdict(result: WrkResult, ratio: float, target: str | None) -> str:
    if result.errors:
        return f"FAIL ({result.errors} errors)"
    if target is None:
        return ""
    least_ratio, most_p99 = TARGETS[target]
    return "pass" if ratio >= least_ratio and result.p99_ms <= most_p99 else "FAIL"


def report(args, rows, small, top, small_times, top_times) -> str:
    ping = rows[0][1].requests_per_second
    lines = [
        "# Benchmark results",
        "",
        f"- Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"- Machine: {machine()}; load average {args.load:.2f} before the run "
        "(anything else running skews the numbers)",
        f"- Software: {versions()}",
        f"- Server: {args.server}",
        f"- Load: `wrk -t{THREADS} -c{CONNECTIONS} -d{DURATION} --timeout={TIMEOUT} --latency`"
        f" per endpoint on the same machine, each after {WARMUP_REQUESTS} sequential requests "
        "that warm the caches, with the server idle (/ping within 50 ms)",
        f"- Data: {args.generation}",
        "",
        "| endpoint | path | req/s | p50 ms | p99 ms | vs /ping | target | result "
        "| first request ms |",
        "| --- | --- | ---: | ---: | ---: | ---: | --- | --- | ---: |",
    ]
    for endpoint, result in rows:
        ratio = result.requests_per_second / ping
        if endpoint.target is None:
            target = "(the ceiling)"
        else:
            least_ratio, most_p99 = TARGETS[endpoint.target]
            target = (
                f"≥ {least_ratio:.0%}, p99 ≤ {most_p99} ms"
                if least_ratio
                else (f"p99 ≤ {most_p99} ms")
            )
        lines.append(
            f"| {endpoint.name} | `{endpoint.path}` | {result.requests_per_second:,.0f} "
            f"| {result.p50_ms:.1f} | {result.p99_ms:.1f} | {ratio:.1%} | {target} "
            f"| {verdict(result, ratio, endpoint.target)} | {result.first_ms:.1f} |"
        )
    lines += [
        "",
        "First request: the endpoint's first request, alone, with the page cache empty, as "
        "after a write that invalidates it; it may include a worker's first use of a template "
        "(no target). The uncached searches are sent signed in (a session cookie), which the "
        "page cache never answers, so every request runs the search.",
    ]
    small_median = statistics.median(small_times) * 1000
    top_median = statistics.median(top_times) * 1000
    ratio = top_median / small_median
    lines += [
        "",
        "Publishing one review (`nipa_reviews.submissions.services.publish`, median of "
        f"{PUBLISH_RUNS} calls, each on a new pending review in a rolled-back transaction):",
        "",
        "| company | reviews (published) | median ms | all runs ms |",
        "| --- | ---: | ---: | --- |",
        f"| {small.company.slug} | {small.company.reviews.count():,} ({small.review_count:,}) "
        f"| {small_median:.1f} | {', '.join(f'{t * 1000:.1f}' for t in small_times)} |",
        f"| {top.company.slug} | {top.company.reviews.count():,} ({top.review_count:,}) "
        f"| {top_median:.1f} | {', '.join(f'{t * 1000:.1f}' for t in top_times)} |",
        "",
        f"Ratio {ratio:.2f} (target ≤ 2.00): {'pass' if ratio <= 2 else 'FAIL'}",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="where gunicorn answers")
    parser.add_argument("--server", default="", help="how gunicorn runs, for the report")
    parser.add_argument("--generation", default="", help="how the data came, for the report")
    args = parser.parse_args()
    args.load = os.getloadavg()[0]
    if args.load > 1:
        print(f"warning: load average {args.load:.2f}; something else is using the CPU")
    setup_django()
    from reviews.models import CompanyScore

    scores = CompanyScore.objects.select_related("company")
    top = scores.order_by("-review_count").first()
    small = scores.filter(review_count__gte=100).order_by("review_count").first()

    RAW.mkdir(exist_ok=True)
    (RAW / "wrk.log").write_text("")
    rows = []
    cookie = reader_cookie()
    for endpoint in endpoints(top.company.slug):
        url = args.url + endpoint.path
        headers = {"Cookie": cookie} if endpoint.signed_in else {}
        wait_until_idle(args.url)
        first = warm_up(url, headers)
        result = run_wrk(url, headers)
        result.first_ms = first * 1000
        print(
            f"{endpoint.path:<50} {result.requests_per_second:8.0f} req/s  "
            f"p50 {result.p50_ms:7.1f} ms  p99 {result.p99_ms:7.1f} ms  errors {result.errors}  "
            f"first request {result.first_ms:7.1f} ms",
            flush=True,
        )
        rows.append((endpoint, result))

    wait_until_idle(args.url)
    small_times = publish_timings(small.company)
    top_times = publish_timings(top.company)
    text = report(args, rows, small, top, small_times, top_times)
    RESULTS.write_text(text)
    print()
    print(text)


if __name__ == "__main__":
    main()
