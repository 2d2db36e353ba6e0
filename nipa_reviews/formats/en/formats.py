"""English dates that read naturally ("Aug 21, 2024", "Aug 2024"), still in Korean time
(TIME_ZONE): the templates name the format, the language picks it."""

SHORT_DATE_FORMAT = "M j, Y"
YEAR_MONTH_FORMAT = "M Y"
