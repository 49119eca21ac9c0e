"""Date formats for Urdu pages, which Django does not ship: day, month name, year, as Urdu
newspapers print them ("22 جولائی 2019"); month names come from Django's Urdu catalogue."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y، H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
SHORT_DATE_FORMAT = "d-m-Y"
SHORT_DATETIME_FORMAT = "d-m-Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
