/*
 * Dates as records carry them (DESIGN.md): YYYY-MM-DD, or YYYY-MM and YYYY
 * when the source says no more.  One reading for every program: what
 * pp-split writes, pp-grep --since compares, pp-rank sorts and decays, and
 * pp-fields takes the year and month of.
 */
#include "pp.h"

static int
digits(const char *s, size_t n, int *v)
{
	*v = 0;
	while (n-- > 0) {
		if (*s < '0' || *s > '9')
			return 0;
		*v = *v * 10 + (*s++ - '0');
	}
	return 1;
}

int
pp_days_in_month(int year, int month)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	if (month == 2 && year % 4 == 0 && (year % 100 != 0 || year % 400 == 0))
		return 29;
	return days[month - 1];
}

size_t
pp_date_parse(const char *s, size_t len, struct pp_date *d)
{
	d->year = d->month = d->day = 0;
	if (len < 4 || !digits(s, 4, &d->year))
		return 0;
	if (len == 4 || s[4] != '-')
		return 4;
	if (len < 7 || !digits(s + 5, 2, &d->month) || d->month < 1 ||
	    d->month > 12)
		return 0;
	if (len == 7 || s[7] != '-')
		return 7;
	if (len < 10 || !digits(s + 8, 2, &d->day) || d->day < 1 ||
	    d->day > pp_days_in_month(d->year, d->month))
		return 0;
	return 10;
}

int
pp_date_read(const char *s, size_t len, struct pp_date *d)
{
	size_t n = pp_date_parse(s, len, d);

	return n > 0 && (n == len || (n == 10 && (s[n] == 'T' || s[n] == ' ')));
}

/* Howard Hinnant's days_from_civil. */
int32_t
pp_date_days(const struct pp_date *d)
{
	int y = d->year, m = d->month > 0 ? d->month : 1;
	int day = d->day > 0 ? d->day : 1, era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + day - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (int32_t)(era * 146097 + doe - 719468);
}
