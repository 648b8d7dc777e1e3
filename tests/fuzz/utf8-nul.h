/*
 * utf8-nul.h: is s[0..len) valid UTF-8, a NUL allowed?  pp_utf8_valid
 * counts a NUL as invalid; a fuzz target whose program passes "\u0000"
 * through as a byte (pp-fmt off a terminal, pp_text_fold) checks with this
 * that nothing is cut inside a character.
 */
static int
utf8_valid_nul(const char *s, size_t len)
{
	const char *nul;

	while ((nul = memchr(s, '\0', len)) != NULL) {
		if (!pp_utf8_valid(s, (size_t)(nul - s)))
			return 0;
		len -= (size_t)(nul - s) + 1;
		s = nul + 1;
	}
	return pp_utf8_valid(s, len);
}
