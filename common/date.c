/*
 * Dates as records carry them (DESIGN.md): YYYY-MM-DD, or YYYY-MM and YYYY
 * when the source says no more.  One reading for every program: what
 * pp-split writes, pp-grep --since compares, pp-rank sorts and decays, and
 * pp-fields takes the year and month of.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

int
pp_date_rfc822(const char *s, size_t len, struct pp_date *d)
{
	static const char months[] = "janfebmaraprmayjunjulaugsepoctnovdec";
	const char *end = s + len, *p;
	char mon[3];
	int day = 0, year = 0, m, n;

	while (s < end && strchr(" \t\r\n", *s) != NULL && *s != '\0')
		s++;
	while (end > s && strchr(" \t\r\n", end[-1]) != NULL && end[-1] != '\0')
		end--;
	/* the day of the week, in any length: "Mon," or "Monday," */
	for (p = s; p < end && ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' &&
	    *p <= 'z')); p++)
		;
	if (p > s && p < end && *p == ',')
		for (s = p + 1; s < end && *s == ' '; s++)
			;
	for (n = 0; s < end && *s >= '0' && *s <= '9' && n < 2; n++)
		day = day * 10 + (*s++ - '0');
	if (n == 0 || end - s < 5 || *s++ != ' ')
		return 0;
	for (m = 0; m < 3; m++)
		mon[m] = (char)(s[m] >= 'A' && s[m] <= 'Z' ? s[m] + 32 : s[m]);
	for (m = 0; m < 12 && memcmp(mon, months + 3 * m, 3) != 0; m++)
		;
	if (m == 12 || s[3] != ' ')
		return 0;
	/* four digits and no fifth: the count stops, so the year cannot overflow */
	for (s += 4, n = 0; s < end && *s >= '0' && *s <= '9' && n < 5; n++)
		year = year * 10 + (*s++ - '0');
	if (n != 4 || (s < end && *s != ' ') || day < 1 ||
	    day > pp_days_in_month(year, m + 1))
		return 0;
	d->year = year;
	d->month = m + 1;
	d->day = day;
	return 1;
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

/* Howard Hinnant's civil_from_days, the inverse of pp_date_days. */
void
pp_date_from_days(int32_t z, struct pp_date *d)
{
	int era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d->day = doy - (153 * mp + 2) / 5 + 1;
	d->month = mp < 10 ? mp + 3 : mp - 9;
	d->year = yoe + era * 400 + (d->month <= 2);
}

/*
 * Today in UTC, or the day of SOURCE_DATE_EPOCH when it is set.  A value
 * that is no count of seconds stops the program, as reproducible-builds.org
 * asks: a job that sets it wants that day, not the clock's.
 */
void
pp_date_today(struct pp_date *d)
{
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	long long t;

	/* up to the last second of 9999-12-31, the last day a date has */
	t = (long long)time(NULL);
	if (epoch != NULL && *epoch != '\0' &&
	    pp_num_int("SOURCE_DATE_EPOCH", epoch, 0, 253402300799LL, &t) == -1)
		exit(PP_ERROR);
	pp_date_from_days((int32_t)(t >= 0 ? t / 86400 : (t - 86399) / 86400),
	    d);
}

int
pp_date_bound(const char *s, struct pp_date *d)
{
	size_t len = strlen(s);
	long long n;
	char *end;
	int unit;

	if (len > 0 && pp_date_parse(s, len, d) == len)
		return 0;
	if (strcmp(s, "today") == 0 || strcmp(s, "yesterday") == 0) {
		pp_date_today(d);
		if (s[0] == 'y')
			pp_date_from_days(pp_date_days(d) - 1, d);
		return 0;
	}
	/* 7d, 2w: so many days or weeks before today */
	if (len < 2 || s[0] < '0' || s[0] > '9')
		return -1;
	errno = 0;
	n = strtoll(s, &end, 10);
	unit = *end == 'd' ? 1 : *end == 'w' ? 7 : 0;
	if (unit == 0 || end[1] != '\0' || errno != 0 || n > 1000000)
		return -1;
	pp_date_today(d);
	pp_date_from_days(pp_date_days(d) - (int32_t)(n * unit), d);
	return 0;
}

/* The last day a date of its precision stands for. */
static int32_t
last_day(const struct pp_date *d)
{
	struct pp_date e = *d;

	if (e.month == 0) {
		e.month = 12;
		e.day = 31;
	} else if (e.day == 0)
		e.day = pp_days_in_month(e.year, e.month);
	return pp_date_days(&e);
}

/*
 * A date stands for every day it may be: 2024 for 2024-01-01 to
 * 2024-12-31.  It is after a bound when its first day is, before it when
 * its last day is; a date that straddles the bound is neither.
 */
int
pp_date_since(const struct pp_date *d, const struct pp_date *bound)
{
	if (pp_date_days(d) >= pp_date_days(bound))
		return 1;
	if (last_day(d) < pp_date_days(bound))
		return 0;
	return -1;
}

int
pp_date_until(const struct pp_date *d, const struct pp_date *bound)
{
	if (last_day(d) <= last_day(bound))
		return 1;
	if (pp_date_days(d) > last_day(bound))
		return 0;
	return -1;
}
