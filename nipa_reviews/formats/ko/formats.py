"""Korean dates as the site writes them (PRODUCT.md: 기준일 `2024.08.21`); Django's own
Korean formats give the rest (DATE_FORMAT "Y년 n월 j일")."""

SHORT_DATE_FORMAT = "Y.m.d"
YEAR_MONTH_FORMAT = "Y.m"
