"""Fills an empty database with a large, realistic and reproducible data set, for
benchmarks and for looking at the site at full size.

    python manage.py generate_scale_data --companies 10000 --reviews 1000000 \
        --interviews 100000 --seed 1

The same seed gives the same companies, users, reviews and interviews (every draw comes
from one `random.Random(seed)`, every date from a fixed reference date). Only the rows'
bookkeeping timestamps that Django fills itself on insert (`updated_at`, and a company's
`created_at`) record when the command ran.
"""

from __future__ import annotations

import importlib
import math
import random
import sys
from datetime import datetime, timedelta
from itertools import islice
from zoneinfo import ZoneInfo

from django.core.management.base import BaseCommand, CommandError
from django.db import reset_queries, transaction
from django.db.models import OuterRef, Subquery
from django.db.models.functions import TruncDate

from companies.models import Company, JobCategory, OrganisationType
from interviews.models import InterviewExperience, InterviewQuestion
from nipa_reviews.accounts.models import User
from nipa_reviews.submissions import services as submissions
from nipa_reviews.submissions.models import Status
from reviews.models import CompanyScore, Review

SEOUL = ZoneInfo("Asia/Seoul")
# Every generated date lies in the three years before this moment, never "now", so that
# two runs with one seed give the same rows whatever day they run.
REFERENCE = datetime(2026, 11, 1, 9, 0, tzinfo=SEOUL)
SPAN_SECONDS = 3 * 365 * 24 * 3600

# --- Companies ----------------------------------------------------------------------

# Name = prefix + a word of the industry + an optional suffix: "한빛테크", "세종바이오솔루션".
# Each part carries its romanisation, and the slug joins them: "hanbit-tech".
# fmt: off
PREFIXES = [
    ("한빛", "hanbit"), ("세종", "sejong"), ("푸른", "pureun"), ("대한", "daehan"),
    ("미래", "mirae"), ("새솔", "saesol"), ("하나", "hana"), ("누리", "nuri"),
    ("동방", "dongbang"), ("태양", "taeyang"), ("가온", "gaon"), ("다온", "daon"),
    ("한결", "hangyeol"), ("온빛", "onbit"), ("은하", "eunha"), ("별빛", "byeolbit"),
    ("바른", "bareun"), ("참빛", "chambit"), ("새봄", "saebom"), ("한울", "hanul"),
    ("청솔", "cheongsol"), ("한강", "hangang"), ("백두", "baekdu"), ("한라", "halla"),
    ("아름", "areum"), ("나래", "narae"), ("마루", "maru"), ("보람", "boram"),
    ("슬기", "seulgi"), ("새길", "saegil"), ("늘품", "neulpum"), ("다솜", "dasom"),
    ("해솔", "haesol"), ("소담", "sodam"), ("이음", "ieum"), ("채움", "chaeum"),
    ("온새", "onsae"), ("그린", "green"), ("블루", "blue"), ("씨앗", "ssiat"),
    ("우리", "uri"), ("국제", "gukje"), ("동양", "dongyang"), ("서울", "seoul"),
    ("부산", "busan"), ("대구", "daegu"), ("인천", "incheon"), ("광주", "gwangju"),
    ("대전", "daejeon"), ("울산", "ulsan"), ("경기", "gyeonggi"), ("강원", "gangwon"),
    ("충청", "chungcheong"), ("호남", "honam"), ("영남", "yeongnam"), ("제주", "jeju"),
    ("신성", "sinseong"), ("삼호", "samho"), ("대성", "daeseong"), ("동아", "donga"),
    ("금강", "geumgang"), ("한솔", "hansol"), ("한일", "hanil"), ("태평", "taepyeong"),
    ("광명", "gwangmyeong"), ("성진", "seongjin"), ("진흥", "jinheung"), ("유진", "yujin"),
    ("정우", "jeongwoo"), ("현대", "hyeondae"), ("새한", "saehan"), ("두리", "duri"),
    ("가람", "garam"), ("라온", "raon"), ("비전", "vision"), ("에이스", "ace"),
    ("스마트", "smart"), ("네오", "neo"), ("큐브", "cube"), ("코어", "core"),
]
# fmt: on

# Industry → (words for its companies' names, what such a company does).
INDUSTRIES = {
    "IT/소프트웨어": (
        [("테크", "tech"), ("소프트", "soft"), ("데이터", "data")],
        "기업용 클라우드 서비스와 업무 소프트웨어를 개발합니다",
    ),
    "바이오/제약": (
        [("바이오", "bio"), ("제약", "pharm"), ("헬스케어", "healthcare")],
        "신약 후보 물질을 연구하고 의약품을 생산합니다",
    ),
    "제조": (
        [("정밀", "precision"), ("기계", "machinery"), ("산업", "industry")],
        "산업용 부품과 설비를 만들어 국내외에 공급합니다",
    ),
    "건설": (
        [("건설", "construction"), ("종합건설", "builders"), ("엔지니어링", "engineering")],
        "주거·상업 시설과 사회기반시설을 짓습니다",
    ),
    "유통/물류": (
        [("물류", "logistics"), ("로지스", "logis"), ("유통", "retail")],
        "전국 물류 거점을 두고 상품의 보관과 배송을 맡습니다",
    ),
    "금융": (
        [("캐피탈", "capital"), ("투자증권", "securities"), ("자산운용", "asset")],
        "기업과 개인 고객에게 금융 상품과 투자 서비스를 제공합니다",
    ),
    "에너지": (
        [("에너지", "energy"), ("파워", "power"), ("전력", "electric")],
        "신재생 에너지 발전 설비를 구축하고 운영합니다",
    ),
    "식품": (
        [("식품", "foods"), ("푸드", "food"), ("제과", "confectionery")],
        "가공식품과 음료를 생산해 전국에 판매합니다",
    ),
    "게임": (
        [("게임즈", "games"), ("엔터", "ent"), ("플레이", "play")],
        "모바일과 PC 게임을 개발하고 서비스합니다",
    ),
    "미디어/콘텐츠": (
        [("미디어", "media"), ("스튜디오", "studio"), ("컨텐츠", "contents")],
        "영상과 웹 콘텐츠를 기획하고 제작합니다",
    ),
    "교육": (
        [("에듀", "edu"), ("교육", "education"), ("러닝", "learning")],
        "온라인 강의와 교육 프로그램을 운영합니다",
    ),
    "의료": (
        [("메디컬", "medical"), ("의료기기", "meditech"), ("메디", "medi")],
        "의료기기를 개발하고 병원에 공급합니다",
    ),
    "자동차/모빌리티": (
        [("모터스", "motors"), ("모빌리티", "mobility"), ("오토", "auto")],
        "자동차 부품과 모빌리티 서비스를 개발합니다",
    ),
    "화학": (
        [("화학", "chemical"), ("케미칼", "chem"), ("소재", "materials")],
        "기초 화학 소재와 첨단 신소재를 생산합니다",
    ),
    "공공/행정": (
        [("진흥원", "agency"), ("공사", "corporation"), ("재단", "foundation")],
        "공공 정책 사업을 수행하고 지역 산업을 지원합니다",
    ),
}

SUFFIXES = [
    ("", ""),
    ("솔루션", "solution"),
    ("코리아", "korea"),
    ("그룹", "group"),
    ("랩스", "labs"),
    ("파트너스", "partners"),
]

# 공공/행정 companies are 공공기관; the others take a type in these shares.
PUBLIC_INDUSTRY = "공공/행정"
ORGANISATION_TYPES = [
    (OrganisationType.SMALL, 45),
    (OrganisationType.STARTUP, 20),
    (OrganisationType.MIDSIZE, 15),
    (OrganisationType.LARGE, 5),
    (OrganisationType.FOREIGN, 5),
    (OrganisationType.OTHER, 3),
]
REGIONS = ["서울", "경기 성남", "부산", "대구", "인천", "광주", "대전", "울산", "세종", "제주"]

# Share of companies with no review at all, and the shape of the long tail: company k
# (after the top one) gets a share proportional to 1 / (k + ZIPF_OFFSET) ** ZIPF_EXPONENT.
EMPTY_SHARE = 0.15
ZIPF_EXPONENT = 1.2
ZIPF_OFFSET = 30
MIN_COMPANIES = 20

# --- Submissions --------------------------------------------------------------------

STATUSES = [
    (Status.PUBLISHED, 85),
    (Status.PENDING, 8),
    (Status.REJECTED, 4),
    (Status.HIDDEN, 3),
]
REJECT_REASONS = [
    "특정 개인을 알아볼 수 있는 내용이 있어 반려합니다. 이름과 직책을 빼고 다시 써 주세요.",
    "회사와 관계없는 내용이 대부분이라 반려합니다.",
    "욕설이 포함되어 있어 반려합니다. 표현을 고쳐 다시 써 주세요.",
]
HIDE_REASONS = [
    "신고를 검토한 결과 사실과 다른 내용이 확인되어 숨깁니다.",
    "영업비밀에 해당하는 내용이 있어 숨깁니다.",
]
# Ratings lean to 3 and 4; each company tilts them up or down a little.
RATING_WEIGHTS = {1: 5, 2: 12, 3: 33, 4: 35, 5: 15}

# --- Review text --------------------------------------------------------------------

LEADS = ["", "", "", "무엇보다 ", "개인적으로 ", "전반적으로 ", "솔직히 ", "입사해 보니 "]
PROS = [
    "복지 제도가 잘 갖춰져 있고 실제로 눈치 보지 않고 쓸 수 있습니다.",
    "연차 사용이 자유로운 편이라 휴가 계획을 세우기 좋습니다.",
    "동료들이 친절하고 서로 돕는 분위기가 자리 잡혀 있습니다.",
    "연봉이 업계 평균보다 높은 편이고 성과급도 꾸준히 나옵니다.",
    "교육 지원이 많아서 외부 강의나 자격증 공부를 하기 좋습니다.",
    "재택근무가 가능해서 출퇴근 부담이 적습니다.",
    "수평적인 문화라 연차가 낮아도 의견을 편하게 말할 수 있습니다.",
    "업무 범위가 넓어서 짧은 기간에 많은 경험을 쌓을 수 있습니다.",
    "정시 퇴근이 일상이라 저녁이 있는 삶이 가능합니다.",
    "회사가 안정적이어서 고용 불안이 거의 없습니다.",
    "사옥이 역과 가깝고 사무 환경이 쾌적합니다.",
    "점심 식대와 간식 지원이 넉넉합니다.",
    "선배들이 업무를 체계적으로 알려 줘서 적응이 빨랐습니다.",
    "성과를 내면 확실하게 보상해 주는 구조입니다.",
    "경영진이 회사의 방향을 자주 공유해서 일의 의미를 알 수 있습니다.",
    "유연근무제가 있어 출근 시간을 스스로 정할 수 있습니다.",
    "육아휴직을 쓰는 직원이 많고 복귀 후에도 불이익이 없습니다.",
    "새로운 기술을 시도해 볼 기회가 많습니다.",
    "사내 동호회 활동 지원이 있어 다른 부서 사람들과도 친해집니다.",
    "회의가 짧고 결정이 빨라서 일이 막히지 않습니다.",
]
CONS = [
    "업무량이 몰리는 시기에는 야근이 잦아서 체력적으로 힘듭니다.",
    "연봉 인상률이 물가 상승률을 따라가지 못합니다.",
    "부서마다 분위기 차이가 커서 어느 팀에 가느냐가 중요합니다.",
    "의사결정 단계가 많아 일이 느리게 진행됩니다.",
    "승진 기준이 명확하지 않아 평가에 대한 불만이 많습니다.",
    "인력이 부족해서 한 사람이 여러 업무를 떠안습니다.",
    "경영진이 바뀔 때마다 방향이 달라져 혼란스럽습니다.",
    "교육 제도는 있지만 바빠서 실제로 활용하기 어렵습니다.",
    "오래된 관행이 남아 있어 새로운 시도를 하기가 쉽지 않습니다.",
    "복지 포인트가 적고 사용처가 제한적입니다.",
    "사무실이 외곽에 있어 출퇴근 시간이 깁니다.",
    "성과급 기준이 해마다 바뀌어 예측하기 어렵습니다.",
    "회식이 잦은 편이라 개인 시간을 갖기 힘듭니다.",
    "보고서 작성에 드는 시간이 실제 업무보다 많습니다.",
    "이직률이 높아서 인수인계가 제대로 되지 않습니다.",
    "주말 근무가 종종 있는데 보상이 충분하지 않습니다.",
    "장비와 업무 도구가 낡아서 효율이 떨어집니다.",
    "부서 간 협업이 원활하지 않아 같은 일을 두 번 합니다.",
]
ADVICE = [
    "직원들의 의견을 듣는 자리를 더 자주 만들어 주세요.",
    "평가 기준을 투명하게 공개해 주시면 좋겠습니다.",
    "인력 충원을 서둘러 주세요.",
    "장기적인 비전을 구성원과 함께 세워 주세요.",
    "성과에 맞는 보상 체계를 만들어 주세요.",
    "지금처럼 좋은 문화를 잘 지켜 주세요.",
]
TITLE_STARTS = [
    "워라밸은 좋지만",
    "연봉은 아쉽지만",
    "배울 점이 많고",
    "분위기는 좋은데",
    "안정적이지만",
    "성장하기 좋고",
    "복지는 좋지만",
    "업무 강도가 높지만",
]
TITLE_ENDS = [
    "추천하는 회사",
    "성장은 아쉬운 회사",
    "오래 다니기 좋은 곳",
    "신입에게 좋은 회사",
    "변화가 필요한 회사",
    "경력 쌓기 좋은 곳",
    "사람이 좋은 회사",
    "보상이 아쉬운 곳",
]

# --- Interview text -----------------------------------------------------------------

FORMATS = [
    "1:1 면접",
    "1:3 면접",
    "1:6 면접",
    "다대다 면접",
    "발표면접",
    "PT 면접",
    "화상 면접",
    "",
]
ACCOUNT_SENTENCES = [
    "면접관 세 분이 들어오셨고 분위기는 차분했습니다.",
    "자기소개 후 이력서를 바탕으로 질문이 이어졌습니다.",
    "직무 역량을 확인하는 질문이 대부분이었습니다.",
    "압박 질문은 거의 없었고 편하게 대화하듯 진행됐습니다.",
    "전공 지식을 깊게 묻는 꼬리 질문이 많았습니다.",
    "회사에 대해 얼마나 알고 왔는지 확인하는 질문이 있었습니다.",
    "발표 후 질의응답 시간이 길게 이어졌습니다.",
    "면접 시간은 삼십 분 정도였고 마지막에 질문할 기회를 주셨습니다.",
    "실무진 면접이라 구체적인 경험을 자세히 물어봤습니다.",
    "인성 면접 위주라 가치관을 묻는 질문이 많았습니다.",
]
TIPS = [
    "회사의 최근 사업과 보도자료를 꼭 읽고 가세요.",
    "이력서에 쓴 경험은 하나하나 구체적으로 설명할 수 있게 준비하세요.",
    "지원동기를 회사의 비전과 연결해서 말하면 좋습니다.",
    "모르는 질문에는 솔직하게 모른다고 하고 배우려는 태도를 보이세요.",
    "",
]
QUESTIONS = [
    "자기소개를 1분 안에 해 주세요.",
    "우리 회사에 지원한 동기는 무엇인가요?",
    "가장 어려웠던 프로젝트와 그것을 어떻게 해결했는지 말해 주세요.",
    "팀원과 갈등이 생겼을 때 어떻게 대처했나요?",
    "입사 후 5년 뒤 자신의 모습은 어떨 것 같나요?",
    "본인의 장점과 단점을 하나씩 말해 주세요.",
    "우리 회사의 주력 사업에 대해 아는 대로 설명해 주세요.",
    "최근 관심 있게 본 업계 뉴스는 무엇인가요?",
    "이전 직장을 그만둔 이유는 무엇인가요?",
    "희망 연봉은 어느 정도인가요?",
    "야근이나 주말 근무에 대해 어떻게 생각하나요?",
    "실패했던 경험과 그 경험에서 배운 점을 말해 주세요.",
    "이 직무에 필요한 역량은 무엇이라고 생각하나요?",
    "마지막으로 하고 싶은 말이 있나요?",
]
LEVELS = [
    (InterviewExperience.Level.NEW, 55),
    (InterviewExperience.Level.EXPERIENCED, 35),
    (InterviewExperience.Level.INTERN, 10),
]
RESULTS = [
    (InterviewExperience.Result.PASSED, 35),
    (InterviewExperience.Result.FAILED, 50),
    (InterviewExperience.Result.PENDING, 15),
]


def job_category_names() -> list[str]:
    """The standard 직무 list, as the data migration that seeds it has it."""
    migration = importlib.import_module("companies.migrations.0002_search_trigram_and_taxonomies")
    return migration.JOB_CATEGORIES


def counts_per_company(total: int, companies: int) -> list[int]:
    """How many submissions each company gets, biggest first: the first company holds
    total // 10, a share of the others none, and the rest a Zipf-like long tail."""
    top = total // 10
    others = companies - 1
    empty = round(others * EMPTY_SHARE)
    ranked = others - empty
    weights = [1 / (rank + ZIPF_OFFSET) ** ZIPF_EXPONENT for rank in range(1, ranked + 1)]
    scale = (total - top) / sum(weights)
    counts = [int(weight * scale) for weight in weights]
    # Rounding down left a few over; hand them out one each from the top of the tail.
    for rank in range(total - top - sum(counts)):
        counts[rank % ranked] += 1
    return [top, *counts, *[0] * empty]


def batched(items, size: int):
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


class Command(BaseCommand):
    help = (
        "Fills an empty database with generated companies, users, reviews and interview "
        "experiences (reproducible by --seed), then rebuilds the stored scores. Refuses to "
        "run on a database that already has companies."
    )

    def add_arguments(self, parser):
        parser.add_argument("--companies", type=int, default=10_000)
        parser.add_argument("--reviews", type=int, default=1_000_000)
        parser.add_argument("--interviews", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--batch-size", type=int, default=2_000)

    def handle(self, *args, companies, reviews, interviews, seed, batch_size, **options):
        if Company.objects.exists():
            raise CommandError(
                "This database already has companies; generate_scale_data fills only an empty "
                "one. Create a new database and run `manage.py migrate` on it first."
            )
        if companies < MIN_COMPANIES:
            raise CommandError(f"--companies must be at least {MIN_COMPANIES}.")
        self.rng = random.Random(seed)
        self.batch_size = batch_size
        with transaction.atomic():
            jobs = self.job_categories()
            company_rows = self.create_companies(companies)
            review_counts = counts_per_company(reviews, companies)
            interview_counts = counts_per_company(interviews, companies)
            # Enough authors that no company has two interviews by one person (one per
            # author, company and period is a database constraint).
            users = self.create_users(max(reviews // 20, interview_counts[0], 1))
            # The companies in a random order take the counts, biggest first.
            ranked = self.rng.sample(company_rows, len(company_rows))
            self.create_reviews(ranked, review_counts, users, jobs)
            self.create_interviews(ranked, interview_counts, users, jobs)
            submissions.rebuild()
            self.set_score_dates()
        top = ranked[0]
        self.stdout.write(
            f"{len(company_rows)} companies, {len(users)} users, {reviews} reviews, "
            f"{interviews} interview experiences"
        )
        self.stdout.write(f"top company ({review_counts[0]} reviews): {top.slug}")

    # --- Rows --------------------------------------------------------------------------

    def job_categories(self) -> list[JobCategory]:
        for order, name in enumerate(job_category_names()):
            JobCategory.objects.get_or_create(name=name, defaults={"order": order})
        return list(JobCategory.objects.order_by("order", "id"))

    def create_companies(self, count: int) -> list[Company]:
        names = [
            (prefix, word, suffix, industry)
            for industry, (words, _) in INDUSTRIES.items()
            for prefix in PREFIXES
            for word in words
            for suffix in SUFFIXES
        ]
        if count > len(names):
            raise CommandError(f"--companies can be at most {len(names)} (the distinct names).")
        types, type_weights = zip(*ORGANISATION_TYPES, strict=True)
        companies = []
        for prefix, word, suffix, industry in self.rng.sample(names, count):
            name = prefix[0] + word[0] + suffix[0]
            if industry == PUBLIC_INDUSTRY:
                organisation_type = OrganisationType.PUBLIC
            else:
                organisation_type = self.rng.choices(types, type_weights)[0]
            company = Company(
                name=name,
                slug="-".join(part[1] for part in (prefix, word, suffix) if part[1]),
                organisation_type=organisation_type,
                industry=industry,
                founded_year=self.rng.randint(1960, 2023),
                summary=f"{self.rng.choice(REGIONS)}에 본사를 두고 {INDUSTRIES[industry][1]}.",
                is_published=True,
            )
            # bulk_create skips Company.save(), which fills the search column.
            company.search_text = company.name.lower()
            companies.append(company)
        self.insert(Company, "companies", companies, count)
        return companies

    def create_users(self, count: int) -> list[int]:
        tokens: set[str] = set()
        while len(tokens) < count:
            tokens.add(f"{self.rng.getrandbits(40):010x}")
        alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
        users = [
            User(
                email=f"scale-user-{n}@scale.invalid",
                # "!" and anything after it is an unusable password, as make_password(None).
                password="!" + "".join(self.rng.choices(alphabet, k=40)),
                moderation_token=token,
                date_joined=REFERENCE - timedelta(seconds=SPAN_SECONDS + self.rng.randrange(86400)),
            )
            for n, token in enumerate(sorted(tokens), start=1)
        ]
        self.insert(User, "users", users, count)
        return [user.pk for user in users]

    def create_reviews(self, companies, counts, users, jobs) -> None:
        rows = (
            review
            for company, count in zip(companies, counts, strict=True)
            for review in self.reviews_of(company, count, users, jobs)
        )
        self.insert(Review, "reviews", rows, sum(counts))

    def reviews_of(self, company, count, users, jobs):
        rng = self.rng
        # Each company leans to better or worse ratings than the site as a whole.
        tilt = rng.uniform(-0.7, 0.7)
        ratings = list(RATING_WEIGHTS)
        weights = [RATING_WEIGHTS[r] * math.exp(tilt * (r - 3)) for r in ratings]
        # Consecutive reviews of a company come from different authors.
        first_author = rng.randrange(len(users))
        for i, created in enumerate(self.sorted_times(count)):
            culture, pay_benefits, career, work_life, leadership = rng.choices(
                ratings, weights, k=5
            )
            review = Review(
                company=company,
                author_id=users[(first_author + i) % len(users)],
                employment_status=rng.choice(["current", "current", "former"]),
                job_category=rng.choice(jobs),
                culture=culture,
                pay_benefits=pay_benefits,
                career=career,
                work_life=work_life,
                leadership=leadership,
                title=f"{rng.choice(TITLE_STARTS)} {rng.choice(TITLE_ENDS)}",
                pros=self.text(PROS, self.text_length()),
                cons=self.text(CONS, self.text_length()),
                advice=rng.choice(ADVICE) if rng.random() < 0.4 else "",
                created_at=created,
            )
            self.moderate(review)
            yield review

    def create_interviews(self, companies, counts, users, jobs) -> None:
        rows = (
            pair
            for company, count in zip(companies, counts, strict=True)
            for pair in self.interviews_of(company, count, users, jobs)
        )
        total = sum(counts)
        done = 0
        for batch in batched(rows, self.batch_size):
            InterviewExperience.objects.bulk_create([experience for experience, _ in batch])
            InterviewQuestion.objects.bulk_create(
                [
                    InterviewQuestion(experience=experience, order=order, text=text)
                    for experience, questions in batch
                    for order, text in enumerate(questions)
                ]
            )
            done += len(batch)
            self.progress("interviews", done, total)

    def interviews_of(self, company, count, users, jobs):
        rng = self.rng
        levels, level_weights = zip(*LEVELS, strict=True)
        results, result_weights = zip(*RESULTS, strict=True)
        first_author = rng.randrange(len(users))
        for i, created in enumerate(self.sorted_times(count)):
            # The interview took place up to two months before it was written up.
            held = (created - timedelta(days=rng.randint(0, 60))).astimezone(SEOUL)
            experience = InterviewExperience(
                company=company,
                author_id=users[(first_author + i) % len(users)],
                year=held.year,
                half="first" if held.month <= 6 else "second",
                level=rng.choices(levels, level_weights)[0],
                job_category=rng.choice(jobs),
                difficulty=rng.choices([1, 2, 3, 4, 5], [5, 15, 40, 30, 10])[0],
                atmosphere=rng.choices([1, 2, 3], [30, 50, 20])[0],
                result=rng.choices(results, result_weights)[0],
                format=rng.choice(FORMATS),
                account=self.text(ACCOUNT_SENTENCES, rng.randint(20, 400)),
                tip=rng.choice(TIPS),
                created_at=created,
            )
            questions = rng.sample(QUESTIONS, rng.randint(1, 5))
            self.moderate(experience)
            yield experience, questions

    def set_score_dates(self) -> None:
        """scores_rebuild() keeps a score row's as-of date, which a new row does not have;
        the day the scores last changed is the day of the company's latest publish."""
        latest = (
            Review.objects.published()
            .filter(company=OuterRef("company_id"))
            .order_by("-published_at")
            .values(day=TruncDate("published_at"))[:1]
        )
        CompanyScore.objects.update(as_of=Subquery(latest))

    # --- Draws -------------------------------------------------------------------------

    def sorted_times(self, count: int) -> list[datetime]:
        """`count` moments in the three years before REFERENCE, oldest first."""
        seconds = sorted(self.rng.randrange(SPAN_SECONDS) for _ in range(count))
        start = REFERENCE - timedelta(seconds=SPAN_SECONDS)
        return [start + timedelta(seconds=s) for s in seconds]

    def moderate(self, submission) -> None:
        """A status in the promised shares, with the dates and reason a moderator leaves."""
        rng = self.rng
        statuses, weights = zip(*STATUSES, strict=True)
        status = rng.choices(statuses, weights)[0]
        submission.status = status
        if status == Status.PENDING:
            return
        decided = min(submission.created_at + timedelta(minutes=rng.randint(10, 4320)), REFERENCE)
        submission.moderated_at = decided
        if status == Status.REJECTED:
            submission.moderation_reason = rng.choice(REJECT_REASONS)
            return
        submission.published_at = decided
        if status == Status.HIDDEN:
            submission.moderated_at = min(decided + timedelta(days=rng.randint(1, 90)), REFERENCE)
            submission.moderation_reason = rng.choice(HIDE_REASONS)

    def text_length(self) -> int:
        """Most texts are a few sentences; a few run to a long essay."""
        roll = self.rng.random()
        if roll < 0.85:
            return self.rng.randint(30, 150)
        if roll < 0.98:
            return self.rng.randint(150, 600)
        return self.rng.randint(600, 2800)

    def text(self, sentences: list[str], length: int) -> str:
        """Sentences from the list, each once before any comes again, until the text is at
        least `length` characters (no sentence is over 100, so 2,800 stays within 3,000)."""
        shuffled = self.rng.sample(sentences, len(sentences))
        parts = []
        size = -1
        while size < length:
            part = self.rng.choice(LEADS) + shuffled[len(parts) % len(shuffled)]
            parts.append(part)
            size += len(part) + 1
        return " ".join(parts)

    # --- Writing -----------------------------------------------------------------------

    def insert(self, model, label: str, rows, total: int) -> None:
        """Inserts in batches; bulk_create sets each object's primary key."""
        done = 0
        for batch in batched(rows, self.batch_size):
            model.objects.bulk_create(batch)
            done += len(batch)
            self.progress(label, done, total)

    def progress(self, label: str, done: int, total: int) -> None:
        # With debug on Django keeps every query's SQL; a million rows of it fill memory.
        reset_queries()
        end = "\n" if done == total else ""
        sys.stderr.write(f"\r{label:<11}{done:>9}/{total}  {100 * done // total:3d}%{end}")
        sys.stderr.flush()
