/*
 * Numbers from the command line: one parser and one wording for every
 * program, "pp-grep: -m: 'abc' is not a whole number".
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>

#include "pp.h"

int
pp_num_int(const char *opt, const char *arg, long long min, long long max,
    long long *out)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(arg, &end, 10);
	if (end == arg || *end != '\0' || errno == ERANGE) {
		pp_errorx("%s: '%s' is not a whole number", opt, arg);
		return -1;
	}
	if (v < min || v > max) {
		if (max == LLONG_MAX)
			pp_errorx("%s: '%s' is less than %lld", opt, arg, min);
		else
			pp_errorx("%s: '%s' is not between %lld and %lld",
			    opt, arg, min, max);
		return -1;
	}
	*out = v;
	return 0;
}

int
pp_num_real(const char *opt, const char *arg, double min, double max,
    double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(arg, &end);
	if (end == arg || *end != '\0' || errno == ERANGE || !isfinite(v)) {
		pp_errorx("%s: '%s' is not a number", opt, arg);
		return -1;
	}
	if (v < min || v > max) {
		pp_errorx("%s: '%s' is not between %g and %g", opt, arg,
		    min, max);
		return -1;
	}
	*out = v;
	return 0;
}
